"""Bring the notes of a build into a running Anki over AnkiConnect (``tangocho push``).

Each note carries its stable key in the ``Key`` field, so it is found again (``"Key:…"``) however it
arrived — by an ``.apkg`` import or an earlier push. Then:

- a note Anki does not have is added (``addNotes``, in ``multi`` batches under AnkiConnect's limits);
- a note whose generated fields or tangocho's own tags differ from Anki's copy is updated: only the
  generated fields are sent (``updateNoteFields``: the learner's ``Notes`` and any field they added are
  never touched) and only tangocho's own tags are added or removed (the learner's tags stay);
- a note that already matches is left alone; scheduling is never touched;
- sound files (``--audio``) Anki lacks are sent first, with ``storeMediaFile``.

The note store records a note only once Anki has confirmed it; a push that fails midway keeps what was
confirmed, and running it again finishes the rest without duplicates (the added notes are found by key).

AnkiConnect cannot set a note's GUID: a note push adds gets one of Anki's choosing, while the notes of an
``.apkg`` carry tangocho's. Importing an ``.apkg`` after a push therefore adds the pushed words again;
the store remembers which notes push created, and ``build`` warns when its deck holds any.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .ankiconnect import AnkiConnect, batched
from .deck import Plan, PlannedNote, plan_notes
from .errors import AnkiConnectError
from .models import Card
from .notetype import MODEL_NAME
from .store import NoteStore

USER_FIELDS = frozenset({"Notes"})  # fields the learner fills: never sent by an update
# tangocho's own tags (tags_for): the learner's other tags are never removed
_OWN_TAGS = frozenset({"tangocho", "compound", "name"})
_OWN_TAG_PREFIXES = ("domain::", "jmdict::", "check::")


@dataclass(frozen=True)
class PushResult:
    added: int
    updated: int
    unchanged: int
    failed: tuple[str, ...]  # words Anki refused to add (a duplicate of a note without a Key …)


def own_tag(tag: str) -> bool:
    return tag in _OWN_TAGS or tag.startswith(_OWN_TAG_PREFIXES)


def key_query(key: str) -> str:
    """An Anki search for the note whose Key field is ``key`` (its text, HTML-escaped as stored).

    Anki's search treats ``*`` ``_`` ``\\`` as wildcards/escapes and ``"`` ends the term: escaped."""
    from .render import esc

    value = esc(key)
    for ch in ("\\", '"', "*", "_"):
        value = value.replace(ch, "\\" + ch)
    return f'"note:{MODEL_NAME}" "Key:{value}"'


def ensure_note_type(client: AnkiConnect, spec: dict) -> None:
    """Create tangocho's note type in Anki, or check that Anki's has every field tangocho fills."""
    names = [f["name"] for f in spec["fields"]]
    if MODEL_NAME not in client.call("modelNames"):
        client.call(
            "createModel",
            modelName=MODEL_NAME,
            inOrderFields=names,
            cardTemplates=[
                {"Name": t["name"], "Front": t["qfmt"], "Back": t["afmt"]} for t in spec["templates"]
            ],
            css=spec["css"],
        )
        return
    present = client.call("modelFieldNames", modelName=MODEL_NAME)
    missing = [n for n in names if n not in present]
    if missing:
        raise AnkiConnectError(
            f"the note type '{MODEL_NAME}' in Anki lacks the fields {', '.join(missing)} of this tangocho: "
            "build the deck (tangocho build) and import it once in Anki with 'Merge note types' ticked "
            "(File → Import), then push again"
        )


def _note_fields(card: Card, names: Sequence[str]) -> dict[str, str]:
    return {name: card.fields.get(name, "") for name in names if name not in USER_FIELDS}


def push_cards(
    client: AnkiConnect,
    store: NoteStore,
    cards: Sequence[Card],
    deck_name: str,
    now: int,
    media: Sequence[Path] = (),
) -> PushResult:
    """Send ``cards`` to Anki; record in ``store`` what Anki confirmed (see the module docstring).

    The caller has checked that Anki answers (``client.version()``)."""
    plan = plan_notes(store, cards, deck_name, now)  # reads the store; records come per confirmation
    ensure_note_type(client, plan.spec)
    names = [f["name"] for f in plan.spec["fields"]]
    for deck in sorted({p.card.deck or deck_name for p in plan.notes}):
        client.call("createDeck", deck=deck)
    store_media(client, media)
    existing = _find(client, plan.notes)
    info = _notes_info(client, sorted(set(existing.values())))

    unchanged: list[tuple[str, str, int]] = []
    updates: list[tuple[PlannedNote, int, list[tuple[str, dict]]]] = []
    for p in plan.notes:
        if p.guid in existing:
            note_id = existing[p.guid]
            steps = _update_steps(p.card, note_id, info.get(note_id, {}), names)
            if steps:
                updates.append((p, note_id, steps))
            else:
                unchanged.append((p.guid, p.hash, note_id))
    _remember(store, plan, unchanged)
    updated, errors = _update(client, store, plan, updates)
    new = [p for p in plan.notes if p.guid not in existing]
    added, refused = _add(client, store, plan, new, names, deck_name)
    if errors:
        raise AnkiConnectError(
            f"Anki refused {len(errors)} update(s) ({errors[0]}); {added} added, {updated} updated, "
            f"{len(unchanged)} unchanged so far: push again to finish"
        )
    return PushResult(added, updated, len(unchanged), tuple(refused))


def store_media(client: AnkiConnect, media: Sequence[Path]) -> int:
    """Send the sound files Anki lacks (``storeMediaFile``); their names are hashes of what they say,
    so a name Anki has is the same file. Returns how many were sent."""
    if not media:
        return 0
    have = set(client.call("getMediaFilesNames", pattern="tangocho-*"))
    sent = 0
    for path in media:
        path = Path(path)
        if path.name in have:
            continue
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        client.call("storeMediaFile", filename=path.name, data=data)
        sent += 1
    return sent


def _find(client: AnkiConnect, planned: Sequence[PlannedNote]) -> dict[str, int]:
    """guid → the id of the note holding that key in Anki."""
    found: dict[str, int] = {}
    queries = [("findNotes", {"query": key_query(p.card.key)}) for p in planned]
    guids = iter([p.guid for p in planned])
    for batch in batched(queries):
        for reply in client.multi(batch):
            guid = next(guids)
            if reply.error:
                raise AnkiConnectError(f"AnkiConnect findNotes: {reply.error}")
            if reply.result:
                found[guid] = min(reply.result)
    return found


def _notes_info(client: AnkiConnect, ids: list[int]) -> dict[int, dict]:
    return {item["noteId"]: item for item in client.call_batched("notesInfo", "notes", ids) if item}


def _update_steps(card: Card, note_id: int, current: dict, names: Sequence[str]) -> list[tuple[str, dict]]:
    """The actions that bring Anki's copy to the generated content (none: it matches)."""
    fields = _note_fields(card, names)
    have = {name: value["value"] for name, value in current.get("fields", {}).items()}
    tags = set(current.get("tags", []))
    stale = sorted(t for t in tags if own_tag(t) and t not in card.tags)
    fresh = sorted(t for t in card.tags if t not in tags)
    steps: list[tuple[str, dict]] = []
    if any(have.get(name) != value for name, value in fields.items()):
        steps.append(("updateNoteFields", {"note": {"id": note_id, "fields": fields}}))
    if stale:
        steps.append(("removeTags", {"notes": [note_id], "tags": " ".join(stale)}))
    if fresh:
        steps.append(("addTags", {"notes": [note_id], "tags": " ".join(fresh)}))
    return steps


def _update(client, store, plan, updates) -> tuple[int, list[str]]:
    """Run the updates in ``multi`` batches (a note's actions in one batch); record each batch."""
    updated = 0
    errors: list[str] = []
    for group in _groups(updates, lambda u: u[2]):
        actions = [step for _, _, steps in group for step in steps]
        replies = iter(client.multi(actions))
        confirmed = []
        for p, note_id, steps in group:
            failures = [r.error for r in (next(replies) for _ in steps) if r.error]
            if failures:
                errors.append(failures[0])
            else:
                confirmed.append((p.guid, p.hash, note_id))
        _remember(store, plan, confirmed)
        updated += len(confirmed)
    return updated, errors


def _add(client, store, plan, new, names, deck_name) -> tuple[int, list[str]]:
    """Add new notes in batches; record each batch; the words Anki refused (duplicates …)."""
    added = 0
    refused: list[str] = []
    entries = [
        (
            p,
            {
                "deckName": p.card.deck or deck_name,
                "modelName": MODEL_NAME,
                "fields": _note_fields(p.card, names),
                "tags": list(p.card.tags),
                "options": {"allowDuplicate": False},
            },
        )
        for p in new
    ]
    for group in _groups(entries, lambda e: [("addNote", e[1])]):
        result = client.call("addNotes", notes=[note for _, note in group])
        confirmed = []
        for (p, _), note_id in zip(group, result, strict=True):
            if note_id is None:
                refused.append(p.card.fields.get("Expression", p.card.key))
            else:
                confirmed.append((p.guid, p.hash, note_id))
        _remember(store, plan, confirmed, added=True)
        added += len(confirmed)
    return added, refused


def _groups(items: list, actions_of) -> Iterable[list]:
    """Consecutive items whose actions fit one request (the seam a test narrows)."""
    return batched(items, actions_of)


def _remember(
    store: NoteStore, plan: Plan, pushed: Iterable[tuple[str, str, int]], added: bool = False
) -> None:
    """Record notes Anki confirmed, at once (a later failure keeps them)."""
    pushed = list(pushed)
    if not pushed:
        return
    with store.transaction():
        plan.record(store, [g for g, _, _ in pushed])
        for guid, digest, note_id in pushed:
            store.put_pushed(guid, digest, note_id, added)
