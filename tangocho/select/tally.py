"""What the collector keeps per candidate word: counts, tokenizer readings, the best few examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..examples import example_key
from ..models import Occurrence, Sentence

MAX_EXAMPLES = 3

# example_key of (sentence text, article title), remembered: each offer ranks the tally's examples
# again, and a process merging what workers counted (Collector.merge) is told their keys (Counts.keys)
# instead of tokenizing every example sentence again to rank it (2 MB of varied text: 5,400 sentences,
# ~2 s of the merging process). Cleared when full: bounded memory.
_KEYS: dict[tuple[str, str], tuple[int, int]] = {}
_KEYS_MAX = 200_000


def remember_keys(keys: dict[tuple[str, str], tuple[int, int]]) -> None:
    """Take ``example_key`` values worked out elsewhere (a worker process's ``Counts.keys``)."""
    if len(_KEYS) + len(keys) > _KEYS_MAX:
        _KEYS.clear()
    _KEYS.update(keys)


def sentence_key(text: str, title: str) -> tuple[int, int]:
    """``example_key(text, title)``, remembered."""
    key = _KEYS.get((text, title))
    if key is None:
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        key = _KEYS[text, title] = example_key(text, title)
    return key


class Kind(Enum):
    """What a tally counts."""

    WORD = "word"  # a token or token run as one word: a JMdict word (its dictionary form) or a name
    COMPOUND = "compound"  # a run of two or more nouns (操業|再開): a card when JMdict lacks it

    # Tallies are keyed (kind, word): Enum's own hash is a Python call on every look-up. Members are
    # singletons compared by identity, so their identity hashes them as well.
    __hash__ = object.__hash__


@dataclass(slots=True)
class _Tally:
    """What the collector keeps per candidate (``Collector.tallies[(kind, word)]``)."""

    word: str
    entry_ids: tuple[int, ...]
    kind: Kind = Kind.WORD
    count: int = 0
    examples: list[Occurrence] = field(default_factory=list)
    readings: dict[str, int] = field(default_factory=dict)  # tokenizer readings seen → count
    multi_token: bool = False
    blocked: str = ""  # why it is not carded by default ("" = eligible)
    parts: tuple[tuple[str, str], ...] = ()  # compounds: (part, tokenizer reading)
    token_pos: str = ""
    is_name: bool = False
    pieces: tuple[str, ...] = ()  # a multi-token JMdict word's tokens (its frequency is estimated from them)
    part_multi: tuple[bool, ...] = ()  # compounds: which parts are JMdict words of several tokens
    derived: bool = False  # a noun + productive suffix (送配電|網) rather than a noun run
    after_number: int = 0  # occurrences right after a number: a word always there is a unit (キロワット)

    def add(self, occurrence: Occurrence, reading: str) -> None:
        self.count_at(occurrence.sentence, occurrence.first, occurrence.last, reading)

    def count_at(
        self, sentence: Sentence, first: int, last: int, reading: str, key: tuple[int, int] | None = None
    ) -> None:
        """One more occurrence, tokens [first, last) of ``sentence``, read ``reading`` (``key``: the
        sentence's ``sentence_key``, when worked out already)."""
        self.count += 1
        self.readings[reading] = self.readings.get(reading, 0) + 1
        self._offer(sentence, first, last, None, key)

    def merge(self, later: _Tally) -> None:
        """Fold in the tally of the same word over the sentences after this one's (Collector.merge):
        what is set once keeps its first value, what each occurrence sets its last (a compound's parts),
        counts add up, and the later examples compete with these as they would have one by one."""
        self.count += later.count
        for reading, n in later.readings.items():
            self.readings[reading] = self.readings.get(reading, 0) + n
        for occurrence in later.examples:
            self.offer(occurrence)
        self.multi_token = self.multi_token or later.multi_token
        self.blocked = self.blocked or later.blocked
        self.token_pos = self.token_pos or later.token_pos
        self.is_name = self.is_name or later.is_name
        self.pieces = self.pieces or later.pieces
        if self.kind is Kind.COMPOUND:  # set at every occurrence: the last one's
            self.parts, self.part_multi, self.derived = later.parts, later.part_multi, later.derived
        self.after_number += later.after_number

    def offer(self, occurrence: Occurrence) -> None:
        """Keep ``occurrence`` as an example if it is among the best MAX_EXAMPLES distinct sentences."""
        self._offer(occurrence.sentence, occurrence.first, occurrence.last, occurrence)

    def _offer(
        self,
        sentence: Sentence,
        first: int,
        last: int,
        occurrence: Occurrence | None = None,
        rank: tuple[int, int] | None = None,
    ) -> None:
        examples = self.examples
        text = sentence.text
        if rank is None:
            rank = sentence_key(text, sentence.article.title)
        if len(examples) >= MAX_EXAMPLES:
            # the examples are kept best first: a sentence no better than the last is not kept (the
            # way out for nearly every occurrence of a frequent word)
            worst = examples[-1].sentence
            if sentence_key(worst.text, worst.article.title) <= rank:
                return
        for o in examples:
            if o.sentence.text == text:
                return
        # The best MAX_EXAMPLES sentences, best first (first seen first among equals): a full clause
        # beats a heading (今後の展望と課題, the title line), a credit line ((唐山=新華社記者/牟宇)) is a
        # last resort, and a sentence shown whole beats one that must be cut.
        ranks = [sentence_key(o.sentence.text, o.sentence.article.title) for o in examples]
        if len(examples) >= MAX_EXAMPLES:
            worst = 0  # the worst rank, the last one among equals
            for k in range(1, len(ranks)):
                if ranks[k] >= ranks[worst]:
                    worst = k
            if ranks[worst] <= rank:
                return
            del examples[worst], ranks[worst]
        at = next((k for k, r in enumerate(ranks) if r > rank), len(ranks))
        examples.insert(at, occurrence or Occurrence(sentence, first, last))
