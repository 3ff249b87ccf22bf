"""Word lists users customise (``vocab/*.txt``) and known-word sources (.apkg, Anki text exports).

List format: plain UTF-8, one word per line, optionally a TAB and its reading; ``#`` starts a comment.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WordListError
from .kana import is_kana


@dataclass(frozen=True)
class WordList:
    """Words (and optional readings) from one or more files."""

    name: str
    words: frozenset[str] = frozenset()
    readings: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __or__(self, other: WordList) -> WordList:
        return WordList(self.name, self.words | other.words, {**self.readings, **other.readings})


EMPTY = WordList("empty")


def parse_list(text: str, path: str, name: str) -> WordList:
    words: set[str] = set()
    readings: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        word = parts[0].strip()
        if not word:
            raise WordListError(path, number, "line starts with a TAB: the word is missing")
        if len(parts) > 2:
            raise WordListError(path, number, "too many TAB-separated columns (expected: word[TAB reading])")
        if " " in word or "\u3000" in word:
            raise WordListError(
                path, number, f"'{word}' contains a space (separate word and reading with a TAB)"
            )
        if len(parts) == 2:
            reading = parts[1].strip()
            if reading and not is_kana(reading):
                raise WordListError(path, number, f"reading '{reading}' is not kana")
            if reading:
                readings[word] = reading
        words.add(word)
    return WordList(name, frozenset(words), readings)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WordListError(str(path), 0, "no such file") from None
    except OSError as exc:
        raise WordListError(str(path), 0, f"cannot read ({exc.strerror})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WordListError(str(path), line, "not UTF-8 text") from exc


def load_list(path: str | Path, name: str | None = None) -> WordList:
    path = Path(path)
    if path.suffix.lower() in (".apkg", ".colpkg"):
        return _load_apkg(path, name or path.stem)
    text = _read_text(path)
    if _looks_like_anki_export(text):
        return _load_anki_text_export(text, name or path.stem)
    return parse_list(text, str(path), name or path.stem)


def _looks_like_anki_export(text: str) -> bool:
    return text.startswith("#separator:") or text.startswith("#html:")


# Anki's furigana syntax (its own regex): " 封[ふう]じ 込[こ]め" → "封じ込め", the space goes too.
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_HEADER_COLUMN = re.compile(r"#(guid|notetype|deck|tags) column:(\d+)\s*$")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


def _first_field(value: str) -> str:
    value = _FURIGANA.sub(r"\1", value)
    value = re.sub(r"<[^>]*>", "", value)
    return html.unescape(value).strip()


def _load_anki_text_export(text: str, name: str) -> WordList:
    """Anki's "Notes in Plain Text": ``#`` header lines, then one note a row; the first field is the word.

    The header names the separator and the columns that are not fields (``#guid column:1``,
    ``#notetype column:2``, ``#deck column:3``, ``#tags column:6``); fields holding the separator are
    quoted CSV-style, a quote doubled inside (``"a<TAB>b"``).
    """
    separator = "\t"
    not_fields: set[int] = set()
    lines = text.splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        line = lines[start].strip()
        start += 1
        if line.startswith("#separator:"):
            sep = line.split(":", 1)[1].strip()
            separator = _SEPARATORS.get(sep.lower(), sep)
        m = _HEADER_COLUMN.match(line)
        if m:
            not_fields.add(int(m.group(2)) - 1)
    if len(separator) != 1:
        separator = "\t"
    words = set()
    for row in csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=separator, quotechar='"'):
        fields = [value for column, value in enumerate(row) if column not in not_fields]
        word = _first_field(fields[0]) if fields else ""
        if word:
            words.add(word)
    return WordList(name, frozenset(words))


def _load_apkg(path: Path, name: str) -> WordList:
    """The first field of every note of an Anki package."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            member = next((n for n in ("collection.anki21", "collection.anki2") if n in names), None)
            # Anki 2.1.50+ writes its notes zstd-compressed in collection.anki21b and leaves in
            # collection.anki2 one note that reads "Please update to the latest Anki version…".
            if member is None or "collection.anki21b" in names:
                raise WordListError(
                    str(path),
                    0,
                    "this .apkg uses a format tangocho cannot read; export it with "
                    "'Support older Anki versions' ticked, or as Notes in Plain Text",
                )
            with tempfile.TemporaryDirectory() as tmp:
                archive.extract(member, tmp)
                db = sqlite3.connect(Path(tmp) / member)
                try:
                    rows = db.execute("SELECT flds FROM notes").fetchall()
                finally:
                    db.close()
    except (zipfile.BadZipFile, sqlite3.DatabaseError):
        raise WordListError(str(path), 0, "not a valid Anki package") from None
    except FileNotFoundError:
        raise WordListError(str(path), 0, "no such file") from None
    words = {_first_field(flds.split("\x1f", 1)[0]) for (flds,) in rows}
    return WordList(name, frozenset(w for w in words if w))
