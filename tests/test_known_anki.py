"""Known words from the learner's reviews (--known-anki), from a collection file and over AnkiConnect,
and the AnkiConnect client against a server speaking the protocol over a real collection."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import sqlite3

import pytest
from ankiconnect_server import AnkiConnectServer
from conftest import ROOT

from tangocho import known
from tangocho.ankiconnect import AnkiConnect, batched
from tangocho.cli import main
from tangocho.errors import AnkiConnectError, AnkiUnreachable, CollectionError


@pytest.mark.parametrize(
    ("field", "forms"),
    [
        ("誘致", {"誘致"}),
        (" 誘致[ゆうち]", {"誘致"}),  # Anki furigana
        ("<b>誘致する</b>", {"誘致する", "誘致"}),  # HTML, and a suru-verb as the noun it is carded as
        ("行った", {"行った", "行く"}),  # inflected: its dictionary form too
        ("取り組んでいる", {"取り組んでいる", "取り組む"}),
        ("封じ込めた", {"封じ込めた", "封じ込める"}),
        ("集積回路", {"集積回路"}),  # a compound stays whole
        ("&lt;半導体&gt;", {"<半導体>", "半導体"}),
        ("「半導体」。", {"「半導体」。", "半導体"}),
        ("", set()),
        ("<br>", set()),
    ],
)
def test_word_forms(field, forms):
    assert known.word_forms(field) == forms


def test_model_name_is_the_note_type_tangocho_writes():
    from tangocho import deck

    assert known.MODEL_NAME == deck.MODEL_NAME


# ------------------------------------------------------------------------------------ a real collection


def _note(col, model_name: str, fields: dict[str, str], interval: int | None) -> None:
    model = col.models.by_name(model_name)
    note = col.new_note(model)
    for name, value in fields.items():
        note[name] = value
    col.add_note(note, col.decks.id("Default"))
    if interval is not None:
        # "N!" sets the due date N days ahead and the interval to N (a reviewed card)
        col.sched.set_due_date([c.id for c in note.cards()], f"{interval}!")


@pytest.fixture
def reviewed(tmp_path):
    """A collection with reviewed cards, left open (its last commits still in the -wal file)."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    _note(col, "Basic", {"Front": "<b>誘致する</b>", "Back": "attraction"}, 30)  # mature
    _note(col, "Basic", {"Front": " 半導体[はんどうたい]", "Back": "semiconductor"}, 5)  # young
    _note(col, "Basic", {"Front": "操業", "Back": "operation"}, None)  # new, never reviewed
    _note(col, "Basic", {"Front": "集積回路", "Back": "IC"}, 21)  # exactly 21 days: known
    # a note type whose word is not its first field
    model = col.models.new("Sentence card")
    for name in ("Sentence", "Word"):
        col.models.add_field(model, col.models.new_field(name))
    template = col.models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Sentence}}", "{{Word}}"
    col.models.add_template(model, template)
    col.models.add(model)
    _note(col, "Sentence card", {"Sentence": "工場を誘致した。", "Word": "工場"}, 40)
    yield col
    col.close()


def _hold_exclusive(path):
    """Lock the collection the way a running Anki desktop does (exclusive locking mode, WAL)."""
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
    db.execute("BEGIN IMMEDIATE")
    db.execute("COMMIT")
    return db


def test_known_from_a_locked_collection_reads_its_copy(reviewed, tmp_path):
    path = tmp_path / "collection.anki2"
    assert (tmp_path / "collection.anki2-wal").stat().st_size > 0  # commits not yet checkpointed
    lock = _hold_exclusive(path)
    try:
        # what the naive ways give: the lock refuses mode=ro, immutable=1 misses the WAL
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.connect(path.as_uri() + "?mode=ro", uri=True).execute("SELECT count(*) FROM notes")
        before = path.read_bytes(), (tmp_path / "collection.anki2-wal").read_bytes()
        result = known.from_collection(path)
        assert (path.read_bytes(), (tmp_path / "collection.anki2-wal").read_bytes()) == before  # untouched
    finally:
        lock.close()
    assert {"誘致", "誘致する", "集積回路", "工場を誘致した。"} <= result.words
    assert "半導体" not in result.words and "操業" not in result.words
    assert result.reviewed == 3 and result.carded == 0


def test_known_field_and_interval_options(reviewed, tmp_path):
    path = tmp_path / "collection.anki2"
    by_word = known.from_collection(path, field="word")  # field names match case-insensitively
    assert by_word.words == {"工場"}  # only the note type that has a Word field
    strict = known.from_collection(path, interval=31)
    assert strict.words == {"工場を誘致した。"}
    loose = known.from_collection(path, interval=1)
    assert "半導体" in loose.words and "操業" not in loose.words


def test_words_of_tangochos_note_type_are_known_whatever_their_interval(tmp_path):
    from anki.collection import Collection
    from conftest import fixed_clock, import_package

    from tangocho import Options, build
    from tangocho.dictionary import FakeDictionary
    from tangocho.models import Entry, Form, Sense

    article = tmp_path / "a.txt"
    article.write_text("半導体の工場を誘致した。半導体の投資が進む。\n", encoding="utf-8")
    entries = [
        Entry(1, (Form("半導体"),), (Form("はんどうたい"),), (Sense(("semiconductor",)),)),
        Entry(2, (Form("誘致"),), (Form("ゆうち"),), (Sense(("attraction",)),)),
    ]
    deck = tmp_path / "d.apkg"
    build(
        [str(article)],
        Options(
            output=str(deck), dictionary=FakeDictionary(entries), clock=fixed_clock, vocab_dir=str(tmp_path)
        ),
    )
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_package(col, deck)
    finally:
        col.close()
    result = known.from_collection(tmp_path / "collection.anki2")
    assert {"半導体", "誘致"} <= result.words and result.carded == 2 and result.reviewed == 0


def test_not_a_collection_is_a_clear_error(tmp_path):
    junk = tmp_path / "collection.anki2"
    junk.write_bytes(b"not sqlite" * 100)
    with pytest.raises(CollectionError, match="not a readable Anki collection"):
        known.from_collection(junk)
    with pytest.raises(CollectionError, match="no such Anki collection"):
        known.from_collection(tmp_path / "missing.anki2")


# --------------------------------------------------------------------------------------- AnkiConnect


def test_known_over_anki_connect_matches_the_file(reviewed, tmp_path):
    with AnkiConnectServer(reviewed) as server:
        over_connect = known.from_anki_connect(AnkiConnect(server.url))
        by_word = known.from_anki_connect(AnkiConnect(server.url), field="Word")
    from_file = known.from_collection(tmp_path / "collection.anki2")
    assert over_connect.words == from_file.words
    assert by_word.words == {"工場"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_anki_names_the_address():
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(AnkiUnreachable) as info:
        AnkiConnect(url, timeout=2).version()
    assert str(info.value) == f"cannot reach Anki at {url} — is Anki running with the AnkiConnect add-on?"


def test_cli_known_anki_connect_unreachable_is_one_error_line(capsys):
    url = f"http://127.0.0.1:{_free_port()}"
    status = main(["words", str(ROOT / "seeds"), "--known-anki", "connect", "--anki-url", url, "--quiet"])
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"Error: cannot reach Anki at {url} — is Anki running with the AnkiConnect add-on?\n"


@pytest.mark.slow
def test_cli_known_anki_collection_drops_reviewed_words(reviewed, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("半導体の工場を誘致した。集積回路の工場も誘致する。\n", encoding="utf-8")

    def words(*extra: str) -> list[str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["words", str(article), "--format", "json", "--quiet", *extra]) == 0
        return [row["word"] for row in json.loads(out.getvalue())]

    before = words()
    after = words("--known-anki", str(tmp_path / "collection.anki2"))
    assert "誘致" in before and "集積回路" in before
    assert "誘致" not in after and "集積回路" not in after
    assert set(after) == set(before) - {"誘致", "集積回路"}


def test_api_key_and_errors_of_actions(reviewed):
    with AnkiConnectServer(reviewed, key="secret") as server:
        with pytest.raises(AnkiConnectError, match="valid api key must be provided"):
            AnkiConnect(server.url).version()
        client = AnkiConnect(server.url, key="secret")
        assert client.version() == 6
        with pytest.raises(AnkiConnectError, match="modelFieldNames: model was not found: nope"):
            client.call("modelFieldNames", modelName="nope")
        replies = client.multi(
            [("modelFieldNames", {"modelName": "Basic"}), ("modelFieldNames", {"modelName": "x"})]
        )
        assert replies[0].result == ["Front", "Back"] and replies[0].error is None
        assert replies[1].result is None and "not found" in replies[1].error


def test_add_notes_refuses_duplicates_of_the_first_field_within_the_note_type(reviewed):
    note = {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "操業", "Back": "again"}}
    other_model = {"deckName": "Default", "modelName": "Sentence card", "fields": {"Sentence": "操業"}}
    fresh = {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "新語", "Back": "new"}}
    with AnkiConnectServer(reviewed) as server:
        result = AnkiConnect(server.url).call("addNotes", notes=[note, other_model, fresh])
    assert result[0] is None and isinstance(result[1], int) and isinstance(result[2], int)


def test_server_error_midway_is_reported_per_action(reviewed):
    with AnkiConnectServer(reviewed, fail_after=1) as server:
        replies = AnkiConnect(server.url).multi([("version", {}), ("version", {})])
    assert replies[0].result == 6 and replies[1].error and "fault" in replies[1].error


def test_not_anki_connect(tmp_path):
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from threading import Thread

    class Page(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Page)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(AnkiConnectError, match="is not AnkiConnect"):
            AnkiConnect(f"http://127.0.0.1:{server.server_address[1]}").version()
    finally:
        server.shutdown()
        server.server_close()


def test_batches_stay_under_both_limits():
    actions = [("addNote", {"note": {"fields": {"Sentence": "x" * 1000}}}) for _ in range(1200)]
    batches = list(batched(actions, max_actions=500, max_bytes=200_000))
    assert sum(len(b) for b in batches) == 1200
    assert all(len(b) <= 500 for b in batches)
    assert all(sum(len(json.dumps(p)) + 64 for _, p in b) <= 200_000 for b in batches)
    assert [a for b in batches for a in b] == actions  # order kept
