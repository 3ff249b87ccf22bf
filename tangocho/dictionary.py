"""JMdict, KANJIDIC2 and JMnedict lookups (the only module that touches the jamdict data).

``jamdict.Jamdict().lookup`` is too slow and too loose for a pipeline (≈20 ms a query, it also matches
English glosses and treats % _ @ as wildcards), so tangocho reads jamdict-data's SQLite once and derives a
compact lookup index from it, cached in the user cache directory and keyed by the data package's
version. Every later run opens that index (milliseconds) and asks for all of an article's candidate
forms in a few batched queries — never one query per token.

``JMdictIndex`` is the real dictionary; ``FakeDictionary`` serves unit tests from a handful of entries.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path

from .errors import DictionaryError
from .models import Entry, Form, Kanji, Name, Sense

INDEX_FORMAT = 3  # bump when the layout of the cached index changes
DATA_PACKAGE = "jamdict-data"
DATA_PACKAGE_PIN = "jamdict-data==1.5"
FREQUENCY_PACKAGE = "wordfreq"
_BATCH = 500

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

    def names(self, forms: Iterable[str]) -> dict[str, Name]:
        """JMnedict names (people, places, organisations) for the optional names list."""
        raise NotImplementedError


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
        self._names = {n.text: n for n in names}

    def lookup_forms(self, forms):
        return {f: tuple(self._forms[f]) for f in set(forms) if f in self._forms}

    def entries(self, ids):
        return {i: self._entries[i] for i in ids if i in self._entries}

    def zipf(self, forms):
        return {f: self._zipf[f] for f in forms if f in self._zipf}

    def kanji(self, chars):
        return {c: self._kanji[c] for c in chars if c in self._kanji}

    def names(self, forms):
        return {f: self._names[f] for f in forms if f in self._names}


# ------------------------------------------------------------------------------------------ the real one


def data_path() -> Path:
    """Path of jamdict-data's SQLite file; a clear error when the package is missing."""
    try:
        import jamdict_data
    except ImportError:
        raise DictionaryError(
            f"JMdict data is not installed: install the {DATA_PACKAGE} package (pip install '{DATA_PACKAGE_PIN}')"
        ) from None
    path = Path(jamdict_data.JAMDICT_DB_PATH)
    if not path.is_file() or path.stat().st_size < 1_000_000:
        raise DictionaryError(
            f"JMdict data file {path} is missing or incomplete: reinstall {DATA_PACKAGE} "
            f"(pip install --force-reinstall '{DATA_PACKAGE_PIN}')"
        )
    return path


def _package_version(name: str) -> str:
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


def index_path() -> Path:
    version = _package_version(DATA_PACKAGE)
    freq = _package_version(FREQUENCY_PACKAGE)
    return cache_dir() / f"jmdict-index-{version}-wordfreq-{freq}-v{INDEX_FORMAT}.sqlite"


def _zipf(frequency: float) -> float:
    return round(math.log10(frequency * 1e9), 2)


def build_index(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Derive the lookup index from jamdict-data's SQLite into ``target`` (written atomically)."""
    say = progress or (lambda message: None)
    say("building the dictionary index (once; about 5 s)")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        out = sqlite3.connect(tmp_name)
        out.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE forms (text TEXT NOT NULL, entry INTEGER NOT NULL);
            CREATE TABLE entries (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
            CREATE TABLE freq (text TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
            CREATE TABLE kanji (literal TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
            """
        )
        _copy_entries(src, out)
        say("dictionary index: kanji")
        _copy_kanji(src, out)
        say("dictionary index: frequencies")
        _copy_frequencies(out)
        out.execute("CREATE INDEX forms_text ON forms(text)")
        out.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("format", str(INDEX_FORMAT)), ("source", str(source)), (DATA_PACKAGE, _package_version(DATA_PACKAGE))],
        )
        out.commit()
        out.close()
        src.close()
        os.replace(tmp_name, target)  # atomic: two runs building at once both leave a whole index
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _grouped(rows) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


def _copy_entries(src: sqlite3.Connection, out: sqlite3.Connection) -> None:
    kjp = _grouped(src.execute("SELECT kid, text FROM KJP"))
    knp = _grouped(src.execute("SELECT kid, text FROM KNP"))
    kanji: dict[int, list] = defaultdict(list)
    kana: dict[int, list] = defaultdict(list)
    forms = []
    for kid, idseq, text in src.execute("SELECT ID, idseq, text FROM Kanji ORDER BY ID"):
        kanji[idseq].append([text, kjp.get(kid, [])])
        forms.append((text, idseq))
    for kid, idseq, text, nokanji in src.execute("SELECT ID, idseq, text, nokanji FROM Kana ORDER BY ID"):
        kana[idseq].append([text, knp.get(kid, []), bool(nokanji)])
        forms.append((text, idseq))
    pos = _grouped(src.execute("SELECT sid, text FROM pos"))
    field = _grouped(src.execute("SELECT sid, text FROM field"))
    misc = _grouped(src.execute("SELECT sid, text FROM misc"))
    gloss = _grouped(src.execute("SELECT sid, text FROM SenseGloss WHERE lang = 'eng' OR lang IS NULL"))
    senses: dict[int, list] = defaultdict(list)
    for sid, idseq in src.execute("SELECT ID, idseq FROM Sense ORDER BY ID"):
        senses[idseq].append([gloss.get(sid, []), pos.get(sid, []), field.get(sid, []), misc.get(sid, [])])
    out.executemany("INSERT INTO forms VALUES (?, ?)", forms)
    ids = sorted(set(kanji) | set(kana))
    out.executemany(
        "INSERT INTO entries VALUES (?, ?)",
        (
            (i, json.dumps([kanji.get(i, []), kana.get(i, []), senses.get(i, [])], ensure_ascii=False))
            for i in ids
        ),
    )


def _copy_kanji(src: sqlite3.Connection, out: sqlite3.Connection) -> None:
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
    out.executemany("INSERT OR IGNORE INTO kanji VALUES (?, ?)", rows)


def _copy_frequencies(out: sqlite3.Connection) -> None:
    try:
        import wordfreq
    except ImportError:  # keyness then falls back to JMdict's news-frequency ranks
        return
    table = wordfreq.get_frequency_dict("ja", wordlist="large")
    out.executemany(
        "INSERT OR IGNORE INTO freq VALUES (?, ?)", ((w, _zipf(f)) for w, f in table.items() if f > 0)
    )


_build_lock = threading.Lock()


class JMdictIndex(Dictionary):
    """The real dictionary: the cached index, built on first use."""

    def __init__(self, path: Path | None = None, progress: Progress | None = None):
        self._source = data_path()
        self.path = Path(path) if path else index_path()
        with _build_lock:
            if not self._usable(self.path):
                try:
                    build_index(self._source, self.path, progress)
                except OSError as exc:
                    raise DictionaryError(f"cannot write the dictionary index in {self.path.parent}: {exc}") from None
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    @staticmethod
    def _usable(path: Path) -> bool:
        if not path.is_file():
            return False
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError:
            return False
        return row is not None and row[0] == str(INDEX_FORMAT)

    def _batched(self, sql: str, keys: Iterable) -> list[tuple]:
        keys = list(dict.fromkeys(keys))
        rows: list[tuple] = []
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            rows.extend(self._db.execute(sql.format(marks=marks), chunk))
        return rows

    def lookup_forms(self, forms):
        found: dict[str, list[int]] = defaultdict(list)
        for text, entry in self._batched("SELECT text, entry FROM forms WHERE text IN ({marks})", forms):
            if entry not in found[text]:
                found[text].append(entry)
        return {k: tuple(v) for k, v in found.items()}

    def entries(self, ids):
        result = {}
        for i, data in self._batched("SELECT id, data FROM entries WHERE id IN ({marks})", ids):
            kanji, kana, senses = json.loads(data)
            result[i] = Entry(
                id=i,
                kanji=tuple(Form(t, tuple(p)) for t, p in kanji),
                kana=tuple(Form(t, tuple(p), bool(n)) for t, p, n in kana),
                senses=tuple(Sense(tuple(g), tuple(p), tuple(f), tuple(m)) for g, p, f, m in senses),
            )
        return result

    def zipf(self, forms):
        return dict(self._batched("SELECT text, zipf FROM freq WHERE text IN ({marks})", forms))

    def kanji(self, chars):
        result = {}
        for literal, data in self._batched("SELECT literal, data FROM kanji WHERE literal IN ({marks})", chars):
            meanings, on, kun, grade, jlpt, strokes = json.loads(data)
            result[literal] = Kanji(literal, tuple(meanings), tuple(on), tuple(kun), grade, jlpt, strokes)
        return result

    @cached_property
    def _names_db(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self._source}?mode=ro", uri=True, check_same_thread=False)

    def names(self, forms):
        forms = list(dict.fromkeys(forms))
        if not forms:
            return {}
        db = self._names_db
        result: dict[str, Name] = {}
        rows: list[tuple] = []
        for start in range(0, len(forms), _BATCH):
            chunk = forms[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            rows.extend(
                db.execute(
                    f"SELECT text, idseq FROM NEKanji WHERE text IN ({marks}) "
                    f"UNION ALL SELECT text, idseq FROM NEKana WHERE text IN ({marks})",
                    chunk + chunk,
                )
            )
        for text, idseq in rows:
            if text in result:
                continue
            reading = db.execute("SELECT text FROM NEKana WHERE idseq = ? LIMIT 1", (idseq,)).fetchone()
            kinds = [r[0] for r in db.execute(
                "SELECT DISTINCT y.text FROM NETranslation t JOIN NETransType y ON y.tid = t.ID WHERE t.idseq = ?",
                (idseq,),
            )]  # fmt: skip
            glosses = [r[0] for r in db.execute(
                "SELECT g.text FROM NETranslation t JOIN NETransGloss g ON g.tid = t.ID WHERE t.idseq = ?",
                (idseq,),
            )]  # fmt: skip
            result[text] = Name(text, reading[0] if reading else "", tuple(kinds), tuple(glosses))
        return result


def open_dictionary(progress: Progress | None = None) -> Dictionary:
    """The real dictionary, building its cached index on first use."""
    try:
        return JMdictIndex(progress=progress)
    except sqlite3.DatabaseError as exc:
        raise DictionaryError(f"JMdict data is unreadable ({exc}): reinstall {DATA_PACKAGE_PIN}") from None
