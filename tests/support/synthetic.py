"""A synthetic corpus shaped like the seeds, of any size, for scale tests and benchmarks.

Documents of `PER_DOCUMENT` numbered paragraphs under a UN-like header, each paragraph two to four sentences
drawn from the seed paragraphs, with the years, numbers and country names in them varied. A few paragraphs
are planted: each states a fact found nowhere else (a made-up project in a made-up place), and its question
must bring that paragraph first however large the corpus is.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import SEEDS

PER_DOCUMENT = 100
_SENTENCE = re.compile(r"[^。；]+[。；]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(r"(?<![\d/.])\d{1,3}(?![\d/.])")
_COUNTRIES = (
    "阿尔巴尼亚 阿根廷 澳大利亚 奥地利 孟加拉国 比利时 贝宁 玻利维亚 博茨瓦纳 "
    "巴西 保加利亚 布基纳法索 喀麦隆 加拿大 智利 哥伦比亚 哥斯达黎加 克罗地亚 "
    "古巴 塞浦路斯 丹麦 厄瓜多尔 埃及 萨尔瓦多 爱沙尼亚 埃塞俄比亚 斐济 芬兰 "
    "法国 加纳 希腊 危地马拉 洪都拉斯 匈牙利 印度 印度尼西亚 伊拉克 意大利 "
    "牙买加 日本 约旦 肯尼亚 拉脱维亚 黎巴嫩 立陶宛 马达加斯加 马来西亚 "
    "马尔代夫 马里 墨西哥 蒙古 摩洛哥 莫桑比克 纳米比亚 尼泊尔 荷兰 新西兰 "
    "尼日尔 尼日利亚 挪威 巴基斯坦 巴拿马 巴拉圭 秘鲁 菲律宾 波兰 葡萄牙 "
    "卡塔尔 罗马尼亚 卢旺达 萨摩亚 塞内加尔 塞尔维亚 新加坡 南非 西班牙 "
    "斯里兰卡 瑞典 瑞士 泰国 突尼斯 乌干达 乌克兰 乌拉圭 越南 赞比亚"
).split()
_COUNTRY = re.compile("|".join(sorted(_COUNTRIES, key=len, reverse=True)))


@dataclass(frozen=True)
class Planted:
    """A paragraph with a fact found nowhere else, the question that asks for it, and where it is."""

    document: str
    label: str
    text: str
    question: str


PLANTED = [
    (
        "毒品和犯罪问题办公室于 2031 年在青石岛启动了“珊瑚廉正灯塔”项目，为当地海关培训了 417 名稽查员。",
        "珊瑚廉正灯塔项目培训了多少名稽查员？",
    ),
    (
        "在雾峰群岛，反腐败委员会与审计署联合推出了“琥珀账簿”电子申报平台，覆盖全部公职人员的资产申报。",
        "琥珀账簿电子申报平台是哪里推出的？",
    ),
    (
        "白鹭湾国家在 2032 年通过了《港口采购透明度与举报人奖励法》，规定举报人可获得追回资产百分之十五的奖励。",
        "港口采购透明度与举报人奖励法规定的举报人奖励比例是多少？",
    ),
    (
        "针对体育赛事，毒品和犯罪问题办公室与银杏联盟合作编写了《电子竞技操纵比赛预防手册》，并在七个城市开展了试点。",
        "电子竞技操纵比赛预防手册是与谁合作编写的？",
    ),
    (
        "云杉高原的最高法院设立了专门审理贿赂外国公职人员案件的合议庭，首年审结案件 58 起。",
        "专门审理贿赂外国公职人员案件的合议庭首年审结了多少起案件？",
    ),
]


def seed_sentences() -> list[str]:
    from assistant import Corpus

    sentences = []
    for para in Corpus.from_dir(SEEDS).paragraphs:
        if para.label.isdigit():
            sentences.extend(s.strip() for s in _SENTENCE.findall(para.text) if len(s.strip()) >= 12)
    return sentences


def _varied(sentence: str, rng: random.Random) -> str:
    sentence = _YEAR.sub(lambda _: str(rng.randint(1995, 2030)), sentence)
    sentence = _NUMBER.sub(lambda _: str(rng.randint(1, 400)), sentence)
    return _COUNTRY.sub(lambda _: rng.choice(_COUNTRIES), sentence)


def write_corpus(folder: Path, paragraphs: int, seed: int = 0) -> list[Planted]:
    """Write documents holding `paragraphs` numbered paragraphs in all into `folder`; the planted paragraphs."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    documents = max(1, -(-paragraphs // PER_DOCUMENT))
    spots = dict(zip(rng.sample(range(paragraphs), min(len(PLANTED), paragraphs)), PLANTED, strict=False))
    planted: list[Planted] = []
    written = 0
    for number in range(documents):
        name = f"doc{number:06d}"
        lines = [
            "联合国反腐败公约 缔约国会议",
            "",
            "Distr.: General",
            f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} {rng.randint(2005, 2030)}",
            "",
            f"关于反腐败工作的第 {number + 1} 号合成报告",
            "",
            "一. 导言",
            "",
        ]
        for label in range(1, PER_DOCUMENT + 1):
            if written == paragraphs:
                break
            if written in spots:
                text, question = spots[written]
                planted.append(Planted(name, str(label), text, question))
            else:
                text = "".join(_varied(s, rng) for s in rng.sample(sentences, rng.randint(2, 4)))
            lines += [f"{label}. {text}", ""]
            written += 1
        (folder / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    return planted
