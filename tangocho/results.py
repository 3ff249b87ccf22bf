"""The cards of a build (stages 1–4) kept for the next build of the same inputs.

Rebuilding a deck from the same article — the usual way to pick up an edit of the note store, or to
re-import — reads, collects, ranks and renders it again (~0.3 s for the seed, most of a warm build). The
command keeps the result of those stages in the user cache folder (``results/``) and uses it when
nothing it depends on changed: the inputs' bytes, every option that shapes a card, the word lists'
bytes, tangocho's own files, the tokenizer's and the data's versions, the dictionary index and the
names' file, this Python. Of the selection only the articles and counts are kept (what the command
reports), not the candidates with their sentences and tokens. Writing (stage 5) always runs: the note
store, the clock and the earlier sentences are read afresh. Inputs that cannot be fingerprinted (stdin,
a URL, a pipe), known words read from Anki, a test's dictionary and inputs over ``MAX_BYTES`` are never
cached. Only the command asks for it (``Options.reuse``): a library caller, or a test that patches a
stage, always computes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TangochoError

if TYPE_CHECKING:
    from .models import Card
    from .pipeline import Options, Selection

FORMAT = 1  # bump when what is kept changes shape
KEEP = 16  # results kept; the least recently used are removed
MAX_BYTES = 256_000  # inputs larger in all are not kept: a corpus is read afresh (a big pickle)
# Options that do not shape a card: how it is written, where, when, what is shown meanwhile.
_NOT_KEYED = frozenset({"clock", "progress", "store", "output", "dictionary", "jobs", "reuse", "audio"})
_PACKAGES = ("fugashi", "unidic-lite", "unidic_lite", "jamdict-data", "wordfreq")


def folder() -> Path:
    from .dictionary import cache_dir

    return cache_dir() / "results"


def _file_digest(path: Path, h: Any, name: str = "") -> bool:
    """Feed ``path``'s name (``name``: as given) and bytes to ``h``; False when it is no regular file."""
    try:
        if not path.is_file():
            return False
        h.update(f"{name or path}\0{os.path.realpath(path)}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
        return True
    except OSError:
        return False


def _tree_stamp(root: Path, h: Any) -> None:
    """Feed every file under ``root`` (its relative name, size, modification time) to ``h``."""
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(base, name)
            st = os.stat(path)
            h.update(f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


def key(inputs: list[str] | tuple[str, ...], options: Options) -> str | None:
    """The fingerprint of what stages 1–4 of this build depend on, or None when it cannot be cached."""
    if not options.reuse or options.dictionary is not None or options.known_anki:
        return None
    from . import dictionary
    from .pipeline import default_seeds, default_vocab
    from .text import find_sources

    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{sys.executable}\0".encode())
    try:
        sources = find_sources(inputs or [str(default_seeds())])
        size = 0
        for source in sources:
            if source.kind in ("stdin", "url"):
                return None
            path = Path(source.path)
            size += path.stat().st_size
            if size > MAX_BYTES or not _file_digest(path, h, source.path):
                return None
        for f in fields(options):
            if f.name not in _NOT_KEYED:
                h.update(f"{f.name}={getattr(options, f.name)!r}\0".encode())
        vocab = Path(options.vocab_dir) if options.vocab_dir else default_vocab()
        h.update(f"vocab\0{vocab.resolve()}\0".encode())
        if vocab.is_dir():
            for path in sorted(vocab.iterdir()):
                _file_digest(path, h)
        for extra in (*options.known, *options.include, *options.exclude):
            if not _file_digest(Path(extra), h):
                return None
        _tree_stamp(Path(__file__).resolve().parent, h)  # tangocho's code, templates and data
        h.update(" ".join(dictionary._package_version(p) for p in _PACKAGES).encode())
        for path in (dictionary.index_path(), dictionary.data_path()):
            st = path.stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    except (OSError, ValueError, TangochoError):  # (an input error: the build itself reports it)
        return None
    return h.hexdigest()


def load(digest: str) -> tuple[Selection, list[Card]] | None:
    """The result kept under ``digest``, or None (none kept, or unreadable: it is only a cache)."""
    path = folder() / f"{digest}.pickle"
    try:
        with open(path, "rb") as f:
            kept = pickle.load(f)
        os.utime(path)  # recently used
    except Exception:  # a missing, truncated or foreign file: computed again
        return None
    from .models import Card
    from .pipeline import Selection

    if (
        not isinstance(kept, tuple)
        or len(kept) != 2
        or not isinstance(kept[0], Selection)
        or not isinstance(kept[1], list)
        or not all(isinstance(c, Card) for c in kept[1])
    ):
        return None
    return kept


def save(digest: str, selection: Selection, cards: list[Card]) -> None:
    """Keep the result (written whole or not at all), and only the ``KEEP`` most recently used."""
    target = folder()
    try:
        target.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((selection, cards), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=f".{digest}.", suffix=".tmp", dir=target)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target / f"{digest}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kept = sorted(target.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # a cache: never worth failing a build
