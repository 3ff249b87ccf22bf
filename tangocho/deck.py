"""Write Anki packages with genanki (the only module that imports genanki), and their manifests.

Identity is stable: the note type has a fixed id and fixed field/template ids, a deck's id derives from
its name, and a note's GUID from the word's key (JMdict id + headword; compounds: headword + reading),
never from field contents.

Anki updates an existing note on import only when the incoming modification time is newer. So the
manifest beside each deck (``NAME.apkg.json``) records, per GUID, a hash of the generated content and
the time that content last changed, and that time — not the build time — is written into the package:
re-importing an unchanged note is a no-op (the user's edits survive), a changed note is updated.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import genanki

from .errors import OutputError
from .models import Card, Example
from .render import FIELDS

MODEL_ID = 1_607_392_319_714  # fixed forever: changing it makes every note a new note
MODEL_NAME = "tangocho vocabulary"
MANIFEST_FORMAT = 1
ATTRIBUTION = (
    "Made with tangocho. Dictionary data: JMdict and KANJIDIC2 © the Electronic Dictionary Research and "
    "Development Group (EDRDG), used under the Creative Commons Attribution-ShareAlike 4.0 licence "
    "(https://www.edrdg.org/edrdg/licence.html)."
)

Clock = Callable[[], float]


def _stable_id(*parts: str) -> int:
    """A positive 62-bit id from a name (deck ids, field ids, template ids)."""
    digest = hashlib.sha256("\x1f".join(("tangocho",) + parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 62) - 1) | (1 << 40)


def deck_id(name: str) -> int:
    return _stable_id("deck", name)


def note_guid(key: str) -> str:
    return genanki.guid_for("tangocho", key)


def _template(name: str) -> str:
    return resources.files("tangocho").joinpath("templates", name).read_text(encoding="utf-8")


def _model() -> genanki.Model:
    templates = [
        {
            "name": kind.capitalize(),
            "qfmt": _template(f"{kind}_front.html"),
            "afmt": _template(f"{kind}_back.html"),
            "id": _stable_id("template", kind),
        }
        for kind in ("recognition", "production", "cloze")
    ]
    fields = [{"name": name, "id": _stable_id("field", name)} for name in FIELDS]
    return genanki.Model(
        MODEL_ID, MODEL_NAME, fields=fields, templates=templates, css=_template("style.css"), sort_field_index=0
    )


class _TimedNote(genanki.Note):
    """A note written with its own modification time (when its content last changed)."""

    def __init__(self, *args, mod_time: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod_time = mod_time

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        return super().write_to_db(cursor, self.mod_time, deck_id, id_gen)


# --------------------------------------------------------------------------------------------- manifest


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

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise OutputError(f"{path}: unreadable deck manifest ({exc}); move it away to start afresh") from None
        notes = {
            guid: ManifestEntry(n["key"], n["hash"], int(n["changed"]), [Example(**e) for e in n.get("examples", [])])
            for guid, n in data.get("notes", {}).items()
        }
        return cls(deck=data.get("deck", ""), notes=notes)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": MANIFEST_FORMAT,
                "deck": self.deck,
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
    payload = json.dumps([card.fields, sorted(card.tags), card.deck], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class WriteResult:
    path: Path
    notes: int
    cards: int
    new: int
    updated: int
    unchanged: int


def earlier_examples(deck_path: Path, keys: Iterable[str]) -> dict[str, list[Example]]:
    """Examples an earlier build of this deck showed, by card key."""
    manifest = Manifest.read(manifest_path(deck_path))
    wanted = set(keys)
    return {n.key: n.examples for n in manifest.notes.values() if n.key in wanted}


def _atomic_write(path: Path, write: Callable[[str], None]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_deck(
    cards: list[Card],
    path: Path,
    deck_name: str,
    description: str = "",
    clock: Clock = time.time,
) -> WriteResult:
    """Write ``cards`` to ``path`` (an .apkg) and update its manifest; both atomically.

    An interrupted write leaves the previous deck and manifest as they were.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot create the output folder ({exc.strerror})") from None
    if path.is_dir():
        raise OutputError(f"{path}: is a folder (give a file name ending in .apkg)")
    now = int(clock())
    manifest = Manifest.read(manifest_path(path))
    manifest.deck = deck_name
    model = _model()
    decks: dict[str, genanki.Deck] = {}
    new = updated = unchanged = 0
    card_count = 0
    for card in cards:
        guid = note_guid(card.key)
        digest = content_hash(card)
        previous = manifest.notes.get(guid)
        if previous is None:
            changed, new = now, new + 1
        elif previous.hash == digest:
            changed, unchanged = previous.changed, unchanged + 1
        else:
            changed, updated = max(now, previous.changed + 1), updated + 1
        manifest.notes[guid] = ManifestEntry(card.key, digest, changed, list(card.examples))
        sub = card.deck or deck_name
        if sub not in decks:
            decks[sub] = genanki.Deck(deck_id(sub), sub, description=description or ATTRIBUTION)
        note = _TimedNote(
            model=model,
            fields=[card.fields[name] for name in FIELDS],
            tags=list(card.tags),
            guid=guid,
            mod_time=changed,
        )
        card_count += len(note.cards)
        decks[sub].add_note(note)
    if not decks:
        decks[deck_name] = genanki.Deck(deck_id(deck_name), deck_name, description=description or ATTRIBUTION)
    package = genanki.Package(list(decks.values()))
    try:
        _atomic_write(path, lambda tmp: package.write_to_file(tmp, timestamp=now))
        _atomic_write(manifest_path(path), lambda tmp: Path(tmp).write_text(manifest.to_json(), encoding="utf-8"))
    except PermissionError:
        raise OutputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return WriteResult(path, len(cards), card_count, new, updated, unchanged)
