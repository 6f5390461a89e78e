"""Rules for real UN documents in the six languages, on small generated inputs: units as printed (preamble,
operative and annex paragraphs, articles, speakers), furniture, headings, line joins, metadata and
citations per language, language versions, linear parsing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Corpus
from assistant.ingest.corpus import parse_document
from assistant.ingest.documents import Document, Paragraph, citation_for
from assistant.ingest.header import parse_header
from assistant.ingest.layout import collapse_cjk_spacing, ends_sentence, join_wrapped, split_layout
from assistant.ingest.multilingual import detect_language, find_date

from .support import ROOT


def parse(text: str, name: str = "doc.txt") -> Document:
    return parse_document(Path(name), text)


def units(doc: Document) -> list[tuple[str, str]]:
    return [(p.label, p.kind) for p in doc.paragraphs]


RESOLUTION = """United Nations S/RES/9999 (2030)
Security Council
Distr.: General
3 March 2030
Resolution 9999 (2030)
Adopted by the Security Council at its 9999th meeting, on 3 March 2030
The Security Council,
Recalling its previous resolutions on the situation,
Welcoming the report of the Secretary-General,
1. Decides to extend the mandate of the Mission until 31 March 2031;
2. Requests the Secretary-General to report on the implementation of this resolution;
3. Decides to remain seized of the matter.
Annex
1. The parties will observe the ceasefire.
2. The parties will exchange prisoners.
3. A committee will oversee the process.
4. The plan enters into force at once.
"""


def test_resolution_preamble_operative_paragraphs_and_annex_with_its_own_numbering():
    doc = parse(RESOLUTION)
    assert (doc.symbol, doc.date, doc.title) == ("S/RES/9999 (2030)", dt.date(2030, 3, 3), "Resolution 9999 (2030)")
    assert units(doc) == [
        ("pp1", "preambular"),
        ("pp2", "preambular"),
        ("1", "paragraph"),
        ("2", "paragraph"),
        ("3", "paragraph"),
        ("annex.1", "annex_paragraph"),
        ("annex.2", "annex_paragraph"),
        ("annex.3", "annex_paragraph"),
        ("annex.4", "annex_paragraph"),
    ]
    assert doc.paragraph("3").text == "Decides to remain seized of the matter."
    assert doc.paragraph("pp1").citation == "S/RES/9999 (2030), preambular para. 1"
    assert doc.paragraph("3").citation == "S/RES/9999 (2030), para. 3"
    assert doc.paragraph("annex.3").citation == "S/RES/9999 (2030), annex, para. 3"
    assert doc.paragraph("annex.3").section == ("Annex",)


def test_french_resolution_with_a_title_over_three_lines():
    doc = parse(
        "NATIONS\nUNIES\nAssemblée générale\nDistr.\nGENERALE\nA/RES/48/161\n21 janvier 1994\n"
        "Quarante-huitième session\nPoint 40 de l’ordre du jour\nRESOLUTION ADOPTEE PAR L’ASSEMBLEE GENERALE\n"
        "48/161. La situation en Amérique centrale : processus\nd’établissement d’une paix ferme et durable\n"
        "et progrès réalisés\nL’Assemblée générale,\nRappelant ses résolutions,\n"
        "Consciente de l’importance des accords,\n"
        "1. Se félicite des efforts des peuples;\n2. Décide de rester saisie de la question.\n"
    )
    assert (doc.title, doc.date, doc.session, doc.agenda_item, doc.language) == (
        "La situation en Amérique centrale : processus d’établissement d’une paix ferme et durable et progrès réalisés",
        dt.date(1994, 1, 21),
        "Quarante-huitième session",
        "40",
        "fr",
    )
    assert units(doc) == [("pp1", "preambular"), ("pp2", "preambular"), ("1", "paragraph"), ("2", "paragraph")]
    assert doc.paragraph("pp2").citation == "A/RES/48/161, 2e alinéa du préambule"


def test_short_english_paragraph_is_a_paragraph_not_a_heading():
    doc = parse(
        "Report of the Group\n"
        "1. The Group met in Vienna and adopted its agenda without a vote.\n"
        "2. Decides to remain seized of the matter.\n"
        "A. Follow-up\n"
        "1. Overview\n"
        "2. Details\n"
        "3. The Group adopted its report.\n"
    )
    assert [p.label for p in doc.paragraphs] == ["1", "2", "3"]
    assert doc.paragraph("2").text == "Decides to remain seized of the matter."
    assert doc.paragraph("3").section == ("A. Follow-up", "2. Details")


def test_a_long_lettered_heading_after_a_note_mark_is_not_glued_to_the_paragraph():
    doc = parse(
        "Summary of stakeholders' submissions\n"
        "1. The Group met in Geneva and heard the submissions of all stakeholders concerned.\n"
        "2. It recommended an institution in line with the Paris Principles.¹⁴\n"
        "C. Implementation of international human rights obligations, taking into account applicable "
        "international humanitarian law\n"
        "3. The Group noted progress.\n"
        "¹⁴ See A/HRC/28/4.\n"
    )
    assert doc.paragraph("2").text == "It recommended an institution in line with the Paris Principles."
    assert doc.paragraph("2").footnotes == ("See A/HRC/28/4.",)
    assert doc.paragraph("3").section[-1].startswith("C. Implementation of international human rights")


def test_first_page_furniture_is_removed_and_the_paragraph_goes_on():
    lines = [
        "Report of the Secretary-General",
        "1. The report covers the period from 1 July 2022 to 30 June 2024 and the progress made by",
        "25-18686 (E)    171125",
        "*2518686*",
        "| *1516764* | Please recycle |",
        "Please recycle",
        "1/13",
        "GE.19-13879  (R)  210819  230819",
        "the parties since the previous report.",
        "/...",
        "Página 2",
        "2. The second paragraph.",
        "V.21-07185 (C)",
        "2 GE.19-13879",
    ]
    doc = parse("\n".join(lines))
    assert [(p.label, p.text) for p in doc.paragraphs] == [
        ("1", "The report covers the period from 1 July 2022 to 30 June 2024 and the progress made by "
              "the parties since the previous report."),
        ("2", "The second paragraph."),
    ]  # fmt: skip


def test_a_letter_and_the_annex_to_it():
    doc = parse(
        "United Nations A/80/500–S/2025/656\n"
        "17 October 2025\n"
        "Letter dated 17 October 2025 from the Permanent Representative addressed to the Secretary-General\n"
        "I have the honour to convey to you a statement of my Government (see annex).\n"
        "I should be grateful if the present letter could be circulated as a document.\n"
        "Annex to the letter dated 17 October 2025 from the Permanent Representative\n"
        "1. The Government welcomes the report.\n"
        "2. It calls upon all parties to cooperate.\n"
        "Annex I to the present report contains the list of participants.\n"
    )
    assert doc.title.startswith("Letter dated 17 October 2025") and doc.symbol == "A/80/500–S/2025/656"
    assert units(doc) == [
        ("letter", "letter"),
        ("letter (2)", "letter"),
        ("annex.1", "annex_paragraph"),
        ("annex.2", "annex_paragraph"),
    ]
    assert (
        doc.paragraph("annex.2").text
        == "It calls upon all parties to cooperate.\nAnnex I to the present report contains the list of participants."
    )


def test_per_article_numbering_of_a_convention():
    doc = parse(
        "Convention on Testing\n"
        "Preamble\n"
        "The States Parties to this Convention,\n"
        "Recalling the need for tests,\n"
        "Have agreed as follows:\n"
        "Article 1\n"
        "Purpose\n"
        "The purpose of this Convention is to test.\n"
        "Article 2\n"
        "Obligations\n"
        "1. Each State Party shall test.\n"
        "2. Each State Party shall report.\n"
        "Article 3\n"
        "1. The Convention enters into force.\n"
    )
    assert units(doc) == [
        ("pp1", "preambular"),
        ("pp2", "preambular"),
        ("art1", "article"),
        ("art2.1", "article_paragraph"),
        ("art2.2", "article_paragraph"),
        ("art3.1", "article_paragraph"),
    ]
    assert doc.paragraph("art2.2").section == ("Article 2", "Obligations")
    assert doc.paragraph("art2.2").citation == "Convention on Testing, article 2, para. 2"
    assert citation_for(doc, doc.paragraph("art2.2"), "zh") == "《Convention on Testing》，第二条第二款"


def test_chinese_articles_with_enclosed_numbers_and_a_preamble():
    doc = parse(
        "世界人权宣言\n序 言\n鉴于甲,\n鉴于乙,\n第 一 条\n人人生而自由。\n"
        "第二条\n㈠人人有权工作。\n㈡人人有同工同酬的权利。\n"
    )
    assert units(doc) == [
        ("pp1", "preambular"),
        ("pp2", "preambular"),
        ("art1", "article"),
        ("art2.1", "article_paragraph"),
        ("art2.2", "article_paragraph"),
    ]
    assert doc.paragraph("art1").citation == "《世界人权宣言》，第一条"


def test_table_of_contents_is_left_out_of_the_numbering():
    doc = parse(
        "Report of the Working Group\n"
        "Contents\n"
        "Paragraphs Page\n"
        "I. Introduction . . . . . . . . . 1−2 3\n"
        "1. Mandate . . . . . . . . . 1 3\n"
        "2. Meetings . . . . . . . . . 2 3\n"
        "| 1. Mandate | 1 | 3 |\n"  # a second part of the contents may list an entry again
        "J. Fulfilment of international obligations; individual complaints mechanisms" + "." * 80 + " 3 - 3 4\n"
        "3. Findings of the Working Group on the questions put to it by the Council . . . . . . . 3 4\n"
        "II. Findings . . . . . . . . . 3 4\n"
        "I. Introduction\n"
        "1. Mandate\n"
        "1. The Working Group was established by the Council in 2020 with a broad mandate.\n"
        "2. Meetings\n"
        "2. It met three times in Geneva during the period under review.\n"
        "II. Findings\n"
        "3. The Working Group found that progress had been made.\n"
    )
    assert [(p.label, p.section) for p in doc.paragraphs] == [
        ("1", ("I. Introduction", "1. Mandate")),
        ("2", ("I. Introduction", "2. Meetings")),
        ("3", ("II. Findings",)),
    ]


def test_verbatim_record_units_are_statements_cited_by_speaker():
    doc = parse(
        "United Nations S/PV.9999\n"
        "Security Council\n"
        "Monday, 6 October 2025, 10 a.m.\n"
        "The meeting was called to order at 10 a.m.\n"
        "The President (spoke in Russian): I give the floor to the Secretary-General.\n"
        "The Secretary-General: Twenty-five years ago, the Council acted.\n"
        "Today it must act again.\n"
        "Mr. Fu Cong (China) (spoke in Chinese): I thank the Secretary-General.\n"
        "The meeting rose at 1 p.m.\n"
    )
    statements = [(p.label, p.speaker, p.text) for p in doc.paragraphs if p.kind == "statement"]
    assert statements == [
        ("st1", "The President", "I give the floor to the Secretary-General."),
        ("st2", "The Secretary-General", "Twenty-five years ago, the Council acted.\nToday it must act again."),
        ("st3", "Mr. Fu Cong (China)", "I thank the Secretary-General."),
    ]
    assert doc.paragraph("st3").citation == "S/PV.9999, statement by Mr. Fu Cong (China)"
    assert doc.date == dt.date(2025, 10, 6)


def test_line_joins_per_script():
    assert join_wrapped("Все люди имеют", "право на жизнь") == "Все люди имеют право на жизнь"
    assert join_wrapped("le développement", "économique") == "le développement économique"
    assert join_wrapped("the", "“development”") == "the “development”"
    assert join_wrapped("covers the period to 30 June 2024.", "The report") == (
        "covers the period to 30 June 2024. The report"
    )
    assert join_wrapped("Закон № 132/2018", "ограничивает") == "Закон № 132/2018 ограничивает"
    assert join_wrapped("联合国", "大会") == "联合国大会"
    assert join_wrapped("трудящихся-", "мигрантов") == "трудящихся-мигрантов"
    assert join_wrapped("www.unodc.", "org/corruption") == "www.unodc.org/corruption"


def test_wrapped_russian_text_keeps_its_word_spaces():
    lines = ["Доклад Рабочей группы"] + [
        f"{n}. Каждый имеет право на свободу мысли, совести и религии; это право включает свободу менять"
        if k == 0
        else "свою религию или убеждения и свободу исповедовать свою религию или убеждения."
        for n in range(1, 12)
        for k in range(2)
    ]
    doc = parse("\n".join(lines))
    assert doc.language == "ru"
    assert doc.paragraph("3").text.endswith(
        "свободу менять свою религию или убеждения и свободу исповедовать свою религию или убеждения."
    )


def test_letter_spaced_chinese_is_collapsed_and_ordinary_spaces_stay():
    assert collapse_cjk_spacing("凡 受 刑 事 控 告 者") == "凡受刑事控告者"
    assert collapse_cjk_spacing("序 言") == "序言"
    assert collapse_cjk_spacing("因 此 现 在, 大会宣布") == "因此现在, 大会宣布"
    assert collapse_cjk_spacing("联合国反腐败公约 缔约国会议") == "联合国反腐败公约 缔约国会议"
    assert collapse_cjk_spacing("缔约国会议第 8/7 号决议") == "缔约国会议第 8/7 号决议"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("16 novembre 2009", dt.date(2009, 11, 16)),
        ("1er janvier 2020", dt.date(2020, 1, 1)),
        ("11 de mayo de 1994", dt.date(1994, 5, 11)),
        ("14 августа 2019 года", dt.date(2019, 8, 14)),
        ("2021年10月4日", dt.date(2021, 10, 4)),
        ("4 تشرين الأول/أكتوبر 2021", dt.date(2021, 10, 4)),
        ("١٢ أيار/مايو ٢٠٢٢", dt.date(2022, 5, 12)),
        ("Monday, 6 October 2025, 10 a.m.", dt.date(2025, 10, 6)),
        ("4–15 November 2019", None),
    ],
)
def test_dates_in_the_six_languages(text, when):
    assert find_date(text) == when


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Asamblea General", "Distr. general", "11 de mayo de 1994", "Cuadragésimo octavo período de sesiones",
             "Tema 165 del programa", "Financiación de la Misión"],
            ("Financiación de la Misión", dt.date(1994, 5, 11), "Cuadragésimo octavo período de sesiones", "165"),
        ),
        (
            ["Assemblée générale", "Distr. générale", "16 novembre 2009", "Soixante-quatrième session",
             "Point 69 de l’ordre du jour", "Promotion et protection des droits de l’homme", "Rapport sur la question"],
            ("Rapport sur la question", dt.date(2009, 11, 16), "Soixante-quatrième session", "69"),
        ),
        (
            ["Генеральная Ассамблея", "14 августа 2019 года", "Тридцать четвертая сессия",
             "Пункт 3 повестки дня", "Права человека", "Резюме материалов по Италии"],
            ("Резюме материалов по Италии", dt.date(2019, 8, 14), "Тридцать четвертая сессия", "3"),
        ),
        (
            ["A", "| United Nations | /RES/70/10 |", "General Assembly", "2 December 2015", "Seventieth session",
             "Agenda item 87", "Resolution adopted by the General Assembly on 17 November 2015",
             "70/10. Report of the International Atomic Energy Agency"],
            ("Report of the International Atomic Energy Agency", dt.date(2015, 12, 2), "Seventieth session", "87"),
        ),
    ],
)  # fmt: skip
def test_header_metadata_in_other_languages(lines, expected):
    head = parse_header(lines)
    assert (head.title, head.date, head.session, head.agenda_item) == expected


def test_masthead_symbols():
    assert parse_header(["S", "| United Nations | /RES/2803 (2025) |", "Security Council"]).symbol == (
        "S/RES/2803 (2025)"
    )
    assert parse_header(["S United Nations", "/PV.10011", "Security Council"]).symbol == "S/PV.10011"
    assert parse_header(["United Nations A/RES/70/10", "General Assembly"]).symbol == "A/RES/70/10"
    assert parse_header(["United Nations A/80/434–S/2025/632", "General Assembly"]).symbol == "A/80/434–S/2025/632"
    joint = parse_header(
        ["A S", "| United Nations | /80/500- /2025/656 |", "General Assembly Security Council", "17 October 2025",
         "| Eightieth session | Eightieth year |", "Agenda items 84 and 85", "The rule of law", "Human rights",
         "Letter dated 17 October 2025 addressed to the Secretary-General"]
    )  # fmt: skip
    assert (joint.symbol, joint.session, joint.agenda_item, joint.title) == (
        "A/80/500–S/2025/656",
        "Eightieth session",
        "84 and 85",
        "Letter dated 17 October 2025 addressed to the Secretary-General",
    )
    assert parse_header(["A/53/568 S/1998/1025", "General Assembly"]).symbol == "A/53/568–S/1998/1025"


def test_language_of_a_document():
    assert detect_language("The General Assembly, having considered the report of the Secretary-General") == "en"
    assert (
        detect_language("L'Assemblée générale, ayant examiné le rapport du Secrétaire général sur la question") == "fr"
    )
    assert detect_language("La Asamblea General, habiendo examinado el informe del Secretario General") == "es"
    assert detect_language("Генеральная Ассамблея, рассмотрев доклад") == "ru"
    assert detect_language("大会审议了秘书长的报告") == "zh"
    assert detect_language("إن الجمعية العامة، وقد نظرت في تقرير الأمين العام") == "ar"


def _doc(symbol: str | None, title: str = "Report", language: str = "en") -> Document:
    return Document("d", Path("d.txt"), title, date=dt.date(2021, 10, 4), symbol=symbol, language=language)


def _para(label: str, kind: str, **where: str) -> Paragraph:
    return Paragraph("d", label, "text", (), (), "", 0, kind=kind, **where)


@pytest.mark.parametrize(
    ("lang", "paragraph", "preambular", "annexed", "article"),
    [
        ("en", "S/2025/1, para. 11", "S/2025/1, preambular para. 2", "S/2025/1, annex I, para. 3",
         "S/2025/1, article 5, para. 2"),
        ("fr", "S/2025/1, par. 11", "S/2025/1, 2e alinéa du préambule", "S/2025/1, annexe I, par. 3",
         "S/2025/1, article 5, par. 2"),
        ("es", "S/2025/1, párr. 11", "S/2025/1, párrafo 2 del preámbulo", "S/2025/1, anexo I, párr. 3",
         "S/2025/1, artículo 5, párr. 2"),
        ("ru", "S/2025/1, пункт 11", "S/2025/1, пункт 2 преамбулы", "S/2025/1, приложение I, пункт 3",
         "S/2025/1, статья 5, пункт 2"),
        ("ar", "S/2025/1، الفقرة 11", "S/2025/1، الفقرة 2 من الديباجة", "S/2025/1، المرفق I، الفقرة 3",
         "S/2025/1، المادة 5، الفقرة 2"),
        ("zh", "S/2025/1，第11段", "S/2025/1，序言部分第2段", "S/2025/1，附件I第3段", "S/2025/1，第五条第二款"),
    ],
)  # fmt: skip
def test_citations_in_un_style_per_language(lang, paragraph, preambular, annexed, article):
    doc = _doc("S/2025/1")
    assert citation_for(doc, _para("11", "paragraph", number="11"), lang) == paragraph
    assert citation_for(doc, _para("pp2", "preambular", number="2"), lang) == preambular
    assert citation_for(doc, _para("annexI.3", "annex_paragraph", number="3", annex="I"), lang) == annexed
    assert citation_for(doc, _para("art5.2", "article_paragraph", number="2", article="5"), lang) == article


def test_a_document_without_symbol_is_cited_by_a_short_title_and_date():
    long_title = "Report on the implementation of " + "the many resolutions of the Conference " * 8
    doc = _doc(None, long_title)
    citation = citation_for(doc, _para("3", "paragraph", number="3"))
    assert citation.endswith("… (4 October 2021), para. 3") and len(citation) < 120
    assert (
        citation_for(_doc(None, "关于预防腐败的报告", "zh"), "12") == "《关于预防腐败的报告》（2021年10月4日），第12段"
    )
    assert citation_for(_doc(None, "Rapport"), _para("3", "paragraph", number="3"), "fr") == (
        "Rapport (4 octobre 2021), par. 3"
    )


RESOLUTION_RU = (  # the Russian version of RESOLUTION, with one paragraph more
    "Организация Объединенных Наций S/RES/9999 (2030)\nСовет Безопасности\n3 марта 2030 года\n"
    "Резолюция 9999 (2030)\nСовет Безопасности,\nссылаясь на свои предыдущие резолюции,\n"
    "приветствуя доклад Генерального секретаря,\n1. постановляет продлить мандат Миссии;\n"
    "2. просит Генерального секретаря представить доклад;\n3. постановляет продолжать заниматься этим вопросом.\n"
    "4. Пункт, которого нет в английском тексте.\n"
)


def test_language_versions_and_the_same_unit_in_another_language(tmp_path):
    (tmp_path / "res-en.txt").write_text(RESOLUTION, encoding="utf-8")
    (tmp_path / "res-ru.txt").write_text(RESOLUTION_RU, encoding="utf-8")
    corpus = Corpus.from_dir(tmp_path)
    english, other = corpus.document("res-en"), corpus.document("res-ru")
    assert other.language == "ru" and other.symbol == english.symbol
    assert corpus.versions(english) == [other]
    assert corpus.counterpart(english.paragraph("2"), "ru").text == "просит Генерального секретаря представить доклад;"
    assert corpus.counterpart(english.paragraph("2"), "ru").citation == "S/RES/9999 (2030), пункт 2"
    assert corpus.counterpart(english.paragraph("2"), "fr") is None


@pytest.mark.slow
def test_fifty_thousand_numbered_paragraphs():
    # (that parsing them stays linear in time is test_hostile.py's test_parsing_is_linear_in_the_input)
    text = "Title of the list\n" + "\n".join(f"{n}. Paragraph {n} of the list says this." for n in range(1, 50001))
    assert [p.label for p in parse(text).paragraphs] == [str(n) for n in range(1, 50001)]
    # Short numbered lines each make the parser look ahead for a repeated number
    short = "List\n" + "\n".join(f"{n}. Item {n}" for n in range(1, 78001))
    assert len(parse(short).paragraphs) == 78000


def test_endnotes_after_a_notes_heading_are_notes_not_text():
    layout = split_layout(
        ["1. Paragraph one.¹", "2. Paragraph two.²", "Notes", "¹ First note.", "Civil society", "| AI | Amnesty |",
         "² Second note."]
    )  # fmt: skip
    assert [line.text for line in layout.body] == ["1. Paragraph one.¹", "2. Paragraph two.²"]
    assert [(n.mark, n.text) for n in layout.footnotes] == [("1", "First note.\nCivil society\n| AI | Amnesty |"),
                                                            ("2", "Second note.")]  # fmt: skip


def test_a_sentence_ends_after_a_number_or_a_note_mark_not_after_an_abbreviation():
    assert ends_sentence("covers the period to 30 June 2024.")
    assert ends_sentence("in line with the Paris Principles.¹⁵")
    assert not ends_sentence("as set out in para.")
    assert not ends_sentence("the statement by Mr.")


def test_cli_prints_the_parse_as_json(tmp_path):
    (tmp_path / "res.txt").write_text(RESOLUTION, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "paragraphs", str(tmp_path / "res.txt"), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    parse_ = json.loads(out)
    assert {k: parse_[k] for k in ("title", "symbol", "date", "language")} == {
        "title": "Resolution 9999 (2030)",
        "symbol": "S/RES/9999 (2030)",
        "date": "2030-03-03",
        "language": "en",
    }
    assert parse_["units"][0] == {
        "label": "pp1",
        "kind": "preambular",
        "section": [],
        "citation": "S/RES/9999 (2030), preambular para. 1",
        "text": "Recalling its previous resolutions on the situation,",
        "footnotes": [],
    }
