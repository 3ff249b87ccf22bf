"""Choose the vocabulary: join tokens into JMdict words and compounds, score them, apply word lists.

The stage works in two steps so that large inputs stream: ``Collector.add(sentences)`` folds each batch
of tokenized sentences into per-word counts and example sentences (a bounded amount of state per
distinct word), and ``Collector.rank(...)`` scores what was collected.

- ``pos``: UniDic part-of-speech rules and grammar words;
- ``names``: the name spans a sentence marks (legal forms, administrative suffixes, cited sources …);
- ``segment``: candidate forms of token runs and the cut of a sentence into the fewest known units;
- ``tally`` and ``collect``: counting words, names and compounds missing from JMdict (``Collector``);
- ``score``: keyness, domain signals, the deck-size rule and the choice of entry and reading.
"""

from ..jmdict import DOMAIN_FIELDS
from .collect import Collector
from .pos import _can_end, _can_start, _hiragana_only, _is_number, _reach
from .score import (
    DECK_MIN_CARDS,
    DECK_SCORE,
    DECK_TOKENS_PER_CARD,
    DEFAULT_LEVEL,
    HARD_KANJI_BONUS,
    LEVELS,
    VERBAL_NOUN_BONUS,
    choose_entry,
)
from .segment import MAX_RUN, _run_forms
from .tally import MAX_EXAMPLES, Kind, _Tally

__all__ = [
    "DECK_MIN_CARDS",
    "DECK_SCORE",
    "DECK_TOKENS_PER_CARD",
    "DEFAULT_LEVEL",
    "DOMAIN_FIELDS",
    "HARD_KANJI_BONUS",
    "LEVELS",
    "MAX_EXAMPLES",
    "MAX_RUN",
    "VERBAL_NOUN_BONUS",
    "Collector",
    "Kind",
    "_Tally",
    "_can_end",
    "_can_start",
    "_hiragana_only",
    "_is_number",
    "_reach",
    "_run_forms",
    "choose_entry",
]
