"""The one entry point the CLI calls: inputs → candidates → cards → an .apkg."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import deck as deck_stage
from .dictionary import Dictionary, open_dictionary
from .errors import EmptyInput, NoJapaneseText, NothingToCard, OutputError, UsageError, WordListError
from .kana import is_kanji
from .models import Article, Candidate, Card, Sentence
from .render import CARD_TYPES, merge_examples, render
from .select import Collector
from .text import Source, find_sources, has_japanese, load, split_sentences
from .tokenize import tokenize
from .wordlists import EMPTY, WordList, load_list

DEFAULT_DECK = "Tangocho"
DOMAIN_LISTS = ("business", "technology")
_BATCH_SENTENCES = 400

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
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    vocab_dir: str | None = None  # None: ./vocab, else the packaged lists
    max_words: int | None = 150
    min_score: float = 0.0
    names: bool = False
    encoding: str | None = None
    card_types: Sequence[str] = ("recognition",)
    flat: bool = False
    deck_name: str = DEFAULT_DECK
    output: str | None = None  # None: decks/<deck name>.apkg
    clock: Callable[[], float] = time.time
    progress: Progress = _quiet
    dictionary: Dictionary | None = field(default=None, compare=False)  # test seam: a FakeDictionary


@dataclass(frozen=True)
class Selection:
    articles: tuple[Article, ...]
    candidates: tuple[Candidate, ...]
    words_found: int
    tokens: int


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

    return (
        domain,
        merged("known.txt", options.known),
        merged("include.txt", options.include),
        merged("exclude.txt", options.exclude),
    )


def _sentences(article: Article, lines: Iterator[str], on_chars: Callable[[int], None]) -> Iterator[Sentence]:
    index = 0
    seen_text = False
    seen_japanese = False

    def counted(lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            on_chars(len(line.encode("utf-8", "replace")) + 1)
            yield line

    for text in split_sentences(_article_lines(counted(lines))):
        seen_text = True
        if not has_japanese(text):
            continue
        seen_japanese = True
        yield Sentence(text=text, tokens=tokenize(text), article=article, index=index)
        index += 1
    if not seen_text:
        raise EmptyInput(f"{article.source}: empty input (only whitespace)")
    if not seen_japanese:
        raise NoJapaneseText(f"{article.source}: no Japanese text found")


# トップ > 科学技術トピック > 第168号 > 見出し; a sentence (。) or markup (<b>R&D</b>) is not one
_BREADCRUMB = re.compile(r"^[^。<]*[>＞›»][^。<]*[>＞›»][^。<]*$")
_BYLINE = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")  # 2020年9月28日 過国忠(科技日報記者)


def _article_lines(lines: Iterable[str]) -> Iterator[str]:
    """Lines worth a card's example: page furniture is skipped — breadcrumbs, the dated byline, and
    ※ notes (※本稿は、科技日報「…」を翻訳したものである), which are credits, not the article."""
    for line in lines:
        stripped = line.strip()
        if _BREADCRUMB.search(stripped) or stripped.startswith(("※", "*")):
            continue
        if _BYLINE.match(stripped) and len(stripped) < 60:
            continue
        yield line


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
    """Bytes to read, for the progress bar; None for stdin and pipes (unknown)."""
    try:
        path = Path(source.path)
        return path.stat().st_size if source.path != "-" and path.is_file() else None
    except OSError:
        return None


def select_words(inputs: Sequence[str], options: Options = Options()) -> tuple[Selection, Dictionary]:
    """Read the inputs and choose their vocabulary (what ``tangocho words`` prints)."""
    sources = find_sources(inputs or [str(default_seeds())])
    domain, known, include, exclude = _lists(options)
    dictionary = options.dictionary or open_dictionary(progress=lambda m: options.progress(m, 0, None))
    collector = Collector(dictionary, domain, retokenize=tokenize)
    articles: list[Article] = []
    sizes = [_size(s) for s in sources]
    total = sum(s for s in sizes if s) if all(s is not None for s in sizes) else None
    done = 0

    def on_chars(n: int) -> None:
        nonlocal done
        done += n
        options.progress("reading", min(done, total) if total else done, total)

    for source in sources:
        article, lines = load(source, options.encoding)
        articles.append(article)
        for batch in _batches(_sentences(article, lines, on_chars), _BATCH_SENTENCES):
            collector.add(batch)
    candidates = collector.rank(
        known=known,
        include=include,
        exclude=exclude,
        max_words=options.max_words,
        min_score=options.min_score,
        names=options.names,
    )
    selection = Selection(tuple(articles), tuple(candidates), len(collector.tallies), collector.tokens)
    return selection, dictionary


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


def check_card_types(card_types: Sequence[str]) -> None:
    unknown = sorted(set(card_types) - set(CARD_TYPES))
    if unknown or not card_types:
        raise UsageError(
            f"unknown card type: {', '.join(unknown) or '(none)'} (choose from {', '.join(CARD_TYPES)})"
        )


def make_cards(selection: Selection, dictionary: Dictionary, options: Options) -> list[Card]:
    check_card_types(options.card_types)
    chars = {ch for c in selection.candidates for ch in c.word if is_kanji(ch)}
    kanji = dictionary.kanji(chars)
    many = len(selection.articles) > 1
    return [render(c, kanji, _subdeck(options, c, many), options.card_types) for c in selection.candidates]


def build(inputs: Sequence[str], options: Options = Options()) -> BuildResult:
    """Build a deck from ``inputs`` (files, folders, "-" for stdin; none: the seed articles)."""
    started = time.perf_counter()
    output = output_path(options)
    check_card_types(options.card_types)  # before any work: not 3 minutes into a 50 MB article
    deck_stage.check_writable(output)
    selection, dictionary = select_words(inputs, options)
    if not selection.candidates:
        names = ", ".join(a.source for a in selection.articles)
        raise NothingToCard(
            f"{names}: no word to card (lower --min-score, or name words in an --include list)"
        )
    cards = make_cards(selection, dictionary, options)
    earlier = deck_stage.earlier_examples(output, [c.key for c in cards])
    cards = [merge_examples(c, earlier.get(c.key, ())) for c in cards]
    options.progress("writing", 0, None)
    written = deck_stage.write_deck(cards, output, options.deck_name, clock=options.clock)
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
