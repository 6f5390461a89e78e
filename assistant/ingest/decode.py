"""Bytes to text: the encodings users' files come in, and clear refusals for the rest.

UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when its NUL bytes say the byte
order) are read as they are. GB18030 is read only when the result looks like Chinese: GB18030 decodes
almost any byte sequence, so a Shift-JIS, EUC-KR, Big5 or Windows-1252 file would otherwise become
mojibake in the index. A doubtful file is refused naming the encoding it probably is, with what to do
(save it as UTF-8), never guessed silently.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import UnreadableFile

# The 500 most frequent Chinese characters (from the word frequencies of jieba's dictionary): ~70–80% of
# the characters of Chinese text, ~10% of what Korean or Japanese bytes become when read as GB18030.
_COMMON_HANZI = frozenset(
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所"
    "如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知"
    "级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五"
    "京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑"
    "革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁断派速怎需片爱律纪支早况病境证编"
)
# Chinese text has at least this share of its characters among the common ones (Korean read as GB18030: ~10%).
_COMMON_SHARE = 0.35
# …and this share of its characters in GB2312's first level, the 3,755 everyday characters (Shift-JIS or
# Windows-1252 read as GB18030 fall outside it: ~0%).
_LEVEL1_SHARE = 0.8
# A file read as GB18030 with fewer hanzi than this is doubtful: a few characters of Japanese or Korean
# bytes may read as everyday Chinese characters by chance.
_FEWEST_HANZI = 20


_CONTROLS = frozenset(("Cc", "Cs", "Co", "Cn"))
# Characters outside blocks that hold only printable, assigned characters (ASCII, Latin, CJK punctuation and
# ideographs, full-width forms): only these need their category looked up (one by one took ~8 ms a file).
_UNCOMMON = re.compile("[^\n\r\t\f\x20-\x7e\u00a0-\u024f\u3000-\u303f\u4e00-\u9fef\uff01-\uff5e]")


def _looks_like_text(text: str) -> bool:
    """Fewer than 1% control, private-use or unassigned characters (judged on up to 30,000 characters from
    the start, the middle and the end: enough to tell text from binary, without a pass over a long file)."""
    if not text.strip():
        return False
    if len(text) > 30_000:
        middle = len(text) // 2
        text = text[:10_000] + text[middle - 5_000 : middle + 5_000] + text[-10_000:]
    controls = sum(1 for ch in _UNCOMMON.findall(text) if unicodedata.category(ch) in _CONTROLS)
    return controls / len(text) < 0.01


def _hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


def _level1(ch: str) -> bool:
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= code[0] <= 0xD7


def looks_chinese(text: str) -> bool:
    """Whether text read as GB18030 is Chinese rather than another encoding's bytes: hanzi mostly everyday
    and common ones, next to no kana (judged on the first 200,000 characters)."""
    wide = [ch for ch in text[:200_000] if ord(ch) > 0x7F]
    hanzi = [ch for ch in wide if _hanzi(ch)]
    if sum(map(_kana, wide)) > 0.05 * len(wide):
        return False
    if not hanzi:
        return False
    level1 = sum(map(_level1, hanzi)) / len(hanzi)
    common = sum(ch in _COMMON_HANZI for ch in hanzi) / len(hanzi)
    return level1 >= _LEVEL1_SHARE and common >= _COMMON_SHARE


# Encodings a file that is neither UTF-8 nor Chinese probably is, and how to tell (its text when decoded).
def _japanese(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return bool(wide) and sum(map(_kana, wide)) >= 0.1 * len(wide)


def _korean(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return bool(wide) and sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3") >= 0.5 * len(wide)


def _traditional(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return bool(wide) and sum(map(_hanzi, wide)) >= 0.6 * len(wide)


def _western(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return bool(wide) and sum(ch.isalpha() for ch in wide) >= 0.5 * len(wide)


_CANDIDATES = (
    ("shift_jis", "Japanese in Shift-JIS", _japanese),
    ("euc_jp", "Japanese in EUC-JP", _japanese),
    ("euc_kr", "Korean in EUC-KR", _korean),
    ("big5", "Traditional Chinese in Big5", _traditional),
    ("cp1252", "a Western European language in Windows-1252 (Latin-1)", _western),
)
_SAVE_AS = "save it as UTF-8 and add it again"


def _doubtful(data: bytes, gb18030: str = "") -> UnreadableFile:
    """The refusal for text in an encoding that is not read: naming the one it probably is, else saying what
    reading it as GB18030 gave."""
    for codec, what, plausible in _CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and plausible(text):
            return UnreadableFile(f"not UTF-8: the text looks like {what}, which is not read; {_SAVE_AS}", "encoding")
    if gb18030:
        return UnreadableFile(f"doubtful encoding: not UTF-8, and {gb18030}; {_SAVE_AS}", "encoding")
    return UnreadableFile(
        f"not text in UTF-8, UTF-16 or GB18030 (binary or unknown encoding); if it is text, {_SAVE_AS}", "encoding"
    )


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 without a byte-order mark: the order is the side where the NUL bytes of ASCII characters fall."""
    if len(data) % 2:
        raise UnreadableFile("binary file (contains NUL bytes), not text", code="binary_file")
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-be" if even > 3 * odd else "utf-16-le" if odd > 3 * even else None
    if codec is None:
        raise UnreadableFile("binary file (contains NUL bytes), not text", code="binary_file")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise UnreadableFile("binary file (contains NUL bytes), not text", code="binary_file") from None
    if not _looks_like_text(text):
        raise UnreadableFile("binary file (contains NUL bytes), not text", code="binary_file")
    return text


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM or not) or GB18030 that reads as Chinese; raise
    UnreadableFile otherwise, naming the encoding the text probably is (code "encoding")."""
    if not data.strip():
        raise UnreadableFile("empty file", code="empty_file")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {codec} text: {exc.reason}", "encoding") from None
            if not text.strip():
                raise UnreadableFile("empty file", code="empty_file")
            return text
    if b"\x00" in data:  # UTF-16 without a BOM, or binary
        return _utf16_without_bom(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text):
            return text
        raise UnreadableFile("binary file (control characters), not text", code="binary_file")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _doubtful(data) from None
    if _too_little(text):
        raise _doubtful(data, "too few characters to tell GB18030 from other encodings")
    if _looks_like_text(text) and looks_chinese(text):
        return text
    raise _doubtful(data, "read as GB18030 it gives unusual characters")


def _too_little(text: str) -> bool:
    """Fewer Chinese characters than it takes to tell GB18030 from the other two-byte encodings."""
    return sum(1 for ch in text[:10_000] if _hanzi(ch)) < _FEWEST_HANZI
