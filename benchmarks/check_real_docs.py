"""Real UN documents: does every document parse into the units its README says it has?

Reads the folder of published UN documents kept next to the repository (`../shared/real-docs`, or
`--dir`), which the repository must not carry, and checks per document the facts of the README's
"correct parse" column: symbol, date, session and agenda item, unit counts and kinds, labels 1..N, no
job number, barcode or running head anywhere, a short title, no fused words, and that the English and
Russian versions of A/HRC/WG.6/34/ITA/3 give the same label to each of the 95 hand-aligned paragraph
pairs of `groundtruth/huridocs_ohchr_1_en_ru.json`. Then the time to read each PDF in a new process
(`python -m assistant paragraphs FILE --json`, no model), in seconds per page.

    .venv/bin/python benchmarks/check_real_docs.py [--dir PATH] [--no-timing]

Prints a table of pass/fail per fact and per document; exits 1 when a fact fails, 0 (with "skipped")
when the folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.errors import UnreadableFile  # noqa: E402
from assistant.ingest.corpus import read_document  # noqa: E402
from assistant.ingest.documents import Document, Paragraph  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "real-docs"
_FURNITURE = re.compile(
    r"\b\d{2}-\d{5}\s*\([A-Z]\)|\*\d{7,9}\*|Please recycle|GE\.\d{2}-\d{5}|(?:^|\n)/\.\.\.|Página \d|\bPage \d+\b"
)
_FUSED_EN = re.compile(r"[a-z]{2}[.;][A-Z][a-z]{2}|\d{4}\.[A-Z][a-z]|[a-z][“\"][a-z]")
_RUNNING_HEAD = re.compile(r"\|\s*S/PV\.\d+\s*\||\d{2}/\d{2}/\d{4}\s*\|")


@dataclass
class Fact:
    document: str
    name: str
    ok: bool
    detail: str = ""


def _texts(doc: Document) -> list[str]:
    return [doc.title, *(p.text for p in doc.paragraphs), *(n for p in doc.paragraphs for n in p.footnotes)]


def _numbered(doc: Document, kind: str = "paragraph") -> list[int]:
    return [int(p.label) for p in doc.paragraphs if p.kind == kind and p.label.isdigit()]


def _runs_one_to(doc: Document, n: int) -> tuple[bool, str]:
    got = _numbered(doc)
    return got == list(range(1, n + 1)), f"{len(got)} numbered, {got[:3]}…{got[-3:]}"


def _no_furniture(doc: Document) -> tuple[bool, str]:
    hits = [m.group(0) for text in _texts(doc) for m in _FURNITURE.finditer(text)]
    heads = [m.group(0) for text in _texts(doc) for m in _RUNNING_HEAD.finditer(text)]
    return not hits and not heads, ", ".join((hits + heads)[:3])


def _common(doc: Document, title_max: int = 150) -> list[tuple[str, bool, str]]:
    labels = [p.label for p in doc.paragraphs]
    furniture_ok, furniture = _no_furniture(doc)
    return [
        ("title is a line or two", 0 < len(doc.title) <= title_max, f"{len(doc.title)} chars: {doc.title[:60]!r}"),
        ("labels unique", len(labels) == len(set(labels)), f"{len(labels) - len(set(labels))} repeated"),
        ("no job number, barcode, running head", furniture_ok, furniture),
    ]


def _kind(doc: Document, kind: str) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.kind == kind]


def _fused(doc: Document) -> tuple[bool, str]:
    hits = [m.group(0) for p in doc.paragraphs for m in _FUSED_EN.finditer(p.text)]
    return not hits, ", ".join(hits[:3])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_s_2025_317(doc: Document) -> list[tuple[str, bool, str]]:
    summary = _kind(doc, "summary")
    return [
        ("symbol S/2025/317", doc.symbol == "S/2025/317", str(doc.symbol)),
        ("date 2025-05-27", doc.date == dt.date(2025, 5, 27), str(doc.date)),
        ("¶1–71", *_runs_one_to(doc, 71)),
        ("summary of 3 paragraphs", len(summary) == 3, f"{len(summary)} summary units"),
        ("no fused sentences", *_fused(doc)),
    ]


def check_s_2025_257(doc: Document) -> list[tuple[str, bool, str]]:
    p1 = doc.paragraph("1") if any(p.label == "1" for p in doc.paragraphs) else None
    notes = p1.footnotes if p1 else []
    others = [p.label for p in doc.paragraphs if p.kind != "paragraph"]
    return [
        ("symbol S/2025/257", doc.symbol == "S/2025/257", str(doc.symbol)),
        ("date 2025-04-25", doc.date == dt.date(2025, 4, 25), str(doc.date)),
        ("¶1–22", *_runs_one_to(doc, 22)),
        ("footnote 1 on ¶1, no page footer", len(notes) == 1 and notes[0].startswith("For previous"), str(notes)),
        ("no bogus unit from a 4-line heading", not others, ", ".join(others)),
    ]


def check_s_res_2803(doc: Document) -> list[tuple[str, bool, str]]:
    pp = _kind(doc, "preambular")
    annex = [int(p.number or 0) for p in _kind(doc, "annex_paragraph")]
    eleven = next((p for p in doc.paragraphs if p.label == "11"), None)
    return [
        ("symbol S/RES/2803 (2025)", doc.symbol == "S/RES/2803 (2025)", str(doc.symbol)),
        ("date 2025-11-17", doc.date == dt.date(2025, 11, 17), str(doc.date)),
        # The PDF prints two preambular paragraphs after "The Security Council," (README: 3, counting that line).
        ("preambular paragraphs", len(pp) == 2, f"{len(pp)}"),
        ("operative ¶1–11", *_runs_one_to(doc, 11)),
        ("¶11 Decides to remain seized", bool(eleven) and eleven.text == "Decides to remain seized of the matter.", ""),
        ("annex numbered 1–20, cited with the annex", annex == list(range(1, 21)), f"{len(annex)} annex paragraphs"),
        ("annex citation", any(p.citation == "S/RES/2803 (2025), annex 1, para. 11" for p in doc.paragraphs), ""),
        ("citation of ¶11", bool(eleven) and eleven.citation == "S/RES/2803 (2025), para. 11", ""),
    ]


def check_a_res_70_10(doc: Document) -> list[tuple[str, bool, str]]:
    pp = _kind(doc, "preambular")
    notes = [n for p in doc.paragraphs for n in p.footnotes] + [p.text for p in _kind(doc, "footnote")]
    p2 = next((p for p in doc.paragraphs if p.label == "2"), None)
    return [
        ("symbol A/RES/70/10", doc.symbol == "A/RES/70/10", str(doc.symbol)),
        ("date 2015-12-02", doc.date == dt.date(2015, 12, 2), str(doc.date)),
        ("session Seventieth session", doc.session == "Seventieth session", str(doc.session)),
        ("agenda item 87", doc.agenda_item == "87", str(doc.agenda_item)),
        ("title", doc.title == "Report of the International Atomic Energy Agency", doc.title),
        ("4 preambular paragraphs", len(pp) == 4, f"{len(pp)}"),
        ("¶1–5", *_runs_one_to(doc, 5)),
        ("footnote 1 See A/70/219.", "See A/70/219." in notes, str(notes)[:80]),
        ("no running head in ¶2", bool(p2) and "|" not in p2.text, ""),
        ("citation of a preambular paragraph", any(p.citation == "A/RES/70/10, preambular para. 2" for p in pp), ""),
    ]


def check_s_2015_246(doc: Document) -> list[tuple[str, bool, str]]:
    annex = [p for p in doc.paragraphs if p.section and p.section[0].lower().startswith("annex")]
    return [
        ("symbol S/2015/246", doc.symbol == "S/2015/246", str(doc.symbol)),
        ("date 2015-04-10", doc.date == dt.date(2015, 4, 10), str(doc.date)),
        ("¶1–81", *_runs_one_to(doc, 81)),
        ("annex with a table, not under section VIII", any("| Argentina |" in p.text for p in annex), f"{len(annex)}"),
        ("no superscripts in the title", not re.search("[⁰-⁹]", doc.title + (doc.symbol or "")), doc.title),
    ]


_TURN = re.compile(r"[.!?]\s*(?:The President|The Secretary-General|Mr\. [A-Z]\w+|Ms\. [A-Z]\w+)[^:.]{0,60}:")


def check_s_pv_10011(doc: Document) -> list[tuple[str, bool, str]]:
    statements = _kind(doc, "statement")
    glued = [p.label for p in statements if _TURN.search(p.text)]
    cited = all(p.speaker and p.speaker in p.citation for p in statements)
    return [
        ("symbol S/PV.10011", doc.symbol == "S/PV.10011", str(doc.symbol)),
        ("date 2025-10-06", doc.date == dt.date(2025, 10, 6), str(doc.date)),
        ("speaker statements", len(statements) >= 40, f"{len(statements)} statements"),
        ("cited by speaker", bool(statements) and cited, statements[1].citation if len(statements) > 1 else ""),
        ("turns not glued together", not glued, ", ".join(glued[:3])),
    ]


def check_s_agenda(doc: Document) -> list[tuple[str, bool, str]]:
    return [
        ("symbol S/Agenda/10026", doc.symbol == "S/Agenda/10026", str(doc.symbol)),
        ("items 1–2", *_runs_one_to(doc, 2)),
    ]


def _ita(doc: Document) -> list[tuple[str, bool, str]]:
    numbered = [p for p in doc.paragraphs if p.kind == "paragraph"]
    headings = {h for p in doc.paragraphs for h in p.section}
    notes = sum(len(p.footnotes) for p in doc.paragraphs) + len(_kind(doc, "footnote"))
    glued = [p.label for p in numbered if any(h[:25] in p.text for h in headings if len(h) > 12)]
    last = numbered[-1].text if numbered else ""
    return [
        ("symbol A/HRC/WG.6/34/ITA/3", doc.symbol == "A/HRC/WG.6/34/ITA/3", str(doc.symbol)),
        ("date 2019-08-14", doc.date == dt.date(2019, 8, 14), str(doc.date)),
        ("¶1–94", *_runs_one_to(doc, 94)),
        ("about 25 headings", len(headings) >= 20, f"{len(headings)} headings"),
        ("about 165 notes", notes >= 150, f"{notes} notes"),
        ("no heading glued into a paragraph", not glued, ", ".join(glued[:5])),
        ("back matter not on ¶94", len(last) < 600, f"{len(last)} chars"),
    ]


def check_ita_en(doc: Document) -> list[tuple[str, bool, str]]:
    p8 = next((p for p in doc.paragraphs if p.label == "8"), None)
    trail = " › ".join(p8.section) if p8 else ""
    return [*_ita(doc), ("¶8 under C. and 1.", "C. Implementation" in trail and "1. Cross-cutting" in trail, trail)]


def check_ita_ru(doc: Document) -> list[tuple[str, bool, str]]:
    return [*_ita(doc), ("language ru", doc.language == "ru", doc.language)]


def check_res_48_246(doc: Document) -> list[tuple[str, bool, str]]:
    pp = _kind(doc, "preambular")
    return [
        ("symbol A/RES/48/246", doc.symbol == "A/RES/48/246", str(doc.symbol)),
        ("date 1994-05-11", doc.date == dt.date(1994, 5, 11), str(doc.date)),
        ("agenda item 165", doc.agenda_item == "165", str(doc.agenda_item)),
        ("preamble", len(pp) >= 9, f"{len(pp)} preambular paragraphs"),
        ("¶1–12", *_runs_one_to(doc, 12)),
        ("old 1/ notes attached", bool(pp) and len(pp[0].footnotes) >= 1, str(pp[0].footnotes if pp else "")),
        ("no fused sentences", *_fused(doc)),
    ]


def check_udhr(doc: Document) -> list[tuple[str, bool, str]]:
    articles = sorted({int(p.article) for p in doc.paragraphs if p.article and p.article.isdigit()})
    text = "".join(p.text for p in doc.paragraphs)
    pairs = len(re.findall(r"[\u4e00-\u9fff](?=\s?[\u4e00-\u9fff])", text))
    spaced = len(re.findall(r"[\u4e00-\u9fff](?=\s[\u4e00-\u9fff])", text))
    return [
        ("title 世界人权宣言", doc.title == "世界人权宣言", doc.title),
        ("preamble", len(_kind(doc, "preambular")) >= 7, f"{len(_kind(doc, 'preambular'))}"),
        ("第一条–第三十条 as units", articles == list(range(1, 31)), f"{len(articles)} articles"),
        ("㈠–㈣ not taken as ¶1–4", not _numbered(doc), f"{_numbered(doc)[:4]}"),
        ("no spaces between Chinese characters", spaced <= 0.01 * max(pairs, 1), f"{spaced}/{pairs} pairs spaced"),
        ("citation 第一条", any(p.citation.endswith("，第一条") for p in doc.paragraphs), ""),
    ]


def check_scan(doc: Document) -> list[tuple[str, bool, str]]:
    said = " ".join(doc.warnings)
    numbers = _numbered(doc)
    return [
        ("warned: OCR layer and columns", "OCR" in said and "column" in said, said[:80]),
        ("read column by column (numbers ascend)", numbers == sorted(numbers) and len(numbers) >= 5, f"{numbers[:12]}"),
    ]


def check_mnbvc(doc: Document) -> list[tuple[str, bool, str]]:
    return [
        ("title The right to development", doc.title == "The right to development", doc.title),
        ("preamble", len(_kind(doc, "preambular")) >= 10, f"{len(_kind(doc, 'preambular'))}"),
        ("¶1–25", *_runs_one_to(doc, 25)),
        ("no fused words", *_fused(doc)),
    ]


def check_uncac(doc: Document) -> list[tuple[str, bool, str]]:
    articles = {int(p.article) for p in doc.paragraphs if p.article and p.article.isdigit()}
    art52 = next((p for p in doc.paragraphs if p.label == "art5.2"), None)
    return [
        ("preamble", len(_kind(doc, "preambular")) >= 10, f"{len(_kind(doc, 'preambular'))}"),
        ("Article 1–71", set(range(1, 72)) <= articles, f"{len(articles)} articles"),
        ("numbered per article", art52 is not None, ""),
        ("cited as article 5, para. 2", bool(art52) and art52.citation.endswith("article 5, para. 2"), ""),
    ]


CHECKS: dict[str, Callable[[Document], list[tuple[str, bool, str]]]] = {
    "pdf/S_2025_317-EN.pdf": check_s_2025_317,
    "pdf/S_2025_257-EN.pdf": check_s_2025_257,
    "pdf/S_RES_2803_2025-EN.pdf": check_s_res_2803,
    "pdf/A_RES_70_10-EN.pdf": check_a_res_70_10,
    "pdf/S_2015_246-EN.pdf": check_s_2015_246,
    "pdf/S_PV.10011-EN.pdf": check_s_pv_10011,
    "pdf/S_Agenda_10026-EN.pdf": check_s_agenda,
    "pdf/A_HRC_WG.6_34_ITA_3-EN.pdf": check_ita_en,
    "pdf/A_HRC_WG.6_34_ITA_3-RU.pdf": check_ita_ru,
    "pdf/A_RES_48_246-EN.pdf": check_res_48_246,
    "pdf/A_RES_48_246-ES.pdf": check_res_48_246,
    "pdf/UDHR-zh-hans_OHCHR.pdf": check_udhr,
    "pdf/A_C.4_SR.985-FR.pdf": check_scan,
    "text/A_C.3_56_L.x_right-to-development_mnbvc-453500.txt": check_mnbvc,
    "text/UNCAC_EN-NL_laws-markdown.md": check_uncac,
}


def _unit_with(doc: Document, text: str) -> Paragraph | None:
    """The unit of `doc` holding a ground-truth paragraph (its number and line breaks aside)."""
    body = _squash(re.sub(r"^\d{1,3}\.\s*", "", text))[:80]
    for para in doc.paragraphs:
        if body and body in _squash(para.text):
            return para
    return None


def alignment(english: Document, russian: Document, groundtruth: Path) -> tuple[int, int, list[str]]:
    """Of the hand-aligned numbered paragraph pairs, how many come out under the same label in both."""
    pairs = json.loads(groundtruth.read_text(encoding="utf-8"))["paragraphs"]
    numbered = [p for p in pairs if re.match(r"^\d{1,3}\.\s", p["main_language"])]
    same, misses = 0, []
    for pair in numbered:
        en, ru = _unit_with(english, pair["main_language"]), _unit_with(russian, pair["other_language"])
        if en is not None and ru is not None and en.label == ru.label:
            same += 1
        else:
            misses.append(f"{pair['main_language'][:12]!r}: en {en and en.label} ru {ru and ru.label}")
    return same, len(numbered), misses


def fused_against_groundtruth(doc: Document, groundtruth: Path, side: str) -> list[str]:
    """Words of the parse that are two neighbouring words of the ground truth run together."""
    pairs = json.loads(groundtruth.read_text(encoding="utf-8"))["paragraphs"]
    joined, words_seen = set(), set()
    for pair in pairs:
        words = re.findall(r"\w+", pair[side])
        words_seen.update(words)
        joined.update(a + b for a, b in itertools.pairwise(words) if len(a) > 2 and len(b) > 2)
    ours = {w for p in doc.paragraphs for w in re.findall(r"\w+", p.text)}
    return sorted((ours & joined) - words_seen)  # a joined form the ground truth also writes is a word


def pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def cold_seconds(path: Path) -> float:
    """A new process that reads the file and prints its parse as JSON (no model is loaded)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", "paragraphs", str(path), "--json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def run_checks(folder: Path) -> tuple[list[Fact], dict[str, Document]]:
    facts: list[Fact] = []
    docs: dict[str, Document] = {}
    for name, check in CHECKS.items():
        path = folder / name
        if not path.exists():
            facts.append(Fact(name, "file present", False, "missing"))
            continue
        try:
            doc = read_document(path)
        except UnreadableFile as exc:
            refused = name.endswith("A_C.4_SR.985-FR.pdf")  # refusing the scan with a reason is allowed
            facts.append(Fact(name, "read or refused with a reason", refused, str(exc)))
            continue
        docs[name] = doc
        title_max = 150
        for fact, ok, detail in [*_common(doc, title_max), *check(doc)]:
            facts.append(Fact(name, fact, bool(ok), detail))
    truth = folder / "groundtruth" / "huridocs_ohchr_1_en_ru.json"
    en, ru = docs.get("pdf/A_HRC_WG.6_34_ITA_3-EN.pdf"), docs.get("pdf/A_HRC_WG.6_34_ITA_3-RU.pdf")
    if truth.exists() and en and ru:
        same, total, misses = alignment(en, ru, truth)
        facts.append(Fact("EN↔RU A/HRC/WG.6/34/ITA/3", f"{total} pairs under the same label", same == total,
                          f"{same}/{total} " + "; ".join(misses[:3])))  # fmt: skip
        for doc, side in ((en, "main_language"), (ru, "other_language")):
            fused = fused_against_groundtruth(doc, truth, side)
            facts.append(Fact(doc.path.name, "no fused words (ground truth)", not fused, ", ".join(fused[:5])))
    return facts, docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of the real documents")
    parser.add_argument("--no-timing", action="store_true", help="skip the cold reading time per page")
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"skipped: {args.dir} not found")
        return 0
    facts, _ = run_checks(args.dir)
    width = max(len(f.name) for f in facts)
    current = None
    for fact in facts:
        if fact.document != current:
            current = fact.document
            print(f"\n{current}")
        print(f"  {'pass' if fact.ok else 'FAIL'}  {fact.name:<{width}}  {fact.detail[:110]}")
    by_doc: dict[str, list[bool]] = {}
    for fact in facts:
        by_doc.setdefault(fact.document, []).append(fact.ok)
    passed = sum(f.ok for f in facts)
    print(f"\n{passed}/{len(facts)} facts pass; documents with every fact passing: "
          f"{sum(all(v) for v in by_doc.values())}/{len(by_doc)}")  # fmt: skip
    if not args.no_timing:
        print("\ncold reading (new process, `paragraphs FILE --json`, no model):")
        total_time = total_pages = 0.0
        for path in sorted((args.dir / "pdf").glob("*.pdf")):
            n, seconds = pages(path), cold_seconds(path)
            total_time, total_pages = total_time + seconds, total_pages + n
            print(f"  {path.name:<32} {n:>3} pages {seconds:6.2f} s  {seconds / n:5.3f} s/page")
        per_page = total_time / total_pages
        print(f"  {'all PDFs':<32} {int(total_pages):>3} pages {total_time:6.2f} s  {per_page:5.3f} s/page")
    return 0 if passed == len(facts) else 1


if __name__ == "__main__":
    sys.exit(main())
