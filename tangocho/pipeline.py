"""The pipeline the CLI calls, as stages you can call one by one:

    read → collect → rank → make_cards → write

``read(inputs, options)`` opens the inputs and yields each article with its sentences (tokenized, page
furniture skipped), lazily; ``collect(articles, dictionary, options)`` finds the candidate words in them;
``rank(collected, options)`` scores and chooses them (a ``Selection``: what ``tangocho words`` prints);
``make_cards(selection, dictionary, options)`` renders a ``Card`` per word; ``write(cards, options)``
writes the deck and records it in the note store. ``select_words`` (read + collect + rank), ``build``
(all five) and ``push`` (the first four, then AnkiConnect) chain them.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from . import buildmemo, parallel, ruby
from . import deck as deck_stage
from .dictionary import Dictionary, affix_words, open_dictionary
from .errors import EmptyInput, NoJapaneseText, NothingToCard, OutputError, WordListError
from .examples import arrange, marked_only, title_only
from .kana import UNVOICED as _UNVOICED
from .kana import (
    has_kanji,
    is_kana,
    is_kanji,
    is_katakana,
    is_katakana_char,
    okurigana_stem,
    only_kanji,
    same_reading,
    to_hiragana,
)
from .models import Article, Candidate, Card, Entry, Occurrence, Sense, Sentence
from .notetype import check_card_types
from .reading import PERSON_TITLES, Reader, Segment, agrees, lexicon, voiced_in_compound
from .render import (
    OFF_CONTEXT_MISC,
    SenseContext,
    article_words,
    business_gloss,
    core_gloss,
    domain_fields,
    gloss_words,
    merge_examples,
    named_sense,
    ordered_senses,
    plain_gloss,
    render,
    verb_pos,
)
from .select import DECK_SCORE, Collector
from .select.score import tag_zipf
from .text import (
    DEFAULT_TIMEOUT,
    Source,
    article_lines,
    find_sources,
    has_japanese,
    load_all,
    split_sentences,
)
from .tokenize import tokenize, tokenized
from .wordlists import EMPTY, WordList, load_list

DEFAULT_DECK = "Tangocho"
DOMAIN_LISTS = ("business", "technology")
_BATCH_SENTENCES = 400
_article_lines = article_lines  # the page-furniture rules live in text.py (old name kept)

# progress(stage, done, total): total is None when unknown
Progress = Callable[[str, int, "int | None"], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


def _shipped(folder: str) -> Path:
    """A folder shipped with tangocho: inside the installed package (a wheel maps the repo's
    ``seeds/`` and ``vocab/`` there), or beside the package in a checkout (an editable install)."""
    package = Path(__file__).resolve().parent
    for path in (package / folder, package.parent / folder):
        if path.is_dir():
            return path
    return package / folder


def default_seeds() -> Path:
    """``./seeds`` when run from a checkout, else the articles shipped with the package."""
    local = Path("seeds")
    return local if local.is_dir() else _shipped("seeds")


def default_vocab() -> Path:
    """``./vocab`` (the lists you edit) when present, else the lists shipped with the package."""
    local = Path("vocab")
    return local if local.is_dir() else _shipped("vocab")


@dataclass(frozen=True)
class Options:
    """Everything a build or a preview can be told."""

    known: Sequence[str] = ()  # extra known-word files (.txt lists, .apkg, Anki text exports)
    # known words from the learner's reviews: collection.anki2 paths, or "connect" (AnkiConnect)
    known_anki: Sequence[str] = ()
    known_field: str | None = None  # the field holding the word (None: each note's first field)
    known_interval: int = 21  # days: a card at or over this interval is known
    anki_url: str = "http://127.0.0.1:8765"
    anki_key: str | None = None
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    vocab_dir: str | None = None  # None: ./vocab, else the packaged lists
    max_words: int | None = None  # no cap: the deck size follows the text (min_score)
    min_score: float = DECK_SCORE  # the deck-size rule: words scoring at least this
    names: bool = False
    level: str = "intermediate"  # learner level: beginner, intermediate, advanced (select.LEVELS)
    encoding: str | None = None
    timeout: float = DEFAULT_TIMEOUT  # seconds for fetching a URL
    card_types: Sequence[str] = ("recognition",)
    flat: bool = False
    deck_name: str = DEFAULT_DECK
    output: str | None = None  # None: decks/<deck name>.apkg
    clock: Callable[[], float] = time.time
    store: str | None = None  # the note store's file (None: notes.sqlite in the user data folder)
    progress: Progress = _quiet
    audio: bool = False  # word and sentence audio (the optional extra tangocho[audio])
    dictionary: Dictionary | None = field(default=None, compare=False)  # test seam: a FakeDictionary
    # worker processes that read and collect: None = automatic (every core for an input of at least
    # parallel.MIN_BYTES, else one process), 1 = this process only, N = N workers whatever the size
    jobs: int | None = None


@dataclass(frozen=True)
class Selection:
    articles: tuple[Article, ...]
    candidates: tuple[Candidate, ...]
    words_found: int
    tokens: int
    names: frozenset[str] = frozenset()  # the names the text marks (select: name spans), for arrange
    # rank resolved the compounds (resolve_compounds, which changes nothing when run again: make_cards
    # does not, ~5 ms of a seed build); a selection made by hand is resolved by make_cards
    resolved: bool = False


@dataclass(frozen=True)
class BuildResult:
    selection: Selection
    output: Path
    notes: int
    cards: int
    new: int
    updated: int
    unchanged: int
    seconds: float
    notices: tuple[str, ...] = ()  # what to know before importing (deck.WriteResult.notices)


def _lists(options: Options) -> tuple[dict[str, WordList], WordList, WordList, WordList]:
    vocab = Path(options.vocab_dir) if options.vocab_dir else default_vocab()
    if options.vocab_dir and not vocab.is_dir():  # else the domain lists vanish without a word
        raise WordListError(str(vocab), 0, "not a folder" if vocab.exists() else "no such folder")
    domain: dict[str, WordList] = {}
    for name in DOMAIN_LISTS:
        path = vocab / f"{name}.txt"
        if path.is_file():
            domain[name] = load_list(path, name)

    def merged(default: str, extra: Iterable[str]) -> WordList:
        result = EMPTY
        path = vocab / default
        if path.is_file():
            result = result | load_list(path)
        for p in extra:
            result = result | load_list(p)
        return result

    known = merged("known.txt", options.known)
    for source in options.known_anki:
        known = known | known_from_anki(source, options).as_list()
    return (
        domain,
        known,
        merged("include.txt", options.include),
        merged("exclude.txt", options.exclude),
    )


def known_from_anki(source: str, options: Options):
    """Known words of a collection file, or of the collection open in Anki (``source`` "connect")."""
    from . import known

    if source == known.CONNECT:
        from .ankiconnect import AnkiConnect

        client = AnkiConnect(options.anki_url, options.anki_key)
        return known.from_anki_connect(client, options.known_field, options.known_interval)
    return known.from_collection(source, options.known_field, options.known_interval)


def _sentences(article: Article, lines: Iterator[str], on_chars: Callable[[int], None]) -> Iterator[Sentence]:
    for text, spans, index in _raw_sentences(article, lines, on_chars):
        yield Sentence(text=text, tokens=tokenized(text), article=article, index=index, ruby=spans)


def _raw_sentences(
    article: Article, lines: Iterator[str], on_chars: Callable[[int], None]
) -> Iterator[tuple[str, tuple[tuple[int, int, str], ...], int]]:
    """The article's sentences before tokenizing: (text, the author's ruby spans, index)."""
    index = 0
    seen_text = False
    seen_japanese = False

    def counted(lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            on_chars(len(line.encode("utf-8", "replace")) + 1)
            yield line

    for marked in split_sentences(article_lines(counted(lines))):
        # the author's ruby leaves the text and becomes spans: ⦃漢字⦀かんじ⦄を → 漢字を, (0, 2, かんじ)
        text, spans = ruby.split(marked)
        if not text.strip(" \t\u3000"):
            continue
        seen_text = True
        if not has_japanese(text):
            continue
        seen_japanese = True
        yield text, spans, index
        index += 1
    if not seen_text:
        raise EmptyInput(f"{article.source}: empty input (only whitespace)")
    if not seen_japanese:
        raise NoJapaneseText(f"{article.source}: no Japanese text found")


def _batches(items: Iterator[Sentence], size: int) -> Iterator[list[Sentence]]:
    batch: list[Sentence] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _size(source: Source) -> int | None:
    """Bytes to read, for the progress bar; None for stdin, pipes and URLs (unknown)."""
    if source.kind == "url":
        return None
    try:
        path = Path(source.path)
        return path.stat().st_size if source.path != "-" and path.is_file() else None
    except OSError:
        return None


@dataclass(frozen=True)
class Lists:
    """The word lists of a build: the domain lists (vocab/business.txt …) and the learner's own."""

    domain: dict[str, WordList]
    known: WordList
    include: WordList
    exclude: WordList


def word_lists(options: Options = Options()) -> Lists:
    return Lists(*_lists(options))


class Reading(Iterator[tuple[Article, Iterator[Sentence]]]):
    """What ``read`` returns: an iterator of (article, its sentences), read lazily. ``raw()`` gives
    the same articles with their sentences not yet tokenized — for ``collect`` to tokenize them in worker
    processes (use one of the two, once)."""

    def __init__(self, sources: Sequence[Source], options: Options):
        sizes = [_size(s) for s in sources]
        self.sources = sources
        self.total = sum(s for s in sizes if s) if all(s is not None for s in sizes) else None  # bytes
        self._options = options
        self._done = 0
        self._articles: Iterator[tuple[Article, Iterator[Sentence]]] | None = None

    def _on_chars(self, n: int) -> None:
        self._done += n
        total = self.total
        self._options.progress("reading", min(self._done, total) if total else self._done, total)

    def _lines(self) -> Iterator[tuple[Article, Iterator[str]]]:
        for source in self.sources:
            yield from load_all(source, self._options.encoding, self._options.timeout)

    def __next__(self) -> tuple[Article, Iterator[Sentence]]:
        if self._articles is None:
            self._articles = ((a, _sentences(a, lines, self._on_chars)) for a, lines in self._lines())
        return next(self._articles)

    def raw(self) -> Iterator[tuple[Article, Iterator[tuple[str, tuple[tuple[int, int, str], ...], int]]]]:
        """Each article with its sentences as (text, ruby spans, index), not tokenized."""
        return ((a, _raw_sentences(a, lines, self._on_chars)) for a, lines in self._lines())


def read(inputs: Sequence[str], options: Options = Options()) -> Reading:
    """Stage 1: each article of the inputs (none: the seed articles) with its sentences, read lazily.

    The inputs are found at once (a missing file is an error before anything is read); each article's
    lines are read, split and tokenized as its sentences are consumed, with ``options.progress``
    ("reading", bytes done, bytes in all) as they go."""
    return Reading(find_sources(inputs or [str(default_seeds())]), options)


@dataclass(frozen=True)
class Collected:
    """What ``collect`` found: the articles read and the collector holding every candidate's counts
    and example sentences (select.Collector)."""

    articles: tuple[Article, ...]
    collector: Collector
    lists: Lists


def collect(
    articles: Iterable[tuple[Article, Iterable[Sentence]]],
    dictionary: Dictionary,
    options: Options = Options(),
    lists: Lists | None = None,
) -> Collected:
    """Stage 2: the candidate words of the articles' sentences (dictionary look-ups in batches).

    The articles ``read`` gives are read and collected in worker processes when the input is large
    (``options.jobs``; parallel.py), with the same result."""
    lists = lists or word_lists(options)
    jobs = parallel.jobs_for(options.jobs, articles.total if isinstance(articles, Reading) else None)
    if jobs > 1 and isinstance(articles, Reading):
        seen_articles, collector = parallel.collect(
            articles.raw(), dictionary, lists.domain, jobs, _BATCH_SENTENCES
        )
        return Collected(seen_articles, collector, lists)
    # The collector keeps example sentences as text and tokenizes the chosen ones again: the tokens of
    # the sentences tokenized last are handed back (tokenize.tokenized), so the chosen examples of a
    # short text are never tokenized twice; those of a long input are made again.
    collector = Collector(dictionary, lists.domain, retokenize=tokenized)
    seen: list[Article] = []
    for article, sentences in articles:
        seen.append(article)
        for batch in _batches(iter(sentences), _BATCH_SENTENCES):
            collector.add(batch)
    return Collected(tuple(seen), collector, lists)


def rank(collected: Collected, options: Options = Options()) -> Selection:
    """Stage 3: score the candidates and choose the deck's words (options: lists, level, deck size)."""
    collector, lists = collected.collector, collected.lists
    candidates = collector.rank(
        known=lists.known,
        include=lists.include,
        exclude=lists.exclude,
        max_words=options.max_words,
        min_score=options.min_score,
        names=options.names,
        level=options.level,
    )
    # a compound JMdict lacks gets the breakdown of the words it is made of, or is not carded (the
    # reason shows in `tangocho words`)
    candidates = resolve_compounds(candidates, collector.dictionary)
    # a word only the title line uses, a headline: its one example would be the headline
    candidates = [
        _not_carded(c, "only in the title line, a headline") if title_only(c) else c for c in candidates
    ]
    # … or only in subheadings and photo captions the text marks (■…, …＝5日、今治市)
    candidates = [
        _not_carded(c, "only in subheadings and captions")
        if not left_out(c) and marked_only(c, candidates)
        else c
        for c in candidates
    ]
    return Selection(
        collected.articles,
        tuple(candidates),
        len(collector.tallies),
        collector.tokens,
        frozenset(getattr(collector, "name_surfaces", ())),
        resolved=True,
    )


def select_words(inputs: Sequence[str], options: Options = Options()) -> tuple[Selection, Dictionary]:
    """Read the inputs and choose their vocabulary (what ``tangocho words`` prints): read → collect →
    rank. The word lists are read, and the inputs found, before the dictionary is opened."""
    selection, dictionary = _select(inputs, options)
    dictionary.save_memo()
    return selection, dictionary


def _select(
    inputs: Sequence[str], options: Options, articles: Reading | None = None, lists: Lists | None = None
) -> tuple[Selection, Dictionary]:
    articles = read(inputs, options) if articles is None else articles
    lists = word_lists(options) if lists is None else lists
    dictionary = options.dictionary or open_dictionary(progress=lambda m: options.progress(m, 0, None))
    return rank(collect(articles, dictionary, options, lists), options), dictionary


def slug(name: str) -> str:
    return re.sub(r"[^\w\-]+", "-", name, flags=re.UNICODE).strip("-").lower() or "deck"


def output_path(options: Options) -> Path:
    if options.output:
        path = Path(options.output)
        if path.is_dir():  # -o decks/: into the folder, never beside it as decks.apkg
            return path / f"{slug(options.deck_name)}.apkg"
        if path.exists() and not path.is_file():  # -o /dev/full: not /dev/full.apkg
            raise OutputError(f"{path}: not a regular file (give a file name ending in .apkg)")
        return path if path.suffix.lower() == ".apkg" else path.with_name(path.name + ".apkg")
    return Path("decks") / f"{slug(options.deck_name)}.apkg"


def _subdeck(options: Options, candidate: Candidate, many_articles: bool) -> str:
    if candidate.token_pos == "name":
        return f"{options.deck_name}::Names"
    if options.flat or not many_articles or not candidate.examples:
        return options.deck_name
    title = candidate.examples[0].sentence.article.title.replace("::", ":")
    return f"{options.deck_name}::{title}"


def make_cards(selection: Selection, dictionary: Dictionary, options: Options = Options()) -> list[Card]:
    """Stage 4: a card per chosen word — senses in context, sentence furigana from the dictionary
    segmentation, compound parts' meanings, kanji (a few batched look-ups for all the cards)."""
    check_card_types(options.card_types)
    # each card's sentences in the order shown: real sentences first, the word on its own, one the
    # cards before it do not already show on their front (examples.arrange)
    # no card without a meaning that is right: a compound without a breakdown is left out
    # nor for a word only the title line uses: its one example would be a headline (examples.title_only;
    # rank marks it, a selection made by hand may not have)
    resolved = (
        selection.candidates if selection.resolved else resolve_compounds(selection.candidates, dictionary)
    )
    kept = [c for c in resolved if not left_out(c) and not title_only(c)]
    candidates = arrange(kept, selection.names)
    chars = {ch for c in candidates for ch in c.word if is_kanji(ch)}
    kanji = dictionary.kanji(chars)
    many = len(selection.articles) > 1
    contexts = _sense_contexts(candidates, dictionary)
    # a word is read as the sense its card shows is read: 風車 ふうしゃ "windmill", not the tokenizer's
    # かざぐるま (JMdict gives that reading to "pinwheel (toy)"); every sentence reads it so too
    read_by_sense = [_sense_read(c, contexts.get(c.key)) for c in candidates]
    respoken = {
        c.word: (c.reading, r.reading) for c, r in zip(candidates, read_by_sense, strict=True) if r is not c
    }
    candidates = read_by_sense
    # sentence furigana from the dictionary segmentation, every example sentence looked up at once
    reader = Reader(
        lexicon(
            {o.sentence.text: o.sentence for c in candidates for o in c.examples}.values(),
            dictionary,
            # every sentence the selection kept, for how the articles read their names (a caption's
            # 羽田空港 はねだくうこう: 羽田 is the airport, not the surname はた)
            [o.sentence for c in selection.candidates for o in c.examples],
        ),
        respoken,
    )
    parts = _part_meanings(candidates, dictionary, contexts)
    return [
        render(
            # the parts' meanings, with the reading the sentence gives the word (_name_read)
            _checked(replace(parts[c.key], reading=c.reading) if c.key in parts else c),
            kanji,
            _subdeck(options, c, many),
            options.card_types,
            readings=_readings(c, reader),
            context=contexts.get(c.key),
        )
        for c in (_name_read(c, reader) for c in candidates)
    ]


def _sense_read(candidate: Candidate, context: SenseContext | None) -> Candidate:
    """The card's reading, as JMdict reads the sense the card shows first (stagr, Sense.readings):
    that sense's own reading where it has only some; else, where the tokenizer heard a reading JMdict
    gives only to other senses, the entry's first reading that no sense is limited to — 風車 "windmill"
    ふうしゃ, not かざぐるま ("pinwheel (toy)"; "Clematis"). The key stays."""
    entry, heard = candidate.entry, candidate.reading
    if (
        entry is None
        or not heard
        or not has_kanji(candidate.word)
        or not any(s.readings for s in entry.senses)
    ):
        return candidate
    first = ordered_senses(entry, candidate.token_pos, context)[0][1]
    if first.readings:
        if any(same_reading(r, heard) for r in first.readings):
            return candidate
        return replace(candidate, reading=to_hiragana(first.readings[0]))
    # … JMdict's first reading heard stays, though a later sense is limited to it: 本店 ほんてん (ほんだな
    # is no reading of "this store"), 燻る くすぶる
    tied = {to_hiragana(r) for s in entry.senses for r in s.readings}
    readings = [to_hiragana(k.text) for k in entry.kana if not k.kana_only]
    if to_hiragana(heard) not in tied or (readings and same_reading(readings[0], heard)):
        return candidate
    free = [r for r in readings if r not in tied]
    return replace(candidate, reading=free[0]) if free else candidate


def _name_read(candidate: Candidate, reader: Reader) -> Candidate:
    """A name's or a compound's reading (no JMdict entry says it) as its sentence reads it (reading.py):
    a name in an article about China by its kanji's on readings (恵山 けいざん, not the Hokkaido town
    えさん JMnedict lists first), a compound as its parts read there (後年度負担 こうねんどふたん, not the
    tokenizer's 後 ご). Kept where the sentence guesses or does not cover every kanji. Only the reading
    changes; the note keeps its key."""
    if not candidate.examples or not (candidate.token_pos == "name" or candidate.entry is None):
        return candidate
    o = candidate.examples[0]
    if o.surface != candidate.word:
        return candidate
    text = o.sentence.text
    start, end = o.sentence.tokens[o.first].start, o.sentence.tokens[o.last - 1].end
    segments = [s for s in reader.read(o.sentence) if s.start < end and start < s.end]
    if any(s.guess or s.start < start or s.end > end for s in segments):
        return candidate
    if candidate.token_pos == "name":
        if [(s.start, s.end) for s in segments] != [(start, end)]:
            return candidate
        reading = segments[0].reading  # 上海 シャンハイ as JMnedict spells it
    else:
        pieces, at = [], start
        for s in sorted(segments, key=lambda s: s.start):
            if not all(is_kanji(c) for c in text[s.start : s.end]):
                return candidate  # a ruby over kana too (コード管理): the card's own reading stays
            pieces += [text[at : s.start], s.reading]
            at = s.end
        pieces.append(text[at:end])
        reading = "".join(pieces)
        if any(is_kanji(c) for c in reading):
            return candidate
    return candidate if same_reading(reading, candidate.reading) else replace(candidate, reading=reading)


# ------------------------------------------------------------------ compounds: a right meaning, or no card

NOT_CARDED = "not carded: "  # the reason `tangocho words` shows for a word make_cards leaves out

# An entry only these senses make is no part of a compound's meaning: 電網 "Internet" (jocular,
# obscure) is not the 電網 of 送配|電網.
_UNUSABLE_MISC = frozenset({"jocular, humorous term", "obscure term", "archaism", "obsolete term"})
# A name is not glossed from its pieces: ソフトバンク (JMnedict: a company), not "soft + bank";
# 日本航空 (a company: Japan Air Lines), not "Japan · aviation".
_NAME_KINDS = frozenset({"company", "organization", "product", "service", "work"})
_GEMINATE_FROM = frozenset("つちくき")


def left_out(candidate: Candidate) -> bool:
    """The word is not carded: it has no meaning that is right (``resolve_compounds`` says why)."""
    return bool(candidate.not_carded)


def _usable(entry: Entry) -> bool:
    return any(s.glosses and not _UNUSABLE_MISC & set(s.misc) for s in entry.senses)


def _reads_as(reading: str, heard: str, slack: int = 0) -> bool:
    """A part's dictionary reading is what was heard, up to voicing and gemination, kana by kana:
    人手不足 ひとでぶそく ~ ひとでふそく, 会社 かいしゃ ~ がいしゃ (親会社), 学 がく ~ がっ (学校);
    電 いなずま is not the でん of 送配電. ``slack``: how many kana may differ besides."""
    if len(reading) != len(heard):
        return False
    for a, b in zip(reading, heard, strict=True):
        if _UNVOICED.get(a, a) == _UNVOICED.get(b, b):
            continue
        if {a, b} & {"っ"} and ({a, b} - {"っ"}) <= _GEMINATE_FROM:
            continue
        if slack > 0:
            slack -= 1
            continue
        return False
    return True


# A JMdict word this long is the compound's part even where the tokenizer heard one kana of it
# otherwise (its guess at a lone kanji: 完全|子|会社 かんぜんしかいしゃ for 完全子会社 かんぜんこがいしゃ);
# the part is then read as JMdict reads it
LONG_PART = 4


def _kana_run(ch: str) -> bool:
    return is_katakana_char(ch) and ch != "・"


def _heard(candidate: Candidate) -> str:
    """The compound's reading as the tokenizer heard it, in hiragana (送配電網 そうはいでんもう); ""
    when unknown (an unknown token left kanji in it)."""
    heard = to_hiragana(candidate.heard or "".join(r for _, r, _ in candidate.parts))
    return "" if has_kanji(heard) else heard


def _token_cuts(candidate: Candidate) -> frozenset[int]:
    """Where the tokenizer cut the word (character offsets inside it)."""
    o = next((o for o in candidate.examples if o.surface == candidate.word), None)
    if o is None:
        tokens = tokenize(candidate.word)
        return frozenset(t.start for t in tokens[1:])
    start = o.sentence.tokens[o.first].start
    return frozenset(t.start - start for t in o.sentence.tokens[o.first + 1 : o.last])


Part = tuple[str, str, tuple[str, ...]]


def _kana_prefix(piece: str, parts: int = 2) -> bool:
    """A hiragana piece a compound begins with, before more (お|客様, ご|祝儀): its prefix."""
    return parts > 1 and is_kana(piece) and not is_katakana(piece)


def _is_prefix(entry: Entry) -> bool:
    """An entry with a prefix sense: 御 ご "honorific prefix", not 五 ご "five"."""
    return any("prefix" in p for sense in entry.senses for p in sense.pos)


RARITY_MARGIN = 1.0  # Zipf points a cut of as many parts must be commoner by to replace select's units


def breakdown(
    word: str,
    heard: str,
    entries_of: Mapping[str, Sequence[Entry]],
    cuts: frozenset[int] = frozenset(),
    given: Sequence[str] = (),
    zipf: Mapping[str, float] | None = None,
) -> tuple[Part, ...] | None:
    """``word`` as the JMdict words it is made of, each with its reading and first gloss, or None.

    Each part is a word JMdict has, read as the compound was heard (``heard``, up to rendaku), so the
    readings join to the compound's: 送配電 そうはいでん is not 送配 + 電 (電 is いなずま in JMdict).
    Fewest parts, a single character costing as much as three (産業|用地, not 産業用|地), and of cuts
    as good, the one of commoner words (``zipf``: 食料|安全保障, not 食料安全 "food safety" | 保障);
    ``given`` (the parts select's units made) is kept when no cut is better. A token that is a JMdict
    word of two kanji or more is not cut (産出|国 is no 産 "birth" + 出国 "departure from a country":
    with 国 read こく, which JMdict's 国 くに is not, 産出国 has no breakdown). Two single kanji side by
    side are no breakdown (科|技 "department · technique" for 科技, science and technology); a katakana
    run is cut only where the tokenizer cut it, so two loans are two parts (アクセス|トークン) and one
    loan is never pieces. Without ``heard`` readings are not checked."""
    n = len(word)

    def readings(piece: str, entry: Entry) -> list[str]:
        if not has_kanji(piece):
            return [to_hiragana(piece)]
        return list(dict.fromkeys(to_hiragana(f.text) for f in entry.kana))

    # the tokens that are JMdict words of two kanji or more, which no part may end inside: (start, end)
    bounds = sorted({0, n, *cuts})
    whole = [
        (a, b)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if b - a >= 2 and only_kanji(word[a:b]) and entries_of.get(word[a:b])
    ]

    def rarity(piece: str) -> float:
        # (reading._cheapest_cut's unigram cost; one kanji's frequency is the character's, not a word's)
        return 8.0 - (3.0 if len(piece) == 1 else (zipf or {}).get(piece, 3.0))

    def shown(piece: str, reading: str) -> str:
        return reading if has_kanji(piece) else piece  # a katakana part is its own reading

    @cache
    def best(i: int, j: int, single: bool, fixed: bool):
        """(cost, parts) from character i of the word and kana j of the reading."""
        if i == n:
            return ((0, 0.0), ()) if not heard or j == len(heard) else None
        if i and _kana_run(word[i - 1]) and _kana_run(word[i]) and i not in cuts:
            return None  # inside one loanword: フォトリソグラフィ is not フォト|リソ|グラフィ
        found = None
        for k in range(n, i, -1):
            piece = word[i:k]
            if fixed and given_at.get(i) != piece:
                continue
            is_single = k - i == 1 and is_kanji(piece)
            if single and is_single:
                continue
            if any(a < k < b for a, b in whole):
                continue  # 産|出国 would end inside the token 産出 (中|長期的 inside 中長期)
            options = [e for e in entries_of.get(piece, ()) if _usable(e)]
            if i == 0 and k < n and _kana_prefix(piece):
                # a kana word before the rest is its honorific prefix: ご|祝儀 is 御 "honorific", not
                # 五 "five" (JMdict's first ご)
                options.sort(key=lambda e: not _is_prefix(e))
            pairs = [(e, r) for e in options for r in readings(piece, e)]
            tries = [(0, p) for p in pairs]
            if heard and k - i >= LONG_PART and all(is_kanji(ch) for ch in piece):
                tries += [(1, p) for p in pairs]  # a reading heard exactly first (LONG_PART)
            for slack, (entry, r) in tries:
                if heard and not _reads_as(r, heard[j : j + len(r)], slack):
                    continue
                rest = best(k, j + len(r) if heard else 0, is_single, fixed)
                if rest is None:
                    continue
                sense = next(s for s in entry.senses if s.glosses and not _UNUSABLE_MISC & set(s.misc))
                cost = (rest[0][0] + (3 if k - i == 1 else 1), rest[0][1] + rarity(piece))
                if found is None or cost < found[0]:
                    found = (cost, ((piece, shown(piece, r), tuple(sense.glosses[:2])), *rest[1]))
                break  # the first entry and reading that fit (JMdict's order)
        return found

    given_at: dict[int, str] = {}
    at = 0
    for p in given:
        given_at[at] = p
        at += len(p)
    kept = best(0, 0, False, True) if given and at == n else None
    free = best(0, 0, False, False)
    # (a cut of commoner words beats the units' only by a margin: 再保険|料 stays, not 再|保険料)
    chosen = (
        kept
        if kept is not None and (free is None or (kept[0][0], kept[0][1] - RARITY_MARGIN) <= free[0])
        else free
    )
    return chosen[1] if chosen else None


def _not_carded(candidate: Candidate, why: str) -> Candidate:
    """The candidate marked not to be carded, and the reason `tangocho words` shows for it."""
    return replace(candidate, not_carded=why, reasons=(*candidate.reasons, NOT_CARDED + why))


def resolve_compounds(candidates: Sequence[Candidate], dictionary: Dictionary) -> list[Candidate]:
    """Each compound JMdict lacks with a breakdown that is right (``breakdown``), or marked not to be
    carded (``left_out``, the reason for `tangocho words`): a card that is wrong costs a learner more
    than a missing one. Compounds already resolved are left as they are."""
    compounds = [c for c in candidates if c.is_compound and not left_out(c)]
    if not compounds:
        return list(candidates)
    words = {c.word for c in compounds}
    forms = {
        c.word[a:b] for c in compounds for a in range(len(c.word)) for b in range(a + 1, len(c.word) + 1)
    }
    found = dictionary.lookup_forms(forms)
    entries = dictionary.entries({i for ids in found.values() for i in ids})
    entries_of = {f: [entries[i] for i in ids if i in entries] for f, ids in found.items()}
    names = dictionary.names(words)
    zipf = dictionary.zipf(found.keys())
    # a word wordfreq splits (安全保障, 食料安全) is as common as its JMdict tags say
    zipf = {
        **{f: z for f, es in entries_of.items() if es and (z := tag_zipf(es[0], f)) is not None},
        **{f: z for f, z in zipf.items() if z is not None},
    }
    # how JMdict's compounds read each piece at their end (a part of the breakdown is one of them)
    rendaku = dictionary.rendaku(
        (f, to_hiragana(k.text)) for f, es in entries_of.items() if is_kanji(f[0]) for e in es for k in e.kana
    )
    out = []
    clipped = _clippings(candidates)
    for c in candidates:
        if not c.is_compound or left_out(c):
            out.append(c)
            continue
        if c.key in clipped:
            out.append(clipped[c.key])
            continue
        name = names.get(c.word)
        if name is not None and _NAME_KINDS & set(name.kinds):
            why = f"a name ({'; '.join(name.glosses[:1]) or name.kinds[0]}), not glossed from its pieces"
            out.append(_not_carded(c, why))
            continue
        # a person's title after a word is a name and its title: 宮内|社長 is no "inside the Imperial
        # Palace · company president", 木戸|社長 no "wicket gate · company president"
        if len(c.parts) > 1 and c.parts[-1][0] in PERSON_TITLES:
            out.append(_not_carded(c, f"a name and a title ({c.parts[-1][0]}), not a term"))
            continue
        heard = _heard(c)
        given = [p for p, _, _ in c.parts]
        parts = breakdown(c.word, heard, entries_of, _token_cuts(c), given, zipf)
        if parts is None:
            why = (
                f"no breakdown into JMdict words read {heard}" if heard else "no breakdown into JMdict words"
            )
            out.append(_not_carded(c, why))
            continue
        if [p for p, _, _ in parts] == [p for p, _, _ in c.parts]:
            # the tokenizer's units stay, with select's readings and glosses where it has them — but a
            # kana prefix's (ご|祝儀: "honorific", not select's first ご "five")
            parts = tuple(
                (p, r or new[1], new[2] if k == 0 and _kana_prefix(p, len(parts)) else g or new[2])
                for k, ((p, r, g), new) in enumerate(zip(c.parts, parts, strict=True))
            )
        reading = "".join(r for _, r, _ in parts)
        if parts == c.parts and not same_reading(reading, c.reading):
            out.append(replace(c, parts=parts))  # select's reading (its parts read as JMdict reads them)
            continue
        # the reading joined from the parts; a loan in a part stays katakana: 再生可能エネルギー|事業
        # さいせいかのうエネルギーじぎょう, not さいせいかのうえねるぎーじぎょう
        out.append(replace(c, parts=parts, reading=_joined(parts, heard, rendaku)))
    return out


def _clipped_from(parts: Sequence[str], word: str) -> bool:
    """``word`` cut into as many pieces as ``parts``, each beginning with its part, and longer than
    them: 再|エネ of 再生可能|エネルギー."""
    if not parts:
        return not word
    head, rest = parts[0], parts[1:]
    if not head or not word.startswith(head):
        return False
    if not rest:
        return True
    return any(_clipped_from(rest, word[end:]) for end in range(len(head), len(word) - len(rest[0]) + 1))


def _clippings(candidates: Sequence[Candidate]) -> dict[str, Candidate]:
    """A compound JMdict lacks that clips a JMdict word of its own article, each part the beginning of
    one of that word's pieces: 再エネ (再|エネ) is 再生可能エネルギー "renewable energy" clipped, not 再
    "re-" + エネ "energy". Its card has that word's meanings (``reasons`` says what it is short for)."""
    words: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.entry is not None and c.examples and len(c.word) >= 4:
            words.setdefault(c.examples[0].sentence.article.source, []).append(c)
    out = {}
    for c in candidates:
        if not c.is_compound or not c.examples or len(c.parts) < 2:
            continue
        parts = [p for p, _, _ in c.parts]
        for w in words.get(c.examples[0].sentence.article.source, ()):
            if len(w.word) > len(c.word) + 1 and _clipped_from(parts, w.word):
                out[c.key] = replace(c, entry=w.entry, reasons=c.reasons + (f"short for {w.word}",))
                break
    return out


def _joined(parts: Sequence[Part], heard: str, rendaku: Mapping[tuple[str, str], tuple[int, ...]]) -> str:
    """The compound's reading from its parts' (JMdict's readings, as the breakdown shows them), a part
    after a kanji part voiced as the sentence reads it: as heard (親子|会社 おやこがいしゃ), else as
    JMdict's compounds ending in it voice it (部品|不足 ぶひんぶそく, reading.voiced_in_compound)."""
    out, at = [], 0
    for k, (piece, r, _) in enumerate(parts):
        said = heard[at : at + len(r)]  # (a part is read as heard, kana for kana: breakdown)
        at += len(r)
        if k and is_kanji(parts[k - 1][0][-1]) and is_kanji(piece[0]):
            if said[:1] != r[:1] and _UNVOICED.get(said[:1]) == r[:1]:
                r = said[0] + r[1:]
            else:
                before = "".join(p for p, _, _ in parts[:k])
                r = voiced_in_compound(
                    piece, r, rendaku, after_two=only_kanji(before[-2:]) and len(before) >= 2
                )
        out.append(r)
    return "".join(out)


def _part_sense(entry: Entry, position: str, context: SenseContext | None = None):
    """The sense a compound's part has in its position: a single kanji after the head is a suffix
    (系統|用|蓄電池: 用 "for the use of …", not "task; business"), before it a prefix; else its sense
    the sense the article's words name (開発|区 beside 地区 "district": "district; section; zone", not
    "ward")."""
    affix = {"first": "prefix", "later": "suffix"}[position]
    # a sense that is the affix itself first (健全|性 "-ty; -ity", JMdict's 4th, not "nature (of a
    # person)"), then a noun used as one (系統|用|蓄電池: 用 "for the use of …", not "task; business");
    # a common one: 株 "stock", not its 6th, suffix "goodwill"
    for exact in (True, False):
        for sense in entry.senses[: 4 if exact else 3]:
            # not an abbreviation's sense: 鉄|スクラップ "iron (Fe)", not "railway" (short for 鉄道)
            if "abbreviation" in sense.misc:
                continue
            if any(pos == affix if exact else affix in pos for pos in sense.pos):
                return sense
    # the sense that names what the part before it says: 訪日|客 "guest; visitor" (訪日 "visit to Japan"),
    # not "customer" for the article's travellers
    partners = context.partners if context is not None else frozenset()
    if partners:
        for sense in entry.senses[:3]:
            if _agent_of(sense, partners):
                return sense
    # only the article's own words decide for a single kanji (幅 in 回路線幅 stays "width", not "gap;
    # difference (e.g. in price)" for the business-world gloss)
    return named_sense(entry, context) or (entry.senses[0] if entry.senses else None)


_AFFIX_POS = {"first": "prefix", "last": "suffix"}  # JMdict's part of speech of a kanji in that place
# a kanji's sense that JMdict's compounds name at least this often, and this many times as often as the
# sense chosen by its place, is what the kanji means in a compound (see affix_evidence)
AFFIX_EVIDENCE_MIN = 10
AFFIX_EVIDENCE_RATIO = 2.0


def _attested_sense(
    chosen: Sense | None,
    heard: Sequence[Entry],
    options: Sequence[Entry],
    evidence: Mapping[str, int],
    end: str,
) -> Sense | None:
    """The sense of a one-kanji part that JMdict's own compounds with the kanji in that place (``end``)
    mean, where they mean it far more often than the ``chosen`` one (Dictionary.affixes): 包装|材 "(raw)
    material", not 材's first sense "wood; lumber" (建材, 素材, 資材 … against 木材); 月|産 "month", not
    月 げつ "Monday" (月給, 月末, 月刊). Of the entries read as the article reads the part (``heard``)
    where the evidence names one of their senses, else of any entry of the kanji (``options``: 月 つき
    "month", where 月 げつ is only "Monday"). None where the evidence does not say so."""
    if not evidence:
        return None

    def attested(sense: Sense) -> tuple[int, int]:
        # its best word, then its first gloss's: 数 "number; numeral", not "counting; figures; numbers"
        return (
            max((evidence.get(w, 0) for w in affix_words(sense.glosses)), default=0),
            max((evidence.get(w, 0) for w in affix_words(sense.glosses[:1])), default=0),
        )

    # not an abbreviation's sense, nor an archaic one (実 "the real person"), nor one JMdict gives as the
    # other end's affix: 旅客|数 "number", not the prefix 数 すう "several; a number of"; 受注|高 だか
    # "quantity", not 高 こう "high"
    other = _AFFIX_POS["last" if end == "first" else "first"]

    def senses(entries: Sequence[Entry]) -> list[Sense]:
        return [
            s
            for e in entries
            for s in e.senses[:4]
            if s.glosses
            and "abbreviation" not in s.misc
            and not OFF_CONTEXT_MISC & set(s.misc)
            and other not in s.pos
        ]

    pool = senses(heard)
    if not pool or max(attested(s)[0] for s in pool) < AFFIX_EVIDENCE_MIN:
        pool = senses(options)  # 受注|高 だか keeps "quantity; amount": the evidence names it
    if not pool:
        return None
    best = max(pool, key=attested)  # the first of equals: JMdict's order
    score = attested(best)[0]
    if best is chosen or score < AFFIX_EVIDENCE_MIN:
        return None
    if chosen is not None and score < AFFIX_EVIDENCE_RATIO * attested(chosen)[0]:
        return None
    return best


def _agent_of(sense: Sense, partners: frozenset[str]) -> bool:
    """A gloss of the sense is the doer of a partner's word: "visitor" of "visit", "user" of "use",
    "investor" of "invest"."""
    words = {w for g in sense.glosses for w in re.findall(r"[a-z]+", g.lower())}
    return any(
        w[: -len(end)] in (p, p[:-1]) and len(p) > 3
        for w in words
        for end in ("or", "er", "r")
        if w.endswith(end)
        for p in partners
    )


_PREFIX_POS = ("prefix", "prenominally", "pre-noun adjectival")


def _loan_affix(entry: Entry, first: bool):
    """A katakana part's affix sense where JMdict has one, whichever its place among the senses: first,
    a prefix or prenominal sense (スーパー|サイクル "super", not the abbreviation "supermarket"); later,
    a suffix sense (パスワード|レス "-less", not "response")."""
    wanted = _PREFIX_POS if first else ("suffix",)
    return next((s for s in entry.senses if any(w in p for p in s.pos for w in wanted)), None)


def _part_meanings(
    candidates: Sequence[Candidate],
    dictionary: Dictionary,
    contexts: Mapping[str, SenseContext] | None = None,
) -> dict[str, Candidate]:
    """Compounds JMdict lacks, with each part's reading and first gloss: the entry read as the article
    reads the part (up to rendaku: 人手不足 ひとでぶそく, not the tokenizer's ふそく), for a single kanji its
    affix sense, else the sense a word has in this context (``contexts["<key>#<k>"]``, the same rules:
    最低賃金|引き上げ in a wage report "raising; increase", not "pulling up; salvage"), its glosses rid
    of a list of examples the article does not bear out (パーク|経済: "park", not "park (public,
    amusement, etc.)")."""
    contexts = contexts or {}
    compounds = [c for c in candidates if c.is_compound and c.parts]
    found = dictionary.lookup_forms({p for c in compounds for p, _, _ in c.parts})
    entries = dictionary.entries({i for ids in found.values() for i in ids})
    affixes = dictionary.affixes(
        {
            (p, "first" if k == 0 else "last")
            for c in compounds
            for k, (p, _, _) in enumerate(c.parts)
            if len(p) == 1
        }
    )
    out = {}

    def entry_of(part: str, reading: str) -> Entry | None:
        options = [entries[i] for i in found.get(part, ()) if i in entries]
        tokens = tokenize(part)
        return next(
            (e for e in options for f in e.kana if same_reading(f.text, reading)),
            next((e for e in options for f in e.kana if agrees(f.text, tokens)), None),
        )

    for c in compounds:
        parts = []
        of_parts = [entry_of(part, reading) for part, reading, _ in c.parts]
        if of_parts and _kana_prefix(c.parts[0][0], len(c.parts)):
            # ご|祝儀: the prefix 御 "honorific", not JMdict's first ご, 五 "five"
            options = [entries[i] for i in found.get(c.parts[0][0], ()) if i in entries]
            prefixes = [e for e in options if _is_prefix(e)]
            of_parts[0] = prefixes[0] if prefixes else of_parts[0]
        for k, (part, reading, glosses) in enumerate(c.parts):
            tokens = tokenize(part)
            entry = of_parts[k]
            modifier = of_parts[k - 1] if k else None  # the part before: it modifies this one
            if entry is None:
                parts.append((part, reading, glosses))
                continue
            kana = [f.text for f in entry.kana]
            if not any(same_reading(r, reading) for r in kana):
                reading = next((r for r in kana if agrees(r, tokens)), reading)
            context = contexts.get(f"{c.key}#{k}")
            if context is not None and context.company:  # 楽天|モバイル: "Rakuten (…)", not "optimism"
                parts.append((part, reading, (context.company,)))
                continue
            if context is not None and modifier is not None:  # 発電|事業者: "operator", like 発電事業者
                context = replace(context, partners=gloss_words(modifier.senses))
            elif context is not None and k == 0 and len(of_parts) > 1 and of_parts[1] is not None:
                # the first part's partner is the part it modifies: パート|時給 "hourly wage" → "part-time
                # (work)", not "part"
                context = replace(context, partners=gloss_words(of_parts[1].senses))
            if len(part) == 1:
                sense = _part_sense(entry, "first" if k == 0 else "later", context)
                end = "first" if k == 0 else "last"
                options = [entries[i] for i in found.get(part, ()) if i in entries]
                if not (sense is not None and _AFFIX_POS[end] in sense.pos):
                    evidence = affixes.get((part, end), {})
                    heard = [e for e in options if any(same_reading(f.text, reading) for f in e.kana)]
                    sense = _attested_sense(sense, heard, options, evidence, end) or sense
            elif is_katakana(part) and _loan_affix(entry, k == 0) is not None:
                sense = _loan_affix(entry, k == 0)
            elif entry.senses:
                # a na-adjective's part is read as one: 高度|先端技術 "high-degree", not "altitude"
                kind = "na-adjective" if len(tokens) == 1 and tokens[0].pos[0] == "形状詞" else "noun"
                sense = ordered_senses(entry, kind, context)[0][1]
                first = entry.senses[0]
                if (
                    sense is not first
                    and "abbreviation" in sense.misc
                    and context is not None
                    and gloss_words([first]) & context.partners
                ):
                    # an abbreviation's sense the partner names no better than JMdict's first:
                    # アルコール|度数 "alcohol" (度数 "strength (e.g. alcohol …)"), not "(alcohol-based)
                    # hand sanitizer"; パート|時給 stays "part-time (work)" (時給 names no "part")
                    sense = first
            else:
                sense = None
            shown = tuple(plain_gloss(g, context) for g in sense.glosses) if sense else glosses
            if _price_rise(part, reading, k, len(c.parts), modifier):
                shown = ("high price", "rise in price")
            elif _charge_for(part, reading, k, c.parts, modifier):
                shown = ("charge", "cost")
            # a gloss another part already has says nothing: 経営|幹部 "management · (executive)
            # staff", not "management · management"
            said = {p[2][0].lower() for p in parts if p[2]}
            fresh = [g for g in shown if g.lower() not in said]
            if len(part) > 1:
                # the gloss of the sense that names the business world, as for a word's senses:
                # ブランド|事業 "business", not "project"
                named = [g for g in fresh if business_gloss(g)] or [core_gloss(entry, sense, fresh)]
                named = [g for g in named if g]
                fresh = named[:1] + [g for g in fresh if g not in named[:1]]
            parts.append((part, reading, tuple((fresh or list(shown))[:2])))
        out[c.key] = replace(c, parts=tuple(parts))
    return out


# what has a price: 資材|高, 飼料|高, 原材料|高 are its high price (as JMdict's 物価高 "high prices"), where
# JMdict's 高 だか is only "quantity; amount" (売上高, 生産高)
_PRICED = frozenset(
    "material materials feed fodder fuel fuels energy oil coal gasoline petrol naphtha resources resource"
    " goods commodity commodities food"
    " foodstuff foodstuffs grain wheat rice electricity power gas steel metal metals timber lumber".split()
)


# the words of a time a period is named by (江戸|時代, 明治|時代 are JMdict's): 代 after them is an era
_TIMES = frozenset("era period age year years time times century reign dynasty generation".split())


def _charge_for(part: str, reading: str, k: int, parts: Sequence, modifier: Entry | None) -> bool:
    """代 だい ending a compound JMdict lacks, after a word of two characters or more naming no time: the
    charge for it (電力|代, 部品|代, as JMdict's 電気代 "electricity bill"), not JMdict's commonest 代 in
    its compounds, "generation; age; era" (時代, 世代, 年代: a one-kanji word or a time before it)."""
    if part != "代" or reading != "だい" or k != len(parts) - 1 or k == 0 or modifier is None:
        return False
    return len(parts[k - 1][0]) >= 2 and not gloss_words(modifier.senses[:2]) & _TIMES


def _price_rise(part: str, reading: str, k: int, n: int, modifier: Entry | None) -> bool:
    """高 だか ending a compound JMdict lacks, after a part that names something priced (飼料|高) or any
    thing rather than an activity: 天然ゴム|高 is its high price, where 受注|高 (受注 takes する: accepting
    orders) is the quantity of orders taken."""
    if part != "高" or reading != "だか" or k != n - 1 or modifier is None:
        return False
    if gloss_words(modifier.senses[:2]) & _PRICED:
        return True
    return not any(_SURU in p for s in modifier.senses for p in s.pos)


_CASE_PARTICLES = frozenset("を が に と".split())


def _nominal(token) -> bool:
    return token.pos[0] == "名詞" or token.pos[:2] == ("接尾辞", "名詞的")


def _relative_forms(candidate: Candidate) -> list[str]:
    """The noun a suru-verb's clause modifies, its object unless one stands before it (see
    _relative_head): 昨秋に|投入|し|た|弁当|シリーズ → シリーズ (launched, not invested); 同社|が|投入|
    する|新|商品 → 商品 (beside the subject 同社); 新型車|を|投入|する|計画: none (新型車 is the object)."""
    if not candidate.examples or candidate.token_pos == "verb" or not _used_as_verb(candidate.examples[0]):
        return []
    o = candidate.examples[0]
    tokens = o.sentence.tokens
    k = _over_adverbs(tokens, o.first - 1)
    if k >= 0 and tokens[k].surface == "を":
        return []
    return _relative_head(tokens, o.last)


def _relative_head(tokens, k: int) -> list[str]:
    """The noun that the suru-verb at ``k`` (する, した) modifies, longest first: し|た|新|商品 → 商品. Over
    a modifier with a number before の (した|税込み400円台|の|弁当・総菜シリーズ) to the last noun of a
    list (総菜シリーズ, シリーズ)."""
    k += 1
    if k < len(tokens) and tokens[k].surface == "た":  # not し|ない|限り
        k += 1
    for _ in range(4):
        while k < len(tokens) and tokens[k].pos[0] == "接頭辞":  # 新|商品
            k += 1
        run: list = []
        while k < len(tokens) and _nominal(tokens[k]):
            run.append(tokens[k])
            k += 1
        if not run or run[0].pos[2] == "副詞可能":  # no formal noun: する|際, した|ため
            return []
        after = tokens[k].surface if k < len(tokens) else ""
        if any(t.pos[1] == "数詞" for t in run) and after == "の" or after == "・":
            k += 1  # 税込み400円台|の, 弁当|・: the head comes later
            continue
        nouns = [t.surface for t in run[-3:]]
        return ["".join(nouns[a:]) for a in range(len(nouns))]
    return []


# a verb's stem as a noun: the verb it is the stem of, ichidan (引き上げ → 引き上げる) or godan (見直し →
# 見直す, 取り組み → 取り組む)
_GODAN_ENDINGS = dict(zip("いきぎしちにびみり", "うくぐすつぬぶむる", strict=True))
_VERB_ENDINGS = frozenset(_GODAN_ENDINGS.values())  # a verb's dictionary form ends on one (見込む, 上げる)


def _verbs_of(form: str) -> list[str]:
    """The verbs ``form`` may be the stem of, if it ends in kana: 引き上げ → 引き上げる; 見直し → 見直す."""
    if not form or is_kanji(form[-1]) or not has_kanji(form):
        return []
    out = [form + "る"]
    if form[-1] in _GODAN_ENDINGS:
        out.append(form[:-1] + _GODAN_ENDINGS[form[-1]])
    return out


def _partner_forms(candidate: Candidate) -> list[str]:
    """The noun a verb governs in its first sentence, longest first: 覚書|を|結ん → 覚書; of a noun, the
    noun before it (発電|事業者 → 発電), before の, or before が where the noun is used as a verb:
    最低賃金|の|引き上げ → 最低賃金, 円高・ドル安|が|進行し → ドル安."""
    if not candidate.examples:
        return []
    o = candidate.examples[0]
    if candidate.token_pos == "verb":
        particles = _CASE_PARTICLES
    # 事業|者: ends in a suffix; 企業収益|の|堅調|さ: a na-adjective made a noun, like a noun
    elif candidate.token_pos in ("noun", "noun/suru-verb", "接尾辞", "na-adjective"):
        # used as a verb, its object too: 新型車|を|投入する → 新型車
        # and its subject as a topic: 預金|は|目減りする, 預金|だけ|で|は|目減りする → 預金
        particles = frozenset({"の", "が", "を", "は", "も"}) if _used_as_verb(o) else frozenset({"の"})
    else:
        return []
    tokens = o.sentence.tokens
    k = o.first - 1
    if candidate.token_pos != "verb" and k >= 0 and _nominal(tokens[k]):
        k += 1  # a noun before the word modifies it: 発電|事業者 → 発電
    else:
        k = _over_adverbs(tokens, k)  # 建設計画|が|相次いで|浮上し → 建設計画
        # a verb's case particle under a focus particle: 見直し|に|も|踏み切っ → 見直し
        if (
            candidate.token_pos == "verb"
            and k >= 2
            and tokens[k].surface in ("も", "は", "さえ", "まで")
            and tokens[k].pos[0] == "助詞"
            and tokens[k - 1].surface in particles
        ):
            k -= 1
        if k < 1 or tokens[k].surface not in particles or tokens[k].pos[0] != "助詞":
            return []
        if tokens[k].surface in ("は", "も"):  # over a focus particle before it: 預金|だけ|で|は
            if k >= 3 and tokens[k - 1].surface == "で" and tokens[k - 2].pos[1] == "副助詞":
                k -= 2
            elif k >= 2 and tokens[k - 1].pos[1] == "副助詞":
                k -= 1
    nouns: list[str] = []
    # a noun in parentheses before the particle is the partner it names: 生乳の取引価格（乳価）の引き上げ
    # → 乳価
    if k - 1 >= 1 and tokens[k - 1].surface in ("）", ")") and _nominal(tokens[k - 2]):
        k -= 1
    # a noun suffix belongs to its noun: ドル|安 → ドル安
    while k - 1 >= 0 and _nominal(tokens[k - 1]) and tokens[k - 1].pos[1] != "数詞" and len(nouns) < 3:
        nouns.insert(0, tokens[k - 1].surface)
        k -= 1
    if len(nouns) == 1 and k >= 1 and tokens[k - 1].pos[1] == "数詞":
        return []  # a counter, no partner: 5万3626|局|を|設置 (局 counts the stations set up)
    forms = ["".join(nouns[a:]) for a in range(len(nouns))]
    # a noun JMdict may lack ending in a kanji of price or cost names an amount: 乳価|の|引き上げ (価
    # "price") → "raising; increase", not "salvage"
    if forms and len(forms[-1]) > 1 and forms[-1][-1] in _AMOUNT_KANJI:
        forms.append(forms[-1][-1])
    return forms


_AMOUNT_KANJI = frozenset("価 費 額 料 賃 税 率".split())


def _over_adverbs(tokens, k: int) -> int:
    """The position before an adverb or a verb's て-form (its prefix too) that ends at ``k``: 相|次い|で
    in 計画が相次いで浮上, さらに in 投資をさらに拡大; at most two of them."""
    for _ in range(2):
        if k >= 1 and tokens[k].pos[0] == "副詞":
            k -= 1
        elif k >= 2 and tokens[k].surface in ("て", "で") and tokens[k].pos[1] == "接続助詞":
            if tokens[k - 1].pos[0] != "動詞":
                break
            k -= 2
            if k >= 1 and tokens[k].pos[0] == "接頭辞":
                k -= 1
        else:
            break
    return k


_ACRONYM_TOKEN = re.compile(r"[A-Z][A-Za-z0-9]{1,5}")


def _acronyms(candidates: Sequence[Candidate]) -> dict[tuple[str, str], list[str]]:
    """(article, acronym) → the noun the article writes it after in parentheses, longest first: 電気|自動|車
    （EV） → 電気自動車, 自動車, 車 (EV itself is no JMdict word; 北米向けEVの投入 is a car's launch)."""
    out: dict[tuple[str, str], list[str]] = {}
    seen: set[str] = set()
    for c in candidates:
        for o in c.examples:
            if o.sentence.text in seen:
                continue
            seen.add(o.sentence.text)
            tokens = o.sentence.tokens
            for k in range(1, len(tokens) - 2):
                acronym = tokens[k + 1].surface
                if tokens[k].surface not in "（(" or tokens[k + 2].surface not in "）)":
                    continue
                if not _ACRONYM_TOKEN.fullmatch(acronym):
                    continue
                nouns: list[str] = []
                j = k - 1
                while j >= 0 and _nominal(tokens[j]) and len(nouns) < 4:
                    nouns.insert(0, tokens[j].surface)
                    j -= 1
                if nouns:
                    key = (o.sentence.article.source, acronym)
                    out.setdefault(key, ["".join(nouns[a:]) for a in range(len(nouns))])
    return out


def _head_forms(candidate: Candidate) -> list[str]:
    """The noun right after a noun in its first sentence, the compound it stands in (longest first):
    常務|執行|役員 → 執行役員, 執行."""
    if not candidate.examples or candidate.token_pos == "verb":
        return []
    o = candidate.examples[0]
    tokens = o.sentence.tokens
    nouns: list[str] = []
    k = o.last
    while k < len(tokens) and _nominal(tokens[k]) and len(nouns) < 3:
        nouns.append(tokens[k].surface)
        k += 1
    return ["".join(nouns[:b]) for b in range(len(nouns), 0, -1)]


def _sense_contexts(candidates: Sequence[Candidate], dictionary: Dictionary) -> dict[str, SenseContext]:
    """Per card: the fields its article is about, its sentences, the gloss words of its partners."""
    by_article: dict[str, list] = {}
    for c in candidates:
        if c.entry is not None and c.examples:
            by_article.setdefault(c.examples[0].sentence.article.source, []).append(c.entry)
    fields = {a: domain_fields(entries) for a, entries in by_article.items()}
    # how many of an article's words have each gloss stem (a card's own senses do not count for it)
    words_of = {e.id: article_words([e]) for entries in by_article.values() for e in entries}
    stems = {a: Counter(w for e in entries for w in words_of[e.id]) for a, entries in by_article.items()}
    shared = {a: frozenset(w for w, n in counted.items() if n >= 2) for a, counted in stems.items()}
    kin: dict[str, dict[str, set[int]]] = {}  # article → kanji → its words (index in by_article)
    for a, entries in by_article.items():
        for i, e in enumerate(entries):
            for ch in {ch for f in e.kanji[:1] for ch in f.text if is_kanji(ch)}:
                kin.setdefault(a, {}).setdefault(ch, set()).add(i)
    partner_forms = {c.key: _partner_forms(c) for c in candidates}
    relative = {c.key: _relative_forms(c) for c in candidates if c.entry is not None}
    runs = dict(partner_forms)  # the nouns before the word, without the acronyms spelt out below
    # a partner that is an acronym the article spells out stands for the noun it spells out
    acronyms = _acronyms(candidates)
    for c in candidates:
        if c.examples and partner_forms[c.key]:
            source = c.examples[0].sentence.article.source
            spelt = [f for form in partner_forms[c.key] for f in acronyms.get((source, form), ())]
            partner_forms[c.key] = partner_forms[c.key] + spelt
    # the verbs a noun stands with in any of its sentences (要件 in 参入要件を緩和 and in 要件を満たす)
    governors = {c.key: {g for o in c.examples if (g := _governor_form(o))} for c in candidates}
    neighbours = {c.key: _neighbour_forms(c) for c in candidates if c.examples}
    heads = {c.key: _head_forms(c) for c in candidates if c.entry is not None}
    found = dictionary.lookup_forms(
        {f for forms in partner_forms.values() for f in forms}
        | {f for forms in heads.values() for f in forms}
        | {f for forms in relative.values() for f in forms}
        | {f for forms in neighbours.values() for f in forms}
        | {f for forms in governors.values() for f in forms}
        | {v for forms in partner_forms.values() for f in forms for v in _verbs_of(f)}
    )
    entries = dictionary.entries({i for ids in found.values() for i in ids})

    def acts(form: str) -> bool:
        """The partner names an action: a noun that takes する (削減, 値下げ), or a verb's stem made a
        noun (引き上げ of 引き上げる, 見直し of 見直す)."""
        if any(
            _SURU in p for i in found.get(form, ()) if i in entries for s in entries[i].senses for p in s.pos
        ):
            return True
        return any(
            verb_pos(p)
            for v in _verbs_of(form)
            for i in found.get(v, ())
            if i in entries
            for s in entries[i].senses[:1]
            for p in s.pos
        )

    fields_of = {
        form: frozenset(f for i in ids if i in entries for s in entries[i].senses for f in s.fields)
        for form, ids in found.items()
    }

    def about(
        source: str, word: str, own: Sequence[Entry]
    ) -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[frozenset[str], ...]]:
        """(article, family, close, kin) stems for a word of ``source``, its own entries left out."""
        own_stems = Counter(w for e in own for w in words_of.get(e.id) or article_words([e]))
        counted = stems.get(source, Counter())
        article = (shared.get(source, frozenset()) - own_stems.keys()) | {
            w for w, n in own_stems.items() if counted[w] - n >= 2
        }
        entries_here = by_article.get(source, [])
        ids = {e.id for e in own}
        kin_here = kin.get(source, {})
        family = {i for ch in word if is_kanji(ch) for i in kin_here.get(ch, ())}
        family = {i for i in family if entries_here[i].id not in ids}
        family_stems = frozenset(w for i in family for w in words_of[entries_here[i].id])
        # close kin: a compound the word is in, or a word that shares two characters of it in a row that
        # begin with a kanji (two kanji, or a kanji and its kana ending), their first sense: 最先端
        # "cutting edge" for 先端, 賃上げ "wage increase" for 引き上げ; not 手を組む for 大手, nor a part
        # of the word (先端 "pointed end" is no sense of 最先端)
        pairs = {word[j : j + 2] for j in range(len(word) - 1) if is_kanji(word[j])}
        # a verb's second verb is mostly grammar: 見込む beside 抱え込む shares only 込む "into", and 抱え込む
        # "to hold in one's arms" names no sense of 見込む ("to hold spellbound" was put first for
        # 600億円圧縮できると見込む); 賃上げ beside 引き上げ (nouns) still names the raise
        if len(word) > 2 and word[-1] in _VERB_ENDINGS and is_kanji(word[-2]):
            pairs.discard(word[-2:])
        stem = okurigana_stem(word)

        # a kanji and its kana ending (a verb's stem) is shared where it ends both words, the head of
        # each: 賃上げ beside 引き上げ; 落ち込み "drop" (落ち first) names no sense of 型落ち ("drop (type of
        # metal casting defect)" was put before "old model")
        stems_at_end = {p for p in pairs if not is_kanji(p[1])}

        def shares(text: str) -> bool:
            return any(p in text for p in pairs - stems_at_end) or any(
                text.endswith(p) and word.endswith(p) for p in stems_at_end
            )

        def own_form(text: str) -> bool:
            return text != word and has_kanji(stem) and okurigana_stem(text) == stem

        def near(text: str) -> bool:
            return word in text or (text not in word and shares(text))

        # the word's own stem in another form (見込み, the noun of 見込む) names a sense only by a gloss
        # word both have as it stands: 見込む "to anticipate; to expect; to estimate" names 見込み
        # "expectation; … estimate" (2026年度見込み), but 見込み "hope; promise" no 見込む "to find
        # promising" (its root), which was put before "to anticipate" for 総額約38億円を見込む
        own_words = set(own_stems)
        close = frozenset(
            w
            for i in family
            for own_kin in [any(own_form(f.text) for f in entries_here[i].kanji[:1])]
            if own_kin or any(near(f.text) for f in entries_here[i].kanji[:1])
            for w in article_words([entries_here[i]], senses=1)
            if not own_kin or w in own_words
        )
        by_kin = tuple(words_of[entries_here[i].id] for i in sorted(family))
        return article, family_stems, close, by_kin

    companies = _companies(candidates, dictionary)
    # (article, form) → the article's entries that have the form, in their order (a compound's parts)
    written: dict[tuple[str, str], list[Entry]] = {}
    for a, entries_here in by_article.items():
        for e in entries_here:
            for text in dict.fromkeys(f.text for f in e.kanji + e.kana):
                written.setdefault((a, text), []).append(e)
    contexts = {}
    for c in candidates:
        if not c.examples:
            continue
        source = c.examples[0].sentence.article.source
        if c.entry is None:  # a compound JMdict lacks: a context for each part (see _part_meanings)
            for k, (part, _, _) in enumerate(c.parts):
                mine = written.get((source, part), [])
                article, family, close, by_kin = about(source, part, mine)
                last = k == len(c.parts) - 1  # what follows the compound follows its last part
                contexts[f"{c.key}#{k}"] = SenseContext(
                    fields=fields.get(source, frozenset()),
                    text=" ".join(o.sentence.text for o in c.examples),
                    verbal=last and _used_as_verb(c.examples[0]),
                    used_as=_used_as(c.examples[0]) if last else "",
                    article=article,
                    family=family,
                    close=close,
                    kin=by_kin,
                    company=companies.get((source, part), ""),
                )
            continue
        form = next((f for f in partner_forms[c.key] if f in found and found[f][0] in entries), None)
        partner = entries[found[form][0]] if form else None
        # the last noun of a run, alone, is used as a suffix: 衛星|網 → 網 "network" (the suffix), not
        # "net; netting"
        if form is not None and len(runs.get(c.key, ())) > 1 and form == runs[c.key][-1]:
            suffixes = [
                entries[i]
                for i in found[form]
                if i in entries and any(p == "suffix" for s in entries[i].senses for p in s.pos)
            ]
            # … the one read as the sentence reads it: 高性能|品|を|投入 → 品 ひん "article; goods", not
            # 品 ほん "chapter; section (of a sutra)" (which put "investment" before "launching (a product)")
            heard = next(
                (to_hiragana(t.reading) for t in c.examples[0].sentence.tokens if t.surface == form), ""
            )
            read = [e for e in suffixes if any(same_reading(k.text, heard) for k in e.kana)] if heard else []
            partner = (read or suffixes or [partner])[0]
        partners = gloss_words(partner.senses) if partner is not None else frozenset()
        # and the noun its clause modifies: 投入した弁当シリーズ → series
        modified = next((f for f in relative.get(c.key, ()) if f in found and found[f][0] in entries), None)
        if modified is not None:
            partners |= gloss_words(entries[found[modified][0]].senses)
        # a verb's partner that is an action, the run or its head: 利上げ|に|踏み切る (利上げ takes する),
        # 人員削減|に|踏み切る (削減), 引き上げ|に|踏み切る (引き上げる)
        actions = [f for f in partner_forms[c.key] if f in found and acts(f)]
        action = c.token_pos == "verb" and bool(actions)
        # a partner that is an action, of any word: 投資|が|定着 (投資 takes する)
        abstract = partner is not None and bool(actions)
        governed = frozenset(
            w
            for g in governors.get(c.key, ())
            if g in found and found[g][0] in entries
            for w in gloss_words(entries[found[g][0]].senses[:1])
        )
        article, family, close, by_kin = about(source, c.word, [c.entry])
        # the compound the sentence makes of it names its sense, as a close kin does: 常務|執行役員
        # "operating officer; company executive" → "managing director; executive director", not
        # "routine business"
        head = next((f for f in heads.get(c.key, ()) if f in found and found[f][0] in entries), None)
        if head is not None:
            close |= article_words([entries[found[head][0]]], senses=1)
        contexts[c.key] = SenseContext(
            fields=fields.get(source, frozenset()),
            text=" ".join(o.sentence.text for o in c.examples),
            partners=partners,
            verbal=_used_as_verb(c.examples[0]),
            local=frozenset(f for form in neighbours.get(c.key, ()) for f in fields_of.get(form, ())),
            # (one union of the neighbours' words, not a set made of each and copied word by word)
            sentence=article_words(
                [
                    entries[found[form][0]]
                    for form in neighbours.get(c.key, ())
                    if form in found and found[form][0] in entries
                ]
            ),
            used_as=_used_as(c.examples[0]),
            action=action,
            abstract=abstract,
            clause=_after_clause(c.examples[0]),
            governor=governed,
            article=article,
            family=family,
            close=close,
            kin=by_kin,
            company=companies.get((source, c.word), ""),
            after_name=_after_name(c.examples[0]),
            before_noun=_before_noun(c.examples[0]),
            no_then_thing=_no_then_thing(c.examples[0]),
            has_object=c.token_pos == "verb" and _has_object(c.examples[0]),
            noun_modified=_noun_modified(c.examples[0]),
        )
    return contexts


def _noun_modified(o: Occurrence) -> bool:
    """What stands right before the word modifies it: の (無制限の|保険をかける) or an adjective."""
    if o.first == 0:
        return False
    before = o.sentence.tokens[o.first - 1]
    return (before.surface == "の" and before.pos[0] == "助詞") or before.pos[0] in ("形容詞", "連体詞")


def _has_object(o: Occurrence) -> bool:
    """を stands before the verb, over adverbs: 採用|を|働きかけ, 採用|を|強く|働きかけ."""
    tokens = o.sentence.tokens
    k = _over_adverbs(tokens, o.first - 1)
    return k >= 0 and tokens[k].surface == "を" and tokens[k].pos[0] == "助詞"


# What follows a company's name in news: 楽天子会社, 楽天グループ傘下, トヨタ社長, 花王ホールディングス
_COMPANY_MARKS = ("社", "子会社", "グループ", "傘下", "ホールディングス", "株式会社", "本社", "社長", "会長")
_COMPANY_KINDS = frozenset({"company", "organization"})


def _company_gloss(glosses: Sequence[str]) -> str:
    # the gloss that says what the company is: "Rakuten (Japanese Internet and information conglomerate)"
    described = [g for g in glosses if "(" in g]
    return max(described, key=len) if described else f"{glosses[0]} (company)"


def _companies(candidates: Sequence[Candidate], dictionary: Dictionary) -> dict[tuple[str, str], str]:
    """(article, word or part) → the JMnedict gloss of a company the article names by that word: it
    stands before a company's mark (楽天|子会社, 楽天グループ|傘下) and JMnedict lists it as a company or
    organisation. Its common noun's sense (楽天 "optimism") is no meaning of the name."""
    sentences: dict[str, set[str]] = {}  # the article's sentences the cards stand in
    for c in candidates:
        for o in c.examples:
            sentences.setdefault(o.sentence.article.source, set()).add(o.sentence.text)
    texts = {source: "\n".join(sorted(found)) for source, found in sentences.items()}
    asked: dict[tuple[str, str], str] = {}
    for c in candidates:
        if not c.examples:
            continue
        source = c.examples[0].sentence.article.source
        text = texts.get(source, "")
        for form in [c.word] + [p for p, _, _ in c.parts]:
            if len(form) > 1 and _before_mark(text, form, _COMPANY_MARKS):
                asked[(source, form)] = form
    if not asked:
        return {}
    kinds = dictionary.name_kinds(set(asked.values()))
    named = {f for f in asked.values() if kinds.get(f, frozenset()) & _COMPANY_KINDS}
    if not named:
        return {}
    names = dictionary.names(named)
    return {
        key: _company_gloss(names[form].glosses)
        for key, form in asked.items()
        if form in names and names[form].glosses and _COMPANY_KINDS & set(names[form].kinds)
    }


def _before_mark(text: str, form: str, marks: tuple[str, ...]) -> bool:
    """``any(form + mark in text for mark in marks)``, by one search of the form and a look after each
    place it stands (not a search of the article's text for each mark)."""
    at = text.find(form)
    while at >= 0:
        if text.startswith(marks, at + len(form)):
            return True
        at = text.find(form, at + 1)
    return False


def _neighbour_forms(candidate: Candidate) -> set[str]:
    """The other nouns of the word's sentences (their JMdict fields say what the sentences are about)."""
    return {
        t.base or t.surface
        for o in candidate.examples
        for k, t in enumerate(o.sentence.tokens)
        if not o.first <= k < o.last and t.pos[0] == "名詞" and len(t.base or t.surface) > 1
    }


_SURU_BASES = frozenset({"する", "為る", "できる", "出来る"})
_SURU = "noun or participle which takes the aux. verb suru"


def _after_clause(occurrence) -> bool:
    """A predicate right before the word modifies it: 完了する|見通し, 完成と|なる|見込み."""
    k = occurrence.first - 1
    tokens = occurrence.sentence.tokens
    return k >= 0 and tokens[k].pos[0] in ("動詞", "助動詞", "形容詞")


def _after_name(occurrence) -> bool:
    """A person's name stands right before the word: 三上|常務 (UniDic's 固有名詞,人名)."""
    k = occurrence.first - 1
    tokens = occurrence.sentence.tokens
    return k >= 0 and tokens[k].pos[1:3] == ("固有名詞", "人名")


def _before_noun(occurrence) -> bool:
    """A noun stands right after the word: 集約|農業, not 集約|を."""
    tokens = occurrence.sentence.tokens
    return occurrence.last < len(tokens) and _nominal(tokens[occurrence.last])


def _no_then_thing(occurrence) -> bool:
    """の and then a run of nouns whose head (its last) is a common noun and no action (no suru-noun)
    follow the word: 中堅の|建設|会社, not 原発の|再|稼働."""
    tokens = occurrence.sentence.tokens
    k = occurrence.last
    if not (k + 1 < len(tokens) and tokens[k].surface == "の" and tokens[k].pos[0] == "助詞"):
        return False
    end = k + 1
    while end < len(tokens) and tokens[end].pos[0] in ("名詞", "接頭辞", "接尾辞"):
        end += 1
    if end == k + 1:
        return False
    head = tokens[end - 1]
    return head.pos[1] in ("普通名詞", "名詞的") and head.pos[2] != "サ変可能"


def _governor_form(occurrence) -> str | None:
    """The verb a noun stands with, after its case particle: 要件|を|満たす → 満たす; 要件|と|なる → なる."""
    tokens = occurrence.sentence.tokens
    k = occurrence.last
    if k + 1 < len(tokens) and tokens[k].pos[0] == "助詞" and tokens[k].surface in _CASE_PARTICLES:
        verb = tokens[k + 1]
        if verb.pos[0] == "動詞":
            return verb.base or verb.surface
        # a suru-verb: 整備|を|加速|する → 加速
        if (
            verb.pos[2] == "サ変可能"
            and k + 2 < len(tokens)
            and tokens[k + 2].pos[0] == "動詞"
            and tokens[k + 2].base in _SURU_BASES
        ):
            return verb.surface
    return None


def _used_as_verb(occurrence) -> bool:
    """The sentence follows the noun with する: 困難に直面する, 直面した (a suru-verb, not the noun)."""
    tokens = occurrence.sentence.tokens
    after = tokens[occurrence.last] if occurrence.last < len(tokens) else None
    return after is not None and after.pos[0] == "動詞" and after.base in _SURU_BASES


def _used_as(occurrence) -> str:
    """The part of speech what follows the word gives it: プライベートな状態 → adj-na; 一定の規模 →
    adj-no (a noun's sense either way); "" where the sentence says nothing."""
    tokens = occurrence.sentence.tokens
    after = tokens[occurrence.last] if occurrence.last < len(tokens) else None
    if after is None:
        return ""
    if after.surface == "な" and after.pos[0] == "助動詞":
        return "adj-na"
    if after.surface == "の" and after.pos[0] == "助詞":
        return "adj-no"
    # a topic or a comma that a clause of its own follows: 当面は…依存が続く, 当面、…頼らざるを得ない →
    # an adverb (a word with no adverb sense keeps its order: 業態は)
    if after.surface in ("は", "も", "、") and occurrence.last + 1 < len(tokens):
        return "adv"
    return ""


def _checked(candidate: Candidate) -> Candidate:
    """A joined word whose JMdict reading differs from the tokenizer's only by rendaku is not a guess:
    親|会社 おや|かいしゃ heard, おやがいしゃ carded."""
    if candidate.reading_checked or candidate.entry is None or not candidate.examples:
        return candidate
    o = candidate.examples[0]
    if o.surface == candidate.word and agrees(candidate.reading, o.sentence.tokens[o.first : o.last]):
        return replace(candidate, reading_checked=True)
    return candidate


def _readings(candidate: Candidate, reader: Reader) -> list[tuple[Segment, ...]]:
    """Ruby segments of each example; a JMdict word, where it stands as carded, keeps the card's
    reading (上|半期 かみはんき in the sentence as on the card). A compound JMdict lacks is read from its
    longest known parts like the rest of the sentence (人手不足 ひとでぶそく + 倒産)."""
    out = []
    for o in candidate.examples:
        tokens = o.sentence.tokens
        fixed = []
        if candidate.reading and candidate.entry is not None and o.surface == candidate.word:
            fixed.append((tokens[o.first].start, tokens[o.last - 1].end, candidate.reading))
        out.append(reader.read(o.sentence, fixed))
    return out


@dataclass(frozen=True)
class PushResult:
    selection: Selection
    added: int
    updated: int
    unchanged: int
    refused: tuple[str, ...]  # words Anki would not add (a note with the same word but no Key)
    seconds: float


def _check_audio(options: Options) -> None:
    if options.audio:
        from . import audio

        audio.check_available()  # the extra missing: fail before anything is read or written


def _chosen_cards(inputs: Sequence[str], options: Options) -> tuple[Selection, list[Card]]:
    """Stages 1–4 for build and push: the cards of the words chosen from ``inputs`` — or those an
    earlier build of the same inputs, word lists, options and code made (buildmemo)."""
    articles, lists = read(inputs, options), word_lists(options)
    memo_key = buildmemo.key(articles.sources, options, lists)
    if kept := buildmemo.load(memo_key):
        return kept
    selection, dictionary = _select(inputs, options, articles, lists)
    if not selection.candidates:
        names = ", ".join(a.source for a in selection.articles)
        raise NothingToCard(
            f"{names}: no word to card (lower --min-score, or name words in an --include list)"
        )
    cards = make_cards(selection, dictionary, options)
    dictionary.save_memo()  # the look-ups of every stage, for the next build (a cache beside the index)
    if not cards:  # every word chosen was left out (no meaning that is right)
        names = ", ".join(a.source for a in selection.articles)
        raise NothingToCard(f"{names}: no word to card (see the reasons in 'tangocho words')")
    buildmemo.save(memo_key, selection, cards)
    return selection, cards


def _with_history(cards: Sequence[Card], options: Options, store) -> tuple[list[Card], list[Path]]:
    """Cards with the sentences earlier builds (any deck) showed first and, with ``options.audio``,
    their audio — after the merge, so the sentence spoken is the one the front shows."""
    earlier = deck_stage.earlier_examples([c.key for c in cards], store)
    cards = [merge_examples(c, earlier.get(c.key, ())) for c in cards]
    media: list[Path] = []
    if options.audio:
        from . import audio

        cards, media = audio.add_audio(cards, options.progress)
    return cards, media


def push(inputs: Sequence[str], options: Options = Options()) -> PushResult:
    """Send the notes of ``inputs`` to the running Anki over AnkiConnect (``options.anki_url``).

    Anki is asked first: unreachable, nothing is read and nothing recorded."""
    from .anki_sync import push_cards
    from .ankiconnect import AnkiConnect
    from .store import NoteStore

    started = time.perf_counter()
    check_card_types(options.card_types)
    _check_audio(options)
    client = AnkiConnect(options.anki_url, options.anki_key)
    client.version()
    selection, cards = _chosen_cards(inputs, options)
    with NoteStore.open(options.store) as store:
        cards, media = _with_history(cards, options, store)
        options.progress("sending to Anki", 0, None)
        result = push_cards(client, store, cards, options.deck_name, int(options.clock()), media=media)
    return PushResult(
        selection,
        result.added,
        result.updated,
        result.unchanged,
        result.failed,
        time.perf_counter() - started,
    )


def write(cards: Sequence[Card], options: Options = Options()) -> deck_stage.WriteResult:
    """Stage 5: write the deck (``output_path(options)``) and record its notes in the note store.

    Each card gains the sentences earlier builds showed first; with ``options.audio`` its audio."""
    from .store import NoteStore

    output = output_path(options)
    with NoteStore.open(options.store) as store:
        # (write_deck merges the earlier sentences again, inside its transaction)
        cards, media = _with_history(cards, options, store)
        options.progress("writing", 0, None)
        return deck_stage.write_deck(
            cards, output, options.deck_name, clock=options.clock, store=store, media=media
        )


def build(inputs: Sequence[str], options: Options = Options()) -> BuildResult:
    """Build a deck from ``inputs`` (files, folders, "-" for stdin; none: the seed articles)."""
    started = time.perf_counter()
    output = output_path(options)
    check_card_types(options.card_types)  # before any work: not 3 minutes into a 50 MB article
    deck_stage.check_writable(output)
    _check_audio(options)
    selection, cards = _chosen_cards(inputs, options)
    written = write(cards, options)
    return BuildResult(
        selection=selection,
        output=written.path,
        notes=written.notes,
        cards=written.cards,
        new=written.new,
        updated=written.updated,
        unchanged=written.unchanged,
        seconds=time.perf_counter() - started,
        notices=written.notices,
    )
