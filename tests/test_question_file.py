"""Question files for `python -m assistant eval`: a bad line is refused naming the file, the line and what is wrong,
before any question is asked (a pure rule of assistant/evaluation.py)."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidRequest
from assistant.evaluation import load_questions


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("{bad json", "not valid JSON"),
        ("[1, 2]", "a question is a JSON object, not list"),
        ('{"question": "资产追回"}', '"gold" must be a list'),
        ('{"question": "资产追回", "gold": [{"doc": "a.txt"}]}', 'with a "snippet"'),
        ('{"question": "  ", "gold": []}', '"question" must be a non-empty string'),
    ],
)
def test_a_bad_line_is_refused_naming_the_file_and_line(tmp_path, line, said):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "资产追回", "gold": []}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidRequest, match=f"questions.jsonl:3: .*{said}"):
        load_questions(path)


def test_an_empty_or_undecodable_file_is_refused_and_a_minimal_one_is_read(tmp_path):
    empty, binary, minimal = tmp_path / "empty.jsonl", tmp_path / "binary.jsonl", tmp_path / "minimal.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    binary.write_bytes(b"\xff\xfe\x00\x81")
    minimal.write_text('{"question": "Who protects whistle-blowers?", "gold": []}\n', encoding="utf-8")
    with pytest.raises(InvalidRequest, match="holds no questions"):
        load_questions(empty)
    with pytest.raises(InvalidRequest, match="not UTF-8"):
        load_questions(binary)
    [question] = load_questions(minimal)
    assert question["lang"] == "en" and question["id"].endswith("minimal.jsonl:1") and question["kind"]
