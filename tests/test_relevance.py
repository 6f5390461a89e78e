"""Pure rules of trust signals: a paragraph's level from the key terms it lacks, ordinals, follow-up terms."""

from __future__ import annotations

from assistant.search.confidence import is_reliable
from assistant.search.relevance import PARTIAL, STRONG, WEAK, Levels, complete, coverage, judge
from assistant.text.analyzer import Analyzer
from assistant.text.highlight import highlight_spans
from assistant.text.keyterms import (
    AMOUNT,
    COUNT,
    NAME,
    NUMBER,
    ORDINAL,
    PERSON,
    RESOLUTION,
    SHARE,
    SYMBOL,
    TITLE,
    WORD,
    YEAR,
    KeyTerm,
    Question,
    contains,
    follow_on,
    key_terms,
    ordinal_forms,
    squashed,
    symbols,
)

LEVELS = Levels(dense=0.9, lexical=8.0, near=0.02)


YEAR_2024 = KeyTerm("2024年", ("2024",), YEAR, 5.0, hard=True)
DAY = KeyTerm("国际反腐败日", ("国际反腐败日",), WORD, 5.0)
THEME = KeyTerm("主题", ("主题",), WORD, 3.0)
WORK = KeyTerm("工作", ("工作",), WORD, 0.5, generic=True)
TERMS = (YEAR_2024, DAY, THEME, WORK)


def _terms(question: str, lang: str = "zh") -> tuple[KeyTerm, ...]:
    """The key terms of `question` over a corpus where every term is in 5 of 100 paragraphs."""
    return key_terms(question, lang, Analyzer(), {}, lambda term: 5, 100).terms


def test_coverage_weighs_specific_terms_only():
    assert coverage(TERMS, []) == 1.0
    assert coverage(TERMS, [WORK]) == 1.0
    assert coverage(TERMS, [DAY]) == 1 - 5 / 13
    assert coverage((WORK,), [WORK]) == 1.0  # nothing specific asked


def test_a_paragraph_without_the_year_asked_is_never_strong():
    lacking = judge(TERMS, [YEAR_2024], similarity=0.95, lexical=20.0, levels=LEVELS)
    assert not lacking.complete and lacking.level == PARTIAL
    assert [t.label for t in lacking.missing] == ["2024年"]
    assert judge(TERMS, [], similarity=0.95, lexical=0.0, levels=LEVELS).level == STRONG


def test_alternatives_listed_by_the_question_need_only_one():
    a = KeyTerm("2020年", ("2020",), YEAR, 5.0, hard=True, group="year@0")
    b = KeyTerm("2021年", ("2021",), YEAR, 5.0, hard=True, group="year@0")
    assert complete((a, b, DAY), [a])
    assert not complete((a, b, DAY), [a, b])


def test_level_needs_meaning_or_most_of_the_question():
    name = KeyTerm("Coding4Integrity", ("coding4integrity",), NAME, 8.0)
    assert judge((*TERMS, name), [DAY, THEME, name], similarity=0.95, lexical=0.0, levels=LEVELS).level == PARTIAL
    # under the probes' level, by less the less of the question the paragraph holds
    assert judge(TERMS, [THEME], similarity=0.865, lexical=0.0, levels=LEVELS).level == STRONG
    assert judge(TERMS, [THEME], similarity=0.855, lexical=0.0, levels=LEVELS).level == PARTIAL
    assert judge(TERMS, [], similarity=0.845, lexical=0.0, levels=LEVELS).level == STRONG
    assert judge(TERMS, [DAY], similarity=0.86, lexical=0.0, levels=LEVELS).level == PARTIAL
    assert judge(TERMS, [YEAR_2024, DAY, THEME], similarity=0.85, lexical=0.0, levels=LEVELS).level == WEAK


def test_a_question_without_key_terms_has_no_strong_paragraph():
    assert judge((), [], similarity=0.99, lexical=99.0, levels=LEVELS).level == WEAK
    one = KeyTerm("1", ("1",), NUMBER, 2.5, hard=True)  # "' OR 1=1; --": a bare number is all it has
    assert judge((one,), [], similarity=0.99, lexical=99.0, levels=LEVELS).level == WEAK
    year = KeyTerm("2020", ("2020",), YEAR, 2.5, hard=True)
    assert judge((year,), [], similarity=0.99, lexical=99.0, levels=LEVELS).level == STRONG


def test_reliable_when_one_of_the_best_paragraphs_is_strong():
    strong = judge(TERMS, [], 0.95, 0.0, LEVELS)
    weak = judge(TERMS, list(TERMS), 0.5, 0.0, LEVELS)
    assert is_reliable([weak, strong])
    assert not is_reliable([weak] * 5 + [strong])
    assert not is_reliable([])


def test_ordinals_keep_the_unit_the_question_names():
    assert ordinal_forms(1, "届") == ("第一届", "第1届", "首届")
    assert ordinal_forms(23) == ("第二十三", "第23")


def test_an_english_ordinal_of_a_session_or_meeting_is_counted_as_un_chinese_counts_them():
    """The fourth session is 第四届 (a resumed one 第二次续会), not the 第4 of 第4/3号决议 or of 第四条."""

    def ranked(question: str) -> KeyTerm:
        [term] = [t for t in _terms(question, "en") if t.kind == ORDINAL]
        return term

    fourth = ranked("Which country hosted the fourth session of the Conference?")
    assert contains(squashed("缔约国会议第四届会议"), fourth) and contains(squashed("第4次会议"), fourth)
    for other in ("第 4/3 号决议", "《公约》第四条", "第四十届会议"):
        assert not contains(squashed(other), fourth), other
    assert contains(squashed("第十三届会议第二次续会"), ranked("Who chaired the second resumed session?"))
    assert ranked("What did the 12th International Anti-Corruption Conference adopt?").forms[0] == "第十二届"
    cycle = ranked("When will the second cycle end?")  # any measure: 第二周期, 第二个审议周期
    assert contains(squashed("第二个审议周期"), cycle) and not contains(squashed("第 2/1 号决议"), cycle)


def test_an_ordinal_counted_by_a_mere_measure_word_is_the_rank_whatever_measures_it():
    """第一次研究 is answered by "第一份探讨…的出版物"; 第一届 still asks for a session, not a chapter."""
    [first_time] = [t for t in _terms("第一次研究这个的报告") if t.hard]
    for ranked in ("第一份探讨性别与腐败的出版物", "首次发布", "第一个实证证据"):
        assert contains(squashed(ranked), first_time), ranked
    assert not contains(squashed("第二份出版物和第十一次会议"), first_time)
    [session] = [t for t in _terms("第二届会议在哪里举行") if t.hard]
    assert session.forms == ordinal_forms(2, "届")


def test_the_notation_around_a_resolution_number_is_not_a_word_of_the_question():
    frequency = {"决议": 40, "秘书处": 30, "编制": 5}
    question = key_terms(
        "第 8/14 号决议请秘书处编制什么？",
        "zh",
        Analyzer(),
        {},
        lambda term: frequency.get(term, 0),
        100,
        lambda text: 5,  # the corpus writes any two of these words together
    )
    labels = [t.label for t in question.terms]
    assert labels[0] == "8/14" and question.terms[0].kind == RESOLUTION
    assert not any("号" in label or "第" in label for label in labels), labels


def test_a_numbered_resolution_beyond_the_ordinals_is_a_hard_number():
    """第2803号决议 is the number of a resolution: a paragraph without it does not answer (it was dropped)."""
    for question, number in [("第9999号决议", "9999"), ("安理会第 2803 号决议的执行情况", "2803")]:
        terms = _terms(question)
        numbers = [t for t in terms if t.kind == NUMBER]
        assert [t.forms for t in numbers] == [(number,)] and numbers[0].hard, terms


def test_a_document_symbol_is_one_hard_term_held_only_whole():
    """S/RES/2803 is a name: not the numbers 2803, nor "and/or"; a paragraph holds it, not A/RES/58/40 or …/Add.1."""
    terms = _terms("安理会S/RES/2803号决议 and/or 8/14")
    symbol = [t for t in terms if t.kind == SYMBOL]
    assert [(t.label, t.forms, t.hard) for t in symbol] == [("S/RES/2803", ("s/res/2803",), True)]
    assert not any(t.kind == NUMBER and "2803" in t.forms for t in terms)
    assert [t.label for t in terms if t.kind == RESOLUTION] == ["8/14"]
    assert symbols("see A/RES/58/4, and/or E/CN.15/2023/1.") == ["a/res/58/4", "e/cn.15/2023/1"]
    term = KeyTerm("A/RES/58/4", ("a/res/58/4",), SYMBOL, 5.0, hard=True)
    assert contains(squashed("见 A/RES/58/4 号决议"), term) and contains(squashed("(A/RES/58/4)."), term)
    assert not any(contains(squashed(t), term) for t in ("A/RES/58/40", "A/RES/58/4/Add.1", "A/RES/58/4.1"))


def test_a_paragraph_holding_the_symbol_asked_is_strong_however_far_in_meaning():
    term = KeyTerm("CAC/COSP/2017/3", ("cac/cosp/2017/3",), SYMBOL, 5.0, hard=True)
    assert judge((term,), [], 0.5, 1.0, LEVELS).level == STRONG
    assert judge((term,), [term], 0.5, 1.0, LEVELS).level == WEAK


def test_a_follow_up_replaces_the_hard_terms_it_gives_anew():
    before = Question("2024年国际反腐败日的主题是什么？", "zh", TERMS)
    year_2023 = KeyTerm("2023年", ("2023",), YEAR, 5.0, hard=True)
    after = follow_on(Question("那2023年呢？", "zh", (year_2023,)), before)
    assert [t.label for t in after.terms] == ["2023年", "国际反腐败日", "主题", "工作"]
    uganda = KeyTerm("乌干达", ("乌干达",), NAME, 3.0, hard=True)
    assert [t.label for t in follow_on(Question("乌干达呢", "zh", (uganda,)), before).terms][:2] == ["乌干达", "2024年"]
    first = KeyTerm("第一届", ordinal_forms(1, "届"), ORDINAL, 3.0, hard=True)
    assert follow_on(Question("第一届呢", "zh", (first,)), before).terms[1] is YEAR_2024
    blower = KeyTerm("whistle-blower", ("举报人",), WORD, 3.0)
    earlier = KeyTerm("Whistle-blower", ("举报人", "whistle-blower"), WORD, 3.0)  # read otherwise the first time
    again = follow_on(Question("whistle-blower in Kenya?", "en", (blower,)), Question("x", "en", (TERMS[0], earlier)))
    assert [t.label.lower() for t in again.terms].count("whistle-blower") == 1


def test_an_english_term_is_shown_as_the_question_writes_it():
    terms = key_terms("What support did Fiji and the GRACE initiative receive?", "en", Analyzer(), {}, lambda t: 0, 100)
    labels = [t.label for t in terms.terms]
    assert "Fiji" in labels and "GRACE" in labels and "fiji" not in labels, labels
    fiji = key_terms("What support did Fiji receive?", "en", Analyzer(), {"fiji": ["斐济"]}, lambda t: 3, 100).terms
    assert [(t.forms, t.hard) for t in fiji if t.label == "Fiji"] == [(("斐济", "fiji"), True)]  # still a country


def test_highlights_mark_informative_terms_whole_numbers_and_english_words():
    from assistant.text.highlight import highlight_spans
    from assistant.text.keyterms import RESOLUTION

    resolution = KeyTerm("8/11", ("8/11",), RESOLUTION, 3.0, hard=True)
    eight = KeyTerm("8", ("8",), "number", 3.0, hard=True)
    whistle = KeyTerm("whistle-blowers", ("举报人", "whistle-blowers"), WORD, 3.0)
    text = "On 18 December, resolution 8/11 asked States to protect whistle-blowers (举报人) and to work more."
    marked = [text[a:b] for a, b in highlight_spans(text, [resolution, eight, whistle, WORK])]
    assert marked == ["8/11", "whistle-blowers", "举报人"]  # not the 8 of 18, nor the generic "work"


def test_an_interrogative_and_the_word_it_asks_about_are_no_key_term():
    """No paragraph writes 哪部 or 几天: reported lacking from every one, they would only add noise. (几场 asks a
    count: see the next test.)"""
    asked = [("哪部手册讲了举报人保护？", "哪部"), ("讲习班办了几天？", "几天"), ("中心是哪年哪月启动的？", "哪年")]
    for question, asking in asked:
        labels = [t.label for t in _terms(question)]
        assert labels and not any(asking in label for label in labels), labels
    guinea = _terms("几内亚的反腐败机构")
    assert any("几内亚" in t.label for t in guinea)  # a name that begins like a question word stays


def test_a_word_the_segmenter_makes_up_from_a_function_character_is_no_key_term():
    """jieba glues 日 and 有 of "国际反腐败日有哪些活动" into 日有, a word no dictionary has and no paragraph writes;
    a made-up word of a name's characters stays (a name the dictionaries lack is what the question is about)."""
    day = [t.label for t in _terms("2020年国际反腐败日有哪些活动？")]
    assert "活动" in day and not any("日有" in label for label in day), day
    name = [t.label for t in _terms("泽伦斯卡娅在哪里任职？")]
    assert "".join(name).startswith("泽伦斯卡娅"), name


def test_two_common_words_written_together_make_a_phrase_but_a_rarer_word_stands_alone():
    """国际 + 反腐败 is (most of) the day's name; 小岛屿 + 国家 would ask a paragraph on 小岛屿发展中国家 to write
    "小岛屿国家" word for word."""
    frequency = lambda term: 3 if "岛" in term else 40  # noqa: E731 (of 100 paragraphs: over 8 is common)
    day = key_terms("国际反腐败日的活动", "zh", Analyzer(), {}, frequency, 100, lambda text: 2).terms
    assert "国际反腐败" in [t.label for t in day]
    islands = [t.label for t in key_terms("小岛屿国家", "zh", Analyzer(), {}, frequency, 100, lambda text: 2).terms]
    assert "小岛屿" in islands and "小岛屿国家" not in islands, islands


def test_a_lone_latin_letter_or_slash_in_a_chinese_question_is_no_name():
    """Markup pasted with a question ("<b>举报</b>") left hard names "b" and "/" that every paragraph lacked or
    that marked each slash of a paragraph; a Latin word of two letters or more is still a name."""
    terms = key_terms("<b>举报</b> x 与 UN 的合作", "zh", Analyzer(), {}, lambda t: 3, 100).terms
    assert {t.label for t in terms if t.kind == NAME} == {"un"}


def test_an_ordinary_english_word_the_corpus_writes_is_no_hard_name():
    """The corpus writes "lab" in some English name, but for "Innovation Lab" a paragraph writing 实验室 answers;
    GRACE (so written) and MINUSMA (no dictionary writes it in lower case) are names a paragraph must hold."""
    written = {"lab": 3, "grace": 2, "minusma": 4}
    question = "Who ran the Innovation Lab with GRACE and MINUSMA?"
    terms = key_terms(question, "en", Analyzer(), {}, lambda term: written.get(term, 0), 100).terms
    assert {t.label: t.hard for t in terms if t.kind == NAME} == {"Lab": False, "GRACE": True, "MINUSMA": True}
    star = {"star": 3}
    started = key_terms("Who started the StAR initiative?", "en", Analyzer(), {}, lambda term: star.get(term, 0), 100)
    assert [t.hard for t in started.terms if t.label == "StAR"] == [True]  # StAR as written, not "star" of "started"


def test_a_question_asking_how_many_needs_a_paragraph_that_counts():
    """第一届…有多少名学生参赛: a paragraph on the event that gives no count of people does not answer it."""
    question = key_terms("第一届Hackathon4Justice有多少名学生参赛？", "zh", Analyzer(), {}, lambda term: 5, 100)
    [count] = [t for t in question.terms if t.kind == COUNT]
    assert count.hard and count.forms == ("名", "位", "人", "个", *"0123456789")  # (digits: counted in English)
    counts = ("这次活动有 80 多名学生参赛", "约 1,200 人参加", "十二位法官", "300 余名青年", "数千名学生", "十几名")
    for counted in counts:
        assert contains(squashed(counted), count), counted
    for uncounted in ("学生们竞相开发技术解决方案", "许多名人出席", "名为“廉正”的方案", "第一届于 2019 年举行"):
        assert not contains(squashed(uncounted), count), uncounted
    countries = _terms("为多少个国家提供了援助？")
    assert [t.forms for t in countries if t.kind == COUNT] == [("个", *"0123456789")]
    products = _terms("推出了多少项知识产品？")
    assert [t.forms for t in products if t.kind == COUNT] == [("项", "个", *"0123456789")]  # "三个知识产品" answers
    not_counts = [("推出了哪几项知识产品？", "产品"), ("为多少国家提供了援助？", "国家"), ("这几个国家的法律", "国家")]
    for question, kept in not_counts:
        terms = _terms(question)  # which ones; a word, not 国
        assert not any(t.kind == COUNT for t in terms) and kept in [t.label for t in terms], question
    assert highlight_spans("有 80 多名学生", [count]) == []  # a lone 名 is no mark


def test_an_acronym_of_the_un_system_is_its_chinese_name_only_where_it_stands_alone():
    question = key_terms("Which ILO forum on sport?", "en", Analyzer(), {}, lambda term: 5, 100)
    assert [t.forms for t in question.terms if t.label == "ILO"] == [("ilo", "劳工组织")]
    assert "劳工组织" not in Analyzer().terms("a pilot scheme")  # "ilo" inside a word is no acronym
    assert "劳工组织" in Analyzer().terms("the ILO's pilot")


def _asked(question: str, lang: str) -> list[tuple[str, str]]:
    terms = _terms(question, lang)
    return [(t.kind, t.label) for t in terms if t.kind in (AMOUNT, SHARE, PERSON, TITLE)]


def test_a_question_asking_how_much_money_or_what_share_needs_a_paragraph_that_writes_one():
    """A paragraph on the project asked about that gives no sum does not answer what it cost."""
    assert _asked("审议机制一共收到多少美元？", "zh") == [(AMOUNT, "多少美元")]
    assert _asked("该项目的总预算是多少？", "zh") == [(AMOUNT, "预算是多少")]
    assert _asked("有多大比例的人行过贿？", "zh") == [(SHARE, "多大比例")]
    assert _asked("How much funding did the project receive?", "en") == [(AMOUNT, "how much funding")]
    assert _asked("How much did the review mechanism still lack?", "en") == []  # no word of money
    assert _asked("How much was spent on the review mechanism?", "en") == [(AMOUNT, "how much")]
    assert _asked("What is the total budget of the project?", "en") == [(AMOUNT, "total budget")]
    assert _asked("What percentage of respondents paid a bribe?", "en") == [(SHARE, "what percentage")]
    for question in ("为多少国家提供了资金？", "预算有多少个项目？", "How much progress was made?"):
        assert _asked(question, "zh" if question[0] > "~" else "en") == [], question
    [amount] = [t for t in _terms("一共有多少美元？") if t.kind == AMOUNT]
    [share] = [t for t in _terms("有多大比例？") if t.kind == SHARE]
    assert amount.hard and share.hard
    for written in ("共计 18,443,200 美元", "数百万美元", "US$ 2.5 million", "$500", "2 million dollars", "EUR 40,000"):
        assert contains(squashed(written), amount), written
    for written in ("以美元计的捐款", "the dollar value", "资金缺口减少了"):
        assert not contains(squashed(written), amount), written
    for written in ("30%", "30 %", "百分之三十", "三分之一的缔约国", "45 per cent", "20 percent"):
        assert contains(squashed(written), share), written
    for written in ("比例很高", "a percent of", "第三次"):
        assert not contains(squashed(written), share), written
    assert highlight_spans("共计 500 美元", [amount]) == []  # a lone currency is no mark


def test_what_the_answer_must_write_gates_a_paragraph_but_is_no_content_it_holds():
    """A paragraph writing some sum in dollars holds no more of "联合国人口基金的总预算是多少" than one without."""
    fund = KeyTerm("联合国人口基金", ("联合国人口基金",), WORD, 6.0)
    budget = KeyTerm("总预算", ("总预算",), WORD, 6.0)
    amount = KeyTerm("预算是多少", ("美元",), AMOUNT, 5.0, hard=True)
    terms = (fund, budget, amount)
    assert coverage(terms, [fund, budget]) == 0.0  # holds a sum, nothing of what was asked about
    assert judge(terms, [fund, budget], similarity=0.95, lexical=20.0, levels=LEVELS).level != STRONG
    assert judge(terms, [amount], similarity=0.95, lexical=20.0, levels=LEVELS).level == PARTIAL  # no sum: no answer
    assert judge(terms, [], similarity=0.95, lexical=20.0, levels=LEVELS).level == STRONG
    assert judge((amount,), [], similarity=0.95, lexical=20.0, levels=LEVELS).level == WEAK  # "多少钱？" alone


def test_a_paragraph_far_closer_in_meaning_than_any_probe_needs_only_a_little_of_the_question_in_its_words():
    """A colloquial question or one in other words (年轻人 for 青年, 岁数 for 岁) holds few of the paragraph's words."""
    board = KeyTerm("青年廉正咨询委员会", ("青年廉正咨询委员会",), WORD, 2.0)
    words = tuple(KeyTerm(w, (w,), WORD, 3.0) for w in ("那个", "年轻人", "岁数", "是不是"))
    terms, lacking = (board, *words), list(words)  # holds 2 of 14: 0.14
    far_above = LEVELS.dense + 2 * LEVELS.near
    assert judge(terms, lacking, similarity=far_above, lexical=0.0, levels=LEVELS).level == STRONG
    assert judge(terms, lacking, similarity=LEVELS.dense, lexical=0.0, levels=LEVELS).level == PARTIAL  # only close
    nothing = [board, *words]
    assert judge(terms, nothing, similarity=far_above, lexical=0.0, levels=LEVELS).level != STRONG
    year = KeyTerm("2024年", ("2024",), YEAR, 2.5, hard=True)
    assert judge((year, *terms), [year, *lacking], similarity=far_above, lexical=0.0, levels=LEVELS).level != STRONG


def test_an_english_question_asking_how_many_needs_a_paragraph_that_counts_in_either_language():
    terms = _terms("How many delegates took part in the forum?", "en")
    [count] = [t for t in terms if t.kind == COUNT]
    assert count.hard and count.label == "how many delegates" and "delegates" in [t.label for t in terms]
    civil = key_terms("How many civil society representatives took part?", "en", Analyzer(), {}, lambda t: 5, 100)
    assert [t.label for t in civil.terms if t.kind == COUNT] == ["how many civil society representatives"]
    for counted in ("来自 93 个国家的 1,400 名代表", "some 300 delegates took part", "25 members"):
        assert contains(squashed(counted), count), counted
    for uncounted in ("第三十三届会议", "2020 年 1 月", "in 2021 the forum met", "the covid-19 pandemic"):
        assert not contains(squashed(uncounted), count), uncounted
    zh = _terms("有多少名学生参赛？")
    assert contains(squashed("some 300 students took part"), next(t for t in zh if t.kind == COUNT))


def test_an_acronym_inside_a_document_symbol_is_part_of_the_symbol():
    terms = _terms("CAC/COSP/IRG/2022/1 第3段")
    assert [t.label for t in terms if t.kind == SYMBOL] == ["CAC/COSP/IRG/2022/1"]
    assert not any(t.label.lower() in ("cosp", "irg") for t in terms)


def test_how_a_colloquial_question_is_put_is_no_key_term():
    question = "听说那个青年廉正咨询委员会是不是只收年轻人？请问某个国家也有吗？截至今年还有名额吗？"
    labels = [t.label for t in _terms(question)]
    assert not {"听说", "那个", "是不是", "请问", "某个", "截至", "还有"} & set(labels), labels
    assert "年轻人" in labels


def test_a_question_asking_who_chaired_needs_a_paragraph_that_names_someone():
    [person] = [t for t in _terms("第二次续会由谁主持？") if t.kind == PERSON]
    english = _terms("Who chaired the meeting in 2023?", "en")
    assert person.hard and [t.label for t in english if t.kind == PERSON] == ["who chaired"]
    assert _asked("Who co-published the guide?", "en") == []  # (an organisation, not a person)
    for named in ("由候任主席 Amr Adel Hosny（埃及）主持", "由阿姆鲁·侯斯尼主持", "chaired by Ms. Smith (Chair)"):
        assert contains(squashed(named), person), named
    for nobody in ("审议组于 2022 年 11 月举行了续会", "2019 冠状病毒病（COVID-19）大流行", "全球方案（CRIMJUST）"):
        assert not contains(squashed(nobody), person), nobody


def test_an_english_anniversary_is_counted_in_years_not_ranked():
    terms = key_terms(
        "How will the IRG mark the Convention's 20th anniversary?", "en", Analyzer(), {}, lambda t: 5, 100
    )
    [twentieth] = [t for t in terms.terms if t.kind == ORDINAL]
    assert contains(squashed("2023 年将是《公约》获得通过二十周年"), twentieth)
    assert not contains(squashed("缔约国会议第二十届会议"), twentieth)


def test_a_question_asking_what_something_is_called_needs_a_paragraph_that_quotes_a_title():
    """UN reports write a title quoted (题为“……”的第9/3号决议, 《……指南》): a paragraph on the guide asked about
    that quotes none does not say what it is called. A theme is no title: a workshop's is told, not quoted."""
    assert _asked("第9/3号决议的全称是什么？", "zh") == [(TITLE, "全称是什么")]
    assert _asked("那本指南叫啥名字来着？", "zh") == [(TITLE, "叫啥名字")]
    assert _asked("What is the name of the handbook produced in Malawi?", "en") == [(TITLE, "what is the name of")]
    assert _asked("whats that UNODC guide for wildlife agencies called", "en") == [(TITLE, "called")]
    for question in ("讲习班的主题是什么？", "What was the theme of the workshop?", "Who called the meeting?"):
        assert _asked(question, "zh" if question[0] > "~" else "en") == [], question
    [title] = [t for t in _terms("它的全称是什么？") if t.kind == TITLE]
    assert title.hard
    for written in (
        "题为“加强反腐败机构的效力”的第8/7号决议",
        "出版了《为健康发声!》",
        'the "Speak up for health!" guide',
    ):
        assert contains(squashed(written), title), written
    assert not contains(squashed("第8/7号决议请秘书处开展研究"), title)


def test_a_paragraph_holding_the_resolution_asked_and_all_else_is_strong_however_far_in_meaning():
    """A list of resolutions with their titles is far in meaning from "第9/3号决议的全称是什么？"."""
    resolution = KeyTerm("9/3", ("9/3",), RESOLUTION, 5.0, hard=True)
    title = KeyTerm("全称是什么", ("“",), TITLE, 5.0, hard=True)
    far = LEVELS.dense - 5 * LEVELS.near
    assert judge((resolution, title), [], far, 1.0, LEVELS).level == STRONG
    assert judge((resolution, title), [title], far, 1.0, LEVELS).level != STRONG
    assert judge((resolution, DAY), [DAY], far, 1.0, LEVELS).level != STRONG


def test_years_a_question_joins_with_and_are_alternatives_not_a_range():
    def years(question: str) -> list[tuple[str, tuple[str, ...], bool]]:
        terms = _terms(question, "en")
        return [(t.label, t.forms, t.hard) for t in terms if t.kind == YEAR]

    assert years("What happened in 2021 and 2023?") == [("2021", ("2021",), True), ("2023", ("2023",), True)]
    assert years("What changed between 2017 and 2020?") == [
        ("between 2017 and 2020", ("2017", "2018", "2019", "2020"), False)
    ]
    late = _terms("2019年底到2020年初有多少师生参加？")
    assert [(t.forms, t.hard) for t in late if t.kind == YEAR] == [(("2019", "2020"), False)]  # one span of time


def test_the_kind_of_thing_a_question_asks_for_is_no_key_term():
    """ "Which UN entity signed …": the paragraph answering names it (联合国妇女署) and need not write 实体."""

    def labels(question: str, lang: str) -> list[str]:
        return [t.label for t in _terms(question, lang)]

    assert "entity" not in labels("Which UN entity signed a memorandum with UNODC?", "en")
    assert "agencies" not in labels("What agencies took part in the forum?", "en")
    assert "实体" not in labels("哪个联合国实体与毒品和犯罪问题办公室签署了备忘录？", "zh")
    assert "机构" not in labels("哪些机构参加了论坛？", "zh")
    assert "entity" in labels("The entity signed a memorandum with UNODC", "en")  # not asked for: a word of it


def test_a_year_naming_a_report_is_held_by_the_documents_of_that_year():
    """ "2017年的报告" names its source: the background paper of 2017 speaks of 2016 or 本报告所述期间."""

    def marked(question: str, lang: str) -> list[tuple[str, bool]]:
        terms = _terms(question, lang)
        return [(t.label, t.of_document) for t in terms if t.kind == YEAR]

    assert marked("为什么2017年的报告认为援助难以满足请求？", "zh") == [("2017年", True)]
    assert marked("2017年提交了多少份报告？", "zh") == [("2017年", False)]
    assert marked("2020年和2021年的报告说了什么？", "zh") == [("2020年", True), ("2021年", True)]
    assert marked("Where were the advisers based according to the 2017, 2021 and 2023 reports?", "en") == [
        ("2017", True),
        ("2021", True),
        ("2023", True),
    ]
    assert marked("What does the report of 2020 say about sport?", "en") == [("2020", True)]
    assert marked("How many reports were submitted in 2019?", "en") == [("2019", False)]
    assert marked("缔约国数目在2020年和2023年的文件里分别是多少？", "zh") == [("2020年", True), ("2023年", True)]
    assert marked("2021年关于预防腐败决议执行情况的报告说了什么？", "zh") == [("2021年", True)]
    # where things stood by a year is what that year's report says; not by its end, after a report of that year
    assert marked("截至2017年，共有多少个国家提交了资料？", "zh") == [("2017年", True)]
    assert marked("By 2017, how many experts had been trained?", "en") == [("2017", True)]
    assert marked("截至2023年底一共支出了多少？", "zh") == [("2023年", False)]
    assert marked("How much was spent by the end of 2023?", "en") == [("2023", False)]
