"""Pure rules of reading English questions: adjectives of nationality, hyphenated and derived words, CC-CEDICT
words the corpus writes as several terms, and renderings kept only where the corpus writes them."""

from __future__ import annotations

from assistant.text.analyzer import Analyzer, english_country_names, english_demonyms
from assistant.text.english import MAX_TERMS_PER_WORD, Written, build_dictionary, match_english, stem_phrase


def test_adjectives_of_nationality_name_their_country():
    demonyms = english_demonyms()
    assert demonyms["malaysian"] == "马来西亚"
    assert demonyms["nigerian"] == "尼日利亚"  # Nigeria + n, not Niger + ian
    assert demonyms["lebanese"] == "黎巴嫩"
    assert demonyms["pakistani"] == "巴基斯坦"
    assert demonyms["italian"] == "意大利"
    assert demonyms["chinese"] == "中国"
    assert demonyms["kyrgyz"] == "吉尔吉斯斯坦" and demonyms["american"] == "美国" and demonyms["russian"] == "俄罗斯"


def test_a_country_is_named_as_un_documents_write_it():
    names = english_country_names()  # pycountry: 吉尔吉斯坦, 玻利维亚共和国, 英国
    assert names["kyrgyzstan"] == "吉尔吉斯斯坦"
    assert names["bolivia"] in "多民族玻利维亚国" and names["united kingdom"] in "大不列颠及北爱尔兰联合王国"


def test_a_hyphenated_word_the_dictionary_lacks_is_read_as_its_parts():
    dictionary = {stem_phrase("integrity"): ["廉正"], stem_phrase("whistle-blowers"): ["举报人"]}
    match = match_english("integrity-related webinars for whistle-blowers", dictionary)
    assert match.matched == {"integrity": ["廉正"], "whistle-blowers": ["举报人"]}
    assert match.unmatched == ("webinars",)  # "related" says nothing a paragraph could lack


def test_a_cedict_word_split_into_corpus_terms_renders_a_sense_nothing_else_does():
    analyzer = Analyzer()
    dictionary = build_dictionary({"大", "流行", "白", "天", "数据"}, analyzer)
    assert dictionary[stem_phrase("pandemic")] == ["大流行"]
    assert dictionary[stem_phrase("big data")] == ["大数据"]
    assert stem_phrase("chalk") not in dictionary  # 大白: two single characters say nothing of chalk
    assert stem_phrase("broad daylight") not in dictionary  # 大白天: nor three


def test_written_keeps_only_the_renderings_the_corpus_writes():
    asked: list[str] = []

    def written(chinese: str) -> bool:
        asked.append(chinese)
        return chinese != "世界粮食署"

    english = Written({"world food program": ["世界粮食署"], "pandem": ["大流行", "疫情"]}, written)
    assert "world food program" not in english
    assert english["pandem"] == ["大流行", "疫情"]
    assert english["pandem"] == ["大流行", "疫情"] and asked.count("大流行") == 1  # each asked once
    match = match_english("Did the World Food Programme meet during the pandemic?", english)
    assert match.matched == {"pandemic": ["大流行", "疫情"]}


def test_a_glossary_phrase_is_not_extended_by_a_cedict_sense_that_stems_alike():
    dictionary = build_dictionary({"公共", "采购", "检察官"}, Analyzer())
    assert "采购" in dictionary[stem_phrase("public procurement")]
    assert "检察官" not in dictionary[stem_phrase("public procurement")]  # 'public procurator' stems alike


def test_a_derived_word_the_dictionary_lacks_is_read_as_its_root():
    dictionary = {stem_phrase("prosecute"): ["检察"], stem_phrase("panel"): ["小组"], "boar": ["野猪"]}
    match = match_english("prosecutorial panellists on the board", dictionary)
    assert match.matched == {"prosecutorial": ["检察"], "panellists": ["小组"]}
    assert match.unmatched == ("board",)  # a root of 4 letters says too little ("boar")
    far = match_english("nationalistic", {"nation": ["国家"]})  # 5 letters past the root: another word
    assert far.matched == {} and far.unmatched == ("nationalistic",)


def test_of_many_renderings_of_a_word_those_everyday_chinese_uses_most_are_kept():
    renderings = {"建设", "建立", "成立", "设立", "创建", "创设", "建置", "开立", "建树", "创下"}  # of "establish"
    rendered = build_dictionary(renderings, Analyzer())[stem_phrase("established")]
    assert len(rendered) == MAX_TERMS_PER_WORD
    assert {"建立", "设立", "成立"} <= set(rendered)  # not 建置 or 开立, first in code-point order
    assert not {"建置", "开立"} & set(rendered)


def test_an_english_word_for_a_chinese_stop_word_is_not_reported_unmatched():
    # 问题 and 情况 are stop-words of a Chinese question: "problem", "situation" are none of an English one
    match = match_english("What problem did the situation pose for webinars?", {})
    assert match.unmatched == ("pose", "webinars")


def test_a_contraction_or_an_interjection_is_no_unmatched_term():
    match = match_english("didn't they say what's new about webinars?", {})
    assert match.unmatched == ("webinars",)
    assert match_english("hey, did someone put out stuff on webinars?", {}).unmatched == ("webinars",)


def test_an_inflected_common_word_is_not_matched_even_when_the_dictionary_has_it():
    dictionary = {
        stem_phrase("asking"): ["要求"],
        stem_phrase("someone"): ["有人"],
        stem_phrase("webinar"): ["网络研讨会"],
    }
    match = match_english("someone asking about webinars", dictionary)
    assert match.matched == {"webinars": ["网络研讨会"]} and match.unmatched == ()


def test_an_irregular_form_is_read_as_its_lemma():
    """Snowball leaves "women", "spent" and "taught" as they are: CC-CEDICT's "woman" and "spend" were never found."""
    dictionary = {stem_phrase("woman"): ["妇女"], stem_phrase("spend"): ["开支"], stem_phrase("teach"): ["教学"]}
    match = match_english("money spent on women who taught ethics", dictionary)
    assert match.matched == {"spent": ["开支"], "women": ["妇女"], "taught": ["教学"]}
    assert stem_phrase("left data") == "left data"  # words that are lemmas themselves stay
