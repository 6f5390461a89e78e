"""Trust signals through the public API: missing terms, levels, the reliable-match flag, follow-ups, phrases."""

from __future__ import annotations

import json
import re

import pytest

from assistant.text.keyterms import squashed


def test_a_year_no_paragraph_has_is_missing_from_every_hit_and_not_reliable(assistant):
    turn = assistant.ask("2024年国际反腐败日的主题是什么？")
    assert not turn.confident
    assert all({"2024年", "国际反腐败"} & set(h.missing) for h in turn.hits)  # a 2024 paragraph is about another thing
    assert all(h.level != "strong" for h in turn.hits[:3])
    hit = turn.to_json()["hits"][0]
    assert "2024年" in hit["missing"] and hit["level"] in {"partial", "weak"}


def test_the_same_question_with_the_year_the_documents_give_is_reliable(assistant):
    turn = assistant.ask("2020年国际反腐败日的主题是什么？")
    assert turn.confident
    top = turn.hits[0]
    assert "廉正复苏" in top.paragraph.text and top.missing == [] and top.level == "strong"


def test_english_question_returns_the_chinese_terms_its_words_matched(assistant):
    turn = assistant.ask("What measures have States taken to protect whistle-blowers?")
    assert "举报人" in turn.matched_terms["whistle-blowers"]
    assert turn.to_json()["matched_terms"] == turn.matched_terms
    assert turn.confident and all("whistle-blowers" not in h.missing for h in turn.hits[:3])


def test_english_words_the_corpus_writes_as_several_terms_or_as_a_country_are_found(assistant):
    turn = assistant.ask("How many integrity-related webinars did Malaysian judges attend during the pandemic?")
    assert turn.matched_terms["pandemic"] == ["大流行"]  # written 大流行 in the seeds, segmented 大 + 流行
    assert turn.matched_terms["malaysian"] == ["马来西亚"] and "廉正" in turn.matched_terms["integrity"]
    assert "大" in assistant.query_terms("What did the pandemic change?")  # searched as its terms
    # CC-CEDICT's 世界粮食署 is not how UN documents name the World Food Programme (世界粮食计划署): not used
    assert "世界粮食署" not in str(assistant.ask("Did the World Food Programme send observers?").matched_terms)


@pytest.mark.parametrize(
    "question",
    [
        "北极熊的数量在减少吗？",
        "红烧肉的做法",
        "football world cup winner",
        "？",
        "的",
        "x",
        "😀😀",
        "' OR 1=1; --",
        "第9999号决议",
    ],
)
def test_off_corpus_questions_have_no_strong_hit(assistant, question):
    turn = assistant.ask(question)
    assert not turn.confident and all(h.level != "strong" for h in turn.hits)


@pytest.mark.parametrize("question", ["2021年在塞内加尔做了什么", "Pacific islands 2019", "红烧肉的做法"])
def test_whether_a_match_is_reliable_does_not_depend_on_how_many_hits_are_shown(assistant, question):
    """The flag is judged on the best three paragraphs even when fewer are asked for (`search -k 1`)."""
    assert len({assistant.ask(question, k=k).confident for k in (1, 2, 3, 5)}) == 1
    assert len(assistant.ask(question, k=1).hits) == 1


@pytest.mark.parametrize("question", ["2021年在塞内加尔做了什么", "受益所有权登记"])
def test_a_reliable_answer_leads_with_its_strong_paragraph_whatever_k_is(assistant, question):
    """Both were answered partial-first (scored a little higher), strong second: called reliable, shown unsure."""
    turns = [assistant.ask(question, k=k) for k in (1, 3, 5)]
    assert all(t.confident and t.hits[0].level == "strong" for t in turns)
    assert len({t.hits[0].paragraph.key for t in turns}) == 1 and [h.rank for h in turns[2].hits] == [1, 2, 3, 4, 5]
    levels = [h.level for h in turns[1].hits]
    assert levels == sorted(levels, key=["strong", "partial", "weak"].index)


@pytest.mark.parametrize(
    "question",
    [
        "缔约国会议第9/3号决议的标题是什么？",
        "缔约国会议第6/10号决议的标题是什么？",
        "What is the title of resolution 8/9?",
    ],
)
def test_a_resolution_asked_by_number_leads_with_a_paragraph_naming_it(assistant, question):
    """A short question is close in meaning to any paragraph on resolutions: the one naming the number asked, often
    in a long list of resolutions, comes first all the same."""
    number = re.search(r"\d/\d+", question).group(0)
    top = assistant.ask(question, k=3).hits[0]
    assert re.search(rf"(?<![\d/]){re.escape(number)}(?![\d/])", squashed(top.paragraph.search_text)), question


def test_of_the_paragraphs_naming_the_resolution_asked_one_about_it_alone_comes_first(assistant):
    """The report's summary lists 8/7, 8/8, 8/11, 8/12 and 8/14: it is about none of them in particular."""
    top = assistant.ask("第8/14号决议请秘书处做了什么？", k=3).hits[0]
    assert set(re.findall(r"(?<![\d/])\d/\d+(?![\d/])", squashed(top.paragraph.search_text))) == {"8/14"}


@pytest.mark.parametrize(
    "question",
    ["谁主持了实施情况审议组第十三届会议的第二次续会？", "Who chaired the IRG's second resumed thirteenth session?"],
)
def test_a_question_asking_who_chaired_leads_with_the_paragraph_naming_the_chairs(assistant, question):
    """The session's other paragraphs (its dates, its report) are closer in meaning, but name nobody."""
    turn = assistant.ask(question, k=3)
    assert turn.confident and "Amr Adel Hosny" in turn.hits[0].paragraph.text, question


@pytest.mark.parametrize(
    "question", ["CAC/COSP/2017/4 第3段", "CAC/COSP/2017/4, paragraph 3", "cac/cosp/2017/4 第三段说了什么"]
)
def test_a_paragraph_cited_by_document_symbol_and_number_comes_first(assistant, question):
    """A librarian's citation is looked up: paragraph 3 of the document numbered CAC/COSP/2017/4."""
    top = assistant.ask(question, k=3)
    assert top.confident and (top.hits[0].document.symbol, top.hits[0].paragraph.label) == ("CAC/COSP/2017/4", "3")
    assert top.hits[0].level == "strong" and top.hits[0].missing == []


def test_a_document_symbol_finds_the_paragraphs_citing_it_and_is_missing_when_none_does(assistant):
    cited = assistant.ask("CAC/COSP/2017/3", k=3)
    assert cited.confident and all("CAC/COSP/2017/3" in h.paragraph.search_text for h in cited.hits)
    absent = assistant.ask("CAC/COSP/2021/11 的内容", k=3)
    assert not absent.confident and all("CAC/COSP/2021/11" in h.missing for h in absent.hits)


def test_the_symbol_of_a_document_in_the_corpus_alone_shows_that_document(assistant):
    """ "CAC/COSP/2017/4" showed its title footnote, then footnotes citing other reports ("CAC/COSP/2021/1。")
    as partial matches: close in meaning to a bare symbol, holding none of it."""
    turn = assistant.ask("CAC/COSP/2017/4", k=5)
    assert turn.confident and {h.document.symbol for h in turn.hits} == {"CAC/COSP/2017/4"}
    assert all(h.level == "strong" for h in turn.hits)
    other = assistant.ask("CAC/COSP/2021/1", k=5)  # a report the corpus only cites
    assert all(h.level == "weak" for h in other.hits if "CAC/COSP/2021/1" in h.missing)


def test_levels_are_absolute_not_relative_to_the_first_hit(assistant):
    off = assistant.ask("北极熊的数量在减少吗？").hits[0]
    on = assistant.ask("哪些小岛屿国家得到了制定反腐败战略的帮助？").hits[0]
    assert on.level == "strong" and off.level != "strong"
    json.dumps(assistant.ask("What is resolution 9/3 about?").to_json(), ensure_ascii=False)


def test_a_quoted_phrase_is_in_every_hit_and_missing_when_no_paragraph_has_it(assistant):
    hits = assistant.search("“教育促进正义”倡议做了什么？", k=10)
    assert len(hits) == 10 and all("教育促进正义" in h.paragraph.search_text.replace(" ", "") for h in hits)
    # asked again with a document filter (the paragraphs writing the phrase are known by now): that document's
    chosen = hits[-1].document.id
    assert len({h.document.id for h in hits}) > 1
    again = assistant.search("“教育促进正义”倡议做了什么？", k=10, documents=[chosen])
    assert again and all(
        h.document.id == chosen and "教育促进正义" in h.paragraph.search_text.replace(" ", "") for h in again
    )
    turn = assistant.ask("「反腐败红烧肉倡议」的内容")
    assert not turn.confident and all("反腐败红烧肉倡议" in h.missing for h in turn.hits)


def test_verbatim_quotations_bring_their_paragraph_first(assistant):
    from assistant.evaluation import quote_test

    result = quote_test(assistant, 40, seed=7)
    assert result["first"] >= 39, result["failures"]


def test_highlights_skip_generic_words_and_digits_inside_numbers(assistant):
    hits = assistant.search("第8/11号决议的执行工作有哪些措施？", k=5)
    marked = {h.paragraph.text[a:b] for h in hits for a, b in h.highlights}
    assert "8/11" in marked
    assert not marked & {"8", "1", "11", "工作", "执行", "决议", "措施"}
    assert all(len(h.highlights) <= 12 for h in hits)


ITALY_REPORT = """# Summary of stakeholders' submissions on Italy

1. Stakeholders noted that statelessness remained a concern for Roma children born in Italy.

2. They recommended that the Government ratify the convention on migrant workers.

3. Civil society said that measures had been taken to protect journalists from threats.
"""


def test_english_questions_find_english_documents_by_their_own_words(index_copy, encoder):
    """In a corpus with English documents beside the Chinese seeds, an English question's words are searched as
    they are (they were only searched as Chinese terms, so 意大利 paragraphs came first), and common words the
    English documents happen to use ("taken", "say") are not names a Chinese paragraph must hold."""
    from assistant import Assistant

    (index_copy / "corpus" / "italy.md").write_text(ITALY_REPORT, encoding="utf-8")
    # numbered as real documents print it, with the year after the symbol
    (index_copy / "corpus" / "catalog.toml").write_text('["italy.md"]\nsymbol = "A/HRC/WG.6/34/ITA/3 (2019)"\n')
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    a.reindex()
    top = a.ask("statelessness Italy", k=3).hits[0]
    assert top.document.path.name == "italy.md" and top.paragraph.label == "1" and top.level == "strong"
    turn = a.ask("What did States say about measures taken to protect whistle-blowers?")
    assert turn.confident and not {"taken", "say"} & {m for h in turn.hits for m in h.missing}
    cited = a.ask("A/HRC/WG.6/34/ITA/3, paragraph 2", k=3).hits[0]
    assert (cited.document.path.name, cited.paragraph.label, cited.level) == ("italy.md", "2", "strong")


def test_a_year_naming_a_report_is_held_by_the_document_of_that_year(assistant):
    """The background paper of 2017 tells its work without writing 2017 in every paragraph."""
    turn = assistant.ask("2017年的报告里提到了哪些全球反腐败项目？")
    of_2017 = [h for h in turn.hits if 2017 in h.document.years]
    others = [h for h in turn.hits if 2017 not in h.document.years and "2017" not in squashed(h.paragraph.text)]
    assert of_2017 and all("2017年" not in h.missing for h in of_2017)
    assert others and all("2017年" in h.missing for h in others)
    assert turn.confident and turn.hits[0] in of_2017


def test_a_question_in_taiwan_words_is_searched_in_the_mainland_words_of_un_documents(assistant):
    question = "蘇利南是什麼時候加入公約的？"  # Taiwan's 蘇利南 is the 苏里南 of UN documents
    turn = assistant.ask(question)
    assert turn.question == question  # shown as typed
    assert "苏里南" in turn.hits[0].paragraph.text and turn.hits[0].missing == [] and turn.confident
