"""JMdict, KANJIDIC2 and JMnedict lookups (the only module that touches the jamdict data).

``jamdict.Jamdict().lookup`` is too slow and too loose for a pipeline (≈20 ms a query, it also matches
English glosses and treats % _ @ as wildcards), so tangocho reads jamdict-data's SQLite once and derives a
compact lookup index from it (about 2.5 s on 2 cores), cached in the user cache directory and keyed by
the jamdict-data and wordfreq versions and ``INDEX_FORMAT``. A missing, stale or corrupt index is rebuilt;
two processes starting at once build it once (a lock file) and a reader never sees half a file (an atomic
rename). Every later run opens that index (milliseconds) and asks for all of an article's candidate
forms in a few batched queries — never one query per token.

``JMdictIndex`` is the real dictionary; ``FakeDictionary`` serves unit tests from a handful of entries.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import marshal
import math
import os
import re
import sqlite3
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path

from .errors import DictionaryError
from .kana import SEMI as _SEMI
from .kana import VOICED as _VOICED
from .kana import has_kanji, is_kanji, only_kanji, sound_variants, to_hiragana
from .models import Entry, Form, Kanji, Name, Sense
from .packaged import package_path, package_text
from .sql import select_in

INDEX_FORMAT = 4  # bump when the layout of the cached index changes
MEMO_FORMAT = 2  # bump when the layout of the memo file changes (JMdictIndex.save_memo)
MEMO_KEYS = 50_000  # answers a memo file keeps at most (the seed: 37,000, ≈6 ms to load)
DATA_PACKAGE = "jamdict-data"
DATA_PACKAGE_PIN = "jamdict-data==1.5"
FREQUENCY_PACKAGE = "wordfreq"
DATA_ENV = "TANGOCHO_JAMDICT_DB"  # another path of jamdict-data's SQLite file
CHINA = "china"  # name_readings: a kind of its own for a name JMnedict places in China or Taiwan

Progress = Callable[[str], None]


class Dictionary:
    """What the pipeline asks of a dictionary. Subclasses answer in batches."""

    def lookup_forms(self, forms: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """Exact headword/reading matches: form → entry ids (forms with no entry are absent)."""
        raise NotImplementedError

    def entries(self, ids: Iterable[int]) -> dict[int, Entry]:
        raise NotImplementedError

    def zipf(self, forms: Iterable[str]) -> dict[str, float]:
        """General-Japanese Zipf frequency (wordfreq); forms it has never seen are absent."""
        raise NotImplementedError

    def kanji(self, chars: Iterable[str]) -> dict[str, Kanji]:
        raise NotImplementedError

    def names(self, forms: Iterable[str], readings: Mapping[str, str] | None = None) -> dict[str, Name]:
        """JMnedict names (people, places, organisations) for the optional names list.

        With ``readings`` (form → the reading the article used), only a name read that way is
        returned: JMnedict lists many readings for most kanji names, most of them given names."""
        raise NotImplementedError

    def name_readings(self, forms: Iterable[str]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """JMnedict readings of each form, in JMnedict order: form → ((reading, kinds), …).

        For sentence furigana: 菊陽町 → (("きくようまち", ("place",)),), 江蘇 → こうそ before ちぁんすぜ.
        A name whose translation places it in China or Taiwan also has the kind ``CHINA`` (江蘇 こうそ
        "Jiangsu (China)"). Forms JMnedict lacks are absent."""

    def name_kinds(self, forms: Iterable[str]) -> dict[str, frozenset[str]]:
        """JMnedict forms among ``forms`` → the kinds of name they are (company, place, surname …);
        forms that are no name are absent. One batched query, for the segmentation pass."""
        raise NotImplementedError

    def rendaku(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int, int, int]]:
        """How JMdict's own compounds read a word at their end (``rendaku_evidence``): (form, reading)
        → (compounds that voice it, compounds that end in it, the same two of those after two kanji or
        more). 会社 かいしゃ → (100, 122, 89, 111): 親会社 おやがいしゃ, 保険会社 ほけんがいしゃ … Keys
        without evidence are absent."""
        return {}

    def endings(self, chars: Iterable[str]) -> dict[str, dict[str, int]]:
        """How JMdict's own compounds read a kanji at their end (``ending_evidence``): kanji → {its
        reading there: compounds}. 価 → {か: 104} (物価, 単価 …), 港 → {こう: 39}, 先 → {さき: 103,
        せん: 17}. Kanji without evidence are absent."""
        return {}

    def affixes(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, int]]:
        """What JMdict's own compounds mean by a kanji at one of their ends (``affix_evidence``): (kanji,
        "first" or "last") → {a gloss word of the kanji's own senses: how many of those compounds have
        it in their glosses}. (材, last) → {material: 46, wood: 15, …} (建材, 素材, 資材 …; 木材 is wood).
        Keys without evidence are absent."""
        return {}

    def save_memo(self) -> None:
        """Keep this run's look-ups for the next run, where the dictionary can (the real one: a memo
        file beside its index). Called once the cards are made."""

    def after_fork(self) -> None:
        """Called in a process forked from the one that made this dictionary (a worker of
        parallel.py), before its first look-up there: open what must not be shared across fork()."""


# ------------------------------------------------------------------------------------------ the fake


class FakeDictionary(Dictionary):
    """An in-memory dictionary for unit tests: give it the entries a test needs."""

    def __init__(
        self,
        entries: Iterable[Entry] = (),
        zipf: Mapping[str, float] | None = None,
        kanji: Iterable[Kanji] = (),
        names: Iterable[Name] = (),
    ):
        self._entries = {e.id: e for e in entries}
        self._forms: dict[str, list[int]] = defaultdict(list)
        for e in self._entries.values():
            for form in e.kanji + e.kana:
                if e.id not in self._forms[form.text]:
                    self._forms[form.text].append(e.id)
        self._zipf = dict(zipf or {})
        self._kanji = {k.literal: k for k in kanji}
        self._name_list = list(names)  # several readings of one form: 伊藤 いとう, いと …
        self._names = {n.text: n for n in self._name_list}
        self._rendaku: dict[tuple[str, str], tuple[int, int]] | None = None
        self._endings: dict[str, dict[str, int]] | None = None
        self._affixes: dict[tuple[str, str], dict[str, int]] | None = None

    def lookup_forms(self, forms):
        return {f: tuple(self._forms[f]) for f in set(forms) if f in self._forms}

    def entries(self, ids):
        return {i: self._entries[i] for i in ids if i in self._entries}

    def zipf(self, forms):
        return {f: self._zipf[f] for f in forms if f in self._zipf}

    def kanji(self, chars):
        return {c: self._kanji[c] for c in chars if c in self._kanji}

    def names(self, forms, readings=None):
        heard = {k: to_hiragana(v) for k, v in (readings or {}).items() if v}
        return {
            f: self._names[f]
            for f in forms
            if f in self._names and (f not in heard or to_hiragana(self._names[f].reading) == heard[f])
        }

    def name_readings(self, forms):
        found: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for n in self._name_list:
            if n.text in forms:
                found[n.text].append((n.reading, n.kinds))
        return {k: tuple(v) for k, v in found.items()}

    def name_kinds(self, forms):
        return {f: frozenset(self._names[f].kinds) for f in set(forms) if f in self._names}

    def rendaku(self, keys):
        # the evidence of the fake's own entries, counted as the shipped table is
        if self._rendaku is None:
            self._rendaku = rendaku_evidence(self._entries.values())
        return {k: self._rendaku[k] for k in set(keys) if k in self._rendaku}

    def endings(self, chars):
        # the evidence of the fake's own entries, each kanji read as its KANJIDIC readings give it
        if self._endings is None:
            self._endings = ending_evidence(self._entries.values(), self._kanji)
        return {c: self._endings[c] for c in set(chars) if c in self._endings}

    def affixes(self, keys):
        # the evidence of the fake's own entries, counted as the shipped table is
        if self._affixes is None:
            self._affixes = affix_evidence(self._entries.values())
        return {k: self._affixes[k] for k in set(keys) if k in self._affixes}


# ------------------------------------------------------------------------------------------ the real one


def _ro_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (percent-encoded, so any folder name works)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def data_path() -> Path:
    """Path of jamdict-data's SQLite file; a clear error when the package is missing.

    ``$TANGOCHO_JAMDICT_DB`` names another copy of that file (and lets tests simulate a missing one).
    """
    override = os.environ.get(DATA_ENV)
    if override:
        path = Path(override)
    else:
        try:
            import jamdict_data
        except ImportError:
            raise DictionaryError(
                f"JMdict data is not installed: install the {DATA_PACKAGE} package "
                f"(pip install '{DATA_PACKAGE_PIN}')"
            ) from None
        path = Path(jamdict_data.JAMDICT_DB_PATH)
    if not path.is_file() or path.stat().st_size < 1_000_000:
        raise DictionaryError(
            f"JMdict data file {path} is missing or incomplete: reinstall {DATA_PACKAGE} "
            f"(pip install --force-reinstall '{DATA_PACKAGE_PIN}')"
        )
    return path


@cache
def _package_version(name: str) -> str:
    """An installed distribution's version. Read from the name of its ``NAME-VERSION.dist-info`` folder
    (what pip installs) when there is one on ``sys.path``: importing ``importlib.metadata`` alone
    costs ≈20 ms of every warm build. Else (an egg, a zip) from ``importlib.metadata``."""
    wanted = re.sub(r"[-_.]+", "_", name).lower()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            stem, dot, suffix = entry.rpartition(".")
            project, dash, version = stem.partition("-")
            if suffix == "dist-info" and dash and re.sub(r"[-_.]+", "_", project).lower() == wanted:
                return version
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "0"


def cache_dir() -> Path:
    """``$TANGOCHO_CACHE_DIR``, else the user cache directory (platformdirs)."""
    env = os.environ.get("TANGOCHO_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tangocho", appauthor=False))


def _index_meta() -> dict[str, str]:
    """What a usable index must have been built from (stored in its ``meta`` table)."""
    meta = {
        "format": str(INDEX_FORMAT),
        DATA_PACKAGE: _package_version(DATA_PACKAGE),
        FREQUENCY_PACKAGE: _package_version(FREQUENCY_PACKAGE),
    }
    override = os.environ.get(DATA_ENV)
    if override:
        meta["source"] = str(Path(override).resolve())
    return meta


def index_path() -> Path:
    meta = _index_meta()
    name = f"jmdict-index-{meta[DATA_PACKAGE]}-wordfreq-{meta[FREQUENCY_PACKAGE]}-v{INDEX_FORMAT}"
    if "source" in meta:  # another copy of the data: its own index, never the package's
        name += "-" + hashlib.sha1(meta["source"].encode()).hexdigest()[:10]
    return cache_dir() / f"{name}.sqlite"


def _zipf(frequency: float) -> float:
    return round(math.log10(frequency * 1e9), 2)


# ------------------------------------------------------------------------------------ building the index

# Each entry becomes one JSON row [kanji forms, kana forms, senses], assembled by SQLite itself from
# jamdict-data's tables (with their idseq/kid/sid indexes): about 3× faster than grouping in Python, and
# it runs without the GIL, so the kanji and frequency tables are prepared in a thread meanwhile.
# Forms keep jamdict-data's order (kanji by ID, then kana by ID): lookup_forms returns entries in it.
# json('true') / json('false') are constants SQLite evaluates once, not a JSON parse per kana form.
_ENTRIES_SQL = """
INSERT INTO main.entries (id, data)
SELECT e.idseq, json_array(
    (SELECT json_group_array(json_array(
          k.text,
          (SELECT json_group_array(p.text) FROM src.KJP p WHERE p.kid = k.ID)))
       FROM src.Kanji k WHERE k.idseq = e.idseq),
    (SELECT json_group_array(json_array(
          k.text,
          (SELECT json_group_array(p.text) FROM src.KNP p WHERE p.kid = k.ID),
          CASE WHEN k.nokanji THEN json('true') ELSE json('false') END))
       FROM src.Kana k WHERE k.idseq = e.idseq),
    (SELECT json_group_array(json_array(
          (SELECT json_group_array(g.text) FROM src.SenseGloss g
            WHERE g.sid = s.ID AND (g.lang = 'eng' OR g.lang IS NULL)),
          (SELECT json_group_array(x.text) FROM src.pos x WHERE x.sid = s.ID),
          (SELECT json_group_array(x.text) FROM src.field x WHERE x.sid = s.ID),
          (SELECT json_group_array(x.text) FROM src.misc x WHERE x.sid = s.ID),
          COALESCE((SELECT json(x.readings) FROM temp.stagr_of x WHERE x.sid = s.ID), json_array())))
       FROM src.Sense s WHERE s.idseq = e.idseq))
FROM (SELECT idseq FROM src.Kanji WHERE idseq >= :lo AND idseq < :hi
      UNION SELECT idseq FROM src.Kana WHERE idseq >= :lo AND idseq < :hi) e
"""
_STAGR_SQL = """
CREATE TEMP TABLE stagr_of (sid INTEGER PRIMARY KEY, readings TEXT NOT NULL);
INSERT INTO temp.stagr_of SELECT sid, json_group_array(text) FROM src.stagr GROUP BY sid;
"""
_PART_SCHEMA = """
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;
CREATE TABLE main.entries (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
"""
ENTRY_PARTS = 2  # the entries are built in this many threads (SQLite runs without the GIL), one range each

_SCHEMA = """
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;
CREATE TABLE main.meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE main.forms (text TEXT NOT NULL, entry INTEGER NOT NULL);
CREATE TABLE main.entries (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE main.freq (text TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE main.kanji (literal TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
"""


def build_index(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Derive the lookup index from jamdict-data's SQLite into ``target`` (written atomically).

    Callers that may run concurrently go through ``ensure_index`` (which locks); this function alone
    is still safe to race: each build writes its own temporary file and renames it into place.
    """
    from concurrent.futures import ThreadPoolExecutor

    say = progress or (lambda message: None)
    say("building the dictionary index (first run only, a few seconds)")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # (named like the index's temporary file: a killed build's parts go with it, ensure_index)
    parts = [f"{tmp_name.removesuffix('.tmp')}.part{k}.tmp" for k in range(ENTRY_PARTS)]
    built: list[_Background] = []
    try:
        # Four jobs at once: the entries (the JSON of ~200,000 entries, most of the time) in ENTRY_PARTS
        # processes, each into a file of its own (threads would share SQLite's allocator lock: 1.65 s
        # for two halves against 1.0 s in two processes), the kanji and frequency tables in a thread,
        # the forms and their index here; then the entries' parts are copied into the index, in id order.
        ranges = _idseq_ranges(source, ENTRY_PARTS)
        # (the processes are started before any thread: a fork copies no lock another thread holds)
        built += [
            _Background(_entries_part, source, part, lo, hi)
            for part, (lo, hi) in zip(parts, ranges, strict=True)
        ]
        with ThreadPoolExecutor(max_workers=1) as pool:
            side = pool.submit(_side_tables, source)
            out = sqlite3.connect(Path(tmp_name).resolve().as_uri(), uri=True)
            try:
                # Output tables are always written main.*: SQLite names are case-insensitive, and the
                # attached source has a table Kanji too.
                out.executescript(_SCHEMA)
                out.execute("ATTACH DATABASE ? AS src", (_ro_uri(source),))
                out.execute("INSERT INTO main.forms SELECT text, idseq FROM src.Kanji ORDER BY ID")
                out.execute("INSERT INTO main.forms SELECT text, idseq FROM src.Kana ORDER BY ID")
                out.execute("CREATE INDEX main.forms_text ON forms(text)")
                out.commit()
                out.execute("DETACH DATABASE src")
                for part, job in zip(parts, built, strict=True):
                    job.wait()
                    out.execute("ATTACH DATABASE ? AS part", (_ro_uri(Path(part)),))
                    out.execute("INSERT INTO main.entries SELECT id, data FROM part.entries ORDER BY id")
                    out.commit()
                    out.execute("DETACH DATABASE part")
                kanji_rows, freq_rows = side.result()
                out.executemany("INSERT OR IGNORE INTO main.kanji VALUES (?, ?)", kanji_rows)
                # one JSON object made in the thread: SQLite reads it in a third of executemany's time
                out.execute(
                    "INSERT OR IGNORE INTO main.freq SELECT key, value FROM json_each(?)", (freq_rows,)
                )
                out.executemany("INSERT INTO main.meta VALUES (?, ?)", sorted(_index_meta().items()))
                out.commit()
            finally:
                out.close()
        _seal(tmp_name)
        os.replace(tmp_name, target)  # atomic: a reader sees the old index or the whole new one
        _mark_verified(target)  # just written and sealed: the first open need not check its pages
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    finally:
        for job in built:
            job.stop()
        for part in parts:
            Path(part).unlink(missing_ok=True)


class _Background:
    """``job(*args)`` in a forked process where the platform forks (Linux), else in a thread; ``wait``
    re-raises its exception here. For jobs that only write files: nothing comes back but success."""

    def __init__(self, job: Callable[..., None], *args):
        self._error: BaseException | None = None
        if sys.platform == "linux":
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            self._receive, send = ctx.Pipe(duplex=False)
            self._worker = ctx.Process(target=_report, args=(send, job, args), daemon=True)
            self._worker.start()
            send.close()
        else:
            self._receive = None
            self._worker = threading.Thread(target=self._run, args=(job, args), daemon=True)
            self._worker.start()

    def _run(self, job, args) -> None:
        try:
            job(*args)
        except BaseException as exc:  # handed to wait()
            self._error = exc

    def wait(self) -> None:
        if self._receive is not None:
            try:
                self._error = self._receive.recv()
            except EOFError:  # the process died without a word (killed)
                self._error = DictionaryError("building the dictionary index: a worker process was killed")
            self._worker.join()
        else:
            self._worker.join()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """Ends the job if it still runs (a build interrupted here): a process is killed."""
        if self._receive is not None and self._worker.is_alive():
            self._worker.kill()
            self._worker.join()


def _report(send, job: Callable[..., None], args) -> None:
    """The child's side of _Background: None when the job ran, else its exception."""
    try:
        job(*args)
        error = None
    except BaseException as exc:
        error = exc
    try:
        send.send(error)
    except Exception:  # an exception that does not pickle
        send.send(DictionaryError(f"building the dictionary index: {error!r}"))
    send.close()


def _idseq_ranges(source: Path, parts: int) -> list[tuple[int, int]]:
    """``parts`` ranges [lo, hi) of entry ids holding about as many senses each (a sense is most of
    an entry's work), together every entry."""
    src = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        (count,) = src.execute("SELECT count(*) FROM Sense").fetchone()
        cuts = [
            src.execute(
                "SELECT idseq FROM Sense ORDER BY idseq LIMIT 1 OFFSET ?", (count * k // parts,)
            ).fetchone()[0]
            for k in range(1, parts)
        ]
    finally:
        src.close()
    bounds = [-(2**62), *cuts, 2**62]
    return list(zip(bounds, bounds[1:], strict=False))


def _entries_part(source: Path, path: str, lo: int, hi: int) -> None:
    """The entries whose ids are in [lo, hi), as JSON, into a file of their own at ``path``."""
    db = sqlite3.connect(Path(path).resolve().as_uri(), uri=True)
    try:
        db.executescript(_PART_SCHEMA)
        db.execute("ATTACH DATABASE ? AS src", (_ro_uri(source),))
        # the senses' readings (stagr: ~1,400 rows) grouped once, looked up per sense in a small table
        db.executescript(_STAGR_SQL)
        db.execute(_ENTRIES_SQL, {"lo": lo, "hi": hi})
        db.commit()
    finally:
        db.close()


def _side_tables(source: Path) -> tuple[list[tuple[str, str]], str]:
    """Rows of the kanji table and the frequency table as one JSON object {word: Zipf} (run in a
    thread while SQLite builds the entries)."""
    src = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        kanji = _kanji_rows(src)
    finally:
        src.close()
    return kanji, json.dumps(dict(_frequency_rows()), ensure_ascii=False)


def _grouped(rows) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


def source_entries(path: Path | None = None) -> dict[int, Entry]:
    """Every JMdict entry of jamdict-data's SQLite (``data_path()``), read whole, in JMdict's order:
    forms with their priority tags, irregular spellings (KJI/KNI: 発註) and the kanji forms a kana form
    is restricted to (KNR), senses with their English glosses, parts of speech, fields and notes.

    For tools that go through the whole dictionary (scripts/make_vocab.py: ~190,000 entries, a few
    seconds); the pipeline asks the lookup index, which keeps neither irregular nor restricted forms."""
    db = sqlite3.connect(_ro_uri(path or data_path()), uri=True)
    try:
        kjp = _grouped(db.execute("SELECT kid, text FROM KJP"))
        knp = _grouped(db.execute("SELECT kid, text FROM KNP"))
        irregular_kanji = {kid for (kid,) in db.execute("SELECT kid FROM KJI")}
        irregular_kana = {kid for (kid,) in db.execute("SELECT kid FROM KNI")}
        restricted = _grouped(db.execute("SELECT kid, text FROM KNR"))
        kanji: dict[int, list[Form]] = defaultdict(list)
        kana: dict[int, list[Form]] = defaultdict(list)
        for kid, idseq, text in db.execute("SELECT ID, idseq, text FROM Kanji ORDER BY ID"):
            kanji[idseq].append(Form(text, tuple(kjp.get(kid, ())), irregular=kid in irregular_kanji))
        for kid, idseq, text, nokanji in db.execute("SELECT ID, idseq, text, nokanji FROM Kana ORDER BY ID"):
            kana[idseq].append(
                Form(
                    text,
                    tuple(knp.get(kid, ())),
                    kana_only=bool(nokanji),
                    irregular=kid in irregular_kana,
                    restricted=tuple(restricted.get(kid, ())),
                )
            )
        gloss = _grouped(db.execute("SELECT sid, text FROM SenseGloss WHERE lang = 'eng' OR lang IS NULL"))
        pos = _grouped(db.execute("SELECT sid, text FROM pos"))
        field = _grouped(db.execute("SELECT sid, text FROM field"))
        misc = _grouped(db.execute("SELECT sid, text FROM misc"))
        senses: dict[int, list[Sense]] = defaultdict(list)
        for sid, idseq in db.execute("SELECT ID, idseq FROM Sense ORDER BY ID"):
            senses[idseq].append(
                Sense(tuple(gloss.get(sid, ())), tuple(pos.get(sid, ())), tuple(field.get(sid, ())),
                      tuple(misc.get(sid, ())))
            )  # fmt: skip
    finally:
        db.close()
    return {
        idseq: Entry(idseq, tuple(kanji.get(idseq, ())), tuple(kana.get(idseq, ())), tuple(ss))
        for idseq, ss in senses.items()
    }


def _kanji_rows(src: sqlite3.Connection) -> list[tuple[str, str]]:
    # KANJIDIC2's reading/meaning tables have no index on gid: one grouped pass in Python (0.2 s) beats
    # SQLite's correlated subqueries here.
    readings: dict[int, dict[str, list]] = defaultdict(lambda: {"on": [], "kun": []})
    for cid, r_type, value in src.execute(
        "SELECT g.cid, r.r_type, r.value FROM reading r JOIN rm_group g ON g.ID = r.gid "
        "WHERE r.r_type IN ('ja_on', 'ja_kun')"
    ):
        readings[cid]["on" if r_type == "ja_on" else "kun"].append(value)
    meanings = _grouped(
        src.execute(
            "SELECT g.cid, m.value FROM meaning m JOIN rm_group g ON g.ID = m.gid "
            "WHERE m.m_lang = '' OR m.m_lang IS NULL OR m.m_lang = 'en'"
        )
    )
    rows = []
    for cid, literal, strokes, grade, jlpt in src.execute(
        "SELECT ID, literal, stroke_count, grade, jlpt FROM character"
    ):
        r = readings.get(cid, {"on": [], "kun": []})
        data = [meanings.get(cid, []), r["on"], r["kun"], grade or "", jlpt or "", strokes or 0]
        rows.append((literal, json.dumps(data, ensure_ascii=False)))
    return rows


def _frequency_rows() -> list[tuple[str, float]]:
    """wordfreq's Japanese table as (word, Zipf), sorted by word for a fast insert."""
    try:
        import wordfreq
    except ImportError:  # keyness then falls back to JMdict's news-frequency ranks
        return []
    # The list form is the dict form before it is expanded: one Zipf value per centibel bucket
    # (get_frequency_dict computes the same value once per word).
    zipf: dict[str, float] = {}
    for index, bucket in enumerate(wordfreq.get_frequency_list("ja", wordlist="large")):
        value = _zipf(wordfreq.cB_to_freq(-index))
        for word in bucket:
            zipf[word] = value
    return sorted(zipf.items())


_ROWS = "rows:"  # meta keys rows:TABLE = the row count of every table at build time


def _schema_tables() -> set[str]:
    return set(re.findall(r"CREATE TABLE main\.(\w+)", _SCHEMA))


def _seal(path: str) -> None:
    """Record every table's row count in ``meta``, once the whole index is written (checked on open)."""
    db = sqlite3.connect(Path(path).resolve().as_uri(), uri=True)
    try:
        _record_row_counts(db)
        db.commit()
    finally:
        db.close()


def _record_row_counts(db: sqlite3.Connection) -> None:
    tables = [
        name
        for (name,) in db.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        if name != "meta" and not name.startswith("sqlite_")
    ]
    counts = [(_ROWS + t, str(db.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0])) for t in tables]
    db.executemany("INSERT OR REPLACE INTO main.meta VALUES (?, ?)", counts)


def _intact(db: sqlite3.Connection, meta: dict[str, str]) -> bool:
    """Every table there, holding the rows it was built with, and SQLite's page check passes.

    About 35 ms for the counts and 100 ms for ``PRAGMA quick_check`` on the 65 MB index (warm cache,
    2 cores): done when the file is new or was changed since it was last found intact (``_verified``).
    """
    counts = {k[len(_ROWS) :]: v for k, v in meta.items() if k.startswith(_ROWS)}
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not (_schema_tables() - {"meta"}) <= set(counts) or not set(counts) <= tables:
        return False  # a table dropped, or an index from before row counts were recorded
    for table, count in counts.items():
        if not re.fullmatch(r"\w+", table) or not count.isdigit():
            return False
        if db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] != int(count):
            return False  # an emptied table gave a deck of 24 notes and exit status 0
    return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _verified_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _verified(path: Path) -> bool:
    """True when ``path`` was found intact and has not changed since (same size, time and inode)."""
    try:
        return json.loads(_verified_path(path).read_text(encoding="utf-8")) == _stamp(path)
    except (OSError, ValueError):
        return False


def _mark_verified(path: Path) -> None:
    try:
        _verified_path(path).write_text(json.dumps(_stamp(path)), encoding="utf-8")
    except OSError:  # a read-only cache: the full check then runs on every open
        pass


def _usable(path: Path) -> bool:
    """True when ``path`` is a whole, undamaged index built by this format from the installed data
    versions: meta matches, and (once per change of the file) every table has its recorded row count
    and the pages pass ``PRAGMA quick_check``."""
    if not path.is_file():
        return False
    try:
        db = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if not all(meta.get(key) == value for key, value in _index_meta().items()):
                return False
            if _verified(path):
                return True
            if not _intact(db, meta):
                return False
        finally:
            db.close()
    except sqlite3.DatabaseError:  # not a database, truncated ("malformed"), a table missing
        return False
    _mark_verified(path)
    return True


@contextmanager
def _file_lock(path: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """An exclusive lock between processes (a lock file beside the index); waits for the holder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        _acquire(handle, on_wait)
        try:
            yield
        finally:
            _release(handle)


def _acquire(handle, on_wait: Callable[[], None]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: poll for a lock on the file's first byte
        import msvcrt

        waited = False
        while True:
            handle.seek(0)
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if not waited:
                    on_wait()
                    waited = True
                time.sleep(0.2)
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        on_wait()
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _release(handle) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


_build_lock = threading.Lock()


def ensure_index(source: Path, path: Path, progress: Progress | None = None) -> None:
    """Build the index at ``path`` unless a usable one is there (missing, stale or corrupt: rebuilt).

    Two processes starting at once do not both build: the second waits on the lock file, then finds
    the first one's index usable.
    """
    if _usable(path):
        return
    say = progress or (lambda message: None)
    lock = path.with_name(path.name + ".lock")
    with (
        _build_lock,
        _file_lock(lock, lambda: say("waiting for another tangocho to build the dictionary index")),
    ):
        if _usable(path):
            return
        for stale in path.parent.glob(glob.escape(path.name) + ".*.tmp"):
            stale.unlink(missing_ok=True)  # left by a build that was killed (we hold the lock)
        build_index(source, path, progress)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """A query error that means a damaged file, not a bug (those are OperationalError/ProgrammingError
    with other messages)."""
    message = str(exc).lower()
    return type(exc) is sqlite3.DatabaseError or any(
        m in message for m in ("malformed", "not a database", "no such table")
    )


def _is_disk_full(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == 13 or "disk is full" in str(exc)  # SQLITE_FULL


def _disk_full(path: Path) -> DictionaryError:
    return DictionaryError(
        f"the disk is full: cannot write the dictionary index (about 70 MB) in {path.parent}; free some "
        f"space there, or set TANGOCHO_CACHE_DIR to a folder on another disk"
    )


class JMdictIndex(Dictionary):
    """The real dictionary: the cached index, built on first use."""

    def __init__(self, path: Path | None = None, progress: Progress | None = None):
        self._source = data_path()
        self.path = Path(path) if path else index_path()
        self._progress = progress
        self._rebuilt = False
        self._forms_cache: dict[str, tuple[int, ...]] = {}
        self._entries_cache: dict[int, Entry | None] = {}
        self._zipf_cache: dict[str, float | None] = {}
        self._kanji_cache: dict[str, Kanji | None] = {}
        self._name_readings_cache: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        self._name_kinds_cache: dict[str, tuple[str, ...]] = {}
        self._rendaku_cache: dict[tuple[str, str], tuple[int, int, int, int] | None] = {}
        self._endings_cache: dict[str, dict[str, int] | None] = {}
        self._affixes_cache: dict[tuple[str, str], dict[str, int] | None] = {}
        # the rows behind the entries and kanji remembered, as the memo file keeps them (JSON lists; an
        # entry's as tuples, which _entry takes as they are: ~4 ms of a warm seed build's 1,600 entries)
        self._entries_raw: dict[int, tuple | None] = {}
        self._kanji_raw: dict[str, list | None] = {}
        # id(cache) → the sets of keys this run asked (joined only when a memo is saved over its size)
        self._asked: defaultdict[int, list[set]] = defaultdict(list)
        self._memo_changed = False
        self._open()
        self._load_memo()

    def _open(self) -> None:
        try:
            ensure_index(self._source, self.path, self._progress)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise _disk_full(self.path) from exc
            raise DictionaryError(f"cannot write the dictionary index in {self.path.parent}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            if _is_disk_full(exc):
                raise _disk_full(self.path) from exc
            raise
        self._db = sqlite3.connect(_ro_uri(self.path), uri=True, check_same_thread=False)

    def after_fork(self) -> None:
        # An SQLite connection must not be used across fork(): new ones for this process. The inherited
        # ones stay open (closing them here could release the parent's locks); the process ends with them.
        self._inherited = (self._db, self.__dict__.pop("_names_db", None))
        self._db = sqlite3.connect(_ro_uri(self.path), uri=True, check_same_thread=False)

    def _repair(self, exc: sqlite3.DatabaseError) -> None:
        """A query found the index damaged (after it passed the checks on open): rebuild it, once."""
        if self._rebuilt:
            raise DictionaryError(
                f"the dictionary index {self.path} is damaged ({exc}) even after rebuilding it: check the "
                f"disk, or set TANGOCHO_CACHE_DIR to a folder on another one"
            ) from None
        self._rebuilt = True
        self._db.close()
        for damaged in (self.path, _verified_path(self.path)):
            damaged.unlink(missing_ok=True)
        self._open()

    def _batched(self, sql: str, keys: Iterable) -> list[tuple]:
        keys = list(dict.fromkeys(keys))
        while True:
            try:
                return select_in(self._db, sql, keys)
            except sqlite3.DatabaseError as exc:
                if not _is_corruption(exc):
                    raise
                self._repair(exc)

    # Look-ups are remembered for the life of the index (the file is read-only): the stages ask for
    # many of the same forms — the collector, then the sentence reader (reading.lexicon) and the cards —
    # and a form asked twice costs a dict look-up instead of a query. Results come in key order, as
    # SQLite's IN gives them (sorted), whatever was remembered. ``save_memo`` keeps them for the next
    # run in a file beside the index (the memo): a rebuild, or an article that shares most of its words
    # with the last ones, asks SQLite only for what is new (~100 ms of the seed's 0.5 s are queries).

    def _remembered(self, cache: dict, keys: Iterable, fetch) -> list:
        """The keys that have an answer (a truthy one, not None), in key order, once every key is in
        ``cache`` (the missing ones fetched, in key order). Only those are sorted: of the 8,600 forms the
        sentence reader asks for, some 800 are words."""
        keys = set(keys)
        self._asked[id(cache)].append(keys)
        missing = sorted(keys - cache.keys())  # (set operations, not a test a key: 37,000 keys a seed)
        if missing:
            cache.update(fetch(missing))
            # the entries and kanji caches hold objects made from the memo's rows: their fetch says
            # when it queried (a build whose words were all seen before writes no memo)
            if cache is not self._entries_cache and cache is not self._kanji_cache:
                self._memo_changed = True
        return sorted([k for k in keys if (v := cache[k]) is not None and v != ()])

    def _memos(self) -> dict[str, dict]:
        """The remembered look-ups by name, as the memo file holds them (JSON-like values)."""
        return {
            "forms": self._forms_cache,
            "entries": self._entries_raw,
            "zipf": self._zipf_cache,
            "kanji": self._kanji_raw,
            "name_readings": self._name_readings_cache,
            "name_kinds": self._name_kinds_cache,
            "rendaku": self._rendaku_cache,
            "endings": self._endings_cache,
            "affixes": self._affixes_cache,
        }

    def _memo_path(self) -> Path:
        return self.path.with_name(self.path.stem + ".memo")

    def _memo_key(self) -> str:
        """What the remembered answers depend on: the index file and the names' source (their sizes and
        times: a rebuild changes them), the shipped rendaku and endings tables (likewise), this module's
        code (the queries), the Python (marshal's format)."""
        index, names = self.path.stat(), self._source.stat()
        tables = ":".join(
            f"{st.st_size}:{st.st_mtime_ns}" for st in (package_path("data", f).stat() for f in TABLE_FILES)
        )
        code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()
        return (
            f"{MEMO_FORMAT}:{sys.version}:{self.path.name}:{index.st_size}:{index.st_mtime_ns}:"
            f"{self._source}:{names.st_size}:{names.st_mtime_ns}:{tables}:{code}"
        )

    def _load_memo(self) -> None:
        """The look-ups an earlier run saved, when they were made from these very files by this code;
        a missing, stale or unreadable memo is ignored (it is only a cache)."""
        try:
            data = marshal.loads(self._memo_path().read_bytes())
            if not isinstance(data, dict) or data.get("key") != self._memo_key():
                return
            memos = {name: data[name] for name in self._memos()}
            if not all(isinstance(m, dict) for m in memos.values()):
                return
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return
        for name, memo in self._memos().items():
            memo.update(memos[name])
        self._memo_changed = False

    def save_memo(self) -> None:
        """Keep this run's look-ups for the next (written only when something new was looked up): all
        remembered up to MEMO_KEYS answers, else those this run asked (none when even they are more — a
        corpus: its memo would cost more to load than the queries it saves)."""
        if not self._memo_changed:
            return
        memos = self._memos()
        if sum(len(m) for m in memos.values()) > MEMO_KEYS:
            memos = {
                name: {k: m[k] for k in set().union(*self._asked[id(self._cache_of(name))]) if k in m}
                for name, m in memos.items()
            }
            if sum(len(m) for m in memos.values()) > MEMO_KEYS:
                return
        try:
            data = marshal.dumps({"key": self._memo_key(), **memos})
            path = self._memo_path()
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, path)  # a reader finds the old memo or the whole new one
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return  # a cache: never worth failing a build
        self._memo_changed = False

    def _cache_of(self, name: str) -> dict:
        """The cache whose asked keys stand for memo ``name`` (entries and kanji keep objects apart)."""
        return {"entries": self._entries_cache, "kanji": self._kanji_cache}.get(name) or self._memos()[name]

    def lookup_forms(self, forms):
        def fetch(missing):
            found: dict[str, list[int]] = {k: [] for k in missing}
            for text, entry in self._batched(
                "SELECT text, entry FROM forms WHERE text IN ({marks})", missing
            ):
                if entry not in found[text]:
                    found[text].append(entry)
            return {k: tuple(v) for k, v in found.items()}

        keys = self._remembered(self._forms_cache, forms, fetch)
        return {k: self._forms_cache[k] for k in keys if self._forms_cache[k]}

    # The shipped tables' answers are remembered like the index's: a warm build reads neither table
    # (parsing rendaku.tsv and endings.tsv is ~10 ms; the seed asks ~1,500 of their keys).

    def rendaku(self, keys):
        return self._shipped_answers(self._rendaku_cache, keys, rendaku_table)

    def endings(self, chars):
        return self._shipped_answers(self._endings_cache, chars, endings_table)

    def affixes(self, keys):
        return self._shipped_answers(self._affixes_cache, keys, affixes_table)

    def _shipped_answers(self, cache, keys, table):
        """``keys`` looked up in a shipped table (``table()`` parses it), through the memo."""

        def fetch(missing):
            answers = table()
            return {k: answers.get(k) for k in missing}

        found = self._remembered(cache, keys, fetch)
        return {k: cache[k] for k in found}

    def entries(self, ids):
        def fetch(missing):
            raw = self._entries_raw
            asked = [i for i in missing if i not in raw]
            if asked:
                found: dict[int, tuple | None] = dict.fromkeys(asked)
                for i, data in self._batched("SELECT id, data FROM entries WHERE id IN ({marks})", asked):
                    found[i] = _tuples(json.loads(data))
                raw.update(found)
                self._memo_changed = True
            return {i: None if raw[i] is None else _entry(i, *raw[i]) for i in missing}

        keys = self._remembered(self._entries_cache, ids, fetch)
        return {k: e for k in keys if (e := self._entries_cache[k]) is not None}

    def zipf(self, forms):
        def fetch(missing):
            found = dict.fromkeys(missing)
            found.update(self._batched("SELECT text, zipf FROM freq WHERE text IN ({marks})", missing))
            return found

        keys = self._remembered(self._zipf_cache, forms, fetch)
        return {k: z for k in keys if (z := self._zipf_cache[k]) is not None}

    def kanji(self, chars):
        def fetch(missing):
            raw = self._kanji_raw
            asked = [c for c in missing if c not in raw]
            if asked:
                found: dict[str, list | None] = dict.fromkeys(asked)
                for literal, data in self._batched(
                    "SELECT literal, data FROM kanji WHERE literal IN ({marks})", asked
                ):
                    found[literal] = json.loads(data)
                raw.update(found)
                self._memo_changed = True
            result: dict[str, Kanji | None] = {}
            for c in missing:
                if raw[c] is None:
                    result[c] = None
                else:
                    meanings, on, kun, grade, jlpt, strokes = raw[c]
                    result[c] = Kanji(c, tuple(meanings), tuple(on), tuple(kun), grade, jlpt, strokes)
            return result

        keys = self._remembered(self._kanji_cache, chars, fetch)
        return {k: c for k in keys if (c := self._kanji_cache[k]) is not None}

    @cached_property
    def _names_db(self) -> sqlite3.Connection:
        return sqlite3.connect(_ro_uri(self._source), uri=True, check_same_thread=False)

    def name_kinds(self, forms):
        def fetch(missing):
            # A JMnedict reading (NEKana) is kana by definition: a form with kanji (無錫) is asked of the
            # kanji forms only — a third of the keys for the readings' query, which costs one index seek
            # a key.
            kana_forms = [f for f in missing if not has_kanji(f)]
            kinds: dict[str, set[str]] = {k: set() for k in missing}
            for table, keys in (("NEKanji", missing), ("NEKana", kana_forms)):
                for text, kind in select_in(
                    self._names_db,
                    f"SELECT f.text, y.text FROM {table} f JOIN NETranslation t ON t.idseq = f.idseq "
                    "JOIN NETransType y ON y.tid = t.ID WHERE f.text IN ({marks})",
                    keys,
                ):
                    kinds[text].add(kind)
            return {k: tuple(sorted(v)) for k, v in kinds.items()}

        keys = self._remembered(self._name_kinds_cache, forms, fetch)
        return {k: frozenset(v) for k in keys if (v := self._name_kinds_cache[k])}

    def names(self, forms, readings=None):
        forms = list(dict.fromkeys(forms))
        if not forms:
            return {}
        db = self._names_db
        result: dict[str, Name] = {}
        rows = [
            row
            for table in ("NEKanji", "NEKana")
            for row in select_in(db, f"SELECT text, idseq FROM {table} WHERE text IN ({{marks}})", forms)
        ]
        heard = {k: to_hiragana(v) for k, v in (readings or {}).items() if v}
        for text, idseq in rows:
            if text in result:
                continue
            kana = [r[0] for r in db.execute("SELECT text FROM NEKana WHERE idseq = ?", (idseq,))]
            if text in heard:
                # 長江 read ちょうこう in the article: not the given name おさえ JMnedict lists first
                kana = [k for k in kana if to_hiragana(k) == heard[text]]
                if not kana:
                    continue
            reading = kana[:1] or None
            kinds = [r[0] for r in db.execute(
                "SELECT DISTINCT y.text FROM NETranslation t JOIN NETransType y ON y.tid = t.ID "
                "WHERE t.idseq = ?",
                (idseq,),
            )]  # fmt: skip
            glosses = [r[0] for r in db.execute(
                "SELECT g.text FROM NETranslation t JOIN NETransGloss g ON g.tid = t.ID WHERE t.idseq = ?",
                (idseq,),
            )]  # fmt: skip
            result[text] = Name(text, reading[0] if reading else "", tuple(kinds), tuple(glosses))
        return result

    def name_readings(self, forms):
        def fetch(missing):
            found: dict[str, list[tuple[str, tuple[str, ...]]]] = {k: [] for k in missing}
            rows = select_in(
                self._names_db,
                "SELECT k.text, n.text, (SELECT group_concat(DISTINCT y.text) FROM NETranslation t "
                "JOIN NETransType y ON y.tid = t.ID WHERE t.idseq = k.idseq), "
                "EXISTS (SELECT 1 FROM NETranslation t JOIN NETransGloss g ON g.tid = t.ID "
                "WHERE t.idseq = k.idseq AND (g.text LIKE '%China%' OR g.text LIKE '%Taiwan%')) "
                "FROM NEKanji k JOIN NEKana n ON n.idseq = k.idseq WHERE k.text IN ({marks}) "
                "ORDER BY k.idseq, n.ID",
                missing,
            )
            for form, reading, kinds, china in rows:
                item = (reading, tuple(sorted((kinds or "").split(","))) if kinds else ())
                if china:  # 南京 なんきん "Nanking (China)", not the surname なんきょう
                    item = (reading, (*item[1], CHINA))
                if item not in found[form]:
                    found[form].append(item)
            return {k: tuple(v) for k, v in found.items()}

        keys = self._remembered(self._name_readings_cache, (f for f in forms if f), fetch)
        return {k: v for k in keys if (v := self._name_readings_cache[k])}


# ------------------------------------------------------------------------------- rendaku evidence

# Rendaku: the first kana of a word's reading voiced at the end of a compound (会社 かいしゃ in 親会社
# おやがいしゃ). Whether a word voices is a habit of that word (会社 does, 株 かぶ never does, 所 しょ is
# mixed), so the evidence is JMdict's own compounds that end in it: tangocho/data/rendaku.tsv, made by
# scripts/make_rendaku.py from the whole of JMdict (a data file: no cost at run time or at index build).
RENDAKU_FILE = "rendaku.tsv"
ENDINGS_FILE = "endings.tsv"  # how JMdict's compounds read the kanji they end in (ending_evidence)
AFFIXES_FILE = "affixes.tsv"  # what JMdict's compounds mean by the kanji at their ends (affix_evidence)
# what the memo's rendaku, endings and affixes answers come from
TABLE_FILES = (RENDAKU_FILE, ENDINGS_FILE, AFFIXES_FILE)
ENDINGS_LISTED = 10  # the table keeps the kanji that end this many JMdict compounds or more
AFFIXES_LISTED = 10  # … and the kanji that begin or end this many JMdict compounds or more
RENDAKU_LISTED = 5  # the table keeps the words that end this many JMdict compounds or more


def _kanji_readings(entry: Entry, form: str) -> list[str]:
    """The entry's readings of its kanji form ``form`` (hiragana): not kana-only ones, not irregular,
    not restricted to another kanji form (restrictions known only from ``source_entries``)."""
    return [
        to_hiragana(f.text)
        for f in entry.kana
        if not f.kana_only and not f.irregular and (not f.restricted or form in f.restricted)
    ]


def rendaku_evidence(entries: Iterable[Entry]) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """(N, reading) → (voiced, compounds, voiced after two, compounds after two): how many JMdict
    compounds written X+N (X ending in a kanji,
    N one of JMdict's kanji forms, as written) read N's part as ``reading`` or its first kana voiced
    (会社 かいしゃ: 保険会社 ほけんがいしゃ voiced, 合同会社 ごうどうかいしゃ not), and how many of them
    voice it with no other reading (派遣会社 has はけんかいしゃ and はけんがいしゃ: counted, not
    voiced; a は row turned ぱ after っ or ん, 一杯 いっぱい, counted, not voiced). Only readings whose
    first kana can be voiced (か…ほ rows). The last two count only the compounds whose X is two kanji or
    more (特許切れ, not 途切れ): a word voices more often after a Sino-Japanese word than after one kanji
    (切れ: 31 of 42 compounds, 10 of 12 after two kanji; 口: 109 of 144, 56 of 57)."""
    entries = list(entries)
    pairs: list[tuple[int, str, str]] = []  # (entry, kanji form, reading)
    own: dict[str, set[str]] = defaultdict(set)  # a kanji form → its readings
    for e in entries:
        for k in e.kanji:
            if k.irregular:
                continue
            for r in _kanji_readings(e, k.text):
                own[k.text].add(r)
                pairs.append((e.id, k.text, r))
    seen: dict[tuple[str, str], dict[int, set[bool]]] = defaultdict(lambda: defaultdict(set))
    after_two: dict[tuple[str, str], set[int]] = defaultdict(set)  # the compounds whose X is 2+ kanji
    for i, form, r in pairs:
        for a in range(1, len(form)):
            n = form[a:]
            if not is_kanji(form[a - 1]) or n not in own:
                continue
            for plain in own[n]:
                if plain[0] not in _VOICED or len(r) <= len(plain):
                    continue
                if r.endswith(plain):
                    seen[(n, plain)][i].add(False)
                elif r.endswith(_VOICED[plain[0]] + plain[1:]):
                    seen[(n, plain)][i].add(True)
                elif plain[0] in _SEMI and r.endswith(_SEMI[plain[0]] + plain[1:]):
                    seen[(n, plain)][i].add(False)  # 一杯 いっぱい: p after っ or ん, no rendaku
                else:
                    continue
                if a >= 2 and only_kanji(form[:a]):
                    after_two[(n, plain)].add(i)

    def counts(per: dict[int, set[bool]]) -> tuple[int, int]:
        return sum(1 for kinds in per.values() if kinds == {True}), len(per)

    return {
        key: counts(per) + counts({i: per[i] for i in after_two.get(key, ())}) for key, per in seen.items()
    }


def ending_evidence(entries: Iterable[Entry], kanji: Mapping[str, Kanji]) -> dict[str, dict[str, int]]:
    """Kanji → {reading: compounds}: of JMdict's compounds written in kanji alone that end in the kanji
    (two kanji or more, regular spellings), how many read it so — by one of its KANJIDIC readings, its
    first kana maybe voiced (物価 ぶっか: 価 か; 漁港 ぎょこう: 港 こう; 取引先 とりひきさき: 先 さき).
    The sentence reader takes the reading nearly all of them give a kanji that ends a compound JMdict
    lacks, where the tokenizer heard one almost none gives (総|価 heard あたい is そうか)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    readings: dict[str, list[str]] = {}
    for e in entries:
        for k in e.kanji:
            t = k.text
            if len(t) < 2 or k.irregular or not all(is_kanji(c) for c in t):
                continue
            n = t[-1]
            if n not in readings:
                known = kanji.get(n)
                own = [to_hiragana(r) for r in known.on] if known else []
                own += [to_hiragana(r.split(".")[0]).strip("-") for r in known.kun] if known else []
                readings[n] = sorted({r for r in own if r}, key=lambda r: (-len(r), r))
            for r in _kanji_readings(e, t):
                for plain in readings[n]:
                    tails = sound_variants(plain)
                    if any(len(r) > len(tail) and r.endswith(tail) for tail in tails):
                        out[n][plain] = out[n].get(plain, 0) + 1
                        break
    return dict(out)


@cache
def endings_table() -> dict[str, dict[str, int]]:
    """The shipped ending evidence (tangocho/data/endings.tsv, ``ending_evidence`` of JMdict)."""
    text = package_text("data", ENDINGS_FILE)
    table: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, reading, compounds = line.split("\t")
            table.setdefault(char, {})[reading] = int(compounds)
    return table


_GLOSS_WORD = re.compile(r"[a-z]+")
_GLOSS_STOP = frozenset("the and for with one one's oneself someone something etc".split())
AFFIX_PREFIX_MATCH = 4  # a gloss word this long also counts in longer ones: month in "monthly"


def affix_words(glosses: Iterable[str]) -> set[str]:
    """A gloss's words of three letters or more, a plural as its singular (materials → material)."""
    out = set()
    for g in glosses:
        for w in _GLOSS_WORD.findall(g.lower()):
            if len(w) > 2 and w not in _GLOSS_STOP:
                out.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def affix_evidence(entries: Iterable[Entry]) -> dict[tuple[str, str], dict[str, int]]:
    """(K, "first" | "last") → {word: compounds}: of JMdict's compounds written in kanji alone (two kanji
    or more, their first spelling) that begin or end in the kanji K, how many have each word of K's own
    senses' glosses (any JMdict entry spelt K) in the glosses of their first two senses — a word of
    AFFIX_PREFIX_MATCH letters or more also inside a longer one (month: 月給 "monthly salary"). A kanji
    that stands for a compound's part means what most of them say it does: 材 at the end is "material"
    (建材, 素材, 資材, 断熱材), seldom "wood" (木材), though "wood; lumber" is the first sense of 材; 月 at
    the start is "month" (月給, 月末, 月刊), not "Monday"."""
    entries = list(entries)
    own: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for k in e.kanji:
            if len(k.text) == 1 and is_kanji(k.text):
                own[k.text] |= affix_words(g for s in e.senses for g in s.glosses)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    compounds: dict[tuple[str, str], int] = defaultdict(int)
    for e in entries:
        if not e.kanji:
            continue
        t = e.kanji[0].text
        if len(t) < 2 or not only_kanji(t):
            continue
        words = affix_words(g for s in e.senses[:2] for g in s.glosses)
        # … and their beginnings: "month" is in "monthly"
        words |= {x[:i] for x in words for i in range(AFFIX_PREFIX_MATCH, len(x))}
        for char, end in ((t[0], "first"), (t[-1], "last")):
            if char not in own:
                continue
            compounds[(char, end)] += 1
            tally = counts[(char, end)]
            for w in own[char] & words:
                tally[w] = tally.get(w, 0) + 1
    # a word in one compound is chance, not what the kanji means there
    kept = {
        k: {w: n for w, n in v.items() if n > 1} for k, v in counts.items() if compounds[k] >= AFFIXES_LISTED
    }
    return {k: v for k, v in kept.items() if v}


@cache
def affixes_table() -> dict[tuple[str, str], dict[str, int]]:
    """The shipped affix evidence (tangocho/data/affixes.tsv, ``affix_evidence`` of JMdict)."""
    text = package_text("data", AFFIXES_FILE)
    table: dict[tuple[str, str], dict[str, int]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, end, word, compounds = line.split("\t")
            table.setdefault((char, end), {})[word] = int(compounds)
    return table


@cache
def rendaku_table() -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """The shipped rendaku evidence (tangocho/data/rendaku.tsv, ``rendaku_evidence`` of JMdict)."""
    text = package_text("data", RENDAKU_FILE)
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            form, reading, *counts = line.split("\t")
            table[(form, reading)] = tuple(int(c) for c in counts)
    return table


def _tuples(row: list):
    """A JSON row with every list in it a tuple (``tuple(t)`` of a tuple is ``t`` itself: no copy)."""
    return tuple(_tuples(x) if isinstance(x, list) else x for x in row)


# A warm seed build makes 1,600 entries with 7,500 forms and senses from the memo's rows. They are made
# here as pickle makes them, their fields put in their __dict__: a frozen dataclass's __init__ sets each
# field through object.__setattr__ (~0.6 µs a form against ~0.3; ~3 ms a build). test_dictionary
# checks they are the objects __init__ makes, field for field.
_new = object.__new__


def _form(text: str, priority: tuple[str, ...], kana_only: bool) -> Form:
    form = _new(Form)
    fields = form.__dict__
    fields["text"], fields["priority"], fields["kana_only"] = text, priority, kana_only
    fields["irregular"], fields["restricted"] = False, ()
    return form


def _sense(glosses: tuple, pos: tuple, fields: tuple, misc: tuple, readings: tuple = ()) -> Sense:
    sense = _new(Sense)
    own = sense.__dict__
    own["glosses"], own["pos"], own["fields"], own["misc"] = glosses, pos, fields, misc
    own["readings"] = readings
    return sense


def _entry(i: int, kanji: Sequence, kana: Sequence, senses: Sequence) -> Entry:
    """An entry from its row of the index (the JSON of _ENTRIES_SQL)."""
    entry = _new(Entry)
    fields = entry.__dict__
    fields["id"] = i
    fields["kanji"] = tuple([_form(t, tuple(p), False) for t, p in kanji])
    fields["kana"] = tuple([_form(t, tuple(p), bool(n)) for t, p, n in kana])
    fields["senses"] = tuple(
        [_sense(tuple(g), tuple(p), tuple(f), tuple(m), tuple(r)) for g, p, f, m, r in senses]
    )
    return entry


def open_dictionary(progress: Progress | None = None) -> Dictionary:
    """The real dictionary, building its cached index on first use."""
    try:
        return JMdictIndex(progress=progress)
    except sqlite3.DatabaseError as exc:
        raise DictionaryError(f"JMdict data is unreadable ({exc}): reinstall {DATA_PACKAGE_PIN}") from exc
