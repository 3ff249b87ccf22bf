"""The note store: one SQLite database, in the user data directory, recording every note tangocho has
generated, whatever deck or output path it went to.

Per note (by GUID, derived from the word's stable key) it keeps the hash of the generated content, the
time that content last changed (the note's modification time in every package, so Anki's "update if
newer" import skips a note whose content did not change and keeps the learner's edits), the deck it
was first made for, and the example sentences of every build (the first stays on the front). It also
keeps the note type's hash and change time, the notes to send again after a note-type upgrade, and for
``tangocho push`` the content hash Anki last confirmed for each note.

Every build and every push is one transaction (``BEGIN IMMEDIATE``: concurrent builds wait for each
other; the database is in WAL mode so readers never block). The store holds the history that keeps the
learner's edits safe, so a damaged one is an error naming the file — never silently recreated.

``$TANGOCHO_DATA_DIR`` names another folder (tests use one per test).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoreError
from .models import Example
from .sql import select_in

STORE_FORMAT = 1
STORE_NAME = "notes.sqlite"
MAX_STORED_EXAMPLES = 12  # per note: every build's sentences, bounded
LAST_TIME = 4_102_444_800  # 2100-01-01: a later change time is no time at all (a damaged record)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    guid TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    hash TEXT NOT NULL,
    changed INTEGER NOT NULL,
    deck TEXT NOT NULL,
    examples TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS model (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    changed INTEGER NOT NULL,
    fields TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS resend (guid TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS pushed (
    guid TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    note_id INTEGER NOT NULL,
    added INTEGER NOT NULL  -- 1: push created the note (Anki gave it a GUID of its own)
);
CREATE TABLE IF NOT EXISTS manifests (path TEXT PRIMARY KEY, merged INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS decks (path TEXT PRIMARY KEY, cards TEXT NOT NULL);  -- card types last built
"""


def data_dir() -> Path:
    """``$TANGOCHO_DATA_DIR``, else the user data directory (platformdirs)."""
    env = os.environ.get("TANGOCHO_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("tangocho", appauthor=False))


def store_path() -> Path:
    return data_dir() / STORE_NAME


@dataclass
class StoredNote:
    key: str
    hash: str
    changed: int  # when the generated content last changed (epoch seconds)
    deck: str  # the deck it was first made for
    examples: list[Example] = field(default_factory=list)


@dataclass
class StoredModel:
    hash: str
    changed: int
    fields: list[str]


def _damaged(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"{path}: the note store is damaged ({exc}). It records what each note last looked like, so "
        "that rebuilds keep your Anki edits: restore it from a backup, or move it away to start over "
        "(the next import then updates every note, replacing edits made in Anki)"
    )


def _time(value) -> int:
    """A change time as recorded: whole seconds since 1970, not after 2100 (else the record is damaged)."""
    if isinstance(value, float) and value != value:  # NaN
        raise ValueError("change time is not a number")
    t = int(value)
    if not 0 <= t <= LAST_TIME:
        raise ValueError(f"change time {value!r} is not a time between 1970 and 2100")
    return t


def _examples(text: str) -> list[Example]:
    return [Example(**e) for e in json.loads(text)]


class NoteStore:
    """``with NoteStore.open() as store, store.transaction(): …``"""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None) -> NoteStore:
        path = Path(path) if path else store_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the data folder ({exc.strerror or exc})") from exc
        try:
            db = sqlite3.connect(path, timeout=60, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the note store ({exc})") from exc
        try:
            db.execute("PRAGMA busy_timeout=60000")
            db.execute("PRAGMA journal_mode=WAL")
            # WAL's own setting: a commit is not flushed to disk on its own (an fsync each, ~5 ms), yet it
            # survives the process killed at any point; only a power cut may lose the last one, as it
            # may the deck file written beside it (never fsynced either) — and a store behind its deck
            # is what the next build mends (deck.py, the commit point).
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("BEGIN IMMEDIATE")  # two first runs at once: one creates, the other waits
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and not {"meta", "notes"} <= tables:
                raise sqlite3.DatabaseError("not a tangocho note store")
            if tables:
                fmt = dict(db.execute("SELECT key, value FROM meta")).get("format")
                if fmt is None or int(fmt) > STORE_FORMAT:
                    raise StoreError(
                        f"{path}: the note store was written by a newer tangocho (format {fmt}); "
                        "upgrade tangocho"
                    )
            for statement in _SCHEMA.split(";"):  # not executescript: it would commit first
                if statement.strip():
                    db.execute(statement)
            # a store from before push recorded who created a note: the column, 0 for the notes it has
            pushed = {r[1] for r in db.execute("PRAGMA table_info(pushed)")}
            if "added" not in pushed:
                db.execute("ALTER TABLE pushed ADD COLUMN added INTEGER NOT NULL DEFAULT 0")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (str(STORE_FORMAT),))
            db.execute("COMMIT")
        except StoreError:
            db.close()
            raise
        except (sqlite3.DatabaseError, ValueError) as exc:
            db.close()
            raise _damaged(path, exc) from exc
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[NoteStore]:
        """One build: nothing it records is visible (or kept) unless the whole of it commits."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: the note store is busy ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from exc
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from exc

    def _batched(self, sql: str, keys: Iterable) -> list[tuple]:
        try:
            return select_in(self.db, sql, list(dict.fromkeys(keys)))
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from exc

    # -- reading -------------------------------------------------------------------------------------

    def notes(self, guids: Iterable[str]) -> dict[str, StoredNote]:
        rows = self._batched(
            "SELECT guid, key, hash, changed, deck, examples FROM notes WHERE guid IN ({marks})", guids
        )
        try:
            return {g: StoredNote(k, h, _time(c), d, _examples(e)) for g, k, h, c, d, e in rows}
        except (ValueError, TypeError, OverflowError) as exc:
            raise _damaged(self.path, exc) from exc

    def model(self) -> StoredModel | None:
        try:
            row = self.db.execute("SELECT hash, changed, fields FROM model WHERE id = 1").fetchone()
            return StoredModel(row[0], _time(row[1]), list(json.loads(row[2]))) if row else None
        except (sqlite3.DatabaseError, ValueError, TypeError, OverflowError) as exc:
            raise _damaged(self.path, exc) from exc

    def resend(self) -> set[str]:
        try:
            return {r[0] for r in self.db.execute("SELECT guid FROM resend")}
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.path, exc) from exc

    # -- writing (inside ``transaction``) -------------------------------------------------------------

    def put_notes(self, notes: dict[str, StoredNote]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    guid,
                    n.key,
                    n.hash,
                    int(n.changed),
                    n.deck,
                    json.dumps([e.__dict__ for e in n.examples[:MAX_STORED_EXAMPLES]], ensure_ascii=False),
                )
                for guid, n in notes.items()
            ],
        )

    def put_model(self, model: StoredModel) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO model VALUES (1, ?, ?, ?)",
            (model.hash, int(model.changed), json.dumps(model.fields, ensure_ascii=False)),
        )

    def set_resend(self, guids: Iterable[str]) -> None:
        self.db.execute("DELETE FROM resend")
        self.db.executemany("INSERT INTO resend VALUES (?)", [(g,) for g in sorted(set(guids))])

    def put_pushed(self, guid: str, digest: str, note_id: int, added: bool = False) -> None:
        self.db.execute(
            "INSERT INTO pushed VALUES (?, ?, ?, ?) ON CONFLICT (guid) DO UPDATE SET hash = excluded.hash, "
            "note_id = excluded.note_id, added = max(added, excluded.added)",
            (guid, digest, int(note_id), int(added)),
        )

    def added_by_push(self, guids: Iterable[str]) -> set[str]:
        """The notes ``tangocho push`` created in an Anki (with a GUID Anki chose, not tangocho's)."""
        return {
            r[0]
            for r in self._batched("SELECT guid FROM pushed WHERE added = 1 AND guid IN ({marks})", guids)
        }

    def deck_cards(self, deck_path: Path) -> list[str] | None:
        """The card types the last build of this deck file asked for (None: never recorded)."""
        row = self.db.execute(
            "SELECT cards FROM decks WHERE path = ?", (str(Path(deck_path).resolve()),)
        ).fetchone()
        try:
            return [str(k) for k in json.loads(row[0])] if row else None
        except (ValueError, TypeError) as exc:
            raise _damaged(self.path, exc) from exc

    def put_deck_cards(self, deck_path: Path, kinds: list[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO decks VALUES (?, ?)", (str(Path(deck_path).resolve()), json.dumps(kinds))
        )

    def manifest_merged(self, path: Path) -> bool:
        key = str(Path(path).resolve())
        return self.db.execute("SELECT 1 FROM manifests WHERE path = ?", (key,)).fetchone() is not None

    def mark_manifest_merged(self, path: Path, when: int) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO manifests VALUES (?, ?)", (str(Path(path).resolve()), int(when))
        )
