"""Issue 13's run: ten cycles mixing .apkg imports and pushes over several decks into one collection,
with reviews and Notes edits in between. Nothing may be duplicated or lose a review; an edit survives
every push and every import that does not change that note (an .apkg update replaces a note's fields —
README, "Updating a deck" — which the table counts apart).

``pytest -s tests/test_sync_cycles.py`` prints the table quoted in the closing note.
"""

from __future__ import annotations

import pytest
from anki.collection import Collection
from ankiconnect_server import AnkiConnectServer
from conftest import import_package
from test_push import notes_by_key, options, write_parts

from tangocho import build, known, push

pytestmark = pytest.mark.slow

# (channel, deck, articles): deck A arrives by .apkg (its articles fixed, so every word it holds came by
# .apkg first), decks B and C by push, over articles that share words with A's
CYCLES = [
    ("apkg", "A", (0, 1)),
    ("push", "B", (2,)),
    ("push", "C", (1, 3)),
    ("apkg", "A", (0, 1)),  # A again: its notes gained B's and C's sentences
    ("push", "B", (2, 4)),
    ("push", "C", (3, 5)),
    ("apkg", "A", (0, 1)),
    ("push", "B", (2, 4, 6)),
    ("push", "C", (0, 5)),  # C pushes A's article: finds A's notes by Key
    ("apkg", "A", (0, 1)),
]


def _review(col, count: int) -> None:
    for ease in (3, 4, 3, 1, 4)[:count]:
        card = col.sched.getCard()
        if card is None:
            return
        col.sched.answerCard(card, ease)


def test_ten_cycles_of_imports_and_pushes(tmp_path):
    parts = write_parts(tmp_path, parts=7)
    col = Collection(str(tmp_path / "collection.anki2"))
    rows = []
    edits: dict[str, str] = {}  # Key → the learner's Notes text
    replaced_by_apkg = 0
    try:
        with AnkiConnectServer(col) as server:
            for cycle, (channel, deck, articles) in enumerate(CYCLES, start=1):
                inputs = [str(parts[i]) for i in articles]
                before = {k: n["Notes"] for k, n in notes_by_key(col).items()}
                cards_before = col.db.all("SELECT id, nid, ord, ivl, due, reps, lapses, queue FROM cards")
                revlog_before = col.db.scalar("SELECT count(*) FROM revlog")
                if channel == "apkg":
                    result = build(inputs, options(output=str(tmp_path / f"{deck}.apkg"), deck_name=deck))
                    assert result.notices == ()  # every word of A came by .apkg first
                    log = import_package(col, result.output).log
                    changed = {col.get_note(n.id.nid)["Key"] for n in log.updated}
                    counts = (len(log.new), len(log.updated), len(log.duplicate))
                else:
                    result = push(inputs, options(server.url, deck_name=deck))
                    changed = set()
                    counts = (result.added, result.updated, result.unchanged)
                notes = notes_by_key(col)
                # -- no duplicates: one note per key and per word
                expressions = [n["Expression"] for n in notes.values()]
                assert len(expressions) == len(set(expressions)) == col.note_count()
                # -- reviews: every existing card exactly as it was
                after = {
                    row[0]: row
                    for row in col.db.all("SELECT id, nid, ord, ivl, due, reps, lapses, queue FROM cards")
                }
                lost_reviews = sum(
                    1 for row in cards_before if after.get(row[0]) != tuple(row) and after.get(row[0]) != row
                )
                assert lost_reviews == 0 and col.db.scalar("SELECT count(*) FROM revlog") == revlog_before
                # -- edits: kept, except on notes an .apkg import updated
                lost = [k for k, text in edits.items() if notes[k]["Notes"] != text and k not in changed]
                assert lost == []
                for k in [k for k in edits if k in changed]:
                    replaced_by_apkg += 1
                    del edits[k]
                assert {k: before[k] for k in edits} == {k: notes[k]["Notes"] for k in edits}
                # the learner studies and writes before the next cycle
                col.decks.select(col.decks.id_for_name(deck))
                _review(col, 4)
                for k in sorted(notes)[cycle * 3 : cycle * 3 + 2]:
                    note = notes[k]
                    note["Notes"] = f"note {cycle}"
                    col.update_note(note)
                    edits[k] = note["Notes"]
                rows.append(
                    (
                        cycle,
                        channel,
                        deck,
                        *counts,
                        col.note_count(),
                        col.db.scalar("SELECT count(*) FROM revlog"),
                    )
                )
        # known words from that reviewed collection, read from a copy while it is open
        mature_ids = col.find_cards("")
        col.sched.set_due_date(mature_ids[: len(mature_ids) // 3], "30!")
        reviewed = known.from_collection(tmp_path / "collection.anki2")
    finally:
        col.close()
    print("\ncycle channel deck  new/added  updated  unchanged/dup  notes  revlog")
    for row in rows:
        print("{:5} {:7} {:4} {:10} {:8} {:14} {:6} {:7}".format(*row))
    print(f"edits replaced by an .apkg update of their note (documented): {replaced_by_apkg}")
    print(
        f"known words read back: {len(reviewed.words)} forms from {reviewed.carded} tangocho notes, "
        f"{reviewed.reviewed} of them with a card of 21 days or more"
    )
    assert reviewed.carded == rows[-1][6] and reviewed.reviewed == len(mature_ids) // 3
