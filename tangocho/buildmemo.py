"""The build memo: the cards of an earlier build of the very same inputs, kept in the cache folder.

Rebuilding a deck whose articles, word lists and options did not change (the README's build run
again, a push after a build) gives the cards an earlier build made: stages 1–4 (read → collect → rank
→ make_cards) are skipped and only stage 5 writes the deck and the note store, which stamps the
notes as every build does. What the cards depend on is the memo's key:

- the inputs' bytes (each file's path and a hash of its contents; the memo is used only for files on
  disk of at most ``MAX_BYTES`` in all: never for stdin, pipes or URLs, whose content can only be
  known by reading it once);
- the word lists as read (domain lists, known words with those from Anki reviews, include, exclude)
  and every option that changes a card (level, deck size, names, card types, deck name, encoding …);
- the code (each file of the package: its size and modification time), the Python, the lookup
  index and the JMdict data it was built from, the tokenizer's dictionary.

Anything else in a memo file (missing, unreadable, another format, another key) is ignored: it is only a
cache, and the build then runs every stage. A memo is written atomically (a temporary file, then a
rename); the folder keeps the ``KEEP`` newest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

FORMAT = 1  # bump when what a memo file holds changes
MAX_BYTES = 4_000_000  # larger inputs are not memoized (a corpus: its memo would be as slow as a build)
KEEP = 16  # memo files the folder keeps (the seed's: ≈0.7 MB)
FOLDER = "builds"
# Options that change no card: when a build runs (clock), what it shows (progress), where it writes
# (output, store), how it reads a URL (timeout: URLs are never memoized), in how many processes (jobs:
# the same result), what write adds after the cards are made (audio); and those whose whole effect is
# the word lists, which are in the key as read (the learner's files, the reviews of the collection)
_NOT_IN_KEY = frozenset(
    {"clock", "progress", "dictionary", "store", "output", "timeout", "jobs", "audio"}
    | {"known", "known_anki", "known_field", "known_interval", "anki_url", "anki_key"}
    | {"include", "exclude", "vocab_dir"}
)
_PACKAGE = Path(__file__).resolve().parent


def key(sources: Sequence, options, lists) -> str | None:
    """The memo key of a build of ``sources`` (text.Source) with ``options`` and ``lists``
    (pipeline.Lists), or None when the build is not memoized (stdin, a URL, a pipe, a large input, a
    dictionary given as a test seam)."""
    if options.dictionary is not None:
        return None
    digest = hashlib.blake2b(digest_size=20)

    def put(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")

    put(FORMAT, sys.version)
    total = 0
    for source in sources:
        path = Path(source.path)
        if source.kind in ("stdin", "url"):
            return None
        try:
            if not path.is_file():  # a pipe (/dev/fd/63), a terminal
                return None
            total += path.stat().st_size
            if total > MAX_BYTES:  # (known before a byte is read: a 50 MB input is not read twice)
                return None
            data = path.read_bytes()
        except OSError:
            return None
        put(source.path, len(data))
        digest.update(hashlib.blake2b(data, digest_size=20).digest())
    for f in dataclasses.fields(options):
        if f.name not in _NOT_IN_KEY:
            value = getattr(options, f.name)
            put(f.name, tuple(value) if isinstance(value, list) else value)  # the CLI's [] is ()
    put("domain", sorted((name, _words(w)) for name, w in lists.domain.items()))
    put("lists", _words(lists.known), _words(lists.include), _words(lists.exclude))
    put("code", _code())
    put("data", _data())
    return digest.hexdigest()


def _words(words) -> tuple:
    """A word list as a key part: sorted (a frozenset's order changes from one process to the next)."""
    return sorted(words.words), sorted(words.readings.items())


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), st.st_size, st.st_mtime_ns


def _code() -> list[tuple[str, int, int]]:
    """Every file of the package (code, templates, shipped tables): a change to any changes the key."""
    found = []
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [_stat(Path(folder) / name) for name in sorted(files) if not name.endswith(".pyc")]
    return found


def _data() -> list[tuple[str, int, int]]:
    """The files the cards are made from outside the package: the lookup index and its source, the
    tokenizer's dictionary and the tokenizer."""
    from .dictionary import data_path, index_path

    found = [_stat(index_path()), _stat(data_path())]
    for module in ("unidic_lite", "fugashi"):
        spec = importlib.util.find_spec(module)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is None:
            found.append((module, -1, -1))
            continue
        found.append(_stat(origin))
        dicdir = origin.parent / "dicdir" / "sys.dic"
        if dicdir.exists():
            found.append(_stat(dicdir))
    return found


def _folder() -> Path:
    from .dictionary import cache_dir

    return cache_dir() / FOLDER


def load(memo_key: str | None):
    """The (selection, cards) kept under ``memo_key``, or None."""
    if memo_key is None:
        return None
    try:
        data = (_folder() / f"{memo_key}.pickle").read_bytes()
        kept = pickle.loads(data)
    except Exception:  # missing, unreadable, made by other code: only a cache
        return None
    if not (isinstance(kept, tuple) and len(kept) == 3 and kept[0] == memo_key):
        return None
    return kept[1], kept[2]


def save(memo_key: str | None, selection, cards) -> None:
    """Keep (selection, cards) under ``memo_key``; the folder keeps the ``KEEP`` newest memos. A memo
    that cannot be written (a read-only or full disk) is left out without a word."""
    if memo_key is None:
        return
    folder = _folder()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((memo_key, selection, list(cards)), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".memo-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / f"{memo_key}.pickle")
        tmp = None
        kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
