"""Known words from the learner's own Anki: the words of the cards they have actually learned.

A word is known when a card of a note whose field (by default the note's first field) holds it has an
interval of at least ``KNOWN_INTERVAL`` days (21: what Anki calls a mature card). The field is read as a
word: HTML and Anki furigana stripped, an inflected form also counted in its dictionary form
(``<b>誘致する</b>`` → 誘致する, 誘致; ``行った`` → 行く). Every word already in tangocho's own note type is
known too, whatever its interval: it has a card already.

Two sources:

- a ``collection.anki2`` file, read without touching it. A running Anki holds its collection with an
  exclusive lock in WAL mode, so SQLite's ``mode=ro`` fails ("database is locked") and ``immutable=1``
  misses the commits still in the ``-wal`` file: the file and its ``-wal`` are copied to a temporary
  folder and the copy is opened read-only;
- AnkiConnect (``findCards`` + ``cardsInfo``, ``findNotes`` + ``notesInfo``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import CollectionError
from .notetype import MODEL_NAME
from .wordlists import WordList, _first_field

KNOWN_INTERVAL = 21  # days: Anki's "mature"
CONNECT = "connect"  # --known-anki connect: ask AnkiConnect instead of reading a file

# Tokens that only inflect the word before them: 誘致|する, 行っ|た, 取り組ん|で|いる, 高く|ない.
_INFLECTION_POS = ("助動詞", "助詞", "補助記号", "空白")
_LIGHT_VERBS = frozenset({"する", "為る", "できる", "出来る", "させる", "される"})


@dataclass(frozen=True)
class KnownWords:
    """What a collection says the learner knows."""

    words: frozenset[str]  # every form counted as known
    reviewed: int  # notes with a card at or over the interval (tangocho's included)
    carded: int  # notes of tangocho's note type (known whatever their interval)

    def as_list(self, name: str = "anki") -> WordList:
        return WordList(name, self.words)


def word_forms(value: str) -> set[str]:
    """The forms a field stands for: the text itself and, when it is one inflected word, its
    dictionary form (``<b>誘致する</b>`` → {誘致する, 誘致}; ``行った`` → {行った, 行く})."""
    text = _first_field(value)
    if not text or len(text) > 40:  # a sentence, not a word
        return {text} if text else set()
    forms = {text}
    from .tokenize import tokenize

    tokens = list(tokenize(text))
    whole = len(tokens)
    while tokens and tokens[0].pos[0] in ("補助記号", "空白"):  # 「半導体」 → 半導体
        tokens.pop(0)
    # 取り組んでいる: drop the trailing grammar (で, then いる, non-independent); 誘致する: the light verb
    while len(tokens) > 1 and (
        tokens[-1].pos[0] in _INFLECTION_POS
        or tokens[-1].pos[1] == "非自立可能"
        or tokens[-1].base in _LIGHT_VERBS
    ):
        tokens.pop()
    phrase = any(t.pos[0] in _INFLECTION_POS for t in tokens)  # 工場を誘致した。: a sentence, not a word
    if tokens and not phrase and (len(tokens) == 1 or len(tokens) < whole):
        # 封じ|込め(た) → 封じ込める: the last remaining token in its dictionary form
        head = "".join(t.surface for t in tokens[:-1])
        forms.add(head + (tokens[-1].base or tokens[-1].surface))
    return {f for f in forms if f}


def _copy_collection(path: Path, folder: Path) -> Path:
    """Copy a collection and its WAL into ``folder`` (the live files are never opened)."""
    if not path.is_file():
        raise CollectionError(f"{path}: no such Anki collection")
    copy = folder / "collection.anki2"
    try:
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, folder / "collection.anki2-wal")
    except OSError as exc:
        raise CollectionError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return copy


def _field_orders(db: sqlite3.Connection, field: str | None) -> tuple[dict[int, int], set[int]]:
    """(note type id → the ord of the field to read, ids of tangocho's note types)."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    names: dict[int, str] = {}
    fields: dict[int, list[tuple[int, str]]] = {}
    if "notetypes" in tables and "fields" in tables:  # schema 15 and later (Anki 2.1.28+)
        names = {ntid: name for ntid, name in db.execute("SELECT id, name FROM notetypes")}
        for ntid, ord_, name in db.execute("SELECT ntid, ord, name FROM fields"):
            fields.setdefault(ntid, []).append((ord_, name))
    else:  # schema 11: note types as JSON in col.models
        (models,) = db.execute("SELECT models FROM col").fetchone()
        for ntid, model in json.loads(models).items():
            names[int(ntid)] = model["name"]
            fields[int(ntid)] = [(f["ord"], f["name"]) for f in model["flds"]]
    orders = _orders(fields, field)
    tangocho = {ntid for ntid, name in names.items() if name == MODEL_NAME}
    return orders, tangocho


def _orders(fields: dict, field: str | None) -> dict:
    """Note type → the ord of the field holding the word: the first field, or the one named ``field``
    (case-insensitively; note types without it are left out). ``fields``: note type → [(ord, name)]."""
    orders = {}
    for model, flds in fields.items():
        if field is None:
            orders[model] = 0
        else:
            match = [o for o, n in flds if n.casefold() == field.casefold()]
            if match:
                orders[model] = match[0]
    return orders


def from_collection(path: str | Path, field: str | None = None, interval: int = KNOWN_INTERVAL) -> KnownWords:
    """Known words of a ``collection.anki2`` (read from a copy; the file itself is never opened)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="tangocho-known-") as folder:
        copy = _copy_collection(path, Path(folder))
        try:
            db = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                orders, tangocho = _field_orders(db, field)
                rows = db.execute(
                    "SELECT n.mid, n.flds, MAX(c.ivl) FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id"
                ).fetchall()
            finally:
                db.close()
        except (sqlite3.DatabaseError, TypeError, ValueError, KeyError) as exc:
            raise CollectionError(f"{path}: not a readable Anki collection ({exc})") from exc
    return _known(((mid, flds.split("\x1f"), ivl) for mid, flds, ivl in rows), orders, tangocho, interval)


def _known(notes: Iterable[tuple], orders: dict, tangocho: set, interval: int) -> KnownWords:
    """From (note type, fields, the longest interval of its cards) per note; note types by id (a file)
    or by name (AnkiConnect)."""
    words: set[str] = set()
    reviewed = carded = 0
    for mid, fields, ivl in notes:
        if mid in tangocho:
            carded += 1
            reviewed += (ivl or 0) >= interval
            words |= word_forms(fields[0])
            continue
        order = orders.get(mid)
        if order is None or order >= len(fields) or (ivl or 0) < interval:
            continue
        reviewed += 1
        words |= word_forms(fields[order])
    return KnownWords(frozenset(words), reviewed, carded)


def from_anki_connect(client, field: str | None = None, interval: int = KNOWN_INTERVAL) -> KnownWords:
    """Known words of the collection open in Anki, asked over AnkiConnect."""
    client.version()
    notes: dict[int, tuple[str, list[str], int]] = {}  # note id → (note type, fields, interval)
    cards = client.call("findCards", query=f"prop:ivl>={int(interval)}")
    model_fields: dict[str, list[str]] = {}
    for info in client.call_batched("cardsInfo", "cards", cards):
        if not info:
            continue
        ordered = sorted(info["fields"].items(), key=lambda kv: kv[1]["order"])
        model_fields[info["modelName"]] = [name for name, _ in ordered]
        values = [v["value"] for _, v in ordered]
        old = notes.get(info["note"])
        ivl = max(info.get("interval", 0), old[2] if old else 0)
        notes[info["note"]] = (info["modelName"], values, ivl)
    tangocho_ids = client.call("findNotes", query=f'"note:{MODEL_NAME}"')
    for info in client.call_batched("notesInfo", "notes", tangocho_ids):
        if info:
            ordered = sorted(info["fields"].items(), key=lambda kv: kv[1]["order"])
            notes[info["noteId"]] = (MODEL_NAME, [v["value"] for _, v in ordered], 0)
    # note types are known by name here: their ids are not in AnkiConnect's answers
    orders = _orders({name: list(enumerate(flds)) for name, flds in model_fields.items()}, field)
    return _known(notes.values(), orders, {MODEL_NAME}, interval)
