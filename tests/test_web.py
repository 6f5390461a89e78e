"""The web chat as users and scripts meet it: a launched `python app.py`, gradio_client and a real browser
(Chromium at desktop and phone sizes). Screenshots of the main states go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from gradio_client import Client

from .support import CACHE, ROOT
from .support.web_server import BROWSER_ARGS, CHROMIUM, running_app

ARTIFACTS = ROOT / "test-artifacts"
QUESTION = "哪些小岛屿国家得到了制定反腐败战略的帮助？"
TOP_DOC = "000_f8be4dd885aa960f"  # its paragraph 9 answers QUESTION
UNDATED_DOC = "002_1b4b291f324d38bd"  # CAC/COSP/2017/4: no date in its header
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
XSS_DOCUMENT = """关于脚本标记<script>window.__xss=1</script>的测试报告

一. 标记

1. 本段包含脚本标记<script>window.__xss = 1;</script>以及图片标记<img src=x onerror="window.__xss=2">，
用于检验斑马鱼界面转义。

2. 第二段只是普通文字，提到斑马鱼实验室。
"""


@pytest.fixture(scope="module")
def app_root(tmp_path_factory) -> Path:
    """Where the app's corpus, index and log (app-PORT.log) are."""
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def app_url(app_root, seed_index):
    root = app_root
    shutil.copytree(seed_index / "corpus", root / "corpus")
    shutil.copytree(seed_index / "index", root / "index")
    with running_app(root / "corpus", root / "index", CACHE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str, viewport: dict = DESKTOP, ready: str = "已就绪", **options):
    """A fresh browser context (its own storage) on the page, once the index is ready; clipboard allowed."""
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/").split("/?")[0])
    page = context.new_page()
    page.goto(url)
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    return page


def ask_in_page(page, question: str) -> None:
    answers = page.locator(".answer").count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.locator(".answer").nth(answers).wait_for(timeout=30_000)


def shot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def header_opens_the_answer(page) -> None:
    """The newest answer's header is at the top of the window and its first hit starts inside it."""
    page.wait_for_function(
        "() => { const h = [...document.querySelectorAll('.answer-header')].pop(); if (!h) return false;"
        " const top = h.getBoundingClientRect().top; return top >= -1 && top < 120; }",
        timeout=5_000,
    )
    answer = page.locator(".answer").last
    height = page.viewport_size["height"]
    first_hit = box(answer.locator(".hit").first)
    assert first_hit["y"] < height - 100, (first_hit, height)


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def get(url: str, headers: dict | None = None) -> tuple[bytes, dict]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        return response.read(), dict(response.headers)


# -- the API endpoint ---------------------------------------------------------------


def test_a_port_already_taken_is_said_before_any_address_is_announced(tmp_path):
    """Another chat on 7860: one sentence naming the port and the flag, not the URL then uvicorn's errno."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "app.py", "--port", str(port), "--index-dir", str(tmp_path / "index")]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == "", done
    assert (
        done.stderr == f"error: port {port} on 127.0.0.1 is already in use (is the chat already running?); "
        "choose another with --port N\n"
    )
    assert not (tmp_path / "index").exists()


def test_search_endpoint_returns_cited_verbatim_paragraphs(app_url, assistant):
    result = Client(app_url, verbose=False).predict(QUESTION, 3, None, None, api_name="/search")
    assert set(result) == {"question", "confident", "follow_up", "matched_terms", "key_terms", "hits"}
    assert result["question"] == QUESTION and result["confident"] is True
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]
    top = result["hits"][0]
    assert set(top) == {
        "rank", "citation", "document", "file", "title", "symbol", "date", "paragraph", "section", "text",
        "footnotes", "highlights", "score", "similarity", "level", "coverage", "missing",
    }  # fmt: skip
    assert "库克群岛" in top["text"] and top["citation"].endswith("第9段")
    for hit in result["hits"]:
        para = assistant.corpus.document(hit["document"]).paragraph(hit["paragraph"])
        assert hit["text"] == para.text and hit["citation"] == para.citation
        assert all(0 <= a < b <= len(hit["text"]) for a, b in hit["highlights"])
    assert top["highlights"], "matched terms are highlighted"


def test_search_endpoint_filters_and_reports_bad_input(app_url, app_root):
    client = Client(app_url, verbose=False)
    only = client.predict(QUESTION, 5, ["003_d1494f5805fa1413"], None, api_name="/search")
    assert only["hits"] and {h["document"] for h in only["hits"]} == {"003_d1494f5805fa1413"}
    with pytest.raises(Exception, match="empty"):
        client.predict("   ", 5, None, None, api_name="/search")
    with pytest.raises(Exception, match="unknown document"):
        client.predict(QUESTION, 5, ["nope"], None, api_name="/search")
    [log] = app_root.glob("app-*.log")
    assert "Traceback" not in log.read_text(encoding="utf-8")  # a refused request is an answer, not a crash


def test_twenty_concurrent_sessions_get_their_own_answers(app_url, dev_questions, assistant):
    questions = [q["question"] for q in dev_questions if q["gold"]][:20]
    expected = {q: assistant.search(q, k=3)[0].citation for q in questions}

    def one(question: str) -> tuple[str, dict]:
        return question, Client(app_url, verbose=False).predict(question, 3, None, None, api_name="/search")

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(one, questions))
    assert len(answers) == 20
    for question, result in answers:
        assert result["question"] == question
        assert result["hits"][0]["citation"] == expected[question]


def test_pages_and_files_outside_the_chat_are_sent_with_nosniff_and_a_content_security_policy(app_url):
    for path in (f"doc/{TOP_DOC}", f"original/{TOP_DOC}", f"export?format=md&p={quote(TOP_DOC + '#9')}"):
        _, headers = get(app_url + path)
        assert headers["x-content-type-options"] == "nosniff", path
        assert "default-src 'none'" in headers["content-security-policy"], path
    _, headers = get(app_url + f"original/{TOP_DOC}")
    assert "attachment" in headers["content-disposition"]


def test_a_link_to_a_document_no_longer_in_the_corpus_opens_a_page_that_says_so(app_url):
    for path, headers, said in (
        ("doc/gone_doc#p-3", {}, "此文件已不在语料库中"),
        ("doc/gone_doc?lang=en#p-3", {}, "This document is no longer in the corpus"),
        ("original/gone_doc", {"Accept-Language": "en-GB,en;q=0.8"}, "This document is no longer in the corpus"),
    ):
        with pytest.raises(urllib.error.HTTPError) as raised:
            get(app_url + path, headers)
        page = raised.value.read().decode()
        assert raised.value.code == 404, path
        assert raised.value.headers["content-type"].startswith("text/html"), path
        assert f"<h1>{said}</h1>" in page and "gone_doc" in page and "detail" not in page, path
        assert "default-src 'none'" in raised.value.headers["content-security-policy"], path


# -- 1. an answer opens at its header and best hit ----------------------------------------
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_browser_each_answer_opens_at_its_header_and_first_hit(app_url, browser, viewport):
    page = open_page(browser, app_url, viewport)
    name = "phone" if viewport == PHONE else "desktop"
    for question in (QUESTION, "实施情况审议机制第二周期完成了多少份国别审议？"):
        ask_in_page(page, question)
        header_opens_the_answer(page)
    answer = page.locator(".answer").last
    assert answer.locator(".answer-header").inner_text().startswith("找到 5 段相关内容")
    assert page.locator("#question textarea").is_visible()  # the question bar stays at hand
    shot(page, f"answer-{name}")
    page.context.close()


# -- 2. citations: copied with a permanent link, exported ----------------------------------------------
def test_browser_copy_citation_gives_the_citation_and_a_permanent_link_to_the_paragraph(app_url, browser):
    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)
    first = page.locator(".answer").last.locator(".hit").first
    first.locator("button.copy-cite").click()
    copied = clipboard(page)
    citation, _, link = copied.rpartition(" ")
    assert citation.endswith("第9段") and citation == first.get_attribute("data-cite")
    assert link == f"{app_url}doc/{TOP_DOC}#p-9"
    body, _ = get(link.split("#")[0])
    assert 'id="p-9"' in body.decode() and "库克群岛" in body.decode()
    page.context.close()


def test_browser_answer_and_starred_paragraphs_export_as_markdown_word_and_csv(app_url, browser, assistant):
    import docx

    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)
    answer = page.locator(".answer").last
    exports = {}
    for label in ("Markdown", "Word", "CSV"):
        with page.expect_download() as download:
            answer.locator("a.export", has_text=label).click()
        exports[label] = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename.startswith("answer-哪些小岛屿国家得到了制定反腐败战略的帮助")
    para = assistant.corpus.document(TOP_DOC).paragraph("9")
    markdown = exports["Markdown"].decode()
    assert markdown.startswith(f"# {QUESTION}") and para.citation in markdown
    assert "库克群岛" in markdown and f"{app_url}doc/{TOP_DOC}#p-9" in markdown
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(exports["Word"])).paragraphs)
    assert para.citation in word and para.text in word
    rows = list(csv.DictReader(io.StringIO(exports["CSV"].decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[0]["citation"] == para.citation and rows[0]["text"] == para.text
    assert rows[0]["link"] == f"{app_url}doc/{TOP_DOC}#p-9"

    # Starred across two answers: the bar above the conversation exports those paragraphs only.
    answer.locator(".hit").first.locator("button.star").click()
    ask_in_page(page, "毒品和犯罪问题办公室在体育领域开展了哪些反腐败工作？")
    second = page.locator(".answer").last.locator(".hit").first
    second.locator("button.star").click()
    assert second.locator("button.star").get_attribute("aria-pressed") == "true"
    bar = page.locator("#starred-bar")
    assert "2" in bar.inner_text()
    with page.expect_download() as download:
        bar.locator("a", has_text="Markdown").click()
    starred = Path(download.value.path()).read_text(encoding="utf-8")
    assert para.citation in starred and second.get_attribute("data-cite") in starred
    assert starred.count("## ") == 2
    shot(page, "starred-export")
    page.context.close()


# -- 3. English readers ---------------------------------------------------------------------
def test_browser_english_reader_sees_the_chinese_terms_searched_and_an_english_interface(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_label("English").check()
    page.get_by_role("button", name="Ask").wait_for()
    page.wait_for_function("document.title === 'UN documents retrieval assistant'")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Example questions").is_visible()
    page.get_by_text("Which countries received support").first.click()  # (the example is shown cut short)
    page.locator(".answer").first.wait_for(timeout=30_000)  # an example is asked, not only written in the box
    assert (
        page.locator(".question").first.inner_text()
        == "Which countries received support for asset declaration systems?"
    )
    ask_in_page(page, "Which countries received support for asset declaration systems?")
    answer = page.locator(".answer").last
    terms = answer.locator(".answer-terms")
    assert terms.inner_text().startswith("Your English words were searched as these Chinese terms:")
    shown = {t.inner_text() for t in terms.locator(".term").all()}
    assert {"资产", "申报"} <= shown and not {"countries", "asset"} & shown  # (its own words are not "Chinese terms")
    hit = answer.locator(".hit").first
    assert hit.locator(".hit-cite").inner_text().startswith("para. ")
    assert hit.locator("button.copy-cite").inner_text() == "Copy citation"
    shot(page, "english-answer")
    with page.context.expect_page() as opened:
        hit.locator("a.whole").click()
    whole = opened.value
    whole.wait_for_load_state()
    assert whole.locator("html").get_attribute("lang") == "en"
    assert whole.get_by_text("Original file:").is_visible()
    ask_in_page(page, "How do I bake sourdough bread at home?")
    header = page.locator(".answer").last.locator(".answer-header").inner_text()
    assert header == "No reliable match found; the closest paragraphs follow"
    page.context.close()
    body, _ = get(app_url + f"doc/{TOP_DOC}", {"Accept-Language": "en-GB,en;q=0.8"})
    assert "Original file" in body.decode() and "原文件" not in body.decode()


def test_browser_a_question_over_2000_characters_is_said_to_be_cut_in_the_interface_language(app_url, browser):
    page = open_page(browser, app_url)
    long_question = QUESTION * 100  # 2,200 characters, pasted whole
    ask_in_page(page, long_question)
    answer = page.locator(".answer").last
    assert answer.locator(".answer-note").inner_text() == "问题超过 2,000 个字符，只检索了前 2,000 个字符。"
    assert page.locator(".question").last.inner_text() == long_question[:2000]
    page.get_by_label("English").check()
    note = page.locator(".answer").last.locator(".answer-note")
    note.get_by_text("The question was longer than 2,000 characters; only its first 2,000 were searched.").wait_for()
    ask_in_page(page, QUESTION)
    assert page.locator(".answer").last.locator(".answer-note").count() == 0
    page.context.close()


def test_browser_a_warning_toast_is_titled_in_the_interface_language(app_url, browser):
    page = open_page(browser, app_url)
    for language, title, said in (("中文", "提示", "问题是空的"), ("English", "Warning", "The question is empty")):
        page.get_by_label(language).check()
        page.fill("#question textarea", " ")
        page.press("#question textarea", "Enter")
        toast = page.locator("[data-testid=toast-body]", has_text=said)
        toast.wait_for(timeout=10_000)
        assert toast.locator(".toast-title").inner_text().strip() == title
        toast.locator("[data-testid=toast-close]").click()
    page.context.close()


# -- 4. the page's own controls: plain-text copy, a new chat forgets, names without markup ---------------
def test_browser_answer_copies_as_plain_text_and_has_accessible_names_without_markup(app_url, browser):
    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)
    answer = page.locator(".answer").last
    answer.locator("button.copy-answer").click()
    copied = clipboard(page)
    assert copied.startswith(f"问题：{QUESTION}\n找到 5 段相关内容")
    assert "<" not in copied and "&lt;" not in copied
    first = answer.locator(".hit").first
    assert first.get_attribute("data-cite") in copied and first.locator(".hit-text").inner_text() in copied
    labels = page.evaluate("[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
    assert f"问题：{QUESTION}" in labels
    assert not [label for label in labels if "<" in label or "&lt;" in label or "&gt;" in label]
    assert page.get_by_text("Chatbot", exact=True).count() == 0
    page.context.close()


def test_browser_new_chat_forgets_the_previous_question(app_url, browser):
    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)
    ask_in_page(page, "那2023年呢？")
    assert "结合上一个问题" in page.locator(".answer").last.locator(".answer-header").inner_text()
    # Gradio's trash icon emptied the screen and kept the memory; the one control left clears both.
    assert page.locator("#chat button[aria-label='Clear']").count() == 0
    page.get_by_role("button", name="新对话").click()
    page.locator(".answer").first.wait_for(state="detached")
    ask_in_page(page, "那2023年呢？")
    header = page.locator(".answer").last.locator(".answer-header").inner_text()
    assert "结合上一个问题" not in header and "没有上一个问题可接续" in header, header  # it says so
    page.context.close()


# -- 5. phone -------------------------------------------------------------------------------------
def test_browser_phone_layout_fits_with_settings_at_the_top_and_large_tap_targets(app_url, browser):
    page = open_page(browser, app_url, PHONE)
    for control in (page.get_by_label("English"), page.locator("#filters > button").first):
        assert box(control)["y"] + box(control)["height"] < PHONE["height"], control
    ask_in_page(page, QUESTION)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    text = box(page.locator(".answer").last.locator(".hit-text").first)
    assert text["width"] >= 280 and text["x"] + text["width"] <= PHONE["width"]
    targets = page.locator(
        ".answer .hit-actions a, .answer .hit-actions button, .answer-tools button, .answer-tools a, .show-more,"
        " .hit-context summary, .more-hits summary, #send, #clear, #lang label"
    )
    shown = [b for t in targets.all() if t.is_visible() and (b := box(t))["width"] > 0]  # not in a closed <details>
    assert len(shown) >= 15
    small = [b for b in shown if min(b["width"], b["height"]) < 40]
    assert not small, small[:5]
    shot(page, "phone-answer")
    page.locator(".answer").last.locator(".hit").first.locator("a.whole").click()  # opens in a new page
    whole = page.context.pages[-1]
    whole.wait_for_load_state()
    assert whole.locator('meta[name="viewport"]').count() == 1
    assert whole.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(whole, "phone-whole-document")
    page.bring_to_front()
    question = box(page.locator("#question textarea"))
    assert question["width"] >= 200, question  # the buttons beside it leave the question room
    for accordion in ("#filters", "#manage"):  # the arrow that opens it is inside its border
        arrow, edge = box(page.locator(f"{accordion} > button .icon")), box(page.locator(accordion))
        assert arrow["x"] + arrow["width"] <= edge["x"] + edge["width"], accordion
    page.locator("#manage > button").first.click()
    label, icon = box(page.locator("#upload [data-testid=block-label]")), box(page.locator("#upload .icon-wrap"))
    assert label["y"] + label["height"] <= icon["y"]  # the formats and limits above the box, not over its icon
    headings = [box(h)["height"] for h in page.locator("#doc-list th").all()]
    assert max(headings) < 1.5 * min(headings), headings  # no heading cut letter by letter
    page.context.close()


# -- 6. filters ------------------------------------------------------------------------------------
def test_browser_filters_select_undated_documents_and_say_what_they_did(app_url, browser):
    page = open_page(browser, app_url)
    page.locator("#filters > button").first.click()
    page.locator("#filter-years input").click()
    options = page.locator("ul[role=listbox] li")
    options.first.wait_for()
    assert "无日期" in [o.strip() for o in options.all_inner_texts()]  # read at once: the list may re-render
    options.filter(has_text="无日期").click()
    page.keyboard.press("Escape")
    ask_in_page(page, QUESTION)
    answer = page.locator(".answer").last
    assert "筛选：年份 无日期" in answer.locator(".answer-header").inner_text()
    assert {g.get_attribute("data-doc") for g in answer.locator(".doc-group").all()} == {UNDATED_DOC}
    answer.locator("button.share").click()
    shared = clipboard(page)
    assert "year=undated" in shared, shared  # the link asks under the same filter
    other = open_page(browser, shared)
    got = other.locator(".answer").first
    got.wait_for(timeout=30_000)
    assert "筛选：年份 无日期" in got.locator(".answer-header").inner_text()
    assert {g.get_attribute("data-doc") for g in got.locator(".doc-group").all()} == {UNDATED_DOC}
    other.context.close()

    page.locator("#filter-docs input").click()
    page.locator("ul[role=listbox] li", has_text="实施情况审议组第十三届会议").first.wait_for()  # the documents' list
    choices = [o.strip() for o in page.locator("ul[role=listbox] li").all_inner_texts()]
    assert any(c.startswith("CAC/COSP/2017/4 · ") and c.endswith("(无日期)") for c in choices), choices
    long_title = next(c for c in choices if "实施情况审议组第十三届会议第二次续会的报告" in c)
    assert long_title.endswith("(2023年1月30日)")  # the whole title, with its date
    page.locator("ul[role=listbox] li", has_text="实施情况审议组第十三届会议").click()
    page.keyboard.press("Escape")
    ask_in_page(page, QUESTION)
    header = page.locator(".answer").last.locator(".answer-header").inner_text()
    assert header.startswith("没有可显示的段落：所选年份（无日期）中没有所选的文件"), header
    shot(page, "filters")
    page.context.close()


# -- 8. reading comfort -------------------------------------------------------------------------------
def test_browser_chinese_reads_at_30_to_40_characters_a_line_grouped_by_document_with_show_more(app_url, browser):
    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)
    answer = page.locator(".answer").last
    measure = answer.locator(".hit-text").first.evaluate(
        "e => { const s = getComputedStyle(e); return [e.clientWidth / parseFloat(s.fontSize),"
        " parseFloat(s.lineHeight) / parseFloat(s.fontSize)]; }"
    )
    assert 30 <= measure[0] <= 40 and 1.6 <= measure[1] <= 1.8, measure
    docs = [g.get_attribute("data-doc") for g in answer.locator(".doc-group").all()]
    assert len(docs) == len(set(docs)) and len(docs) < 5  # each title once
    assert answer.locator(".more-hits summary").first.inner_text().startswith("本文件另有")
    assert answer.locator(".hit").count() == 5
    answer.locator("button.show-more").click()
    page.wait_for_function("document.querySelectorAll('.answer')[0].querySelectorAll('.hit').length === 10")
    assert page.locator(".answer").count() == 1
    header_opens_the_answer(page)
    page.context.close()


# -- conversation kept across a reload, and shared as a link ----------------------------------------
def test_browser_conversation_survives_a_reload_and_a_question_can_be_shared_as_a_link(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_label("English").check()
    page.get_by_role("button", name="Ask").wait_for()
    ask_in_page(page, QUESTION)
    ask_in_page(page, "那2023年呢？")
    page.reload()
    page.locator(".answer").nth(1).wait_for(timeout=30_000)
    assert page.locator(".question").all_inner_texts() == [QUESTION, "那2023年呢？"]
    assert "searched together with the previous question" in page.locator(".answer-header").last.inner_text()
    page.get_by_role("button", name="Ask").wait_for(timeout=15_000)  # the interface language came back too
    page.locator(".answer").last.locator("button.share").click()
    shared = clipboard(page)
    assert shared.startswith(app_url + "?") and "lang=en" in shared
    page.context.close()

    other = open_page(browser, app_url + "?" + "q=" + quote(QUESTION) + "&lang=en", ready="Ready")
    other.locator(".answer").first.wait_for(timeout=30_000)
    assert other.locator(".question").all_inner_texts() == [QUESTION]
    assert other.locator(".answer-header").first.inner_text().startswith("Found 5 relevant paragraphs")
    assert other.url == app_url  # taken once: a reload does not ask it again
    other.context.close()


# -- Enter → results ---------------------------------------------------------------------------
def test_browser_enter_to_results_latency_is_measured(app_url, browser, dev_questions):
    """Enter pressed → the answer's header on screen, over 12 questions; the p50 goes to test-artifacts.
    The bound asserted is loose (the machine is shared); the figure itself is the benchmark."""
    page = open_page(browser, app_url)
    ask_in_page(page, QUESTION)  # warm
    times = []
    for q in [q["question"] for q in dev_questions][:12]:
        answers = page.locator(".answer").count()
        page.fill("#question textarea", q)
        started = time.perf_counter()
        page.press("#question textarea", "Enter")
        page.locator(".answer").nth(answers).locator(".answer-header").wait_for(timeout=30_000)
        times.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(times)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "enter-to-results.json").write_text(json.dumps({"p50_ms": round(p50), "ms": times}))
    print(f"Enter → results: p50 {p50:.0f} ms over {len(times)} questions")
    assert p50 < 3000, times
    page.context.close()


# -- 7, 9 and the corpus changed from the page: each on its own server -----------------------------------
def test_markup_in_documents_file_names_and_questions_stays_inert_and_stale_corpus_is_offered_an_update(
    tmp_path, seed_index, browser
):
    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    (tmp_path / "corpus" / "xss_test.txt").write_text(XSS_DOCUMENT, encoding="utf-8")
    (tmp_path / "corpus" / "![pix](zzpixel.png).txt").write_bytes(b"\x00\x01binary")  # skipped, named on the page
    (tmp_path / "corpus" / "[N2](javascript:alert(1)).md").write_bytes(b"")  # skipped too
    image_name = tmp_path / "upload" / "[up](zzupload.png).md"  # Gradio drops ":" and "!" from uploaded names
    image_name.parent.mkdir()
    image_name.write_bytes(b"")
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE) as url:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.get_by_text("文件夹中的文件在建立索引后有变动").wait_for(timeout=60_000)
        update = page.locator("#update-index")
        assert box(update)["height"] >= 40 and box(update)["width"] < 400  # a button, not a flat bar
        update.click()
        page.get_by_text("索引已更新：新增").wait_for(timeout=180_000)
        assert update.is_hidden()
        newcomer = open_page(browser, url)  # the update's report is news to the user who asked for it only
        newcomer.wait_for_timeout(2_500)  # the status line refreshed at least once
        assert "索引已更新" not in newcomer.locator("#status").inner_text()
        newcomer.context.close()
        assert "索引已更新：新增" in page.locator("#status").inner_text()
        status = page.locator("#status").inner_text()
        assert "![pix](zzpixel.png).txt（二进制文件，不是文本）" in status
        assert "[N2](javascript:alert(1)).md（文件是空的）" in status

        page.locator("#manage > button").first.click()
        page.set_input_files("#upload input[type=file]", str(image_name))
        report = page.locator("#upload-report")
        report.get_by_text("未添加 [up](zzupload.png).md：文件是空的").wait_for(timeout=10_000)
        assert report.locator("a").count() == 0 and page.locator("#status a, #status img").count() == 0
        title = "关于脚本标记<script>window.__xss=1</script>的测试报告"
        assert title in page.locator("#doc-list").inner_text()
        page.locator("#filters > button").first.click()
        page.locator("#filter-docs input").click()
        assert any(title in o for o in page.locator("ul[role=listbox] li").all_inner_texts())
        page.keyboard.press("Escape")

        ask_in_page(page, '斑马鱼 <script>alert("q")</script><img src=x onerror="window.__xss=3">')
        answer = page.locator(".answer").last
        assert "<script>" in answer.locator(".hit-text").first.inner_text()
        assert "<img src=x" in answer.locator(".hit-text").first.inner_text()
        assert "<script>" in page.locator(".question").last.inner_text()
        page.wait_for_timeout(500)
        assert page.evaluate("window.__xss") is None and not dialogs
        assert page.locator(".answer img").count() == 0 and page.locator(".answer script").count() == 0
        assert not [r for r in requested if "zzpixel" in r or "zzupload" in r or r.endswith("/x")]
        shot(page, "markup-inert")

        doc = context.new_page()
        doc.goto(url + "doc/xss_test#p-1")
        assert "<script>" in doc.locator("p:target").inner_text()
        assert doc.evaluate("window.__xss") is None
        context.close()


def test_browser_upload_says_everything_in_the_interface_language_and_ends_in_a_final_state(
    tmp_path, seed_index, browser
):
    from .support.make_documents import penguin_report, scanned_pdf

    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    (tmp_path / "upload").mkdir()
    big = tmp_path / "upload" / "big.md"
    big.write_text("1. 很长的文字。\n" * 80_000, encoding="utf-8")  # 1.7 MB
    broken = tmp_path / "upload" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really a PDF")
    sheet = tmp_path / "upload" / "table.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    scan = scanned_pdf(tmp_path / "upload" / "scan.pdf")
    penguin = penguin_report(tmp_path / "upload")
    shutil.copy(scan, tmp_path / "corpus" / "copied-scan.pdf")  # put in the folder by hand
    files = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE, options=("--max-upload-mb", "1")) as url:
        page = open_page(browser, url, ready="copied-scan.pdf（扫描版 PDF：1 页图像")
        page.click("#update-index")
        page.get_by_text("索引已更新").wait_for(timeout=60_000)
        assert page.title() == "联合国文件检索助手"
        page.fill("#question textarea", " ")
        page.press("#question textarea", "Enter")
        page.get_by_text("无法检索：问题是空的，请输入问题或关键词。").wait_for(timeout=10_000)

        page.locator("#manage > button").first.click()
        report = page.locator("#upload-report")
        page.set_input_files("#upload input[type=file]", str(big))
        report.get_by_text(re.compile(r"^未添加 big\.md：文件太大（1\.\d MB），上限为 1 MB。$")).wait_for(
            timeout=10_000
        )
        page.set_input_files("#upload input[type=file]", [str(broken), str(sheet), str(scan)])
        report.get_by_text("未添加 broken.pdf：不是可读取的 PDF 文件").wait_for(timeout=10_000)
        assert "未添加 table.xlsx：不支持的文件类型 .xlsx" in report.inner_text()
        assert "未添加 scan.pdf：扫描版 PDF：1 页图像，没有文字层" in report.inner_text()
        assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == files
        assert page.locator("#update-index").is_hidden()  # nothing changed, nothing to update

        page.set_input_files("#upload input[type=file]", str(penguin))
        report.get_by_text("已添加 penguin.pdf（2 段）。").wait_for(timeout=10_000)
        report.get_by_text("索引已更新，新文件现在可以检索。").wait_for(timeout=180_000)
        assert "正在更新索引" not in report.inner_text()
        page.get_by_text("索引已更新：新增 2 段").wait_for(timeout=10_000)
        assert (tmp_path / "corpus" / "penguin.pdf").read_bytes() == penguin.read_bytes()
        ask_in_page(page, "企鹅普查是哪一年完成的？")
        first = page.locator(".answer").last.locator(".hit").first
        assert "《关于企鹅保护的测试报告》，第1段" in first.get_attribute("data-cite")
        assert "南极企鹅监测项目在 2024 年完成了第三次普查。" in first.locator(".hit-text").inner_text()
        shot(page, "upload", full_page=True)
        with page.context.expect_page() as opened:
            first.locator("a.whole").click()
        whole = opened.value
        whole.wait_for_load_state()
        assert "南极企鹅监测项目" in whole.locator("p:target").inner_text()
        with whole.expect_download() as download:
            whole.get_by_text("原文件: penguin.pdf").click()
        assert Path(download.value.path()).read_bytes() == penguin.read_bytes()
        page.context.close()


def test_browser_upload_label_states_the_lower_txt_limit_and_its_refusal_gives_sizes_in_mb(app_url, browser, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(17_000_000)  # over four bytes for each of the 4,000,000 characters a text may have
    page = open_page(browser, app_url)
    page.locator("#manage > button").first.click()
    upload, report = page.locator("#upload"), page.locator("#upload-report")
    upload.get_by_text("添加文档（PDF、Word、Markdown、HTML、TXT；每个不超过 50 MB，TXT 不超过 15.3 MB）").wait_for()
    page.set_input_files("#upload input[type=file]", str(big))
    report.get_by_text("未添加 big.txt：文件太大（16.2 MB），上限为 15.3 MB").wait_for(timeout=30_000)
    assert "bytes" not in report.inner_text()
    page.get_by_label("English").check()
    upload.get_by_text("Add documents (PDF, Word, Markdown, HTML, TXT; up to 50 MB each, TXT up to 15.3 MB)").wait_for()
    page.set_input_files("#upload input[type=file]", str(big))
    report.get_by_text("Not added big.txt: file too large (16.2 MB); the limit is 15.3 MB").wait_for(timeout=30_000)
    page.context.close()


def test_browser_documents_are_listed_edited_replaced_and_deleted_with_an_update_each_time(
    tmp_path, seed_index, browser
):
    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    (tmp_path / "corpus" / "zebra.txt").write_text(
        "斑马保护测试报告\n\n1. 斑马研究所在 2019 年统计了草原上的斑马。\n", encoding="utf-8"
    )
    new_version = tmp_path / "zebra-v2.md"
    new_version.write_text(
        "# 斑马保护测试报告（修订）\n\n1. 斑马研究所在 2024 年重新统计了草原上的斑马。\n", encoding="utf-8"
    )
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE) as url:
        page = open_page(browser, url)
        page.click("#update-index")
        page.get_by_text("索引已更新").wait_for(timeout=180_000)
        page.locator("#manage > button").first.click()
        table = page.locator("#doc-list table")
        row = table.locator("tr", has_text="zebra.txt")
        assert row.locator("td").all_inner_texts() == ["斑马保护测试报告", "", "无日期", "中文", "1", "zebra.txt"]
        assert table.locator("tr", has_text="CAC/COSP/2017/4").locator("td").nth(4).inner_text() == "92"

        page.locator("#manage-doc input").click()
        page.locator("ul[role=listbox] li", has_text="斑马保护测试报告").click()
        # the form is filled from the server: what is typed before it arrives would be overwritten
        page.wait_for_function("document.querySelector('#meta-title textarea').value === '斑马保护测试报告'")
        page.fill("#meta-symbol textarea", "ZEBRA/2019/1")
        page.fill("#meta-date textarea", "2019-05-04")
        page.click("#meta-save")
        report = page.locator("#manage-report")
        report.get_by_text("已保存 zebra.txt 的目录信息。 索引已更新").wait_for(timeout=180_000)
        assert 'symbol = "ZEBRA/2019/1"' in (tmp_path / "corpus" / "catalog.toml").read_text(encoding="utf-8")
        ask_in_page(page, "斑马统计")
        group = page.locator(".answer").last.locator(".doc-group").first
        assert "ZEBRA/2019/1 · 2019年5月4日" in group.locator(".doc-meta").inner_text()

        page.set_input_files("#replace input[type=file]", str(new_version))
        report.get_by_text("已用 zebra-v2.md 替换 zebra.txt（1 段）。 索引已更新").wait_for(timeout=180_000)
        assert not (tmp_path / "corpus" / "zebra.txt").exists() and (tmp_path / "corpus" / "zebra.md").exists()
        ask_in_page(page, "斑马统计")
        first = page.locator(".answer").last.locator(".hit").first
        assert "2024 年重新统计" in first.locator(".hit-text").inner_text()
        assert first.get_attribute("data-cite").startswith("ZEBRA/2019/1")  # the catalog entry followed the file
        shot(page, "manage-documents", full_page=True)

        okapi = tmp_path / "okapi.md"
        okapi.write_text("# 霍加狓测试报告\n\n1. 霍加狓在 2021 年首次被拍到。\n", encoding="utf-8")
        page.set_input_files("#upload input[type=file]", str(okapi))
        page.locator("#upload-report").get_by_text("现在可以检索").wait_for(timeout=180_000)
        assert "已添加 okapi.md（1 段）" in page.locator("#upload-report").inner_text()
        page.click("#delete-doc")
        page.click("#confirm-delete")
        report.get_by_text("已删除 zebra.md。 索引已更新").wait_for(timeout=180_000)
        assert "okapi" not in page.locator("#upload-report").inner_text()  # that report is no longer the news
        assert not (tmp_path / "corpus" / "zebra.md").exists()
        table.locator("tr", has_text="zebra").wait_for(state="detached", timeout=10_000)
        ask_in_page(page, "斑马统计")
        assert "zebra" not in page.locator(".answer").last.inner_html()
        older = page.locator(".answer").nth(page.locator(".answer").count() - 2).locator(".hit").first
        with page.context.expect_page() as opened:
            older.locator("a.whole").click()  # a link of an answer given before the document was deleted
        gone = opened.value
        gone.wait_for_load_state()
        assert gone.locator("h1").inner_text() == "此文件已不在语料库中" and "zebra" in gone.locator("p").inner_text()
        page.context.close()


def test_empty_folder_says_what_to_do_and_the_first_upload_opens_the_index(tmp_path, browser):
    from .support.make_documents import penguin_report, scanned_pdf

    (tmp_path / "corpus").mkdir()
    scanned_pdf(tmp_path / "corpus" / "scan.pdf")
    penguin = penguin_report(tmp_path)
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE, index_ready=False) as url:
        page = open_page(browser, url, ready="文件夹中还没有可读取的文件")
        assert "scan.pdf（扫描版 PDF" in page.locator("#status").inner_text()
        assert page.locator("#upload").is_visible()  # the document box opens itself
        page.set_input_files("#upload input[type=file]", str(penguin))
        page.get_by_text("已添加 penguin.pdf（2 段）").wait_for(timeout=30_000)
        page.get_by_text("已就绪：1 个文件，2 个段落。").wait_for(timeout=180_000)
        ask_in_page(page, "企鹅普查")
        assert page.locator(".answer").last.locator(".hit-cite").first.inner_text() == "第1段"
        page.context.close()
