"""Issue 13: one note store for every build, and `tangocho push` over AnkiConnect into a real collection.

The server (tests/ankiconnect_server.py) speaks AnkiConnect v6 over an ``anki`` Collection with
AnkiConnect's semantics; it runs on 127.0.0.1 and a free port for the length of a test.
"""

from __future__ import annotations

import socket
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection
from ankiconnect_server import AnkiConnectServer
from conftest import ROOT, import_package

from tangocho import Options, build, push, select_words
from tangocho import deck as deck_stage
from tangocho.cli import main
from tangocho.errors import AnkiConnectError, StoreError
from tangocho.store import NoteStore

pytestmark = pytest.mark.slow  # real dictionary


def write_parts(folder: Path, parts: int = 3) -> list[Path]:
    """The seed's body in ``parts`` articles."""
    from test_rebuild import write_articles

    return write_articles(folder, parts)


def options(url: str = "", **kwargs) -> Options:
    kwargs.setdefault("max_words", 25)
    kwargs.setdefault("min_score", 0.0)  # the cap decides: counts stay exact
    return Options(vocab_dir=str(ROOT / "vocab"), anki_url=url, **kwargs)


def notes_by_key(col) -> dict[str, object]:
    notes = [col.get_note(n) for n in col.find_notes(f'"note:{deck_stage.MODEL_NAME}"')]
    return {n["Key"]: n for n in notes}


def pushed_rows(store_file: Path) -> int:
    db = sqlite3.connect(store_file)
    try:
        return db.execute("SELECT count(*) FROM pushed").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def col(tmp_path):
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def test_push_twice_adds_each_note_once(col, tmp_path, note_store):
    parts = write_parts(tmp_path)
    with AnkiConnectServer(col) as server:
        first = push([str(parts[0])], options(server.url))
        notes = notes_by_key(col)
        assert first.added == len(notes) == col.note_count() == 25 and first.refused == ()
        second = push([str(parts[0])], options(server.url))
    assert (second.added, second.updated, second.unchanged) == (0, 0, 25)
    assert col.note_count() == 25 and set(notes_by_key(col)) == set(notes)
    assert pushed_rows(note_store) == 25
    expressions = [n["Expression"] for n in notes.values()]
    assert len(set(expressions)) == 25


def test_push_updates_generated_fields_and_keeps_notes_tags_and_reviews(col, tmp_path):
    parts = write_parts(tmp_path)
    with AnkiConnectServer(col) as server:
        push([str(parts[0])], options(server.url))
        # the learner studies, writes a note and adds a tag
        col.decks.select(col.decks.id_for_name("Tangocho"))
        for ease in (3, 4, 1):
            card = col.sched.getCard()
            col.sched.answerCard(card, ease)
        note = next(iter(notes_by_key(col).values()))
        note["Notes"] = "my mnemonic"
        note.tags.append("leech-watch")
        col.update_note(note)
        cards_before = col.db.all("SELECT id, nid, ord, ivl, due, reps, lapses FROM cards ORDER BY id")
        revlog_before = col.db.scalar("SELECT count(*) FROM revlog")
        # the article grows: the same words gain sentences (their generated fields change)
        parts[0].write_text(
            parts[0].read_text(encoding="utf-8") + "\n" + parts[1].read_text(encoding="utf-8")
        )
        again = push([str(parts[0])], options(server.url, max_words=40))
    assert again.updated > 0 and again.added + again.updated + again.unchanged == 40
    after = notes_by_key(col)
    kept = after[note["Key"]]
    assert kept["Notes"] == "my mnemonic" and "leech-watch" in kept.tags
    assert col.db.all("SELECT id, nid, ord, ivl, due, reps, lapses FROM cards ORDER BY id")[
        : len(cards_before)
    ] == [row for row in cards_before]
    assert col.db.scalar("SELECT count(*) FROM revlog") == revlog_before
    # every generated field is what a build of the same input makes now
    built = build([str(parts[0])], options(output=str(tmp_path / "same.apkg"), max_words=40))
    with zipfile.ZipFile(built.output) as archive:
        (tmp_path / "same.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "same.anki2")
    fields = deck_stage._model_spec()["fields"]
    names = [f["name"] for f in fields]
    packaged = {}
    for (flds,) in db.execute("SELECT flds FROM notes"):
        values = dict(zip(names, flds.split("\x1f"), strict=True))
        packaged[values["Key"]] = values
    db.close()
    for key, values in packaged.items():
        n = after[key]
        assert {k: n[k] for k in names if k != "Notes"} == {k: v for k, v in values.items() if k != "Notes"}


def test_apkg_import_then_push_adds_nothing(col, tmp_path):
    parts = write_parts(tmp_path)
    deck = build([str(parts[0])], options(output=str(tmp_path / "d.apkg")))
    import_package(col, deck.output)
    assert col.note_count() == 25
    with AnkiConnectServer(col) as server:
        result = push([str(parts[0])], options(server.url))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 25)
    assert col.note_count() == 25


def _shared_word(parts: list[Path]) -> str:
    """A word carded from both articles, with room for another sentence after the first's."""
    a = {c.word: c for c in select_words([str(parts[0])], options(max_words=80))[0].candidates}
    b = {c.word for c in select_words([str(parts[1])], options(max_words=80))[0].candidates}
    return sorted(w for w in a.keys() & b if len(a[w].examples) < 3)[0]


def _package(path: Path) -> dict[str, dict[str, str]]:
    names = [f["name"] for f in deck_stage._model_spec()["fields"]]
    with zipfile.ZipFile(path) as archive:
        data = archive.read("collection.anki2")
    tmp = path.with_suffix(".read")
    tmp.write_bytes(data)
    db = sqlite3.connect(tmp)
    try:
        rows = [
            dict(zip(names, f.split("\x1f"), strict=True)) for (f,) in db.execute("SELECT flds FROM notes")
        ]
    finally:
        db.close()
        tmp.unlink()
    return {r["Expression"]: r for r in rows}


def test_decks_a_then_b_one_note_with_a_sentence_in_front(col, tmp_path):
    parts = write_parts(tmp_path)
    word = _shared_word(parts)
    a = build([str(parts[0])], options(output=str(tmp_path / "a.apkg"), deck_name="A", max_words=80))
    b = build([str(parts[1])], options(output=str(tmp_path / "b.apkg"), deck_name="B", max_words=80))
    in_a, in_b = _package(a.output)[word], _package(b.output)[word]
    assert in_b["Key"] == in_a["Key"]
    assert in_b["Sentence"] == in_a["Sentence"]  # A's sentence stays on the front
    assert in_b["MoreSentences"] and in_b["MoreSentences"] != in_a["MoreSentences"]  # B's joins it
    import_package(col, a.output)
    import_package(col, b.output)
    assert [n["Expression"] for n in notes_by_key(col).values()].count(word) == 1

    # push alike, into another collection
    other = Collection(str(tmp_path / "other.anki2"))
    try:
        with AnkiConnectServer(other) as server:
            push([str(parts[0])], options(server.url, deck_name="A", max_words=80))
            push([str(parts[1])], options(server.url, deck_name="B", max_words=80))
        pushed = [n for n in notes_by_key(other).values() if n["Expression"] == word]
        assert len(pushed) == 1
        assert (
            pushed[0]["Sentence"] == in_a["Sentence"] and pushed[0]["MoreSentences"] == in_b["MoreSentences"]
        )
    finally:
        other.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_anki_not_running_is_one_error_line_and_nothing_recorded(tmp_path, note_store, capsys):
    url = f"http://127.0.0.1:{_free_port()}"
    status = main(["push", str(write_parts(tmp_path)[0]), "--anki-url", url, "--quiet"])
    assert status == 1
    assert capsys.readouterr().err == (
        f"Error: cannot reach Anki at {url} — is Anki running with the AnkiConnect add-on?\n"
    )
    assert not note_store.exists()


def test_a_server_error_midway_keeps_store_and_collection_in_step(col, tmp_path, note_store, capsys):
    parts = write_parts(tmp_path)
    # version, modelNames, createModel, createDeck and 25 findNotes succeed; then addNotes fails
    with AnkiConnectServer(col, fail_after=29) as server:
        status = main(["push", str(parts[0]), "--anki-url", server.url, "--quiet", "--max-words", "25"])
    err = capsys.readouterr().err
    assert status == 1 and err.startswith("Error: AnkiConnect addNotes: ") and err.count("\n") == 1
    assert col.note_count() == 0 and pushed_rows(note_store) == 0
    with AnkiConnectServer(col) as server:  # Anki is back: the same push finishes
        result = push([str(parts[0])], options(server.url))
    assert result.added == col.note_count() == pushed_rows(note_store) == 25


def test_an_interrupted_push_finishes_on_the_next_without_duplicates(col, tmp_path, note_store, monkeypatch):
    parts = write_parts(tmp_path)
    from tangocho import anki_sync

    def _groups_of_ten(items, actions_of):
        for start in range(0, len(items), 10):
            yield items[start : start + 10]

    monkeypatch.setattr(anki_sync, "_groups", _groups_of_ten)
    # the server fails after two addNotes requests of 10 notes each
    with AnkiConnectServer(col, fail_after=4 + 25 + 2) as server:
        with pytest.raises(AnkiConnectError, match="addNotes"):
            push([str(parts[0])], options(server.url))
    assert col.note_count() == pushed_rows(note_store) == 20
    with AnkiConnectServer(col) as server:
        result = push([str(parts[0])], options(server.url))
    assert (result.added, result.unchanged) == (5, 20)  # the 20 added are found by their Key
    assert col.note_count() == pushed_rows(note_store) == 25


def test_a_note_type_with_other_fields_is_an_error_and_nothing_changes(col, tmp_path, note_store, capsys):
    model = col.models.new(deck_stage.MODEL_NAME)
    for name in ("Expression", "Meaning"):
        col.models.add_field(model, col.models.new_field(name))
    template = col.models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Expression}}", "{{Meaning}}"
    col.models.add_template(model, template)
    col.models.add(model)
    with AnkiConnectServer(col) as server:
        status = main(["push", str(write_parts(tmp_path)[0]), "--anki-url", server.url, "--quiet"])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    assert "lacks the fields" in err and "Merge note types" in err
    assert col.note_count() == 0 and pushed_rows(note_store) == 0


# ---------------------------------------------------------------------------------------- the store


def test_a_damaged_store_is_an_error_naming_it_and_is_left_alone(tmp_path, note_store):
    note_store.parent.mkdir(parents=True, exist_ok=True)
    note_store.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = note_store.read_bytes()
    with pytest.raises(StoreError) as info:
        build([str(write_parts(tmp_path)[0])], options(output=str(tmp_path / "d.apkg")))
    assert str(note_store) in str(info.value) and "move it away to start over" in str(info.value)
    assert note_store.read_bytes() == before
    assert not (tmp_path / "d.apkg").exists()


def test_a_legacy_manifest_is_merged_once_then_left_alone(tmp_path):
    parts = write_parts(tmp_path)
    out = tmp_path / "d.apkg"
    first = build([str(parts[0])], options(output=str(out), clock=lambda: 1_700_000_000))
    # what an older tangocho left beside the deck: NAME.apkg.json, the same record
    legacy = deck_stage.stored_manifest()
    legacy.deck = "Tangocho"
    deck_stage.manifest_path(out).write_text(legacy.to_json(), encoding="utf-8")
    fresh = str(tmp_path / "fresh" / "notes.sqlite")  # a store that has never seen these notes
    again = build([str(parts[0])], options(output=str(out), clock=lambda: 1_800_000_000, store=fresh))
    assert (again.new, again.updated, again.unchanged) == (0, 0, first.notes)  # edits in Anki stay safe
    with NoteStore.open(fresh) as store:
        assert deck_stage.stored_manifest(store).notes == legacy.notes
    deck_stage.manifest_path(out).write_text("{}", encoding="utf-8")  # merged once: never read again
    third = build([str(parts[0])], options(output=str(out), clock=lambda: 1_900_000_000, store=fresh))
    assert third.unchanged == first.notes


def test_concurrent_builds_into_one_store(tmp_path):
    import sys
    from concurrent.futures import ThreadPoolExecutor

    parts = write_parts(tmp_path)

    def one(k: int, **kwargs):
        return build(
            [str(parts[k])], options(output=str(tmp_path / f"d{k}.apkg"), deck_name=f"D{k}", **kwargs)
        )

    def words(deck: Path) -> dict[str, tuple[str, ...]]:
        fields = ("Expression", "ExpressionReading", "PartOfSpeech", "PitchPosition")
        return {r["Key"]: tuple(r[f] for f in fields) for r in _package(deck).values()}

    alone = [words(one(k, store=str(tmp_path / f"alone{k}.sqlite")).output) for k in range(3)]
    # threads switch every microsecond, not every 5 ms: the builds interleave everywhere, load or not
    # (one fugashi tagger shared by the threads gave wrong readings and parts of speech this way)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(3) as pool:
            results = list(pool.map(one, range(3)))
    finally:
        sys.setswitchinterval(interval)
    keys = set()
    for k, r in enumerate(results):
        assert words(r.output) == alone[k]  # the same words, read the same, as each build alone
        keys |= set(_package(r.output))
    assert len(deck_stage.stored_manifest().notes) == len(keys)


def test_a_crash_between_the_deck_and_the_store_is_repaired_by_the_next_build(tmp_path, monkeypatch):
    parts = write_parts(tmp_path)
    out = tmp_path / "d.apkg"
    build([str(parts[0])], options(output=str(out), clock=lambda: 1_700_000_000))
    real = deck_stage._write_files

    def moved_then_killed(path, package, timestamp, media=()):
        real(path, package, timestamp, media)
        raise KeyboardInterrupt  # the deck is in place, the store's transaction never commits

    monkeypatch.setattr(deck_stage, "_write_files", moved_then_killed)
    with pytest.raises(KeyboardInterrupt):
        build(
            [str(parts[0]), str(parts[1])],
            options(output=str(out), max_words=50, clock=lambda: 1_700_000_100),
        )
    crashed = {g: mod for g, (_, mod) in _mods(out).items()}
    monkeypatch.setattr(deck_stage, "_write_files", real)
    repaired = build(
        [str(parts[0]), str(parts[1])], options(output=str(out), max_words=50, clock=lambda: 1_700_000_200)
    )
    after = _mods(out)
    # every note the crashed deck changed or added comes again, newer: an import of either deck is safe
    for guid, mod in crashed.items():
        if mod > 1_700_000_000:
            assert after[guid][1] > mod
    assert repaired.new + repaired.updated == sum(1 for m in crashed.values() if m > 1_700_000_000)


def _mods(apkg: Path) -> dict[str, tuple[str, int]]:
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    tmp = apkg.with_suffix(".mods")
    tmp.write_bytes(data)
    db = sqlite3.connect(tmp)
    try:
        return {g: (f, m) for g, f, m in db.execute("SELECT guid, flds, mod FROM notes")}
    finally:
        db.close()
        tmp.unlink()


def test_time_is_real_in_push(col, tmp_path):
    with AnkiConnectServer(col) as server:
        push([str(write_parts(tmp_path)[0])], options(server.url))
    mods = col.db.list("SELECT mod FROM notes")
    assert all(abs(m - time.time()) < 600 for m in mods)


def test_a_deck_holding_notes_push_added_warns_before_its_import(col, tmp_path, capsys):
    """AnkiConnect cannot give a note tangocho's GUID: an .apkg import after a push would add the pushed
    words again. The build says so."""
    parts = write_parts(tmp_path)
    with AnkiConnectServer(col) as server:
        push([str(parts[0])], options(server.url, max_words=10))
    status = main(["build", str(parts[0]), "--max-words", "10", "-o", str(tmp_path / "d.apkg"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 0
    assert err == (
        "Note: 10 note(s) of this deck were added to Anki by 'tangocho push': importing this .apkg "
        "into that collection would add them a second time (keep pushing there)\n"
    )
    # an .apkg imported first, then pushed: push adds nothing, so no warning
    fresh = str(tmp_path / "fresh.sqlite")
    other = Collection(str(tmp_path / "other.anki2"))
    try:
        first = build([str(parts[0])], options(output=str(tmp_path / "e.apkg"), max_words=10, store=fresh))
        import_package(other, first.output)
        with AnkiConnectServer(other) as server:
            assert push([str(parts[0])], options(server.url, max_words=10, store=fresh)).added == 0
        again = build([str(parts[0])], options(output=str(tmp_path / "e.apkg"), max_words=10, store=fresh))
        assert again.notices == ()
    finally:
        other.close()


def test_a_store_from_before_push_recorded_its_additions_is_upgraded_in_place(tmp_path):
    """The first store layout had no pushed.added column: it opens, keeps its notes, gains the column."""
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('format', '1');"
        "CREATE TABLE notes (guid TEXT PRIMARY KEY, key TEXT NOT NULL, hash TEXT NOT NULL,"
        " changed INTEGER NOT NULL, deck TEXT NOT NULL, examples TEXT NOT NULL);"
        "INSERT INTO notes VALUES ('g', 'compound:投資:とうし', 'h', 1700000000, 'A', '[]');"
        "CREATE TABLE pushed (guid TEXT PRIMARY KEY, hash TEXT NOT NULL, note_id INTEGER NOT NULL);"
        "INSERT INTO pushed VALUES ('g', 'h', 7);"
    )
    db.close()
    with NoteStore.open(path) as store:
        assert store.notes(["g"])["g"].changed == 1_700_000_000
        assert store.added_by_push(["g"]) == set()
        with store.transaction():
            store.put_pushed("g", "h2", 7, added=True)
        assert store.added_by_push(["g"]) == {"g"}
