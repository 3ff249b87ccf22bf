"""The note type tangocho writes, as plain data: its name and id, fields, card types and templates.

One home for what render (fills the fields), deck (writes the note type with genanki), anki_sync
(creates it over AnkiConnect), known (finds tangocho's notes in a collection) and cli (``--cards``) share.
Light on purpose: no genanki here, so that reading a collection or parsing options imports nothing heavy.

Ids derive from names and never change: changing ``MODEL_ID`` makes every note a new note, and field
and template ids let Anki match them across versions (``merge_notetypes`` relies on them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from .errors import UsageError
from .packaged import package_text

MODEL_ID = 1_607_392_319_714  # fixed forever: changing it makes every note a new note
MODEL_NAME = "tangocho vocabulary"

FIELDS = (
    "Expression", "ExpressionFurigana", "ExpressionReading", "Sentence", "SentenceFurigana",
    "SentenceCloze", "MoreSentences", "MainDefinition", "Glossary", "PartOfSpeech", "Kanji",
    "Frequency", "FreqSort", "MiscInfo",
    "FrequencyLabel",  # the frequency in plain words on the card face: "very common" … "rare"
    # pronunciation (issue 14), Lapis names: pitch accent from UniDic, audio with --audio
    "PitchPosition", "PitchCategories", "Pitch", "ExpressionAudio", "SentenceAudio",
    "Notes", "MakeRecognition", "MakeProduction", "MakeCloze",
    # the note's stable key (jmdict:<id>:<word>), never shown: `tangocho push` finds notes by it
    "Key",
)  # fmt: skip

# One template (front + back) per card type; a note gets the card when its Make… field is filled.
CARD_TYPES = ("recognition", "production", "cloze")


def make_field(kind: str) -> str:
    """The field that switches a card type on: recognition → MakeRecognition."""
    return "Make" + kind.capitalize()


def check_card_types(card_types: str | Sequence[str]) -> tuple[str, ...]:
    """The card types named — comma-separated text (``--cards recognition,cloze``) or a sequence —
    checked: an unknown one, or none at all, is a ``UsageError``."""
    named = card_types.split(",") if isinstance(card_types, str) else list(card_types)
    kinds = tuple(k.strip() for k in named if k.strip())
    unknown = [k for k in kinds if k not in CARD_TYPES]
    if unknown or not kinds:
        shown = ", ".join(unknown) or (card_types if isinstance(card_types, str) else ",".join(card_types))
        raise UsageError(f"unknown card type {shown!r} (choose from {','.join(CARD_TYPES)})")
    return kinds


def stable_id(*parts: str) -> int:
    """A positive 62-bit id from a name (deck ids, field ids, template ids)."""
    digest = hashlib.sha256("\x1f".join(("tangocho",) + parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 62) - 1) | (1 << 40)


def template(name: str) -> str:
    """A file of ``tangocho/templates``: ``recognition_front.html`` … ``style.css``."""
    return package_text("templates", name)


def model_spec(extra_fields: Sequence[str] = ()) -> dict:
    """The note type as plain data: what ``model_hash`` hashes and deck.py builds with genanki.

    Field and template ids derive from their names, so Anki matches them across versions (a renamed
    or reordered field keeps its id; ``merge_notetypes`` relies on the ids). ``extra_fields`` are
    appended after ``FIELDS`` and left empty in every note: the seam for a future field (an upgrade
    that adds one must not change existing notes, or every note would be re-sent and every user edit
    overwritten).
    """
    names = [*FIELDS, *(f for f in extra_fields if f not in FIELDS)]
    return {
        "name": MODEL_NAME,
        "fields": [{"name": name, "id": stable_id("field", name)} for name in names],
        "templates": [
            {
                "name": kind.capitalize(),
                "qfmt": template(f"{kind}_front.html"),
                "afmt": template(f"{kind}_back.html"),
                "id": stable_id("template", kind),
            }
            for kind in CARD_TYPES
        ],
        "css": template("style.css"),
        "sort_field_index": 0,
    }


def model_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:24]
