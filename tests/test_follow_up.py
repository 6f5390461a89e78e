"""Follow-ups are told by their form, not their length; unrelated short questions start fresh."""

from __future__ import annotations

import pytest

from assistant.search.query import is_follow_up

REAL = "2020年国际反腐败日的主题是什么？"


@pytest.mark.parametrize(
    "question",
    ["那2023年呢？", "2023年呢", "这些国家有哪些？", "它的主题", "what about 2023?", "And in 2023?", "Who led it?"],
)
def test_pointing_back_or_eliding_is_a_follow_up(question):
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question", ["红烧肉的做法", "天气怎么样", "足球世界杯冠军", "举报人保护", "小岛屿国家", "What is resolution 9/3?"]
)
def test_short_questions_of_their_own_are_not_follow_ups(question):
    assert not is_follow_up(question)


@pytest.mark.parametrize("question", ["红烧肉的做法", "天气怎么样", "足球世界杯冠军"])
def test_off_topic_short_question_after_a_real_one_starts_fresh_and_is_never_reliable(assistant, question):
    first = assistant.ask(REAL)
    turn = assistant.ask(question, history=[first])
    assert not turn.follow_up and not turn.confident


def test_a_follow_up_is_judged_with_the_year_it_asks_for(assistant):
    first = assistant.ask(REAL)
    assert first.confident
    turn = assistant.ask("那2024年呢？", history=[first])
    assert turn.follow_up and not turn.confident
    assert all({"2024年", "国际反腐败"} & set(h.missing) for h in turn.hits)  # the earlier question's terms stay


def test_a_follow_up_giving_only_a_year_is_no_strong_match_for_a_paragraph_off_the_topic(assistant):
    """ "那2023年呢？" is close in meaning to any paragraph of 2023: the 20th anniversary of the Convention in 2023
    is no match for asset declarations in 2023."""
    first = assistant.ask("哪些国家在资产申报制度方面得到了支持？")
    turn = assistant.ask("那2023年呢？", history=[first])
    assert turn.follow_up and turn.hits
    strong = [h for h in turn.hits if h.level == "strong"]
    assert all("申报" in h.paragraph.text or "披露" in h.paragraph.text for h in strong), [h.citation for h in strong]


def test_keyword_query_after_a_real_one_is_searched_on_its_own(assistant):
    first = assistant.ask(REAL)
    turn = assistant.ask("举报人保护", history=[first])
    assert not turn.follow_up and turn.confident and "举报人" in turn.hits[0].paragraph.text
