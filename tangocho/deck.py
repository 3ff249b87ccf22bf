"""Write Anki packages with genanki (the only module that imports genanki), recorded in the note store.

Identity is stable: the note type has a fixed id and fixed field/template ids, a deck's id derives from
its name, and a note's GUID from the word's key (JMdict id + headword; compounds: headword + reading),
never from field contents.

Anki updates an existing note on import only when the incoming modification time is newer, and then
replaces every field and tag (never cards or reviews). So the note store (``store.py``: one SQLite file
for every deck) records, per GUID, a hash of the generated content and the time that content last
changed, and that time — not the build time — is written into the package: re-importing an unchanged
note is a no-op (the user's edits survive), a changed note is updated. The note type works the same
way: its ``mod`` is the time its fields/templates/CSS last changed, so a rebuild does not overwrite
the user's template or style tweaks unless tangocho's own templates changed.

A note type whose field list changed needs "Merge note types" on import (without it Anki adds a copy
of the note type and skips every existing note as conflicting). Merging rewrites every existing note
with the import time, so the notes that same build changed are skipped as older: the store lists
them (``resend``) and the next build sends them again with a newer time.

``NAME.apkg.json`` manifests, the per-deck record of tangocho before the note store, are read once
(``merge_legacy_manifest``) and then left alone.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import itertools
import json
import os
import re
import shutil
import sqlite3
import stat
import sys
import tempfile
import time
import types
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .models import Card, Example

# the note type's facts live in notetype.py; deck.MODEL_NAME, deck.FIELDS … stay importable from here
from .notetype import CARD_TYPES, MODEL_ID, make_field, model_hash
from .notetype import FIELDS as FIELDS
from .notetype import MODEL_NAME as MODEL_NAME
from .notetype import model_spec as _model_spec
from .notetype import stable_id as _stable_id
from .render import esc
from .store import LAST_TIME, NoteStore, StoredModel, StoredNote


def _full_load(text):
    import yaml  # the real one, on the first (never expected) call

    return yaml.full_load(text)


def _import_genanki():
    """genanki, without the ≈25 ms its ``cached_property`` dependency spends importing asyncio (for
    variants genanki never uses): genanki gets the standard library's ``functools.cached_property``,
    the same non-data descriptor, while it is imported; anything importing the package later gets the
    package. Likewise without the ≈10 ms of importing PyYAML, which genanki.Model needs only for
    fields and templates given as YAML text (ours are lists): its ``yaml`` is a stand-in whose
    ``full_load`` imports PyYAML when called."""
    if "genanki" in sys.modules or "cached_property" in sys.modules:
        import genanki
    else:
        stand_in = types.ModuleType("cached_property")
        stand_in.cached_property = functools.cached_property
        stand_ins = {"cached_property": stand_in}
        if "yaml" not in sys.modules:
            stand_ins["yaml"] = types.ModuleType("yaml")
            stand_ins["yaml"].full_load = _full_load
        sys.modules.update(stand_ins)
        try:
            import genanki
        finally:
            for name in stand_ins:
                del sys.modules[name]
    return genanki


genanki = _import_genanki()

MANIFEST_FORMAT = 2  # 2: adds "model" (hash, change time, field names) and "resend"
ATTRIBUTION = (
    "Made with tangocho. Dictionary data: JMdict and KANJIDIC2 © the Electronic Dictionary Research and "
    "Development Group (EDRDG), used under the Creative Commons Attribution-ShareAlike 4.0 licence "
    "(https://www.edrdg.org/edrdg/licence.html)."
)

Clock = Callable[[], float]


def deck_id(name: str) -> int:
    return _stable_id("deck", name)


def note_guid(key: str) -> str:
    return genanki.guid_for("tangocho", key)


class _TimedModel(genanki.Model):
    """A note type written with its own modification time (when its definition last changed).

    genanki stamps the package time; Anki then overwrites the collection's note type (the user's
    template and CSS edits) on every import of a newer package, even when nothing in it changed.
    """

    def __init__(self, *args, mod_time: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod_time = mod_time

    def to_json(self, timestamp, deck_id):
        return super().to_json(self.mod_time, deck_id)


def _model(spec: dict, mod_time: int) -> genanki.Model:
    # genanki adds keys (ord, font …) to the dicts it is given: pass copies, keep the spec pristine
    return _TimedModel(
        MODEL_ID,
        spec["name"],
        fields=[dict(f) for f in spec["fields"]],
        templates=[dict(t) for t in spec["templates"]],
        css=spec["css"],
        sort_field_index=spec["sort_field_index"],
        mod_time=mod_time,
    )


class _TimedNote(genanki.Note):
    """A note written with its own modification time (when its content last changed)."""

    def __init__(self, *args, mod_time: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod_time = mod_time

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        return super().write_to_db(cursor, self.mod_time, deck_id, id_gen)


# --------------------------------------------------------------------------------------------- manifest


# The only markup tangocho puts in an example (render.sentence_html, sentence_cloze, sentence_furigana)
_EXAMPLE_TAGS = frozenset({"<b>", "</b>", '<span class="cloze">', "</span>"})
_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


def _emitted_markup(value: str) -> bool:
    """True when ``value`` (NFC, as Anki will store it) is example HTML as tangocho writes it: escaped
    text and our tags only, no tag followed by a combining character."""
    for m in _TAG.finditer(value):
        after = value[m.end() : m.end() + 1]
        if m.group() not in _EXAMPLE_TAGS or (after and unicodedata.combining(after)):
            return False
        if after and unicodedata.category(after).startswith("M"):
            return False
    text = _TAG.sub("", value)
    return "<" not in text and ">" not in text and "&" not in _ENTITY.sub("", text)


def _as_data(value) -> str:
    """An example field read back from a manifest: kept when it is markup tangocho emits, else shown
    as text (a manifest is a file anyone can edit: ``<script>`` in it must not run on a card)."""
    if not isinstance(value, str):
        raise TypeError(f"example field {value!r} is not text")
    nfc = unicodedata.normalize("NFC", value)  # what Anki stores: ">" + U+0338 is "≯" from here on
    return nfc if _emitted_markup(nfc) else esc(value)


def _example(data: dict) -> Example:
    e = Example(**data)
    return Example(_as_data(e.sentence), _as_data(e.furigana), _as_data(e.cloze), _plain_source(e.source))


def _plain_source(value) -> str:
    if not isinstance(value, str):  # escaped where it is shown (render.with_examples)
        raise TypeError(f"example source {value!r} is not text")
    return value


def _time(value) -> int:
    """A change time read from a manifest: whole seconds since 1970, not after 2100."""
    t = int(value)
    if not 0 <= t <= LAST_TIME:
        raise ValueError(f"change time {value!r} is not a time between 1970 and 2100")
    return t


@dataclass
class ManifestEntry:
    key: str
    hash: str
    changed: int
    examples: list[Example] = field(default_factory=list)


@dataclass
class Manifest:
    deck: str = ""
    notes: dict[str, ManifestEntry] = field(default_factory=dict)
    model_hash: str = ""  # the note type as last written ("": never, or a format-1 manifest)
    model_changed: int = 0  # when it last changed: the note type's mod in the package
    model_fields: list[str] = field(default_factory=list)  # the note type's field names as last written
    # GUIDs updated by a build that also changed the field list: the next build sends them again (see
    # write_deck)
    resend: list[str] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)  # the card types last written ([]: not recorded)
    package: str = ""  # sha256 of the deck file this manifest was written with ("": not recorded)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            notes = {
                guid: ManifestEntry(
                    n["key"], n["hash"], _time(n["changed"]), [_example(e) for e in n.get("examples", [])]
                )
                for guid, n in data.get("notes", {}).items()
            }
            model = data.get("model", {})
            return cls(
                deck=data.get("deck", ""),
                notes=notes,
                model_hash=model.get("hash", ""),
                model_changed=_time(model.get("changed", 0)),
                model_fields=[str(f) for f in model.get("fields", [])],
                resend=[str(g) for g in data.get("resend", [])],
                cards=[str(k) for k in data.get("cards", [])],
                package=str(data.get("package", "")),
            )
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise OutputError(
                f"{path}: unreadable deck manifest ({reason}); move it away to start afresh"
            ) from exc

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": MANIFEST_FORMAT,
                "deck": self.deck,
                "model": {
                    "hash": self.model_hash,
                    "changed": self.model_changed,
                    "fields": self.model_fields,
                },
                "resend": sorted(self.resend),
                "cards": self.cards,
                "package": self.package,
                "notes": {
                    guid: {
                        "key": n.key,
                        "hash": n.hash,
                        "changed": n.changed,
                        "examples": [e.__dict__ for e in n.examples],
                    }
                    for guid, n in sorted(self.notes.items())
                },
            },
            ensure_ascii=False,
            indent=1,
        )


def manifest_path(deck_path: Path) -> Path:
    return deck_path.with_name(deck_path.name + ".json")


def content_hash(card: Card) -> str:
    """What an import would change in the collection's copy of the note: its fields and tags.

    Not the deck: an import never moves existing cards, so a new deck name (a second article turns
    the flat deck into sub-decks) must not re-send every note and overwrite every user edit. Empty
    fields are left out, so a field added empty to the note type (``extra_fields``) changes no hash.
    """
    return _hash_of(card.fields, card.tags)


def _hash_of(fields: dict[str, str], tags: Iterable[str]) -> str:
    payload = json.dumps(
        [{name: value for name, value in fields.items() if value}, sorted(tags)],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class WriteResult:
    path: Path
    notes: int
    cards: int
    new: int
    updated: int
    unchanged: int
    notices: tuple[str, ...] = ()  # what the user must know before importing (card types changed …)
    added_by_push: int = 0  # notes of this deck that `tangocho push` created in an Anki


def earlier_examples(keys: Iterable[str], store: NoteStore | None = None) -> dict[str, list[Example]]:
    """Examples earlier builds (of any deck) showed, by card key."""
    own = store is None
    store = store or NoteStore.open()
    try:
        by_guid = {note_guid(k): k for k in keys}
        return {
            by_guid[g]: [_example(e.__dict__) for e in n.examples] for g, n in store.notes(by_guid).items()
        }
    finally:
        if own:
            store.close()


def _temp_beside(path: Path) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


def _write_package(package: genanki.Package, target: str, timestamp: int, media: Sequence[Path] = ()) -> None:
    """What ``genanki.Package.write_to_file`` does, minus its flaws: genanki 0.13 leaves its temporary
    SQLite file (the whole collection) in the system temp folder on every call, and stamps the zip
    entries with the current time. Here the database lives in a temporary folder that is always
    removed (and, should the process be killed, by the next build: ``_clean_stale``), and the zip
    entries carry ``timestamp``: the same build gives the same bytes."""
    with tempfile.TemporaryDirectory(prefix=TEMP_COLLECTION_PREFIX) as folder, _locked(folder):
        db_path = os.path.join(folder, "collection.anki2")
        db = sqlite3.connect(db_path)
        # a scratch file, read back whole below: no fsync per statement (genanki's schema script commits
        # a dozen times: ≈25 ms of a seed build); the database's bytes are the same
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA journal_mode=MEMORY")
        try:
            package.write_to_db(db.cursor(), timestamp, itertools.count(timestamp * 1000))
            db.commit()
        finally:
            db.close()
        stamp = time.gmtime(max(timestamp, 315_532_800))[:6]  # zip dates start in 1980
        # media: zip members "0", "1", … and the map of those numbers to file names (sound files from
        # --audio, [sound:name] in the fields); MP3 is stored, not deflated (it does not compress)
        mapping = {str(i): Path(p).name for i, p in enumerate(media)}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            members = [
                ("collection.anki2", Path(db_path).read_bytes(), zipfile.ZIP_DEFLATED),
                ("media", json.dumps(mapping).encode("utf-8"), zipfile.ZIP_DEFLATED),
                *((str(i), Path(p).read_bytes(), zipfile.ZIP_STORED) for i, p in enumerate(media)),
            ]
            for name, data, method in members:
                archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, method)


# ------------------------------------------------------------------------------------- the commit point
#
# A build changes two things: the deck file and the note store. The package is written to a temporary
# file beside the deck; inside the store's transaction the new state is recorded, the temporary file is
# moved onto the deck (one atomic rename), and the transaction commits. Killed before the move, nothing
# changed (the temporary file is stale: removed by the next build). Killed between the move and the
# commit, the store still holds the previous state: the next build finds the notes this deck added or
# changed unknown or different and sends them again with newer times, so importing either deck is safe.

TEMP_COLLECTION_PREFIX = "tangocho-"
STALE_SECONDS = 3600  # without file locks (Windows), a temporary file this old is a dead build's


def _real(path: Path) -> Path:
    """Where writing ``path`` must go: a symlinked deck is written through to its target."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def _locked(folder) -> Iterator[bool]:
    """An exclusive lock on a folder between processes (POSIX flock); yields whether it is held.

    Held by a build while it commits (its output folder) and while it writes its temporary collection
    (that collection's folder): a folder or temporary file nobody holds is a dead build's. Where there
    is no flock (Windows, some network file systems) the build goes on without it.
    """
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if isinstance(exc, BlockingIOError):
                raise
            locked = False
        else:
            locked = True
        yield locked
    finally:
        os.close(fd)  # releases the lock


def _held(folder: Path) -> bool:
    """True when a running build may hold ``folder`` (``_locked``); without flock: when it is young."""
    try:
        import fcntl
    except ImportError:
        return time.time() - folder.stat().st_mtime < STALE_SECONDS
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held (BlockingIOError), or no locks here: keep it
        return True
    finally:
        os.close(fd)
    return False


def _temp_pattern(target: Path) -> re.Pattern:
    return re.compile(re.escape(f".{target.name}.") + r"[A-Za-z0-9_]+\.tmp")


def _clean_stale(deck_path: Path, locked: bool) -> None:
    """Remove what killed builds left: temporary files beside this deck's files (``locked``: we hold
    the output folder's lock, so no build is writing them; else only old ones) and temporary
    collections in the system temp folder that no running build holds."""
    for target in [_real(deck_path)]:
        pattern = _temp_pattern(target)
        for tmp in target.parent.glob(glob.escape(f".{target.name}.") + "*.tmp"):
            try:
                if not pattern.fullmatch(tmp.name):
                    continue
                if not locked and time.time() - tmp.stat().st_mtime < STALE_SECONDS:
                    continue
                tmp.unlink(missing_ok=True)
            except OSError:
                continue
    system_tmp = Path(tempfile.gettempdir())
    for folder in system_tmp.glob(TEMP_COLLECTION_PREFIX + "*"):
        try:
            if not folder.is_dir() or folder.is_symlink():
                continue
            names = {p.name for p in folder.iterdir()}
            # only what _write_package leaves (a SQLite file and its journal), and only once it is old
            # enough that its creator has locked it (between mkdtemp and the lock)
            if not names <= {"collection.anki2", "collection.anki2-journal"}:
                continue
            if time.time() - folder.stat().st_mtime < 60 or _held(folder):
                continue
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def clean_stale(deck_path: Path) -> None:
    """Remove what killed builds of ``deck_path`` left behind (see ``_clean_stale``)."""
    deck_path = Path(deck_path)
    folder = _real(deck_path).parent
    if not folder.is_dir():
        return
    try:
        with _locked(folder) as locked:
            _clean_stale(deck_path, locked)
    except OSError:
        pass  # tidying up is never worth failing a build


def _crash_point(step: str) -> None:
    """A seam for tests: called between the steps of a commit (a test makes it kill the process)."""


def _write_files(path: Path, package: genanki.Package, timestamp: int, media: Sequence[Path] = ()) -> None:
    """Write the package to a temporary file beside the deck, then move it into place.

    Any failure before the move (disk full, bad data) leaves the previous deck as it was and no
    temporary file behind. A symlinked deck is written through to its target, and an existing file
    keeps its permissions (a read-only deck stays read-only).
    """
    target = _real(path)
    with _locked(target.parent) as locked:
        _clean_stale(path, locked)
        tmp = ""
        try:
            tmp = _temp_beside(target)
            _write_package(package, tmp, timestamp, media)
            os.chmod(tmp, _mode_of(target))
            _crash_point("written")
        except BaseException:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            raise
        try:
            os.replace(tmp, target)
            _crash_point("moved")
        except BaseException as exc:
            if Path(tmp).exists():  # not moved: the previous deck is still in place
                Path(tmp).unlink(missing_ok=True)
                raise
            exc.tangocho_written = str(path)  # the new deck is in place: the store must follow it
            raise


def _mode_of(target: Path) -> int:
    """The permissions to give a rewritten file: those it has (a read-only deck stays read-only)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o644


def check_writable(path: Path) -> None:
    """Fail before any work when the deck cannot be written (not 3 minutes into a 50 MB article).

    The folder may not exist yet (the build creates it): probe the nearest one that does with a
    temporary file, removed at once.
    """
    if path.is_dir():
        raise OutputError(f"{path}: is a folder (give a file name ending in .apkg)")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: cannot create the output folder ({folder} is not a folder)")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder} ({exc.strerror or exc})") from exc
    os.close(fd)
    Path(probe).unlink(missing_ok=True)  # (a build that finds it stale may have removed it already)


def _stored_examples(earlier: list[Example], current: Iterable[Example]) -> list[Example]:
    """Every build's sentences, the earliest first (the card shows the first few; the front stays)."""
    from .render import _plain as plain_text

    merged = list(earlier)
    seen = {plain_text(e.sentence) for e in merged}
    for e in current:
        key = plain_text(e.sentence)
        if key not in seen:
            seen.add(key)
            merged.append(e)
    return merged


def merge_legacy_manifest(store: NoteStore, deck_path: Path, now: int) -> bool:
    """Fold the ``NAME.apkg.json`` an older tangocho wrote beside a deck into the store, once (the file
    is then left alone). Notes the store already knows keep its record and gain the file's sentences."""
    path = manifest_path(deck_path)
    if not path.is_file() or store.manifest_merged(path):
        return False
    legacy = Manifest.read(path)
    known = store.notes(legacy.notes)
    merged: dict[str, StoredNote] = {}
    for guid, entry in legacy.notes.items():
        if guid in known:
            note = known[guid]
            note.examples = _stored_examples(note.examples, entry.examples)
        else:
            note = StoredNote(
                entry.key, entry.hash, min(entry.changed, now), legacy.deck, list(entry.examples)
            )
        merged[guid] = note
    store.put_notes(merged)
    if store.model() is None and legacy.model_hash:
        store.put_model(StoredModel(legacy.model_hash, min(legacy.model_changed, now), legacy.model_fields))
    if legacy.resend:
        store.set_resend(store.resend() | set(legacy.resend))
    if legacy.cards and store.deck_cards(deck_path) is None:
        store.put_deck_cards(deck_path, legacy.cards)
    store.mark_manifest_merged(path, now)
    return True


def stored_manifest(store: NoteStore | None = None) -> Manifest:
    """The store's whole record as a ``Manifest`` (for tests and tools)."""
    own = store is None
    store = store or NoteStore.open()
    try:
        guids = [r[0] for r in store.db.execute("SELECT guid FROM notes")]
        notes = {
            g: ManifestEntry(n.key, n.hash, n.changed, n.examples) for g, n in store.notes(guids).items()
        }
        model = store.model()
        return Manifest(
            deck="",
            notes=notes,
            model_hash=model.hash if model else "",
            model_changed=model.changed if model else 0,
            model_fields=model.fields if model else [],
            resend=sorted(store.resend()),
        )
    finally:
        if own:
            store.close()


@dataclass(frozen=True)
class PlannedNote:
    """A card as it goes to Anki: its GUID, its content hash, and the time that content last changed."""

    card: Card
    guid: str
    hash: str
    changed: int
    status: str  # "new", "updated", "unchanged"


@dataclass
class Plan:
    """What a build sends and what the store will record once it is sent."""

    notes: list[PlannedNote]
    spec: dict  # the note type
    model: StoredModel  # its hash and change time (its ``mod`` in the package)
    records: dict[str, StoredNote]  # guid → the store's new record of that note
    resend: set[str]
    known: bool = False  # the store knew some of these notes already

    def record(self, store: NoteStore, guids: Iterable[str] | None = None) -> None:
        """Write the plan into the store (inside its transaction); ``guids``: only those notes."""
        if guids is None:
            store.put_notes(self.records)
            store.put_model(self.model)
            store.set_resend(self.resend)
        else:
            store.put_notes({g: self.records[g] for g in guids})


def plan_notes(
    store: NoteStore, cards: Sequence[Card], deck_name: str, now: int, extra_fields: Sequence[str] = ()
) -> Plan:
    """Decide what each card's content and modification time are (the store is only read).

    Cards gain the sentences earlier builds showed (any deck: the front sentence stays the first one
    ever shown); a note's time advances only when its content changed.
    """
    from .render import merge_examples

    guids = [note_guid(c.key) for c in cards]
    stored = store.notes(guids)
    for note in stored.values():  # the store is a file anyone can edit: what it gives back is data
        note.examples = [_example(e.__dict__) for e in note.examples]
        # A time ahead of the clock (a build while the clock was wrong) would make every later import
        # of that note overwrite the user's edits, made "earlier": no recorded change is later than now.
        note.changed = min(note.changed, now)
    spec = _model_spec(extra_fields)
    names = [f["name"] for f in spec["fields"]]
    previous_model = store.model()
    if previous_model is not None:
        previous_model.changed = min(previous_model.changed, now)
    digest = model_hash(spec)
    if previous_model is not None and previous_model.hash == digest:
        model, fields_changed = previous_model, False
    else:
        changed = max(now, previous_model.changed + 1) if previous_model else now
        model = StoredModel(digest, changed, names)
        fields_changed = previous_model is not None and previous_model.fields != names
    resend = store.resend()
    planned: list[PlannedNote] = []
    records: dict[str, StoredNote] = {}
    updated_guids: list[str] = []
    for card, guid in zip(cards, guids, strict=True):
        previous = stored.get(guid)
        if previous is not None:
            card = merge_examples(card, previous.examples)
        digest = content_hash(card)
        if previous is None:
            changed, status = now, "new"
        elif previous.hash == digest and guid not in resend:
            changed, status = min(previous.changed, now), "unchanged"
        else:
            changed, status = max(now, previous.changed + 1), "updated"
            updated_guids.append(guid)
        resend.discard(guid)
        records[guid] = StoredNote(
            card.key,
            digest,
            changed,
            previous.deck if previous else (card.deck or deck_name),
            _stored_examples(previous.examples if previous else [], card.examples),
        )
        planned.append(PlannedNote(card, guid, digest, changed, status))
    # A changed field list makes Anki rewrite every existing note of the type when it merges the note
    # types on import, stamping them with the import time — later than this build, so the notes this
    # build updates would be skipped as older. They are sent again, newer, by the next build.
    if fields_changed:
        resend |= set(updated_guids)
    return Plan(planned, spec, model, records, resend, known=bool(stored))


def write_deck(
    cards: list[Card],
    path: Path,
    deck_name: str,
    description: str = "",
    clock: Clock = time.time,
    extra_fields: Sequence[str] = (),
    store: NoteStore | None = None,
    media: Sequence[Path] = (),
) -> WriteResult:
    """Write ``cards`` to ``path`` (an .apkg) and record them in the note store, as one commit.

    The package is written to a temporary file first; the store's transaction then records the notes
    and the package is moved into place before the transaction commits. Interrupted before the move,
    nothing changed; between the move and the commit, the store still holds the previous state, so the
    next build sends the same notes again with newer times (nothing lost, nothing skipped).
    ``extra_fields``: empty fields appended to the note type (see ``_model_spec``). ``media``: files
    packed with the deck (audio).
    """
    given = path = Path(path)
    path = _real(path)  # a symlinked deck is written through to its target
    check_writable(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot create the output folder ({exc.strerror})") from exc
    now = int(clock())
    own_store = store is None
    store = store or NoteStore.open()
    interrupted: BaseException | None = None
    try:
        with store.transaction():
            merge_legacy_manifest(store, path, now)
            plan = plan_notes(store, cards, deck_name, now, extra_fields)
            plan.record(store)
            planned = plan.notes
            model = _model(plan.spec, plan.model.changed)
            names = [f["name"] for f in plan.spec["fields"]]
            decks: dict[str, genanki.Deck] = {}
            card_count = 0
            for p in planned:
                sub = p.card.deck or deck_name
                if sub not in decks:
                    decks[sub] = genanki.Deck(deck_id(sub), sub, description=description or ATTRIBUTION)
                note = _TimedNote(
                    model=model,
                    fields=[p.card.fields.get(name, "") for name in names],
                    tags=list(p.card.tags),
                    guid=p.guid,
                    mod_time=p.changed,
                )
                card_count += len(note.cards)
                decks[sub].add_note(note)
            if not decks:
                decks[deck_name] = genanki.Deck(
                    deck_id(deck_name), deck_name, description=description or ATTRIBUTION
                )
            pushed = len(store.added_by_push(p.guid for p in planned))
            updated = sum(1 for p in planned if p.status == "updated")
            kinds = _card_kinds(cards)
            before = store.deck_cards(path)
            if before is None:  # a deck from before the store recorded card types: read them from it
                before = _package_kinds(path) if plan.known else []
            notices = list(_card_kind_notices(before, kinds, updated) if cards else ())
            if pushed:
                notices.append(
                    f"{pushed} note(s) of this deck were added to Anki by 'tangocho push': importing this "
                    ".apkg into that collection would add them a second time (keep pushing there)"
                )
            if cards:
                store.put_deck_cards(path, kinds)
            package = genanki.Package(list(decks.values()), media_files=[str(p) for p in media])
            try:
                _write_files(path, package, now, media)
            except BaseException as exc:
                if not getattr(exc, "tangocho_written", None):
                    if isinstance(exc, PermissionError):
                        raise OutputError(f"{path}: permission denied") from exc
                    if isinstance(exc, OSError):
                        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
                    raise
                # Interrupted once the deck was in place (Ctrl-C, SIGTERM): record it with the deck —
                # the transaction commits on the way out — then let the interruption through.
                interrupted = exc
    finally:
        if own_store:
            store.close()
    if interrupted is not None:
        raise interrupted
    counts = {
        status: sum(1 for p in planned if p.status == status) for status in ("new", "updated", "unchanged")
    }
    return WriteResult(
        given,
        len(cards),
        card_count,
        counts["new"],
        counts["updated"],
        counts["unchanged"],
        tuple(notices),
        pushed,
    )


def _package_rows(path: Path) -> list[tuple[str, int, dict[str, str], list[str]]]:
    """(guid, modification time, fields by name, tags) of the notes of tangocho's note type in a package."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory(prefix=TEMP_COLLECTION_PREFIX) as d:
        db_path = Path(d) / "collection.anki2"
        db_path.write_bytes(archive.read("collection.anki2"))
        db = sqlite3.connect(db_path)
        try:
            models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
            names = [f["name"] for f in sorted(models[str(MODEL_ID)]["flds"], key=lambda f: f["ord"])]
            rows = db.execute("SELECT guid, mod, flds, tags FROM notes WHERE mid = ?", (MODEL_ID,)).fetchall()
        finally:
            db.close()
    return [
        (guid, int(mod), dict(zip(names, flds.split("\x1f"), strict=False)), tags.split())
        for guid, mod, flds, tags in rows
    ]


def _package_kinds(path: Path) -> list[str]:
    """The card types an existing deck was built with (a manifest from before they were recorded)."""
    try:
        rows = _package_rows(path) if path.is_file() else []
    except (OSError, zipfile.BadZipFile, sqlite3.DatabaseError, KeyError, ValueError):
        return []
    return [k for k in CARD_TYPES if any(f.get(make_field(k)) for _, _, f, _ in rows)]


def _card_kinds(cards: Sequence[Card]) -> list[str]:
    """The card types these notes ask for (their Make… fields)."""
    return [k for k in CARD_TYPES if any(c.fields.get(make_field(k)) for c in cards)]


def _card_kind_notices(before: list[str], after: list[str], updated: int) -> tuple[str, ...]:
    """Changing ``--cards`` changes a field of every note, and Anki makes or empties cards only when it
    updates a note: every note is sent again, and an update replaces all of a note's fields."""
    if not before or before == after or not updated:
        return ()
    notices = [
        f"card types changed ({','.join(before)} → {','.join(after)}): importing this deck updates "
        f"{updated} notes, replacing all their fields — text typed into their Notes field too"
    ]
    removed = [k for k in before if k not in after]
    if removed:
        notices.append(
            f"Anki keeps the {', '.join(removed)} cards already imported, with an empty front: after the "
            f"import, Tools → Empty Cards deletes them"
        )
    return tuple(notices)
