"""tangocho.dictionary: the fake and the real index answer alike; the cached index heals itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from importlib.metadata import version

import pytest
from conftest import SEED

from tangocho import dictionary as dictionary_module
from tangocho.dictionary import (
    DATA_ENV,
    DictionaryError,
    FakeDictionary,
    JMdictIndex,
    _usable,
    endings_table,
    index_path,
    open_dictionary,
    rendaku_table,
    source_entries,
)
from tangocho.models import Entry, Form, Kanji, Name, Sense

NOUN = ("noun (common) (futsuumeishi)",)

# The fake holds exactly what JMdict says about these words (jamdict-data 1.5), so every test below
# runs against both and a fake that drifted from the real data fails here, not in select's tests.
FAKE = FakeDictionary(
    entries=[
        Entry(
            1333720, (Form("集積回路"),), (Form("しゅうせきかいろ"),), (Sense(("integrated-circuit",), NOUN),)
        ),
        Entry(
            1354170,
            (Form("上半期", ("news1", "nf09")),),
            (Form("かみはんき", ("news1", "nf09")),),
            (Sense(("first half of the year", "first half of the fiscal year"), NOUN),),
        ),
        Entry(
            1024370,
            (),
            (Form("インフラ", ("gai1",)),),
            (Sense(("infrastructure",), NOUN, (), ("abbreviation",)),),
        ),
    ],
    zipf={"会社": 5.44},
    kanji=[
        Kanji(
            "誘",
            ("entice", "lead", "tempt", "invite", "ask", "call for", "seduce", "allure"),
            ("ユウ",),
            ("さそ.う", "いざな.う"),
            "8",
            "1",
            14,
        )
    ],
    names=[Name("無錫", "むしゃく", ("place",), ("Wuxi (China)",))],
)


@pytest.fixture(scope="module")
def real_index() -> JMdictIndex:
    return JMdictIndex()


@pytest.fixture(params=["fake", "real"])
def dictionary(request):
    return FAKE if request.param == "fake" else request.getfixturevalue("real_index")


@pytest.mark.parametrize(
    ("form", "entry_id"),
    [
        ("集積回路", 1333720),
        ("しゅうせきかいろ", 1333720),  # a kana reading finds its kanji entry
        ("上半期", 1354170),
        ("インフラ", 1024370),  # a kana-only headword
    ],
)
@pytest.mark.slow
def test_lookup_forms_finds_the_entry(dictionary, form, entry_id):
    assert entry_id in dictionary.lookup_forms([form])[form]


@pytest.mark.parametrize(
    "form",
    [
        "image",  # Jamdict().lookup matches English glosses; the index never does
        "infrastructure",
        "%",  # … and treats % _ @ as wildcards
        "_",
        "@",
        "集積%",
        "集積_路",
        "集積回",  # a prefix is not a headword
        "",
    ],
)
@pytest.mark.slow
def test_lookup_forms_matches_headwords_exactly(dictionary, form):
    assert dictionary.lookup_forms([form]) == {}


@pytest.mark.parametrize(
    ("entry_id", "headword", "reading", "gloss"),
    [
        (1333720, "集積回路", "しゅうせきかいろ", "integrated-circuit"),
        (1354170, "上半期", "かみはんき", "first half of the year"),  # JMdict: かみはんき, not じょうはんき
        (1024370, "インフラ", "インフラ", "infrastructure"),
    ],
)
@pytest.mark.slow
def test_entries(dictionary, entry_id, headword, reading, gloss):
    entry = dictionary.entries([entry_id])[entry_id]
    assert (entry.headword, entry.kana[0].text) == (headword, reading)
    assert gloss in entry.senses[0].glosses


@pytest.mark.slow
def test_entry_priorities(dictionary):
    entry = dictionary.entries([1354170])[1354170]
    assert entry.priority_of("上半期") == ("news1", "nf09")
    assert dictionary.entries([1024370])[1024370].priority_of("インフラ") == ("gai1",)


@pytest.mark.slow
def test_missing_ids_are_absent(dictionary):
    assert dictionary.entries([1333720, 999]).keys() == {1333720}


@pytest.mark.slow
def test_kanji(dictionary):
    assert dictionary.kanji(["誘", "a", "%"]).keys() == {"誘"}
    kanji = dictionary.kanji(["誘"])["誘"]
    assert kanji.on == ("ユウ",)
    assert kanji.kun == ("さそ.う", "いざな.う")
    assert kanji.meanings[0] == "entice"
    assert (kanji.grade, kanji.jlpt, kanji.strokes) == ("8", "1", 14)


@pytest.mark.slow
def test_names(dictionary):
    name = dictionary.names(["無錫"])["無錫"]
    assert "place" in name.kinds
    assert name.reading == "むしゃく"
    assert any("Wuxi" in g for g in name.glosses)
    assert dictionary.names(["%", "_"]) == {}


@pytest.mark.slow
def test_zipf(dictionary):
    zipf = dictionary.zipf(["会社", "集積回路", "%"])
    assert zipf.keys() == {"会社"}  # wordfreq never saw 集積回路 as one word
    assert 5.0 < zipf["会社"] < 6.0


# ------------------------------------------------------------------------------------ the cached index


def test_index_path_is_keyed_by_versions_and_format(monkeypatch, tmp_path):
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv(DATA_ENV, raising=False)
    path = index_path()
    assert path.parent == tmp_path
    data, freq = version("jamdict-data"), version("wordfreq")
    assert path.name == f"jmdict-index-{data}-wordfreq-{freq}-v{dictionary_module.INDEX_FORMAT}.sqlite"
    # Another copy of the data gets its own index, never the package's.
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "other.db"))
    assert index_path() != path


def _set_meta(path, key, value):
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()


def _truncate(path):
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _drop_meta(path):
    db = sqlite3.connect(path)
    db.execute("DROP TABLE meta")
    db.commit()
    db.close()


def _overwrite_pages(path, start=0.3, length=200_000):
    """Garbage over some pages in the middle of the file (what a bad disk or a stray write does)."""
    with open(path, "r+b") as f:
        f.seek(int(path.stat().st_size * start) // 4096 * 4096)
        f.write((bytes(range(7, 256, 3)) * (length // 83 + 1))[:length])


def _sql(statement):
    def damage(path):
        db = sqlite3.connect(path)
        db.execute(statement)
        db.commit()
        db.close()

    return damage


@pytest.mark.parametrize(
    ("damage", "usable"),
    [
        (lambda p: None, True),
        (lambda p: _set_meta(p, "format", "2"), False),  # an older layout
        (lambda p: _set_meta(p, "jamdict-data", "1.4"), False),  # built from other data
        (lambda p: _set_meta(p, "wordfreq", "2.0"), False),
        (_drop_meta, False),
        (_truncate, False),  # a half-copied file
        (lambda p: p.write_bytes(b"not a database" * 100), False),
        (lambda p: p.write_bytes(b""), False),
        (lambda p: p.unlink(), False),
        (_overwrite_pages, False),
        (_sql("DROP TABLE kanji"), False),
        (_sql("DELETE FROM kanji"), False),  # an emptied table: a deck of 24 notes, exit status 0
        (_sql("DELETE FROM entries WHERE id % 7 = 0"), False),
        (_sql("DELETE FROM meta WHERE key LIKE 'rows:%'"), False),  # an index from before the counts
    ],
    ids=[
        "intact",
        "format",
        "data-version",
        "wordfreq-version",
        "no-meta",
        "truncated",
        "garbage",
        "empty",
        "missing",
        "overwritten-pages",
        "dropped-table",
        "emptied-table",
        "rows-deleted",
        "no-row-counts",
    ],
)
@pytest.mark.slow
def test_usable_rejects_stale_or_damaged_index(real_index, tmp_path, damage, usable):
    copy = tmp_path / "index.sqlite"
    shutil.copyfile(real_index.path, copy)
    damage(copy)
    assert _usable(copy) is usable


_CHILD = """
from tangocho.dictionary import JMdictIndex
index = JMdictIndex(progress=lambda message: print("progress:", message, flush=True))
print("found:", index.lookup_forms(["集積回路"]).get("集積回路"))
"""


def test_corrupt_index_is_rebuilt_once_by_two_concurrent_runs(tmp_path, monkeypatch):
    """The one test that builds an index (a few seconds): two processes start on a corrupt file."""
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv(DATA_ENV, raising=False)
    path = index_path()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # a corrupt file where the index goes
    env = {**os.environ, "TANGOCHO_CACHE_DIR": str(tmp_path)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert "found: (1333720,)" in out
    builds = sum(out.count("progress: building the dictionary index") for out, _ in outputs)
    assert builds == 1  # the second process waited for the first one's index instead of building again
    assert _usable(path)
    assert not list(tmp_path.glob("*.tmp"))  # nor the entries' parts (built in processes of their own)
    # every entry of the source, once: the parts' id ranges leave none out and overlap nowhere
    source = sqlite3.connect(dictionary_module.data_path())
    index = sqlite3.connect(path)
    try:
        (expected,) = source.execute(
            "SELECT count(*) FROM (SELECT idseq FROM Kanji UNION SELECT idseq FROM Kana)"
        ).fetchone()
        assert index.execute("SELECT count(*), count(DISTINCT id) FROM entries").fetchone() == (
            expected,
            expected,
        )
    finally:
        source.close()
        index.close()


@pytest.mark.slow
def test_a_changed_index_is_checked_again_and_an_unchanged_one_is_not(real_index, tmp_path):
    copy = tmp_path / "index.sqlite"
    shutil.copyfile(real_index.path, copy)
    assert _usable(copy) and dictionary_module._verified(copy)  # checked once, then trusted
    _sql("DELETE FROM kanji")(copy)
    assert not dictionary_module._verified(copy) and not _usable(copy)


@pytest.fixture
def own_cache(real_index, tmp_path, monkeypatch):
    """A cache folder of this test's own, holding a copy of the index; "rebuilding" copies it again
    (a real build costs seconds, and ``test_corrupt_index_is_rebuilt_once_by_two_concurrent_runs``
    covers it)."""
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(DATA_ENV, raising=False)
    path = index_path()
    path.parent.mkdir()
    shutil.copyfile(real_index.path, path)
    builds = []

    def copy_build(source, target, progress=None):
        builds.append(target)
        shutil.copyfile(real_index.path, target)

    monkeypatch.setattr(dictionary_module, "build_index", copy_build)
    return path, builds


@pytest.mark.slow
@pytest.mark.parametrize("damage", [_overwrite_pages, _sql("DROP TABLE freq"), _sql("DELETE FROM forms")])
def test_a_damaged_index_is_rebuilt_on_open(own_cache, damage):
    path, builds = own_cache
    damage(path)
    index = JMdictIndex()
    assert builds == [path]
    assert index.lookup_forms(["集積回路"]) == {"集積回路": (1333720,)}
    assert index.kanji(["誘"])["誘"].on


@pytest.mark.slow
def test_damage_found_by_a_query_rebuilds_the_index_once(own_cache):
    path, builds = own_cache
    index = JMdictIndex()
    assert builds == []
    _overwrite_pages(path, start=0.02, length=path.stat().st_size)  # under the open connection
    assert index.lookup_forms(["集積回路"]) == {"集積回路": (1333720,)}
    assert builds == [path]


@pytest.mark.slow
def test_damage_that_a_rebuild_does_not_cure_is_a_clear_error(own_cache, monkeypatch):
    path, builds = own_cache
    index = JMdictIndex()

    def broken_build(source, target, progress=None):
        builds.append(target)
        target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)

    monkeypatch.setattr(dictionary_module, "build_index", broken_build)
    monkeypatch.setattr(dictionary_module, "_usable", lambda p: p.exists())  # the broken file passes
    _overwrite_pages(path, start=0.02, length=path.stat().st_size)
    with pytest.raises(DictionaryError, match="damaged .* even after rebuilding it"):
        index.lookup_forms(["集積回路", "誘致"])
    assert builds == [path]


@pytest.mark.slow
def test_a_full_cache_disk_says_so_and_where(monkeypatch, tmp_path):
    """SQLite's own "database or disk is full" (max_page_count makes the disk 'full' at 40 KiB)."""
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(dictionary_module, "_SCHEMA", "PRAGMA max_page_count=10;" + dictionary_module._SCHEMA)
    with pytest.raises(DictionaryError) as error:
        open_dictionary()
    assert str(error.value).startswith("the disk is full") and str(tmp_path / "cache") in str(error.value)
    assert "reinstall" not in str(error.value)


@pytest.mark.slow
def test_a_full_disk_under_an_entries_worker_says_so(monkeypatch, tmp_path):
    """The entries are written by worker processes: their "disk is full" reaches the user the same way,
    and their part files are removed."""
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(
        dictionary_module, "_PART_SCHEMA", "PRAGMA max_page_count=10;" + dictionary_module._PART_SCHEMA
    )
    with pytest.raises(DictionaryError, match="^the disk is full"):
        open_dictionary()
    assert [p.name for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".lock")] == []


def _fails():
    raise ValueError("no such range")


def _writes(path):
    path.write_text("done")


def _killed():
    os.kill(os.getpid(), 9)


def test_a_background_job_hands_back_its_success_or_its_error(tmp_path):
    done = dictionary_module._Background(_writes, tmp_path / "out")
    done.wait()
    assert (tmp_path / "out").read_text() == "done"
    with pytest.raises(ValueError, match="no such range"):
        dictionary_module._Background(_fails).wait()
    if sys.platform == "linux":  # a process (elsewhere a thread, which cannot be killed)
        with pytest.raises(DictionaryError, match="worker process was killed"):
            dictionary_module._Background(_killed).wait()


def test_entry_ranges_split_the_senses_evenly_and_cover_every_id(tmp_path):
    db = sqlite3.connect(tmp_path / "src.sqlite")
    db.execute("CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER)")
    # entry 1 has 6 senses, entries 2–7 one each: the cut falls after entry 1, not in the middle of the ids
    db.executemany("INSERT INTO Sense (idseq) VALUES (?)", [(1,)] * 6 + [(i,) for i in range(2, 8)])
    db.commit()
    db.close()
    (lo, mid), (mid2, hi) = dictionary_module._idseq_ranges(tmp_path / "src.sqlite", 2)
    assert lo < 1 and mid == mid2 == 2 and hi > 7


@pytest.mark.slow
def test_no_space_for_the_index_file_says_the_disk_is_full(monkeypatch, tmp_path):
    import errno
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(DictionaryError, match=r"^the disk is full: .* in " + str(tmp_path / "cache")):
        open_dictionary()


# ------------------------------------------------------------------------------------ missing data


def test_missing_data_file_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-such.db"))
    with pytest.raises(DictionaryError, match="jamdict-data"):
        open_dictionary()


def test_incomplete_data_file_names_the_package(monkeypatch, tmp_path):
    small = tmp_path / "jamdict.db"
    small.write_bytes(b"x" * 1000)
    monkeypatch.setenv(DATA_ENV, str(small))
    with pytest.raises(DictionaryError, match=r"incomplete: reinstall jamdict-data"):
        open_dictionary()


def test_missing_data_package_names_it(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setitem(sys.modules, "jamdict_data", None)  # import jamdict_data → ImportError
    with pytest.raises(DictionaryError, match=r"install the jamdict-data package"):
        open_dictionary()


def test_unreadable_data_file_is_a_dictionary_error(monkeypatch, tmp_path):
    garbage = tmp_path / "jamdict.db"
    garbage.write_bytes(b"\x00garbage" * 200_000)
    monkeypatch.setenv(DATA_ENV, str(garbage))
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(DictionaryError, match="unreadable"):
        open_dictionary()
    left = {p.name for p in (tmp_path / "cache").iterdir()}
    assert all(name.endswith(".lock") for name in left), left  # no index, no temporary file


def test_cli_reports_missing_data_in_one_line(monkeypatch, tmp_path, capsys):
    from tangocho.cli import main

    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-such.db"))
    assert main(["words", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("Error: ") and "jamdict-data" in err


@pytest.mark.parametrize("name", ["jamdict-data", "wordfreq", "genanki", "unidic-lite", "no-such-package"])
def test_package_versions_read_from_dist_info_names_agree_with_importlib_metadata(name):
    from importlib.metadata import PackageNotFoundError, version

    from tangocho.dictionary import _package_version

    try:
        expected = version(name)
    except PackageNotFoundError:
        expected = "0"
    assert _package_version.__wrapped__(name) == expected


@pytest.mark.slow
def test_source_entries_keep_irregular_and_restricted_forms():
    """The whole of JMdict for scripts/make_vocab.py, with what the lookup index leaves out."""
    entries = source_entries()
    assert len(entries) > 190_000
    # 明白 (あからさま): every kanji form of this entry is irregular, its kana the headword
    assert [(f.text, f.irregular) for f in entries[1000225].kanji][:2] == [("明白", True), ("偸閑", True)]
    # シーディープレーヤー reads ＣＤプレーヤー only, not ＣＤプレイヤー
    kana = {f.text: f.restricted for f in entries[1000110].kana}
    assert kana["シーディープレーヤー"] == ("ＣＤプレーヤー",)
    assert entries[1000110].senses[0].glosses == ("CD player",)


QUERIES = ["集積回路", "上半期", "無錫", "ハイテク", "操業再開", "誘致"]


def _answers(index: JMdictIndex) -> tuple:
    found = index.lookup_forms(QUERIES)
    return (
        found,
        index.entries({i for ids in found.values() for i in ids}),
        index.zipf(QUERIES),
        index.kanji("集積誘致"),
        index.name_readings(QUERIES),
        index.name_kinds(QUERIES),
        index.rendaku([("会社", "かいしゃ"), ("株", "かぶ"), ("無錫", "むしゃく")]),
        index.endings("価港集"),
    )


@pytest.mark.slow
def test_the_memo_gives_the_answers_of_the_queries_and_goes_stale_with_the_index(own_cache, monkeypatch):
    path, _ = own_cache
    first = JMdictIndex()
    asked = _answers(first)
    first.save_memo()
    assert first._memo_path().is_file()

    queries = []
    monkeypatch.setattr(dictionary_module, "select_in", lambda *a: queries.append(a) or [])
    monkeypatch.setattr(JMdictIndex, "_batched", lambda self, sql, keys: queries.append(sql) or [])
    # (the shipped tables are not parsed either)
    monkeypatch.setattr(dictionary_module, "rendaku_table", lambda: queries.append("rendaku") or {})
    monkeypatch.setattr(dictionary_module, "endings_table", lambda: queries.append("endings") or {})
    assert _answers(JMdictIndex()) == asked and queries == []  # every answer from the memo
    keys = [("会社", "かいしゃ"), ("株", "かぶ"), ("無錫", "むしゃく")]
    assert asked[-2] == {k: rendaku_table()[k] for k in keys if k in rendaku_table()}
    assert ("会社", "かいしゃ") in asked[-2]
    assert asked[-1] == {c: endings_table()[c] for c in "価港集" if c in endings_table()}

    os.utime(path, ns=(1, 1))  # the index changed (rebuilt): the memo is no longer trusted
    _answers(JMdictIndex())
    assert queries


@pytest.mark.slow
def test_a_memo_that_answered_everything_is_not_written_again(own_cache):
    first = JMdictIndex()
    _answers(first)
    first.save_memo()
    memo = first._memo_path()
    os.utime(memo, ns=(1, 1))
    again = JMdictIndex()
    _answers(again)  # every answer from the memo (entries and kanji made from its rows)
    again.save_memo()
    assert memo.stat().st_mtime_ns == 1  # ~10 ms of a warm build: marshal and write 1 MB again
    again.entries([1000110])  # a new entry: queried, so the memo is written
    again.save_memo()
    assert memo.stat().st_mtime_ns != 1


def test_an_entry_row_kept_as_tuples_makes_the_entry_its_json_makes():
    """The memo keeps an entry's row with tuples for lists (dictionary._tuples), which _entry takes as
    they are: the same Entry as from the index's JSON."""
    import json

    from tangocho.dictionary import _entry, _tuples

    row = json.loads(
        '[[["会社", ["news1"]]], [["かいしゃ", ["news1"], 0]], [[["company"], ["n"], [], [], []]]]'
    )
    kept = _tuples(row)
    assert kept == (
        (("会社", ("news1",)),),
        (("かいしゃ", ("news1",), 0),),
        (((("company",), ("n",), (), (), ())),),
    )
    assert _entry(7, *kept) == _entry(7, *row)


def test_entries_made_from_rows_are_the_objects_their_init_makes():
    """dictionary._entry makes entries, forms and senses without the dataclasses' __init__ (as pickle
    does): every field is there, in order, with what __init__ would give it."""
    from dataclasses import fields

    from tangocho.dictionary import _entry
    from tangocho.models import Entry, Form, Sense

    senses = [[["company"], ["n"], ["law"], [], ["かいしゃ"]]]
    made = _entry(7, [["会社", ["news1"]]], [["かいしゃ", ["news1"], 1]], senses)
    expected = Entry(
        7,
        (Form("会社", ("news1",)),),
        (Form("かいしゃ", ("news1",), True),),
        (Sense(("company",), ("n",), ("law",), (), ("かいしゃ",)),),
    )
    assert made == expected and hash(made) == hash(expected)
    for mine, theirs in [
        (made, expected),
        (made.kanji[0], expected.kanji[0]),
        (made.kana[0], expected.kana[0]),
    ]:
        assert list(vars(mine).items()) == list(vars(theirs).items())
        assert list(vars(mine)) == [f.name for f in fields(theirs)]
    assert list(vars(made.senses[0]).items()) == list(vars(expected.senses[0]).items())
