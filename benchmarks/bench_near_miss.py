"""Near misses made from the corpus itself: does the reliable-match flag hold on this corpus's own facts?

    .venv/bin/python benchmarks/bench_near_miss.py [--corpus seeds] [--index DIR] [--count 150] [--seed 0]

For paragraphs whose sentence names a year (or a country), a keyword question is made of that year (country)
and the sentence's four rarest words; its near miss asks the same words with a year (country) that no paragraph
holding all of them names, so nothing in the corpus answers it. Prints, per kind, how often the paragraph
comes first, how often its question is wrongly flagged "no reliable match", and how often the near miss is
flagged. No question set is needed, so it runs on a user's own corpus as on the seeds. Keyword questions are
easier than the questions people write (paraphrases, English): a figure here is a floor, not the product's.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.text.analyzer import Analyzer, english_country_words  # noqa: E402
from assistant.text.keyterms import squashed  # noqa: E402

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
WORDS = 4  # rarest words of the sentence a question is made of
COMMON = 0.05  # a word in more paragraphs than this share is left out


@dataclass
class Pair:
    key: str  # the paragraph the question is made from
    question: str
    near_miss: str


@dataclass
class Tally:
    questions: int = 0
    first: int = 0
    wrongly_flagged: int = 0
    near_misses_flagged: int = 0


class Corpus:
    """The paragraphs' squashed texts, and how many hold a word (counted once asked)."""

    def __init__(self, assistant: Assistant) -> None:
        self.keys = [p.key for p in assistant.corpus.paragraphs]
        self.texts = [squashed(p.text) for p in assistant.corpus.paragraphs]
        self.analyzer = Analyzer()
        self._frequency: dict[str, int] = {}

    def frequency(self, word: str) -> int:
        if word not in self._frequency:
            self._frequency[word] = sum(word in text for text in self.texts)
        return self._frequency[word]

    def rarest(self, sentence: str) -> list[str]:
        words = {w for w in self.analyzer.terms(sentence) if _WORD.fullmatch(w)}
        kept = [w for w in words if self.frequency(w) <= COMMON * len(self.texts)]
        return sorted(kept, key=lambda w: (self.frequency(w), w))[:WORDS]

    def holding(self, words: list[str]) -> list[str]:
        return [text for text in self.texts if all(w in text for w in words)]


def pairs(
    corpus: Corpus, names: Callable[[str], list[str]], others: list[str], count: int, rng: random.Random
) -> Iterator[Pair]:
    """Up to `count` questions, each from a paragraph naming something (`names` finds what: years, countries),
    with its near miss: the same words and one of `others` that no paragraph holding them names."""
    rows = [r for r, text in enumerate(corpus.texts) if names(text)]
    rng.shuffle(rows)
    made = 0
    for row in rows:
        if made == count:
            return
        text = corpus.texts[row]
        named = names(text)[0]
        sentence = next(s for s in re.split(r"[。；]", text) if named in s)
        words = corpus.rarest(sentence.replace(named, " "))
        if len(words) < WORDS:
            continue
        holders = corpus.holding(words)
        unnamed = [o for o in others if not any(o in h for h in holders)]
        if not unnamed:
            continue
        made += 1
        yield Pair(corpus.keys[row], f"{named} {' '.join(words)}", f"{rng.choice(unnamed)} {' '.join(words)}")


def tally(assistant: Assistant, made: Iterator[Pair]) -> Tally:
    result = Tally()
    for pair in made:
        asked, missed = assistant.ask(pair.question, k=5), assistant.ask(pair.near_miss, k=5)
        result.questions += 1
        result.first += bool(asked.hits) and asked.hits[0].paragraph.key == pair.key
        result.wrongly_flagged += not asked.confident
        result.near_misses_flagged += not missed.confident
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--index", type=Path, help="index folder (default: the corpus's .index)")
    parser.add_argument("--count", type=int, default=150, help="questions (and near misses) per kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    assistant = Assistant.open(args.corpus, index_dir=args.index, progress=False)
    corpus = Corpus(assistant)
    years = [str(y) + "年" for y in range(2000, 2031)]
    countries = sorted(set(english_country_words().values()), key=lambda c: (-len(c), c))  # (longest first)
    kinds = {
        "another year": (lambda text: [y + "年" for y in _YEAR.findall(text)], years),
        "another country": (lambda text: [c for c in countries if c in text], countries),
    }
    for kind, (names, others) in kinds.items():
        result = tally(assistant, pairs(corpus, names, others, args.count, random.Random(args.seed)))
        n = max(result.questions, 1)
        print(
            f"{kind}: {result.questions} questions; paragraph first {result.first}/{n}, wrongly flagged "
            f"{result.wrongly_flagged}/{n}; near misses flagged {result.near_misses_flagged}/{n}"
        )


if __name__ == "__main__":
    main()
