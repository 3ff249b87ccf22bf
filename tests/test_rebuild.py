"""Issue 5: rebuilding a deck and re-importing it into a collection that is in use.

A learner builds a deck, imports it, reviews, writes in the Notes field, adds an article or edits a
word list, rebuilds, imports again — many times, and once after a tangocho upgrade that adds a field
to the note type. Nothing may be lost or duplicated: reviews and intervals stay, edits stay on notes
whose generated content did not change, changed notes are updated, new words are added.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from anki.collection import Collection
from conftest import ROOT, SEED, import_into_new_collection, import_package

from tangocho import Options, build
from tangocho import deck as deck_stage
from tangocho.errors import OutputError
from tangocho.models import Card, Example
from tangocho.pipeline import make_cards, output_path, select_words
from tangocho.render import FIELDS

pytestmark = pytest.mark.slow

EXTRA_FIELD = "Extra"  # the field a simulated tangocho upgrade adds
MAX_WORDS = 30  # under the number of words part 1 alone has (38)


def write_articles(folder: Path, parts: int = 7) -> list[Path]:
    """The seed article's body cut into ``parts`` smaller articles (5 paragraphs each)."""
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = paragraphs[5:-1]  # without the breadcrumb, headline, byline, photo credit and source note
    size = -(-len(body) // parts)
    files = []
    for k in range(parts):
        path = folder / f"part{k + 1}.txt"
        text = "\n\n".join(body[k * size : (k + 1) * size])
        path.write_text(f"# 無錫ハイテク区 その{k + 1}\n2020-09-28\n\n{text}\n", encoding="utf-8")
        files.append(path)
    return files


def rebuild(inputs: list[Path], options: Options, extra_fields: tuple[str, ...] = ()):
    """``tangocho.build``; with ``extra_fields``, the same steps with a note type that has more fields
    (what a future tangocho that adds a field would write)."""
    if not extra_fields:
        return build([str(p) for p in inputs], options)
    out = output_path(options)
    selection, dictionary = select_words([str(p) for p in inputs], options)
    cards = make_cards(selection, dictionary, options)
    return deck_stage.write_deck(
        cards, out, options.deck_name, clock=options.clock, extra_fields=extra_fields
    )


def package_notes(apkg: Path) -> dict[str, tuple[list[str], int, str]]:
    """guid → (fields, mod, tags) of every note in a package."""
    tmp = apkg.with_suffix(".read.sqlite")
    with zipfile.ZipFile(apkg) as archive:
        tmp.write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp)
    try:
        rows = db.execute("SELECT guid, flds, mod, tags FROM notes")
        return {guid: (flds.split("\x1f"), mod, tags.strip()) for guid, flds, mod, tags in rows}
    finally:
        db.close()
        tmp.unlink()


def collection_notes(col) -> dict[str, object]:
    return {note.guid: note for note in map(col.get_note, col.find_notes(""))}


def current_notetype(col) -> dict:
    col.models._clear_cache()  # pylib caches note types and does not notice an import changing one
    return col.models.get(deck_stage.MODEL_ID)


def card_states(col) -> dict[int, tuple]:
    return {
        row[0]: tuple(row[1:])
        for row in col.db.all(
            "SELECT id, nid, ord, did, type, queue, due, ivl, factor, reps, lapses FROM cards"
        )
    }


def revlog_counts(col) -> dict[int, int]:
    return dict(col.db.all("SELECT cid, count(*) FROM revlog GROUP BY cid"))


def review(col, count: int) -> int:
    """Answer up to ``count`` cards through the v3 scheduler (Easy, Good, Again …); return how many."""
    done = 0
    for ease in (4, 3, 1, 4, 3)[:count]:
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, ease)
        done += 1
    return done


def edit(col, note, text: str, at: int) -> None:
    """The learner writes in the Notes field at time ``at`` (Anki would stamp the wall clock; the test's
    clock runs ahead of it, see ``Clock``)."""
    note["Notes"] = text
    col.update_note(note)
    col.db.execute("UPDATE notes SET mod = ? WHERE id = ?", at, note.id)


class Clock:
    """Simulated time for builds and edits: it starts in the past and ticks 100 s a step.

    Anki stamps one thing with the wall clock: merging note types on import rewrites every note of the
    type "now". Builds in real life come before the import that follows them and after the one before,
    so the simulation stays behind the wall clock until such an import and then catches up.
    """

    def __init__(self) -> None:
        self.now = int(time.time()) - 100_000

    def tick(self) -> int:
        self.now += 100
        return self.now

    def catch_up(self) -> None:
        self.now = max(self.now, int(time.time()))


# --------------------------------------------------------------------------------------------- cycles


@dataclass(frozen=True)
class Step:
    change: (
        str  # what the learner changes before rebuilding: "article", "include", "known", "exclude", "upgrade"
    )
    word: str = ""  # the word list entry for include/known/exclude
    articles: int = 0  # how many articles the build reads


STEPS = (
    Step("article", articles=2),
    Step("article", articles=3),
    Step("include", articles=3),  # a word of parts 1–3 never carded so far (picked below)
    Step("article", articles=4),
    Step("upgrade", articles=5),  # tangocho adds a note field; the learner also adds an article
    Step("known", "生産額", articles=5),  # carded since the first build: the learner knows it now
    Step("article", articles=6),
    Step("include", articles=6),
    Step("exclude", "誘致", articles=6),
    Step("article", articles=7),
)


def table_row(cycle, change, result, log, notes, revlog, edits, lost) -> tuple:
    built = (result.notes, result.new, result.updated, result.unchanged)
    return (
        cycle,
        change,
        *built,
        notes,
        len(log.new),
        len(log.updated),
        len(log.duplicate),
        revlog,
        edits,
        lost,
    )


def test_ten_rebuild_cycles_lose_nothing_and_duplicate_nothing(tmp_path):
    articles = write_articles(tmp_path)
    lists = {kind: tmp_path / f"{kind}.txt" for kind in ("include", "known", "exclude")}
    for path in lists.values():
        path.write_text("# test list\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    clock = Clock()

    def options() -> Options:
        built_at = clock.tick()
        return Options(
            output=str(out),
            vocab_dir=str(ROOT / "vocab"),
            include=[str(lists["include"])],
            known=[str(lists["known"])],
            exclude=[str(lists["exclude"])],
            max_words=MAX_WORDS,
            min_score=0.0,  # the cap, not the deck-size rule, decides the size here
            clock=lambda: built_at,
        )

    result = rebuild(articles[:1], options())
    col = Collection(str(tmp_path / "collection.anki2"))
    log = import_package(col, out).log
    col.decks.select(col.decks.id_for_name("Tangocho"))
    assert col.note_count() == len(log.new) == result.notes == MAX_WORDS
    sent = {g: (fields, tags) for g, (fields, _, tags) in package_notes(out).items()}  # as last packaged
    extra: tuple[str, ...] = ()
    edits: dict[str, str] = {}  # guid → the learner's Notes text, where it is still expected
    stale: set[str] = set()  # notes an upgrade's import could not update: the next build sends them again
    rows = [table_row(0, "part 1", result, log, col.note_count(), revlog=0, edits=0, lost=0)]
    try:
        for cycle, step in enumerate(STEPS, start=1):
            reviewed = review(col, 3)
            assert reviewed > 0
            if step.change == "include" and not step.word:
                # the lowest-ranked word of these articles that no build has carded yet
                seen = {n["Expression"] for n in collection_notes(col).values()}
                ranked = select_words(
                    [str(a) for a in articles[: step.articles]],
                    Options(vocab_dir=str(ROOT / "vocab"), max_words=None, min_score=0.0),
                )[0].candidates
                step = replace(step, word=next(c.word for c in reversed(ranked) if c.word not in seen))
            if step.change in lists:
                with lists[step.change].open("a", encoding="utf-8") as f:
                    f.write(step.word + "\n")
            if step.change == "upgrade":
                extra = (EXTRA_FIELD,)
            previous = deck_stage.stored_manifest()
            previous_package = package_notes(out)
            notes = collection_notes(col)
            previous_words = {n["Expression"] for n in notes.values()}
            previous_built = {notes[g]["Expression"] for g in previous_package}

            result = rebuild(articles[: step.articles], options(), extra)
            manifest, package = deck_stage.stored_manifest(), package_notes(out)
            # notes this build stamped later than the last one: content changed, or sent again
            advanced = {
                g
                for g in package
                if g in previous.notes and manifest.notes[g].changed != previous.notes[g].changed
            }
            # what an import would change: fields (a new field counts only if filled) or tags
            changed_content = {
                g
                for g, (fields, _, tags) in package.items()
                if g in sent
                and (fields, tags) != (sent[g][0] + [""] * (len(fields) - len(sent[g][0])), sent[g][1])
            }
            assert advanced == changed_content | (stale & set(package))
            sent.update({g: (fields, tags) for g, (fields, _, tags) in package.items()})

            # The learner's edits, made before this rebuild: on a note it changes and on one it leaves alone.
            same = sorted(g for g in package if g in notes and g not in advanced and g not in edits)
            for guid in sorted(advanced)[:1] + same[:1]:
                edits[guid] = f"my note, cycle {cycle}"
                edit(col, notes[guid], edits[guid], at=clock.now - 50)  # between the last build and this one

            before = {g: n.fields for g, n in collection_notes(col).items()}
            existing = set(before)
            cards_before, revlog_before = card_states(col), revlog_counts(col)
            merge = step.change == "upgrade"
            log = import_package(col, out, merge_notetypes=merge).log
            if merge:
                clock.catch_up()
            notes = collection_notes(col)

            # -- the import did what the build intended (except right after a field was added, see below)
            if merge:
                # Merging the new field rewrote every note at the import's time, later than this build:
                # nothing could be updated; the build recorded the notes it changed to send them again.
                updated, stale = set(), advanced
                assert set(manifest.resend) == advanced
            else:
                updated, stale = advanced, stale - set(package)
                assert manifest.resend == sorted(stale)
            assert {n.id.nid for n in log.updated} == {notes[g].id for g in updated}
            counts = (len(log.new), len(log.updated), len(log.duplicate))
            assert counts == (result.new, len(updated), len(package) - result.new - len(updated)), (
                f"cycle {cycle}"
            )
            assert (len(log.conflicting), len(log.first_field_match), len(log.missing_notetype)) == (0, 0, 0)

            # -- no duplicates; every word of the build is a note, none was removed
            expressions = [n["Expression"] for n in notes.values()]
            assert len(expressions) == len(set(expressions)) == col.note_count()
            assert set(package) <= set(notes) and existing <= set(notes)
            assert len(notes) == len(existing) + result.new
            assert previous_words <= set(expressions)

            # -- reviews and intervals untouched; each note has its card
            cards_after, revlog_after = card_states(col), revlog_counts(col)
            assert {cid: cards_after.get(cid) for cid in cards_before} == cards_before
            assert revlog_after == revlog_before
            assert all(len(notes[g].cards()) == 1 for g in package)

            # -- updated notes carry the new content; the learner's edits survive everywhere else
            lost = sorted(g for g in edits if g in updated)
            for guid in lost:
                del edits[guid]
            for guid, (fields, _, _) in package.items():
                expected = list(fields)
                if guid in stale:  # the content before this import, with the new field, empty
                    expected = before[guid] + [""]
                if guid in edits:
                    expected[FIELDS.index("Notes")] = edits[guid]
                assert notes[guid].fields == expected, (cycle, notes[guid]["Expression"])
            assert {g: notes[g]["Notes"] for g in edits} == edits

            # -- what this cycle's change was for
            built = {notes[g]["Expression"] for g in package}
            if step.change == "include":
                assert step.word in built and step.word not in previous_words
            if step.change in ("known", "exclude"):
                assert step.word in previous_built
                assert step.word not in built and step.word in expressions  # left out, never deleted
            if step.change == "upgrade":
                notetype = current_notetype(col)
                assert [(f["name"], f["id"]) for f in notetype["flds"]] == [
                    (name, deck_stage._stable_id("field", name)) for name in (*FIELDS, EXTRA_FIELD)
                ]
                assert all(len(n.fields) == len(FIELDS) + 1 for n in notes.values())
                assert [m.name for m in col.models.all_names_and_ids()].count(deck_stage.MODEL_NAME) == 1

            change = {
                "article": f"+part {step.articles}",
                "upgrade": f"+{EXTRA_FIELD} field, +part {step.articles}",
            }
            change = change.get(step.change, f"{step.change} {step.word}")
            rows.append(
                table_row(
                    cycle,
                    change,
                    result,
                    log,
                    col.note_count(),
                    sum(revlog_after.values()),
                    len(edits),
                    len(lost),
                )
            )
    finally:
        col.close()
    # b.*: the build's own count (new, updated, unchanged notes); i.*: Anki's import log
    header = "cycle | change | built | b.new | b.upd | b.same | notes | i.new | i.upd | i.dup"
    print("\n" + header + " | revlog | edits | lost")  # pytest -s shows the table
    for row in rows:
        print(" | ".join(str(x) for x in row))


# ------------------------------------------------------------------------------------------ note type


def small_options(out: Path, at: int, **kwargs) -> Options:
    return Options(output=str(out), vocab_dir=str(ROOT / "vocab"), max_words=30, clock=lambda: at, **kwargs)


def test_notes_an_upgrade_build_changed_reach_the_collection_with_the_next_build(tmp_path):
    """With real times: a build, then its import. Merging the added field stamps every note with the
    import time, so the changes of the upgrade build itself lose; the next build sends them again."""
    articles, out, now = write_articles(tmp_path), tmp_path / "deck.apkg", int(time.time())
    rebuild(articles[:1], small_options(out, now - 20))
    col = import_into_new_collection(out, tmp_path)
    try:
        upgrade = rebuild(articles[:2], small_options(out, now - 10), (EXTRA_FIELD,))
        changed = set(deck_stage.stored_manifest().resend)
        assert upgrade.updated == len(changed) > 0
        package = package_notes(out)
        log = import_package(col, out, merge_notetypes=True).log
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (upgrade.new, 0, 0)
        notes = collection_notes(col)

        def content(note):  # what an import changes: fields and tags
            return note.fields, sorted(note.tags)

        sent = {g: (package[g][0], sorted(package[g][2].split())) for g in changed}
        assert all(content(notes[g]) != sent[g] for g in changed)  # still the old content

        after = rebuild(articles[:2], small_options(out, int(time.time()) + 1), (EXTRA_FIELD,))
        assert (after.new, after.updated) == (0, len(changed))
        package = package_notes(out)
        log = import_package(col, out).log
        notes = collection_notes(col)
        assert {n.id.nid for n in log.updated} == {notes[g].id for g in changed}
        assert {g: n.fields for g, n in notes.items() if g in package} == {
            g: p[0] for g, p in package.items()
        }
        assert deck_stage.stored_manifest().resend == []
    finally:
        col.close()


def test_a_rebuild_keeps_the_learners_note_type_edits_until_tangocho_changes_the_note_type(tmp_path):
    articles, out, now = write_articles(tmp_path), tmp_path / "deck.apkg", int(time.time())
    rebuild(articles[:1], small_options(out, now - 100))
    col = import_into_new_collection(out, tmp_path)
    try:
        notetype = current_notetype(col)
        notetype["css"] += "\n.card { color: purple; }"
        col.models.update_dict(notetype)  # the learner's style, stamped now
        # a later build with the same note type: its mod is still the first build's, Anki keeps the edit
        rebuild(articles[:2], small_options(out, now + 100))
        import_package(col, out)
        assert current_notetype(col)["css"].endswith("color: purple; }")
        # a build whose note type changed (a field added) replaces it, templates and CSS included
        rebuild(articles[:2], small_options(out, now + 200), (EXTRA_FIELD,))
        import_package(col, out, merge_notetypes=True)
        notetype = current_notetype(col)
        assert "purple" not in notetype["css"]
        assert [f["name"] for f in notetype["flds"]] == [*FIELDS, EXTRA_FIELD]
    finally:
        col.close()


# ------------------------------------------------------------------------------------- safe writing


def make_card(word: str, examples: tuple[Example, ...] = ()) -> Card:
    fields = dict.fromkeys(FIELDS, "")
    fields.update(Expression=word, ExpressionReading="よみ", MainDefinition="meaning", MakeRecognition="y")
    fields.update(Sentence=f"<b>{word}</b>です。")
    return Card(key=f"compound:{word}:よみ", fields=fields, tags=("tangocho",), examples=examples)


def test_writing_leaves_no_temporary_files_anywhere(tmp_path, monkeypatch):
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))  # an empty temp folder to watch
    out = tmp_path / "out" / "deck.apkg"
    deck_stage.write_deck([make_card("投資")], out, "Test")
    deck_stage.write_deck([make_card("投資"), make_card("融資")], out, "Test")
    assert list(system_tmp.iterdir()) == []  # genanki's own write_to_file leaves its SQLite file here
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]


@pytest.mark.parametrize(
    "bad_card",
    [
        make_card("\ud800"),  # a field the package's SQLite cannot store: fails half way through the .apkg
        make_card("良い", (Example("\ud800", "", "", ""),)),  # an example the note store cannot store
    ],
    ids=["package", "store"],
)
def test_a_failed_write_leaves_the_previous_deck_and_store_intact(tmp_path, bad_card):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck([make_card("投資"), make_card("融資")], out, "Test", clock=lambda: 1_700_000_000)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    stored = deck_stage.stored_manifest()
    assert set(before) == {"deck.apkg"} and len(stored.notes) == 2
    with pytest.raises(UnicodeEncodeError):
        deck_stage.write_deck([make_card("投資"), bad_card], out, "Test", clock=lambda: 1_700_000_100)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # and no temporary files left
    assert deck_stage.stored_manifest() == stored


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        '{"notes": {"g": {"key": "k"}}}',
        '{"notes": {"g": {"key": "k", "hash": "h", "changed": 1, "examples": [{"x": 1}]}}}',
        '{"model": {"changed": "soon"}}',
        '{"notes": {"g": {"key": "k", "hash": "h", "changed": 1e30}}}',  # was an OverflowError
        '{"notes": {"g": {"key": "k", "hash": "h", "changed": Infinity}}}',
        '{"notes": {"g": {"key": "k", "hash": "h", "changed": -5}}}',
        '{"model": {"changed": 99999999999999}}',
    ],
)
def test_an_unreadable_manifest_is_an_output_error_and_is_left_alone(tmp_path, text):
    out = tmp_path / "deck.apkg"
    deck_stage.manifest_path(out).write_text(text, encoding="utf-8")
    with pytest.raises(OutputError, match="unreadable deck manifest"):
        deck_stage.write_deck([make_card("投資")], out, "Test")
    assert deck_stage.manifest_path(out).read_text(encoding="utf-8") == text
    assert not out.exists()


def test_changing_card_types_on_a_rebuild_adds_cards_and_keeps_reviews(tmp_path):
    """Anki imports the cards a newer note brings (cloze added) but never deletes cards: a dropped type
    leaves cards whose front is now empty, which Anki's Tools > Empty Cards lists for removal."""
    articles, out, now = write_articles(tmp_path), tmp_path / "deck.apkg", int(time.time())
    first = rebuild(articles[:1], small_options(out, now - 30))
    col = import_into_new_collection(out, tmp_path)
    try:
        col.decks.select(col.decks.id_for_name("Tangocho"))
        assert review(col, 3) == 3
        cards_before, revlog_before = card_states(col), revlog_counts(col)
        both = rebuild(articles[:1], small_options(out, now - 20, card_types=("recognition", "cloze")))
        assert (both.updated, both.cards) == (first.notes, 2 * first.notes)
        import_package(col, out)
        assert col.card_count() == 2 * first.notes
        assert {cid: card_states(col).get(cid) for cid in cards_before} == cards_before
        assert revlog_counts(col) == revlog_before
        assert list(col.get_empty_cards().notes) == []

        rebuild(articles[:1], small_options(out, now - 10))  # recognition only again
        import_package(col, out)
        assert col.card_count() == 2 * first.notes
        empty = col.get_empty_cards().notes
        assert len(empty) == first.notes and all(len(n.card_ids) == 1 for n in empty)
    finally:
        col.close()
