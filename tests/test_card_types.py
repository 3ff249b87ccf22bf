"""Issue 12, item 8: changing ``--cards`` on a rebuild, checked in a real Anki collection.

Anki makes or empties a note's cards only when an import updates the note, so a change of card types
is a change of every note (its Make… fields), and an update replaces every field — the Notes field
too. The build says so; a removed type's cards are "empty" in the sense of Tools → Empty Cards.
(Leaving the Make… fields out of the content hash was tried: Anki then imports the new type's cards
but not the note's new flag, and the new cards show "the front of this card is blank".)
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace

from conftest import import_into_new_collection, import_package

from tangocho import deck as deck_stage
from tangocho.models import Card
from tangocho.render import FIELDS

NOW = int(time.time())  # taken at import: a later test may run minutes after it (a loaded suite)
T1, T2, T3 = NOW - 200, NOW - 100, NOW + 10  # builds in this order (T1, T2 before any edit in Anki)
WORDS = ["投資", "融資", "出資"]


def cards(*kinds: str) -> list[Card]:
    result = []
    for word in WORDS:
        fields = dict.fromkeys(FIELDS, "")
        fields.update(Expression=word, ExpressionReading="よみ", MainDefinition="meaning")
        fields.update(Sentence=f"<b>{word}</b>です。", SentenceCloze='<span class="cloze">[…]</span>です。')
        fields.update({"Make" + k.capitalize(): "y" for k in kinds})
        result.append(Card(key=f"compound:{word}:よみ", fields=fields, tags=("tangocho",)))
    return result


def test_removing_a_card_type_says_so_and_its_cards_are_empty_cards_in_anki(tmp_path):
    out = tmp_path / "deck.apkg"
    first = deck_stage.write_deck(cards("recognition", "cloze"), out, "Test", clock=lambda: T1)
    assert first.notices == ()
    col = import_into_new_collection(out, tmp_path)
    try:
        assert col.card_count() == 2 * len(WORDS)
        note = col.get_note(col.find_notes("")[0])
        note["Notes"] = "my mnemonic"
        col.update_note(note)
        # Anki stamps the edit with the real time, whenever this test runs: the build that updates the
        # note comes after it (Anki's "update if newer"), not after the time this module was imported
        after_edit = col.get_note(note.id).mod + 10

        again = deck_stage.write_deck(cards("recognition", "cloze"), out, "Test", clock=lambda: T2)
        assert again.notices == ()  # same card types: nothing to say

        fewer = deck_stage.write_deck(cards("recognition"), out, "Test", clock=lambda: after_edit)
        assert len(fewer.notices) == 2
        assert fewer.notices[0].startswith("card types changed (recognition,cloze → recognition)")
        assert f"updates {len(WORDS)} notes" in fewer.notices[0] and "Notes field" in fewer.notices[0]
        assert "Tools → Empty Cards deletes them" in fewer.notices[1]

        import_package(col, out)
        assert col.card_count() == 2 * len(WORDS)  # Anki never deletes cards on import
        empty = col.get_empty_cards().notes
        assert len(empty) == len(WORDS) and all(len(n.card_ids) == 1 for n in empty)
        assert {col.get_card(n.card_ids[0]).ord for n in empty} == {2}  # the cloze template
        # …which is what the notice warned about: the update replaced the Notes field
        assert "my mnemonic" not in [col.get_note(nid)["Notes"] for nid in col.find_notes("")]
    finally:
        col.close()


def test_adding_a_card_type_says_the_notes_are_updated(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards("recognition"), out, "Test", clock=lambda: T1)
    more = deck_stage.write_deck(cards("recognition", "production"), out, "Test", clock=lambda: T2)
    assert len(more.notices) == 1 and "recognition → recognition,production" in more.notices[0]


def test_a_new_word_alone_is_no_card_type_change(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards("recognition")[:1], out, "Test", clock=lambda: T1)
    grown = deck_stage.write_deck(cards("recognition"), out, "Test", clock=lambda: T2)
    assert grown.notices == () and grown.new == len(WORDS) - 1
    changed = [replace(c, fields={**c.fields, "MainDefinition": "other"}) for c in cards("recognition")]
    assert deck_stage.write_deck(changed, out, "Test", clock=lambda: T3).notices == ()


def test_a_deck_whose_card_types_were_never_recorded_reads_them_from_the_deck(tmp_path):
    """The first build after this upgrade: the store knows the notes but not the deck's card types
    (an older tangocho's manifest had none), the deck on disk says."""
    from tangocho.store import store_path

    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards("recognition", "cloze"), out, "Test", clock=lambda: T1)
    db = sqlite3.connect(store_path())
    db.execute("DELETE FROM decks")
    db.commit()
    db.close()
    fewer = deck_stage.write_deck(cards("recognition"), out, "Test", clock=lambda: T2)
    assert len(fewer.notices) == 2 and "recognition,cloze → recognition" in fewer.notices[0]
