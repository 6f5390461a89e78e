"""Every text the web page shows, in Chinese and English, and the engine's errors said in either by their code."""

from __future__ import annotations

import datetime as dt
import string

from ..ingest.limits import MAX_DOCUMENT_CHARS, MAX_FILE_BYTES, MAX_MARKUP_CHARS, size_text

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "联合国文件检索助手",
        "subtitle": "用中文或英文提问，得到原文段落及其确切出处。助手不写任何自己的回答。",
        "found": "找到 {n} 段相关内容",
        "in_documents": "（来自 {docs} 个文件）",
        "not_found": "没有找到可靠的匹配，以下为最接近的段落",
        "none": "没有可显示的段落",
        "follow_up": "（结合上一个问题检索）",
        "nothing_to_follow": "（没有上一个问题可接续，已作为独立问题检索）",
        "no_key_terms": "（问题中没有可核对的内容词，如名称、年份或主题词：请换个问法）",
        "cut": "问题超过 {n} 个字符，只检索了前 {n} 个字符。",
        "filters_active": "筛选：{filters}",
        "filter_documents": "文件 {names}",
        "filter_years": "年份 {years}",
        "emptied_by_years": "所选年份（{years}）中没有所选的文件（{names}），请放宽年份或文件筛选。",
        "emptied_by_year_only": "语料库中没有年份为 {years} 的文件，请放宽年份筛选。",
        "emptied_by_documents": "所选的文件已不在语料库中，请重新选择文件。",
        "undated": "无日期",
        "terms": "英文提问已转换为以下中文检索词：",
        "no_terms": "英文提问中没有词语能对应到语料库的中文术语，结果只按语义排序。",
        "question": "问题",
        "question_said": "问题：{q}",
        "answer_said": "回答：{header}",
        "conversation": "对话",
        "placeholder": "例如：哪些小岛屿国家得到了制定反腐败战略的帮助？",
        "send": "提问",
        "clear": "新对话",
        "filters": "筛选",
        "documents": "文件",
        "years": "年份",
        "examples": "示例问题",
        "language": "界面语言",
        "context": "上下文",
        "whole": "全文",
        "version": "{language}本",
        "copy": "复制引用",
        "copy_answer": "复制回答",
        "copied": "已复制",
        "share": "复制分享链接",
        "export": "导出",
        "star": "加星标",
        "starred": "已加星标",
        "starred_bar": "已加星标的段落：{n} 段。导出：",
        "starred_title": "已加星标的段落",
        "more_from_document": "本文件另有 {n} 段",
        "show_more": "显示更多段落",
        "paragraph": "第{label}段",
        "footnote": "脚注{mark}",
        "relevance": "相关度",
        "level_strong": "高度相关",
        "level_partial": "部分相关",
        "level_weak": "相关性弱",
        "level_title": "按问题的关键词（年份、数字、名称、较少见的词）是否出现在本段中，以及语义接近程度判断",
        "missing": "未包含：{terms}",
        "building": "正在建立索引：已编码 {done}/{total} 条文本（段落、其中的句子和脚注）…",
        "loading": "正在打开索引…",
        "ready": "已就绪：{docs} 个文件，{paras} 个段落。",
        "stale": "文件夹中的文件在建立索引后有变动。",
        "update": "更新索引",
        "updated": "索引已更新：新增 {added} 段，修改 {changed} 段，删除 {removed} 段，未变 {unchanged} 段。",
        "updating": "正在更新索引…",
        "not_ready": "索引尚未就绪，请稍候再问。",
        "warning": "提示",
        "error": "无法检索：{error}",
        "failed": "索引无法打开：{error}",
        "upload": "添加文档（PDF、Word、Markdown、HTML、TXT；每个不超过 {size}{lower}）",
        "type_limit": "，{type} 不超过 {size}",
        "reading": "正在读取 {file}…",
        "added": "已添加 {file}（{paras} 段）。",
        "searchable": "索引已更新，新文件现在可以检索。",
        "update_failed": "索引更新失败：{error}",
        "present": "{file} 已在语料库中，未作更改。",
        "present_as": "{file} 与语料库中的 {other} 内容相同，未重复添加。",
        "refused": "未添加 {file}：{reason}",
        "skipped": "未能读取的文件（未编入索引）：{files}",
        "original": "原文件",
        "back": "返回检索",
        "gone_title": "此文件已不在语料库中",
        "gone": "链接所指的文件 {id} 已被删除或改名，语料库中已没有它。可以回到检索页重新提问。",
        "manage": "文档管理",
        "doc_list": "语料库中的文件",
        "col_title": "标题",
        "col_symbol": "文号",
        "col_date": "日期",
        "col_language": "语言",
        "col_paragraphs": "段落",
        "col_file": "文件名",
        "manage_doc": "要修改的文件",
        "symbol": "文号",
        "date": "日期（如 2023-01-30）",
        "doc_title": "标题",
        "save": "保存目录信息",
        "delete": "删除此文件",
        "confirm_delete": "确认删除 {name}",
        "replace": "用新版本替换此文件",
        "choose_document": "请先选择一个文件。",
        "saved": "已保存 {name} 的目录信息。",
        "deleted": "已删除 {name}。",
        "replaced": "已用 {file} 替换 {name}（{paras} 段）。",
        "lang_zh": "中文",
        "lang_en": "英文",
        "lang_fr": "法文",
        "lang_es": "西班牙文",
        "lang_ru": "俄文",
        "lang_ar": "阿拉伯文",
        "too_big_upload": "未添加 {file}：文件太大（{size}），上限为 {limit}。",
    },
    "en": {
        "title": "UN documents retrieval assistant",
        "subtitle": "Ask in Chinese or English; get the source paragraphs with exact citations. "
        "The assistant writes no answer of its own.",
        "found": "Found {n} relevant {n:paragraph|paragraphs}",
        "in_documents": " (from {docs} {docs:document|documents})",
        "not_found": "No reliable match found; the closest paragraphs follow",
        "none": "No paragraph to show",
        "follow_up": "(searched together with the previous question)",
        "nothing_to_follow": "(there is no previous question to follow on; searched on its own)",
        "no_key_terms": "(the question has no word a paragraph could be checked for, such as a name, a year or a "
        "topic: try asking it another way)",
        "cut": "The question was longer than {n} characters; only its first {n} were searched.",
        "filters_active": "Filters: {filters}",
        "filter_documents": "documents {names}",
        "filter_years": "years {years}",
        "emptied_by_years": "None of the chosen documents ({names}) is from the chosen years ({years}); "
        "loosen the year or document filter.",
        "emptied_by_year_only": "No document in the corpus is from {years}; loosen the year filter.",
        "emptied_by_documents": "The chosen documents are no longer in the corpus; choose documents again.",
        "undated": "Undated",
        "terms": "Your English words were searched as these Chinese terms:",
        "no_terms": "None of your English words matched a Chinese term of the corpus; results are ranked by "
        "meaning only.",
        "question": "Question",
        "question_said": "Question: {q}",
        "answer_said": "Answer: {header}",
        "conversation": "Conversation",
        "placeholder": "e.g. Which small island States got help with anti-corruption strategies?",
        "send": "Ask",
        "clear": "New chat",
        "filters": "Filters",
        "documents": "Documents",
        "years": "Years",
        "examples": "Example questions",
        "language": "Interface language",
        "context": "Context",
        "whole": "Whole document",
        "version": "In {language}",
        "copy": "Copy citation",
        "copy_answer": "Copy answer",
        "copied": "Copied",
        "share": "Copy share link",
        "export": "Export",
        "star": "Star",
        "starred": "Starred",
        "starred_bar": "Starred paragraphs: {n}. Export:",
        "starred_title": "Starred paragraphs",
        "more_from_document": "{n} more from this document",
        "show_more": "Show more paragraphs",
        "paragraph": "para. {label}",
        "footnote": "footnote {mark}",
        "relevance": "Relevance",
        "level_strong": "Strong match",
        "level_partial": "Partial match",
        "level_weak": "Weak match",
        "level_title": "Judged by whether the question's key terms (years, numbers, names, rarer words) are in this "
        "paragraph, and by how close it is in meaning",
        "missing": "Missing: {terms}",
        "building": "Building the index: {done}/{total} texts embedded (paragraphs, their sentences and footnotes)…",
        "loading": "Opening the index…",
        "ready": "Ready: {docs} {docs:document|documents}, {paras} {paras:paragraph|paragraphs}.",
        "stale": "Files in the corpus folder changed since the index was built.",
        "update": "Update the index",
        "updated": "Index updated: {added} {added:paragraph|paragraphs} added, {changed} changed, {removed} removed, "
        "{unchanged} unchanged.",
        "updating": "Updating the index…",
        "not_ready": "The index is not ready yet; ask again in a moment.",
        "warning": "Warning",
        "error": "Cannot search: {error}",
        "failed": "The index cannot be opened: {error}",
        "upload": "Add documents (PDF, Word, Markdown, HTML, TXT; up to {size} each{lower})",
        "type_limit": ", {type} up to {size}",
        "reading": "Reading {file}…",
        "added": "Added {file} ({paras} {paras:paragraph|paragraphs}).",
        "searchable": "Index updated; the new files can be searched now.",
        "update_failed": "The index update failed: {error}",
        "present": "{file} is already in the corpus; nothing changed.",
        "present_as": "{file} is the same file as {other}, already in the corpus; not added again.",
        "refused": "Not added {file}: {reason}",
        "skipped": "Files that could not be read (not indexed): {files}",
        "original": "Original file",
        "back": "Back to the search",
        "gone_title": "This document is no longer in the corpus",
        "gone": "The document {id} that this link points to was deleted or renamed. Ask again on the search page.",
        "manage": "Manage documents",
        "doc_list": "Documents in the corpus",
        "col_title": "Title",
        "col_symbol": "Symbol",
        "col_date": "Date",
        "col_language": "Language",
        "col_paragraphs": "Paragraphs",
        "col_file": "File",
        "manage_doc": "Document to change",
        "symbol": "Symbol",
        "date": "Date (e.g. 2023-01-30)",
        "doc_title": "Title",
        "save": "Save catalog entry",
        "delete": "Delete this document",
        "confirm_delete": "Confirm: delete {name}",
        "replace": "Replace this document with a new version",
        "choose_document": "Choose a document first.",
        "saved": "Saved the catalog entry of {name}.",
        "deleted": "Deleted {name}.",
        "replaced": "Replaced {name} with {file} ({paras} {paras:paragraph|paragraphs}).",
        "lang_zh": "Chinese",
        "lang_en": "English",
        "lang_fr": "French",
        "lang_es": "Spanish",
        "lang_ru": "Russian",
        "lang_ar": "Arabic",
        "too_big_upload": "Not added {file}: file too large ({size}); the limit is {limit}.",
    },
}

# The engine's errors by code (assistant/errors.py and the raise sites), with the details they carry.
ERRORS: dict[str, dict[str, str]] = {
    "zh": {
        "empty_question": "问题是空的，请输入问题或关键词。",
        "not_text": "问题必须是文字。",
        "bad_k": "段落数必须是不小于 1 的整数。",
        "unknown_document": "筛选中的文件不在语料库中：{documents}",
        "invalid_request": "请求无法处理。",
        "no_documents": "文件夹中还没有可读取的文件，请添加 PDF、Word、Markdown、HTML 或文本文件。",
        "corpus_not_found": "找不到语料库文件夹。",
        "unsupported_type": "不支持的文件类型 {suffix}（支持：{supported}）",
        "dot_name": "文件名不能以点开头",
        "too_large": "文件太大（{size}），上限为 {limit}",
        "name_taken": "语料库中已有另一个名为 {name} 的文件，请改名后再添加",
        "id_taken": "{other} 已使用文件名 {id}，请改名后再添加",
        "scanned_pdf": "扫描版 PDF：{pages} 页图像，没有文字层，请先进行文字识别（OCR）",
        "pdf_no_text": "PDF 中没有文字",
        "encrypted_pdf": "PDF 已加密，需要密码",
        "not_pdf": "不是可读取的 PDF 文件",
        "not_docx": "不是可读取的 Word 文档（.docx）",
        "not_html": "不是可读取的 HTML 文件",
        "empty_file": "文件是空的",
        "binary_file": "二进制文件，不是文本",
        "bad_encoding": "不是 UTF-8、UTF-16 或 GB18030 编码的文本",
        "no_paragraphs": "没有找到文字段落",
        "unreadable_file": "文件无法读取",
        "refused_file": "文件未被接受",
        "bad_filter": "筛选条件无法使用：文件须为文件名，年份须为整数。",
        "bad_history": "对话记录无法使用。",
        "encoding": "无法确定文本编码（不是 UTF-8），请另存为 UTF-8 后再添加",
        "reader_failed": "读取此文件时出错，请确认文件能在其常用程序中打开，或另存为其他格式",
        "broken_link": "指向不存在文件的链接",
        "not_regular": "不是普通文件（文件夹、设备或管道）",
        "not_found": "找不到该文件",
        "is_folder": "这是文件夹，不是文件",
        "name_clash": "另一个文件已使用此文件名（先放入者保留），请改名",
        "duplicate": "与语料库中另一个文件内容相同，只编入索引一次",
        "outside_corpus": "只读取或修改语料库文件夹中的文件（这是指向文件夹外的链接）",
        "no_such_document": "语料库中没有这个文件：{document}",
        "bad_date": "日期请写成 2023-01-30 或 2023年1月30日 这样的格式，而不是 {value}",
        "no_such_date": "日历上没有 {value} 这一天",
        "bad_field": "只能修改文号、日期和标题",
        "bad_value": "{field} 必须是文字",
        "port_in_use": "端口 {port} 已被占用",
        "bad_path": "请给出文件路径",
        "unknown_paragraph": "该文件已更新，这一段已不存在，请重新搜索",
        "catalog": "目录文件 catalog.toml 有误，请修正后再试",
        "config": "设置有误",
        "index_unusable": "索引已损坏或格式不符，请重建索引（python -m assistant index --rebuild）",
        "indexing_failed": "索引更新未能完成，仍在使用原来的索引",
        "worker_died": "为分词而启动的工作进程中途停止（可能是内存不足），索引更新未完成，仍在使用原来的索引",
        "unguarded_script": "分词工作进程无法启动：脚本在顶层更新索引，"
        '请把脚本代码放在 if __name__ == "__main__": 之下',
        "model_mismatch": "索引是用另一个嵌入模型建立的，请重建索引（python -m assistant index --rebuild）",
        "model_unavailable": "本机没有所设置的嵌入模型",
        "store_unreachable": "无法连接存放索引的 Milvus",
        "store_access_denied": "Milvus 拒绝了所设置的凭据（milvus_token）",
        "error": "出现错误",
    },
    "en": {
        "empty_question": "The question is empty: type a question or some keywords.",
        "not_text": "The question must be text.",
        "bad_k": "The number of paragraphs must be a whole number of at least 1.",
        "unknown_document": "Filtered documents not in the corpus: {documents}",
        "invalid_request": "The request cannot be used.",
        "no_documents": "The folder holds no readable document yet; add PDF, Word, Markdown, HTML or text files.",
        "corpus_not_found": "The corpus folder was not found.",
        "unsupported_type": "unsupported file type {suffix} (supported: {supported})",
        "dot_name": "a file name may not start with a dot",
        "too_large": "file too large ({size}); the limit is {limit}",
        "name_taken": "a different file named {name} is already in the corpus; rename the file to add it",
        "id_taken": "{other} already uses the document name {id}; rename the file to add it",
        "scanned_pdf": "scanned PDF: {pages} page(s) of images and no text layer; run OCR on it first",
        "pdf_no_text": "the PDF has no text",
        "encrypted_pdf": "the PDF is encrypted and needs a password",
        "not_pdf": "not a readable PDF",
        "not_docx": "not a readable Word document (.docx)",
        "not_html": "not readable HTML",
        "empty_file": "empty file",
        "binary_file": "binary file, not text",
        "bad_encoding": "not text in UTF-8, UTF-16 or GB18030",
        "no_paragraphs": "no text paragraphs found",
        "unreadable_file": "the file cannot be read",
        "refused_file": "the file was not accepted",
        "bad_filter": "the filters cannot be used: documents are file names, years whole numbers",
        "bad_history": "the conversation history cannot be used",
        "encoding": "the text's encoding cannot be told (it is not UTF-8); save it as UTF-8 and add it again",
        "reader_failed": "reading this file failed; check that it opens in its usual program, or save it in another "
        "format",
        "broken_link": "a link to a file that does not exist",
        "not_regular": "not a regular file (a folder, device or pipe)",
        "not_found": "no such file",
        "is_folder": "a folder, not a file",
        "name_clash": "another file already has this document name (the first one keeps it); rename it",
        "duplicate": "the same content as another file of the corpus, indexed once",
        "outside_corpus": "only files inside the corpus folder are read or changed (this is a link to a file outside "
        "it)",
        "no_such_document": "no document {document} in the corpus",
        "bad_date": "the date must be written like 2023-01-30 (or 2023/1/30), not {value}",
        "no_such_date": "there is no day {value} in the calendar",
        "bad_field": "only the symbol, date and title can be edited",
        "bad_value": "the {field} must be text",
        "port_in_use": "port {port} is already in use",
        "bad_path": "give the file as a path",
        "unknown_paragraph": "the document has changed and no longer has this paragraph; search again",
        "catalog": "the catalog file catalog.toml cannot be used; fix it and try again",
        "config": "a setting cannot be used",
        "index_unusable": "the index is damaged or of another format; rebuild it (python -m assistant index --rebuild)",
        "indexing_failed": "the index update could not finish; the previous index is still the one searched",
        "worker_died": "a worker process tokenizing the corpus stopped (perhaps out of memory); the update did not "
        "finish and the previous index is still the one searched",
        "unguarded_script": "the tokenizing worker processes could not start: the script updates the index at its "
        'top level; put its code under if __name__ == "__main__":',
        "model_mismatch": "the index was built with another embedding model; rebuild it "
        "(python -m assistant index --rebuild)",
        "model_unavailable": "the configured embedding model is not on this machine",
        "store_unreachable": "cannot reach the Milvus that holds the index",
        "store_access_denied": "Milvus refused the configured credentials (milvus_token)",
        "error": "something went wrong",
    },
}
# The units that limits.py counts a file in ("4,100,000 characters"), as the interface says them (bytes: in MB).
UNITS = {
    "zh": {
        "characters": "个字符",
        "lines": "行",
        "texts to embed (units, their sentences and footnotes)": "条待编码文本",
    },
    "en": {},
}

# File types whose size alone refuses them below MAX_FILE_BYTES (limits.check_file: a file of text or markup
# over four bytes for each character its text may have), so the upload label names their lower limit.
TYPE_LIMITS = (("TXT", 4 * MAX_DOCUMENT_CHARS), ("Markdown", 4 * MAX_MARKUP_CHARS), ("HTML", 4 * MAX_MARKUP_CHARS))

# Codes whose English message holds what the user needs to fix it (a line of a file, a path): shown with it.
WITH_MESSAGE = {"catalog", "config", "model_unavailable", "store_unreachable", "store_access_denied", "error"}

EXAMPLES = [
    "哪些小岛屿国家得到了制定反腐败战略的帮助？",
    "毒品和犯罪问题办公室在体育领域开展了哪些反腐败工作？",
    "实施情况审议机制第二周期完成了多少份国别审议？",
    "Which countries received support for asset declaration systems?",
    "What did States say about the role of regional anti-corruption conventions?",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


class _Wording(string.Formatter):
    """str.format, and "{n:paragraph|paragraphs}" for the English noun that agrees with the count n ("1 document",
    "2 documents"); Chinese templates have no such field."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_WORDING = _Wording()


def language_of(lang: str | None) -> str:
    """The interface language for a value from a form, a link or a header: 'en' or 'zh'."""
    return "en" if lang == "en" else "zh"


def text(lang: str, name: str, /, **values: object) -> str:
    """An interface text in the chosen language (Chinese unless 'en')."""
    return _WORDING.format(TEXTS[language_of(lang)][name], **values)


def language_name(lang: str, code: str) -> str:
    """A document language's name in the interface language ("英文", "English"); the code for any other."""
    return TEXTS[language_of(lang)].get(f"lang_{code}", code)


def error_text(lang: str, code: str, details: dict | None = None, message: str = "") -> str:
    """An engine error said in the interface language from its code and details (see assistant/errors.py)."""
    table = ERRORS[language_of(lang)]
    template = table.get(code)
    if template is None:
        template = table["error"]
    details = details or {}
    if code == "too_large":
        details = sizes_text(lang, details)
    try:
        said = _WORDING.format(template, **details)
        complete = True
    except (KeyError, IndexError):  # a raise site without the details: the general sentence, and the message
        said, complete = table["error"], False
    if (code in WITH_MESSAGE or code not in table or not complete) and message:
        said += f"（{message}）" if language_of(lang) == "zh" else f" ({message})"
    return said


def exception_text(lang: str, exc: BaseException) -> str:
    """Any error as the page says it: an AssistantError by its code; anything else by its kind."""
    code = getattr(exc, "code", None)
    if code is None:
        return error_text(lang, "error", message=str(exc) or type(exc).__name__)
    return error_text(lang, code, getattr(exc, "details", None), str(exc))


def sizes_text(lang: str, details: dict) -> dict:
    """The size and limit of a refusal (`count` and `most` in `unit`, limits.py) said in the interface language:
    bytes in MB ("16.2 MB"), other counts in the language's words ("4,100,000 个字符"); other details as they are."""
    if not {"count", "most", "unit"} <= set(details):
        return details
    unit = UNITS[language_of(lang)].get(details["unit"], details["unit"])

    def said(number: int) -> str:
        return size_text(number) if details["unit"] == "bytes" else f"{number:,} {unit}"

    return {**details, "size": said(details["count"]), "limit": said(details["most"])}


def upload_label(lang: str, max_upload_bytes: int) -> str:
    """The upload box's label: the types it takes and how large each may be, a type whose own limit is lower
    named with it ("TXT 不超过 15.3 MB"), so that a file within the label is not refused for its size."""
    each = min(max_upload_bytes, MAX_FILE_BYTES)
    lower = "".join(
        text(lang, "type_limit", type=name, size=size_text(limit)) for name, limit in TYPE_LIMITS if limit < each
    )
    return text(lang, "upload", size=size_text(each), lower=lower)


def date_text(date: dt.date | None, lang: str) -> str:
    """A document date as the interface writes it: 2017年8月30日 / 30 August 2017."""
    if date is None:
        return text(lang, "undated")
    if language_of(lang) == "en":
        return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    return f"{date.year}年{date.month}月{date.day}日"


def join(lang: str, items: list[str]) -> str:
    return ("、" if language_of(lang) == "zh" else ", ").join(items)


def parenthesised(lang: str, name: str, note: str) -> str:
    """'name（note）' in Chinese, 'name (note)' in English."""
    return f"{name}（{note}）" if language_of(lang) == "zh" else f"{name} ({note})"
