"""Hostile and odd inputs, as a reliability battery met them: a zip-bomb .docx, a 10 MB file of Chinese
without paragraph breaks, 50,000 numbered one-line paragraphs, Shift-JIS text, a link to /etc/passwd,
one document under three names, X.md copied beside X.txt. Used by tests and benchmarks/bench_hostile.py."""

from __future__ import annotations

import io
import os
import random
import shutil
import time
import zipfile
from pathlib import Path

from docx import Document as DocxDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Common characters, so that the text reads as Chinese to the encoding checks.
HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)


def zip_bomb_docx(out: Path, xml_mb: int = 60) -> Path:
    """A valid .docx of a few hundred KB whose body unpacks to `xml_mb` MB of XML in short paragraphs."""
    template = io.BytesIO()
    DocxDocument().save(template)
    paragraph = "<w:p><w:r><w:t>Short line of the document body, again.</w:t></w:r></w:p>"
    count = xml_mb * 1024 * 1024 // len(paragraph)
    body = paragraph * count
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    xml = f'{head}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for item in source.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            zf.writestr(item, data)
    return out


def cjk_text(out: Path, megabytes: int = 10, seed: int = 1) -> Path:
    """`megabytes` MB of Chinese sentences in lines of 40 characters, no blank line: one long paragraph."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024 // 3  # three bytes a character in UTF-8
    chars: list[str] = []
    while len(chars) < target:
        chars.extend(rng.choices(HANZI, k=rng.randint(12, 40)))
        chars.append(rng.choice("，。"))
    text = "".join(chars[:target])
    lines = [text[i : i + 40] for i in range(0, len(text), 40)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def numbered_lines(out: Path, count: int = 50_000) -> Path:
    """A title, then `count` numbered one-line paragraphs."""
    lines = ["Report of the numbered paragraphs", ""]
    lines += [f"{n}. The Committee took note of item {n} of the list." for n in range(1, count + 1)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


JAPANESE = (
    "日本国民は、正当に選挙された国会における代表者を通じて行動し、われらとわれらの子孫のために、"
    "諸国民との協和による成果と、わが国全土にわたつて自由のもたらす恵沢を確保する。\n"
)


def shift_jis_text(out: Path) -> Path:
    out.write_bytes(("報告書\n\n1. " + JAPANESE * 20).encode("shift_jis"))
    return out


def passwd_link(folder: Path, target: Path = Path("/etc/passwd")) -> Path:
    """`778_passwd.txt` in the folder, a link to a file outside it."""
    link = folder / "778_passwd.txt"
    link.symlink_to(target)
    return link


def three_copies(source: Path, folder: Path) -> list[Path]:
    """The same document under three names."""
    copies = [folder / f"{stem}{source.suffix}" for stem in ("report", "report-copy", "report (2)")]
    for copy in copies:
        shutil.copyfile(source, copy)
    return copies


def md_beside_txt(txt: Path) -> Path:
    """X.md copied beside X.txt a moment later (the same name, another format)."""
    md = txt.with_suffix(".md")
    md.write_text(txt.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    later = time.time() + 1
    os.utime(md, (later, later))
    return md
