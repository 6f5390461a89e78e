"""How well one paragraph answers a question, on a scale with the same meaning for every question.

A fused score only ranks: its size says little from one question to another. What a user can trust is
whether the paragraph says what the question is specifically about: its numbers, dates, ordinals, countries
(hard terms: without them the paragraph is about another year or country), what the answer must write when the
question asks how many, how much money, what share or what something is called (hard too: a count, a sum, a
percentage, a quoted title), and its rarer words (weighted by how rare they are in the corpus), together with how
close it is in meaning, measured against the levels that questions no document answers reach (the probe
thresholds of `confidence`).

- strong: every hard term is there, enough of the rest, and meaning (or BM25) at the level of a real match
  (the more of the question it holds, the lower that level; the closer in meaning, the less it must hold);
- partial: an on-topic paragraph missing part of what was asked (another year, a detail);
- weak: little of the question is in it, or the question has no key term at all (punctuation, a stop-word,
  a single letter) or only bare numbers ("1=1", "42": no year, paragraph or resolution) and what is asked
  ("多少钱？"): nothing it is about can be shown in a paragraph, however close its vector happens to be.

A question has a reliable match when one of its best paragraphs is strong.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.keyterms import ASKED, NAME, NUMBER, PHRASE, RESOLUTION, SYMBOL, KeyTerm

STRONG, PARTIAL, WEAK = "strong", "partial", "weak"
LEVELS = (STRONG, PARTIAL, WEAK)  # best first
MIN_COVERAGE = 0.3  # share of the question's specific weight a strong paragraph holds at least
# The more of the question a paragraph holds, the further under the probes' similarity level it may be: up to
# FAR times `near` when it holds all of it (English questions meet Chinese text at lower similarities).
FAR = 3
PARTIAL_COVERAGE = 0.3
# Mirror image: a paragraph this far above the probes' similarity level (ABOVE times `near`, their spread) needs
# only LOW_COVERAGE of the question's words. A question put in other words than the paragraph's (小学老师 for
# 小学教师, 年轻人 for 青年, a colloquial one) holds few of them, and meaning says what the words cannot.
ABOVE = 1.5
LOW_COVERAGE = 0.1


@dataclass(frozen=True)
class Levels:
    """The levels a real match clears, per question language (see `confidence.derive_thresholds`)."""

    dense: float  # best similarity of questions no document answers, plus a margin
    lexical: float  # their best BM25 score, times a margin
    near: float  # how far under `dense` a paragraph holding most of the question still counts


@dataclass(frozen=True)
class Judgement:
    """One paragraph against the question: the specific terms it lacks, the share of the question's
    specific weight it holds, whether it has every hard term, and the level that follows."""

    missing: tuple[KeyTerm, ...]
    coverage: float
    complete: bool
    level: str


def coverage(terms: tuple[KeyTerm, ...], lacking: list[KeyTerm]) -> float:
    """Share of the weight of the question's specific terms that the paragraph holds (1 when it has none). What
    the answer must write (a count, a sum, a share: `ASKED`) is no content of the question: it only gates (hard),
    or any paragraph writing a sum in dollars would hold more of "联合国人口基金的总预算是多少"."""
    total = sum(t.weight for t in terms if t.specific and t.kind not in ASKED)
    if total <= 0:
        return 1.0
    return 1.0 - sum(t.weight for t in lacking if t.specific and t.kind not in ASKED) / total


def complete(terms: tuple[KeyTerm, ...], lacking: list[KeyTerm]) -> bool:
    """Whether the paragraph has every hard term; of the terms a question lists as alternatives ("2020年和
    2021年", one group), one is enough."""
    missing = {id(t) for t in lacking}
    groups: dict[str, bool] = {}
    for t in terms:
        if not t.hard:
            continue
        present = id(t) not in missing
        if t.group:
            groups[t.group] = groups.get(t.group, False) or present
        elif not present:
            return False
    return all(groups.values())


def judge(
    terms: tuple[KeyTerm, ...], lacking: list[KeyTerm], similarity: float, lexical: float, levels: Levels
) -> Judgement:
    """The level of one paragraph (see the module's text)."""
    share = coverage(terms, lacking)
    whole = complete(terms, lacking)
    # a document symbol or a resolution number is a name nothing else writes: a paragraph holding it and all else
    # asked is a match (a list of resolutions and their titles is far in meaning from "第9/3号决议的全称是什么？")
    named = share >= 1.0 and any(t.kind in (SYMBOL, RESOLUTION) for t in terms)
    close = similarity >= levels.dense or lexical >= levels.lexical or named
    allowance = FAR * levels.near * max(0.0, share - MIN_COVERAGE) / (1 - MIN_COVERAGE)
    held = share >= MIN_COVERAGE and (close or similarity >= levels.dense - allowance)
    # (in other words: but a name has none, nor has a quoted phrase)
    lacks_name = any(t.kind in (NAME, SYMBOL, PHRASE) for t in lacking if t.specific)
    said = share >= LOW_COVERAGE and similarity >= levels.dense + ABOVE * levels.near and not lacks_name
    if all(t.kind == NUMBER or t.kind in ASKED for t in terms):  # (also when there is none: "多少钱？")
        level = WEAK
    elif share <= 0 and all(t.hard for t in terms):  # holds nothing of a question made only of what must be held
        level = WEAK  # ("CAC/COSP/2017/4": a footnote citing another symbol is no partial match, however close)
    elif whole and (held or said):
        level = STRONG
    elif share >= PARTIAL_COVERAGE or close:
        level = PARTIAL
    else:
        level = WEAK
    missing = tuple(t for t in lacking if t.specific)
    return Judgement(missing, share, whole, level)
