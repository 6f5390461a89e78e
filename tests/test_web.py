"""The web chat as users and scripts meet it: a launched `python app.py`, gradio_client and a real browser."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from gradio_client import Client

from .support import CACHE, ROOT
from .support.web_server import BROWSER_ARGS, CHROMIUM, running_app

ARTIFACTS = ROOT / "test-artifacts"
QUESTION = "哪些小岛屿国家得到了制定反腐败战略的帮助？"
XSS_DOCUMENT = """关于脚本标记<script>window.__xss=1</script>的测试报告

一. 标记

1. 本段包含脚本标记<script>window.__xss = 1;</script>以及图片标记<img src=x onerror="window.__xss=2">，
用于检验斑马鱼界面转义。

2. 第二段只是普通文字，提到斑马鱼实验室。
"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, seed_index):
    root = tmp_path_factory.mktemp("web")
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


def ask_in_page(page, question: str) -> None:
    answers = page.locator(".answer").count()
    page.fill("#question textarea", question)
    page.click("#send")
    page.locator(".answer").nth(answers).wait_for(timeout=30_000)


# -- the API endpoint ---------------------------------------------------------------
def test_search_endpoint_returns_cited_verbatim_paragraphs(app_url, assistant):
    result = Client(app_url, verbose=False).predict(QUESTION, 3, None, None, api_name="/search")
    assert set(result) == {"question", "confident", "hits"}
    assert result["question"] == QUESTION and result["confident"] is True
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]
    top = result["hits"][0]
    assert set(top) == {
        "rank", "citation", "document", "file", "title", "symbol", "date", "paragraph", "section", "text",
        "footnotes", "highlights", "score", "similarity",
    }  # fmt: skip
    assert "库克群岛" in top["text"] and top["citation"].endswith("第9段")
    for hit in result["hits"]:
        para = assistant.corpus.document(hit["document"]).paragraph(hit["paragraph"])
        assert hit["text"] == para.text and hit["citation"] == para.citation
        assert all(0 <= a < b <= len(hit["text"]) for a, b in hit["highlights"])
    assert top["highlights"], "matched terms are highlighted"


def test_search_endpoint_filters_and_reports_bad_input(app_url):
    client = Client(app_url, verbose=False)
    only = client.predict(QUESTION, 5, ["003_d1494f5805fa1413"], None, api_name="/search")
    assert only["hits"] and {h["document"] for h in only["hits"]} == {"003_d1494f5805fa1413"}
    with pytest.raises(Exception, match="empty"):
        client.predict("   ", 5, None, None, api_name="/search")
    with pytest.raises(Exception, match="unknown document"):
        client.predict(QUESTION, 5, ["nope"], None, api_name="/search")


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


# -- a real browser -----------------------------------------------------------------
def test_browser_question_shows_cited_highlighted_paragraphs_with_context(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = context.new_page()
    page.goto(app_url)
    page.get_by_text("已就绪").wait_for(timeout=60_000)
    ask_in_page(page, QUESTION)
    answer = page.locator(".answer").last
    assert answer.locator(".answer-header").inner_text() == "找到 5 段相关内容"
    first = answer.locator(".hit").first
    assert first.locator(".hit-cite").inner_text().endswith("第9段")
    assert first.locator("mark").count() >= 1 and "反腐败" in first.locator(".hit-text").inner_text()

    first.locator(".hit-context summary").click()
    current = first.locator(".hit-context p.ctx-current")
    assert current.is_visible() and "库克群岛" in current.inner_text()
    assert first.locator(".hit-context p").count() == 3  # ¶8, ¶9, ¶10

    first.locator("button.copy-cite").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == first.locator(".hit-cite").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"))

    with context.expect_page() as opened:
        first.get_by_text("全文").click()
    doc_page = opened.value
    doc_page.wait_for_load_state()
    assert doc_page.url.endswith("#p-9")
    target = doc_page.locator("p:target")
    assert "库克群岛" in target.inner_text() and target.is_visible()
    doc_page.screenshot(path=str(ARTIFACTS / "whole-document.png"))

    ask_in_page(page, "那2023年呢？")
    assert "结合上一个问题" in page.locator(".answer").last.locator(".answer-header").inner_text()
    context.close()


def test_browser_english_interface_and_off_corpus_question(app_url, browser):
    page = browser.new_page()
    page.goto(app_url)
    page.get_by_text("已就绪").wait_for(timeout=60_000)
    page.get_by_label("English").check()
    page.get_by_role("button", name="Ask").wait_for()
    ask_in_page(page, "How do I bake sourdough bread at home?")
    header = page.locator(".answer").last.locator(".answer-header").inner_text()
    assert header == "No reliable match found; the closest paragraphs follow"
    assert page.locator(".answer").last.locator(".hit").count() == 5
    page.close()


def test_markup_in_documents_and_questions_stays_inert_and_stale_corpus_is_offered_an_update(
    tmp_path, seed_index, browser
):
    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    (tmp_path / "corpus" / "xss_test.txt").write_text(XSS_DOCUMENT, encoding="utf-8")
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE) as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.get_by_text("文件夹中的文件在建立索引后有变动").wait_for(timeout=60_000)
        page.click("#update-index")
        page.get_by_text("索引已更新").wait_for(timeout=180_000)
        assert page.locator("#update-index").is_hidden()

        ask_in_page(page, '斑马鱼 <script>alert("q")</script><img src=x onerror="window.__xss=3">')
        answer = page.locator(".answer").last
        assert "<script>" in answer.locator(".hit-text").first.inner_text()
        assert "<img src=x" in answer.locator(".hit-text").first.inner_text()
        assert "<script>" in page.locator(".question").last.inner_text()
        page.wait_for_timeout(500)
        assert page.evaluate("window.__xss") is None and not dialogs
        assert page.locator(".answer img").count() == 0 and page.locator(".answer script").count() == 0
        page.screenshot(path=str(ARTIFACTS / "markup-inert.png"))

        doc = browser.new_page()
        doc.goto(url + "doc/xss_test#p-1")
        assert "<script>" in doc.locator("p:target").inner_text()
        assert doc.evaluate("window.__xss") is None
        doc.close()
        page.close()


def test_browser_upload_adds_a_document_and_refuses_bad_files_with_the_reason(tmp_path, seed_index, browser):
    from .support.make_documents import penguin_report, scanned_pdf

    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    (tmp_path / "upload").mkdir()
    big = tmp_path / "upload" / "big.md"
    big.write_text("1. 很长的文字。\n" * 80_000, encoding="utf-8")  # 1.5 MB
    broken = tmp_path / "upload" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really a PDF")
    sheet = tmp_path / "upload" / "table.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    scan = scanned_pdf(tmp_path / "upload" / "scan.pdf")
    penguin = penguin_report(tmp_path / "upload")
    shutil.copy(scan, tmp_path / "corpus" / "copied-scan.pdf")  # put in the folder by hand
    files = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE, options=("--max-upload-mb", "1")) as url:
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("未能读取的文件（未编入索引）：copied-scan.pdf (scanned PDF").wait_for(timeout=60_000)
        page.click("#update-index")
        page.get_by_text("索引已更新").wait_for(timeout=60_000)
        report = page.locator("#upload-report")

        page.set_input_files("#upload input[type=file]", str(big))
        page.get_by_text('exceed the maximum allowed size of 1.0 Mb: "big.md"').wait_for(timeout=10_000)
        page.set_input_files("#upload input[type=file]", [str(broken), str(sheet), str(scan)])
        page.get_by_text("未添加 broken.pdf：not a readable PDF").wait_for(timeout=10_000)
        assert "未添加 table.xlsx：unsupported file type .xlsx" in report.inner_text()
        assert "未添加 scan.pdf：scanned PDF: 1 page(s) of images and no text layer" in report.inner_text()
        assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == files
        assert page.locator("#update-index").is_hidden()  # nothing changed, nothing to update

        page.set_input_files("#upload input[type=file]", str(penguin))
        page.get_by_text("已添加 penguin.pdf（2 段），正在更新索引。").wait_for(timeout=10_000)
        page.get_by_text("索引已更新：added 2,").wait_for(timeout=180_000)
        assert (tmp_path / "corpus" / "penguin.pdf").read_bytes() == penguin.read_bytes()
        ask_in_page(page, "企鹅普查是哪一年完成的？")
        first = page.locator(".answer").last.locator(".hit").first
        assert "《关于企鹅保护的测试报告》，第1段" in first.locator(".hit-cite").inner_text()
        assert "南极企鹅监测项目在 2024 年完成了第三次普查。" in first.locator(".hit-text").inner_text()
        page.screenshot(path=str(ARTIFACTS / "upload.png"))
        with page.context.expect_page() as opened:
            first.get_by_text("全文").click()
        whole = opened.value
        whole.wait_for_load_state()
        assert "南极企鹅监测项目" in whole.locator("p:target").inner_text()
        with whole.expect_download() as download:
            whole.get_by_text("原文件: penguin.pdf").click()
        assert Path(download.value.path()).read_bytes() == penguin.read_bytes()
        page.close()


def test_empty_folder_says_what_to_do_and_the_first_upload_opens_the_index(tmp_path, browser):
    from .support.make_documents import penguin_report, scanned_pdf

    (tmp_path / "corpus").mkdir()
    scanned_pdf(tmp_path / "corpus" / "scan.pdf")
    penguin = penguin_report(tmp_path)
    with running_app(tmp_path / "corpus", tmp_path / "index", CACHE, index_ready=False) as url:
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("no readable documents").wait_for(timeout=60_000)
        assert "scan.pdf: scanned PDF" in page.locator("#status").inner_text()
        page.set_input_files("#upload input[type=file]", str(penguin))
        page.get_by_text("已添加 penguin.pdf（2 段）").wait_for(timeout=30_000)
        page.get_by_text("已就绪：1 个文件，2 个段落。").wait_for(timeout=180_000)
        ask_in_page(page, "企鹅普查")
        assert "第1段" in page.locator(".answer").last.locator(".hit-cite").first.inner_text()
        page.close()
