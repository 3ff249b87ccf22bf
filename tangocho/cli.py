"""The ``tangocho`` command (the only module that knows argparse): parse, call the library, report.

Each command calls one library function and turns the library's own errors into one line
``Error: …`` on stderr with exit status 1 (2 for usage errors); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import atexit
import codecs
import gc
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Sequence

from . import __version__
from .errors import TangochoError

# The library (fugashi, genanki, the dictionary …) is imported when the command runs, not with this
# module: ``run`` first installs the signal handling, so Ctrl-C during start-up is an ``Error:`` line.
_LIBRARY = ("build", "push", "select_words", "Options", "DEFAULT_DECK")


def __getattr__(name: str):
    if name in _LIBRARY:  # tangocho.cli.build and friends, imported on first use
        from . import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _library():
    return sys.modules[__name__]  # its build/select_words: the pipeline's, or a test's stand-in


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit status 2
        self.exit(2, f"Error: {message} (see '{self.prog} --help')\n")


def _common(p: argparse.ArgumentParser) -> None:
    from .select import DECK_SCORE, DEFAULT_LEVEL, LEVELS
    from .text import DEFAULT_TIMEOUT

    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="articles: .txt, .md, .html files, web pages (https://…), .epub books (a subdeck per "
        "chapter), .pdf files, folders, or - for stdin; default: seeds/",
    )
    p.add_argument(
        "--known",
        action="append",
        default=[],
        metavar="FILE",
        help="words you know: a word list, an .apkg, or an Anki 'Notes in Plain Text' export (repeatable)",
    )
    p.add_argument(
        "--known-anki",
        action="append",
        default=[],
        metavar="PATH|connect",
        help="words you have learned in Anki: a collection.anki2 (read from a copy; Anki may be running), "
        "or 'connect' to ask Anki through AnkiConnect (repeatable)",
    )
    p.add_argument(
        "--known-field",
        metavar="NAME",
        help="with --known-anki: the field holding the word (default: each note's first field)",
    )
    p.add_argument(
        "--known-interval",
        type=_positive_int,
        default=21,
        metavar="DAYS",
        help="with --known-anki: a card with at least this interval is known (default 21)",
    )
    p.add_argument(
        "--anki-url",
        default="http://127.0.0.1:8765",
        metavar="URL",
        help="AnkiConnect's address (default http://127.0.0.1:8765)",
    )
    p.add_argument("--anki-key", metavar="KEY", help="AnkiConnect's API key, if one is set")
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="FILE",
        help="words to card whenever present (repeatable)",
    )
    p.add_argument(
        "--exclude", action="append", default=[], metavar="FILE", help="words never to card (repeatable)"
    )
    p.add_argument("--vocab", metavar="DIR", help="folder of word lists (default: ./vocab)")
    p.add_argument(
        "--max-words",
        type=_positive_int,
        default=None,
        metavar="N",
        help="card at most N words (default: no cap)",
    )
    p.add_argument(
        "--min-score",
        type=_finite,
        default=DECK_SCORE,
        metavar="X",
        help=f"card only words scoring at least X (default {DECK_SCORE:g}: the deck grows with the text)",
    )
    p.add_argument(
        "--level",
        choices=tuple(LEVELS),
        default=DEFAULT_LEVEL,
        help=f"learner level: which common words count as known (default {DEFAULT_LEVEL})",
    )
    p.add_argument(
        "--names", action="store_true", help="also card people, places and organisations (subdeck Names)"
    )
    p.add_argument(
        "--encoding", type=_encoding, metavar="NAME", help="force the input encoding (default: detected)"
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up fetching a web page after SECONDS (default {DEFAULT_TIMEOUT:g})",
    )
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="read and collect in N worker processes (default: every core for an input of 100 kB or more; "
        "1: none)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    p.add_argument("--debug", action="store_true", help="show tracebacks")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


_ENCODING_EXAMPLES = "(for example utf-8, cp932, euc_jp, iso2022_jp, utf-16)"


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return seconds


def _encoding(value: str) -> str:
    try:
        info = codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r} {_ENCODING_EXAMPLES}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, not encodings
        raise argparse.ArgumentTypeError(f"{value!r} is not a text encoding {_ENCODING_EXAMPLES}")
    return info.name


def _finite(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid float value: {value!r}") from None
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError(f"not a finite number: {value!r}")
    return x


def _deck_name(value: str) -> str:
    # Anki splits deck names at "::": an empty part (":: ", "News::") names no deck
    if not value.strip() or any(not part.strip() for part in value.split("::")):
        raise argparse.ArgumentTypeError(f"{value!r} has an empty part (subdecks are written A::B)")
    return value


def _card_types(value: str) -> tuple[str, ...]:
    from .notetype import check_card_types

    try:
        return check_card_types(value)
    except TangochoError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


_STATUSES = """exit status:
  0    done
  1    bad input (one line on stderr starting 'Error:'; --debug shows the traceback)
  2    bad usage (an unknown option or a bad value)
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM)"""

_BUILD_EXAMPLES = """\
  tangocho build                                  the articles in seeds/ → decks/tangocho.apkg
  tangocho build article.txt -o decks/mine.apkg   one article
  tangocho build https://example.com/news/1.html --cards recognition,cloze
  tangocho build book.epub --known-anki connect   a subdeck per chapter, without the words you know
  pbpaste | tangocho build - --deck-name News     standard input"""

_PUSH_EXAMPLES = """\
  tangocho push article.txt                       into the running Anki (AnkiConnect on 127.0.0.1:8765)
  tangocho push article.txt --deck-name News --cards recognition,production"""

_WORDS_EXAMPLES = """\
  tangocho words article.txt                      the ranked table
  tangocho words article.txt --min-score 0        every candidate, not only the deck's
  tangocho words article.txt --format json | jq '.[0]'"""

_EPILOG = f"""examples:
{_BUILD_EXAMPLES}
{_WORDS_EXAMPLES}
{_PUSH_EXAMPLES}

'tangocho COMMAND --help' describes each command's options.

{_STATUSES}"""


def _deck_options(p: argparse.ArgumentParser, default_deck: str, audio_help: str) -> None:
    """What a deck is made of, for build and push alike."""
    p.add_argument(
        "--deck-name",
        default=default_deck,
        type=_deck_name,
        metavar="NAME",
        help=f"deck name (default {default_deck})",
    )
    p.add_argument(
        "--cards",
        type=_card_types,
        default=("recognition",),
        metavar="TYPES",
        help="card types, comma-separated: recognition,production,cloze (default recognition)",
    )
    p.add_argument("--flat", action="store_true", help="one deck, no subdeck per article")
    p.add_argument("--audio", action="store_true", help=audio_help)


def _parser() -> argparse.ArgumentParser:
    DEFAULT_DECK = _library().DEFAULT_DECK  # (imported on first use)
    parser = _Parser(
        prog="tangocho",
        description="Anki decks of business and technology vocabulary from Japanese articles, each card "
        "in the sentence that used it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tangocho {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, summary: str, description: str, examples: str):
        return sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog=f"examples:\n{examples}\n\n{_STATUSES}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    b = command(
        "build",
        "build an Anki deck (.apkg)",
        "Read the inputs, choose their business and technology vocabulary and write an Anki deck (.apkg) "
        "with a card per word in the sentence that used it. Rebuilding is safe: notes keep their "
        "identity, and only notes whose content changed are updated on import.",
        _BUILD_EXAMPLES,
    )
    _common(b)
    b.add_argument(
        "-o", "--output", metavar="PATH", help="the .apkg to write (default: decks/<deck name>.apkg)"
    )
    _deck_options(
        b, DEFAULT_DECK, "word and sentence audio, synthesised offline (needs: pip install 'tangocho[audio]')"
    )
    p = command(
        "push",
        "send the notes to the running Anki (AnkiConnect add-on)",
        "Build the notes as 'build' would and send them to the Anki running on this machine through the "
        "AnkiConnect add-on: new notes are added, changed ones updated, your own edits kept.",
        _PUSH_EXAMPLES,
    )
    _common(p)
    _deck_options(
        p,
        DEFAULT_DECK,
        "word and sentence audio, synthesised offline and sent to Anki (needs tangocho[audio])",
    )
    w = command(
        "words",
        "print the ranked words build would card",
        "Print the words 'build' would card, best first, with the reasons for each score; nothing is "
        "written. The table ends with the deck-size rule.",
        _WORDS_EXAMPLES,
    )
    _common(w)
    w.add_argument(
        "--format",
        choices=("table", "tsv", "json"),
        default="table",
        help="table (default), tsv, or json (one object per word)",
    )
    return parser


class _ProgressBar:
    """A progress bar on stderr when it is a terminal (tqdm); silent otherwise or with --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if stage not in ("reading", "audio"):
            self.close()
            print(f"{stage}…", file=sys.stderr)
            return
        if self.bar is not None and self.bar.desc != stage:
            self.close()
        if self.bar is None:
            from tqdm import tqdm

            # a terminal that reports a size of 0×0 (`script -qc`, some CI consoles) gets no bar at all
            # from tqdm: give it a standard one
            sized = _terminal_size() != (0, 0)
            self.bar = tqdm(
                total=total or None,  # a pipe reports a size of 0: unknown
                unit="B" if stage == "reading" else " clips",
                unit_scale=stage == "reading",
                desc=stage,
                file=sys.stderr,
                leave=False,
                ncols=None if sized else 80,
                nrows=None if sized else 24,
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _terminal_size() -> tuple[int, int]:
    try:
        return tuple(os.get_terminal_size(sys.stderr.fileno()))
    except (OSError, ValueError):
        return (0, 0)


def _options(args: argparse.Namespace, progress):
    Options = _library().Options  # (imported on first use)
    extra = {}
    if args.command == "build":
        extra = dict(
            output=args.output,
            deck_name=args.deck_name,
            card_types=args.cards,
            flat=args.flat,
            audio=args.audio,
        )
    elif args.command == "push":
        extra = dict(deck_name=args.deck_name, card_types=args.cards, flat=args.flat, audio=args.audio)
    return Options(
        known=args.known, known_anki=args.known_anki, known_field=args.known_field,
        known_interval=args.known_interval, anki_url=args.anki_url, anki_key=args.anki_key,
        include=args.include, exclude=args.exclude, vocab_dir=args.vocab,
        max_words=args.max_words, min_score=args.min_score, names=args.names, encoding=args.encoding,
        timeout=args.timeout, level=args.level, jobs=args.jobs, progress=progress, **extra,
    )  # fmt: skip


def _candidate_json(c) -> dict:
    return {
        "word": c.word,
        "reading": c.reading,
        "count": c.count,
        "score": c.score,
        "reasons": list(c.reasons),
        "jmdict_id": c.jmdict_id or None,
        "glosses": [g for s in c.entry.senses[:2] for g in s.glosses][:4]
        if c.entry
        else ["; ".join(g) for _, _, g in c.parts if g],
    }


def _print_words(candidates, fmt: str) -> None:
    rows = [_candidate_json(c) for c in candidates]
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if fmt == "tsv":
        print("word\treading\tcount\tscore\treasons\tjmdict_id\tglosses")
        for r in rows:
            cells = [r["word"], r["reading"], str(r["count"]), str(r["score"]), "; ".join(r["reasons"])]
            print("\t".join([*cells, str(r["jmdict_id"] or ""), " / ".join(r["glosses"])]))
        return
    for i, r in enumerate(rows, 1):
        gloss = " / ".join(r["glosses"])[:50]
        reasons = "; ".join(r["reasons"])
        print(f"{i:4} {r['word']}\t{r['reading']}\t×{r['count']}\t{r['score']:7.1f}\t{gloss}\t[{reasons}]")


class _Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that temporary files are removed on the way out."""


def _terminate(signum, frame):
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """The command."""
    args = _parser().parse_args(argv)
    progress = _ProgressBar(enabled=not args.quiet and sys.stderr.isatty())
    deck = None  # (the deck file, its state before the build)
    try:
        library = _library()
        options = _options(args, progress)
        if args.command == "words":
            selection, _ = library.select_words(args.files, options)
            progress.close()
            _print_words(selection.candidates, args.format)
            if args.format == "table":
                from .select import DECK_MIN_CARDS, DECK_TOKENS_PER_CARD

                cap = f", at most {args.max_words} (--max-words)" if args.max_words else ""
                if args.min_score > 0:  # the length rule goes with the score rule (select.rank)
                    limit = max(DECK_MIN_CARDS, -(-selection.tokens // DECK_TOKENS_PER_CARD))
                    cap += f", at most one per {DECK_TOKENS_PER_CARD} words of text ({limit})"
                print(
                    f"{len(selection.candidates)} words: those scoring at least {args.min_score:g} "
                    f"(--min-score){cap}; reader level {args.level} (--level)"
                )
            return 0
        if args.command == "push":
            pushed = library.push(args.files, options)
            progress.close()
            if not args.quiet:
                print(
                    f"{pushed.added} added, {pushed.updated} updated, {pushed.unchanged} unchanged "
                    f"in Anki at {options.anki_url} in {pushed.seconds:.2f} s"
                )
            if pushed.refused:
                shown = ", ".join(pushed.refused[:5]) + (" …" if len(pushed.refused) > 5 else "")
                print(
                    f"Error: Anki refused {len(pushed.refused)} note(s) as duplicates of notes without a Key "
                    f"({shown}): import the current .apkg once with 'Merge note types', then push again",
                    file=sys.stderr,
                )
                return 1
            return 0
        from .pipeline import output_path

        output = output_path(options)
        deck = (output, _deck_state(output))
        result = library.build(args.files, options)
        progress.close()
        for notice in result.notices:  # even with --quiet: the next import would surprise
            print(f"Note: {notice}", file=sys.stderr)
        if not args.quiet:
            s = result.selection
            print(
                f"{len(s.articles)} article(s) read, {s.words_found} words found, "
                f"{result.notes} notes ({result.cards} cards) written to {result.output} "
                f"[{result.new} new, {result.updated} updated, {result.unchanged} unchanged] "
                f"in {result.seconds:.2f} s"
            )
        return 0
    except TangochoError as exc:
        return _fail(args, progress, str(exc), exc.exit_status)
    except KeyboardInterrupt as exc:
        return _fail(args, progress, f"interrupted; {_written(exc, deck)}", 130)
    except _Terminated as exc:
        return _fail(args, progress, f"terminated; {_written(exc, deck)}", 143)
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the system refused something the library did not expect to fail
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(args, progress, f"{where}{exc.strerror or exc}", 1)
    except Exception as exc:  # a bug: still one line, and the traceback one option away
        return _fail(args, progress, f"internal error ({type(exc).__name__}: {exc}); --debug shows where", 1)


def _deck_state(path: os.PathLike | str) -> tuple[int, int] | None:
    """The deck file's identity (inode, modification time), None if there is none: the commit moves a
    new file onto the deck, so a change says the deck was written."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _written(exc: BaseException, deck: tuple[os.PathLike, tuple[int, int] | None] | None = None) -> str:
    """What an interrupted build left: nothing, or (interrupted after its commit point) the whole deck.
    The library marks an interruption during the move; one after it (the store's commit, the return,
    the summary) is seen on the deck itself."""
    path = getattr(exc, "tangocho_written", None)
    if not path and deck is not None and _deck_state(deck[0]) != deck[1]:
        path = str(deck[0])
    return f"the deck was written just before ({path})" if path else "nothing was written"


def _fail(args: argparse.Namespace, progress: _ProgressBar, message: str, status: int) -> int:
    progress.close()
    if args.debug:
        raise  # the exception main() is handling, with its traceback
    print(f"Error: {message}", file=sys.stderr)
    return status


def run() -> None:
    # A process that runs one command: garbage collections far apart (the pipeline makes many small
    # objects and next to no cyclic garbage; 125 collections cost ~25 ms of a seed build), as mypy does.
    gc.set_threshold(200_000, 30, 30)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `tangocho words | head` ends quietly
    signal.signal(signal.SIGTERM, _terminate)
    try:
        status = main()
    except KeyboardInterrupt:  # during start-up (the library's imports), before main's own handling
        status = _startup_fail("interrupted; nothing was written", 130)
    except _Terminated:
        status = _startup_fail("terminated; nothing was written", 143)
    # The outcome is decided and reported: a Ctrl-C in the last milliseconds (while Python shuts down and
    # has put back the default handler) must not turn it into a death by signal with no message.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit(status)


def _exit(status: int) -> None:
    """``sys.exit(status)``, without first tearing down every object the build made (~25 ms for the
    seed) when there is nothing else to do on the way out: the output flushed, no atexit callback and no
    other thread (the library closes its files and databases itself)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    if getattr(atexit, "_ncallbacks", lambda: 1)() == 0 and threading.active_count() == 1:
        os._exit(status)
    sys.exit(status)


def _startup_fail(message: str, status: int) -> int:
    if "--debug" in sys.argv[1:]:
        raise  # the exception run() is handling
    print(f"Error: {message}", file=sys.stderr)
    return status
