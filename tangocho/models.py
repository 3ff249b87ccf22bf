"""Frozen dataclasses passed between the stages of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input text: where it came from and how to call it on a card."""

    source: str  # file path, or "<stdin>"
    title: str
    date: str = ""  # ISO date when the text states one (2020-09-28), else ""


@dataclass(frozen=True, slots=True)
class Token:
    """One tokenizer unit (UniDic short unit)."""

    surface: str
    base: str  # dictionary form (UniDic orthBase): 達し → 達する
    reading: str  # hiragana reading of the surface ("" when unknown)
    base_reading: str  # hiragana reading of the dictionary form
    pos: tuple[str, str, str]  # (pos1, pos2, pos3), e.g. ("名詞", "普通名詞", "サ変可能")
    is_unknown: bool = False
    start: int = 0  # character offsets in the sentence
    end: int = 0
    # UniDic accent data (unidic-lite): aType, the downstep position(s) ("0", "1", "0,1"; "" unknown),
    # and aConType, how the word combines in a compound ("C1", "C2", "P2", ""); see pitch accent issue
    accent: str = ""
    accent_con: str = ""

    def __reduce__(self):
        # pickled as its fields in order (the build memo keeps ~18,000 tokens for the seed): a slots
        # class's default state is a dict set field by field, 10× slower to load
        return Token, tuple(getattr(self, name) for name in _TOKEN_FIELDS)


_TOKEN_FIELDS = Token.__slots__


@dataclass(frozen=True)
class Sentence:
    text: str
    tokens: tuple[Token, ...]
    article: Article
    index: int  # position of the sentence in its article
    # The author's own readings (HTML/EPUB <ruby>): (start, end, reading) character spans of ``text``.
    # They beat any dictionary guess in furigana and in the word's reading.
    ruby: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class Sense:
    glosses: tuple[str, ...]
    pos: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # JMdict field tags as stored: "economics", "computing" …
    misc: tuple[str, ...] = ()
    # the only readings of the entry this sense has (JMdict stagr; () = every one): 風車 "pinwheel
    # (toy)" is かざぐるま only, "windmill" either
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    text: str
    priority: tuple[str, ...] = ()  # news1, ichi1, nf09 …
    kana_only: bool = False  # a kana reading that has no kanji form (nokanji)
    # read from jamdict-data only by dictionary.source_entries (the lookup index keeps neither):
    irregular: bool = False  # an irregular or out-dated spelling (発註 for 発注)
    restricted: tuple[str, ...] = ()  # kana: the only kanji forms it reads (() = every one)


@dataclass(frozen=True)
class Entry:
    """A JMdict entry."""

    id: int
    kanji: tuple[Form, ...]
    kana: tuple[Form, ...]
    senses: tuple[Sense, ...]

    @property
    def headword(self) -> str:
        return (self.kanji or self.kana)[0].text

    def priority_of(self, text: str) -> tuple[str, ...]:
        for form in self.kanji + self.kana:
            if form.text == text:
                return form.priority
        return ()


@dataclass(frozen=True)
class Kanji:
    """A KANJIDIC2 character."""

    literal: str
    meanings: tuple[str, ...]
    on: tuple[str, ...]
    kun: tuple[str, ...]
    grade: str = ""
    jlpt: str = ""
    strokes: int = 0


@dataclass(frozen=True)
class Name:
    """A JMnedict name: people, places, organisations."""

    text: str
    reading: str
    kinds: tuple[str, ...]
    glosses: tuple[str, ...]


@dataclass(frozen=True)
class Occurrence:
    """Where a word stands in a sentence: tokens [first, last)."""

    sentence: Sentence
    first: int
    last: int

    @property
    def surface(self) -> str:
        return "".join(t.surface for t in self.sentence.tokens[self.first : self.last])


@dataclass(frozen=True)
class Candidate:
    """A word chosen (or considered) for a card."""

    key: str  # stable identity: "jmdict:<id>:<headword>" or "compound:<headword>:<reading>"
    word: str  # headword as shown (the form the article used when JMdict has it)
    reading: str  # hiragana
    entry: Entry | None  # None for compounds missing from JMdict
    count: int
    score: float
    reasons: tuple[str, ...]
    examples: tuple[Occurrence, ...]  # up to 3 distinct sentences, first seen first
    parts: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # compounds: (part, reading, glosses)
    frequency: float = 0.0  # general-Japanese Zipf frequency (wordfreq); 0 = unseen
    reading_checked: bool = True  # False: JMdict has no reading matching the tokenizer's
    token_pos: str = ""  # the part of speech the tokenizer gave (noun, suru-verb, verb …)
    included: bool = False  # the include list names it: carded whatever its score (reason "list: include")
    domain_lists: tuple[str, ...] = ()  # the domain lists naming the word itself (vocab/business.txt …)
    heard: str = ""  # compounds: the reading the tokenizer heard (kana), which the key keeps
    not_carded: str = ""  # why make_cards leaves it out (no meaning that is right); "" = carded
    estimated_frequency: float = 0.0  # no wordfreq figure: the Zipf select estimated (JMdict tags, parts)

    @property
    def is_compound(self) -> bool:
        return self.entry is None

    @property
    def jmdict_id(self) -> int | None:
        return self.entry.id if self.entry else None


@dataclass(frozen=True)
class Example:
    """One example sentence as rendered HTML (the manifest keeps them so rebuilds can merge them)."""

    sentence: str  # the sentence with the word in <b>
    furigana: str  # the same in Anki furigana syntax
    cloze: str  # the sentence with the word hidden
    source: str  # article title · date


@dataclass(frozen=True)
class Card:
    """A rendered note: field values (HTML) and tags, keyed by a stable GUID key."""

    key: str
    fields: dict[str, str] = field(hash=False)
    tags: tuple[str, ...] = ()
    deck: str = ""
    examples: tuple[Example, ...] = ()
