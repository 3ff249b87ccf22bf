"""Load input texts (files, folders, stdin), decode them and split them into sentences.

Large files are streamed: ``load`` returns an article and an iterator of lines, so a 50 MB text is
never held in memory whole (HTML pages are parsed whole: they are small).
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .errors import BinaryInput, EmptyInput, InputError, InputNotFound, UnsupportedInput
from .models import Article

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
STDIN = "-"

_SAMPLE_BYTES = 256 * 1024
_CHUNK_BYTES = 1024 * 1024
_MAX_LINE = 20_000  # a "line" longer than this (no line breaks at all) is cut into pieces

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Half-width katakana (ﾊｲﾃｸ → ハイテク) and full-width Latin letters and digits (ＡＩ → AI).
# Full-width punctuation (「（！？」…) is ordinary Japanese typography and stays as it is.
_TO_NORMALISE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f]+")


@dataclass(frozen=True)
class Source:
    """One input: a file path or stdin."""

    path: str  # "-" for stdin

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path


def find_sources(paths: Iterable[str]) -> list[Source]:
    """Expand folders into their supported files (sorted); check every path exists."""
    sources: list[Source] = []
    for raw in paths:
        if raw == STDIN:
            sources.append(Source(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            found = [p for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not found:
                raise InputNotFound(f"{raw}: no .txt, .md or .html files in this folder")
            sources.extend(Source(str(p)) for p in found)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UnsupportedInput(f"{raw}: unsupported file type (use .txt, .md, .html or .htm)")
            sources.append(Source(str(path)))
        elif path.exists():
            raise UnsupportedInput(f"{raw}: not a regular file")
        else:
            raise InputNotFound(f"{raw}: no such file or folder")
    return sources


def normalise(text: str) -> str:
    """Fold half-width katakana and full-width alphanumerics (ﾊｲﾃｸ → ハイテク, ＡＩ → AI)."""
    return _TO_NORMALISE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


# ---------------------------------------------------------------------------------------------- decoding


def _open_binary(source: Source) -> BinaryIO:
    if source.path == STDIN:
        return sys.stdin.buffer
    try:
        return open(source.path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise InputNotFound(f"{source.path}: no such file or folder") from None
    except IsADirectoryError:
        raise UnsupportedInput(f"{source.path}: not a regular file") from None
    except OSError as exc:
        raise InputError(f"{source.path}: cannot read ({exc.strerror})") from None


def detect_encoding(sample: bytes, name: str) -> str:
    """Name the encoding of ``sample`` (the start of a file)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" in sample:
            raise BinaryInput(f"{name}: binary file, not text")
        return "utf-8"
    if sample.startswith(b"\x1b$") or b"\x1b$B" in sample[:4096]:
        return "iso2022_jp"
    import charset_normalizer

    best = charset_normalizer.from_bytes(
        sample, cp_isolation=["cp932", "shift_jis", "euc_jp", "iso2022_jp", "utf_16", "utf_8", "gb18030"]
    ).best()
    if best is None:
        raise BinaryInput(f"{name}: binary file, not text")
    encoding = best.encoding
    if b"\x00" in sample and not encoding.startswith("utf_16"):
        raise BinaryInput(f"{name}: binary file, not text")
    return {"shift_jis": "cp932"}.get(encoding, encoding)


def _decoded_chunks(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[str]:
    sample = stream.read(_SAMPLE_BYTES)
    if not sample:
        raise EmptyInput(f"{name}: empty input")
    if encoding is None:
        encoding = detect_encoding(sample, name)
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise InputError(f"unknown encoding: {encoding}") from None
    data = sample
    while data:
        try:
            yield decoder.decode(data, final=False)
        except UnicodeDecodeError as exc:
            raise BinaryInput(f"{name}: cannot be decoded as {encoding} ({exc.reason})") from None
        data = stream.read(_CHUNK_BYTES)
    try:
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise BinaryInput(f"{name}: cannot be decoded as {encoding} ({exc.reason})") from None


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split decoded chunks into lines without holding more than one chunk."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        *complete, pending = re.split(r"\r\n|\r|\n|\u2028|\u2029", pending)
        yield from complete
        while len(pending) > _MAX_LINE:
            yield pending[:_MAX_LINE]
            pending = pending[_MAX_LINE:]
    if pending:
        yield pending


# ------------------------------------------------------------------------------------------------- HTML


class _HTMLText(HTMLParser):
    """Visible text of a page: scripts, styles and navigation dropped; blocks become lines."""

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form"}
    BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "blockquote", "pre", "dd", "dt", "main", "figcaption",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, visible text) of an HTML page."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", text)
    return " ".join(parser.title.split()), text


# ------------------------------------------------------------------------------------------------- load


def _title_from_line(line: str) -> str:
    line = line.strip().lstrip("#").strip()
    # A breadcrumb line "トップ > 科学技術トピック > 第168号 > 見出し" names the article last.
    if line.count(">") >= 2:
        line = line.rsplit(">", 1)[-1].strip()
    return line[:120]


def load(source: Source, encoding: str | None = None) -> tuple[Article, Iterator[str]]:
    """Open one input; return its article (title, date) and an iterator over its normalised lines.

    Raises ``InputError`` subclasses for missing, empty, binary or undecodable input. The caller
    checks for "no Japanese" once the lines are consumed (see ``split_sentences``).
    """
    stream = _open_binary(source)
    name = source.name
    try:
        chunks = _decoded_chunks(stream, name, encoding)
        first = next(chunks)
    except BaseException:
        if source.path != STDIN:
            stream.close()
        raise
    suffix = Path(source.path).suffix.lower() if source.path != STDIN else ""
    stem = Path(source.path).stem if source.path != STDIN else "stdin"

    if suffix in HTML_SUFFIXES or (suffix == "" and re.match(r"\s*<(!doctype html|html)", first, re.I)):
        try:
            html = first + "".join(chunks)
        finally:
            if source.path != STDIN:
                stream.close()
        title, body = html_to_text(html)
        lines = [normalise(line) for line in body.split("\n")]
        head = [line for line in lines[:40] if line.strip()]
        article = Article(source=name, title=normalise(title) or _first_title(head) or stem, date=_date(head))
        return article, iter(lines)

    # Plain text / Markdown: peek at the first lines for the title and the date, then stream the rest.
    line_iter = _lines(_chain_first(first, chunks))
    head: list[str] = []
    for line in line_iter:
        head.append(normalise(line))
        if len(head) >= 12:
            break
    nonblank = [line for line in head if line.strip()]
    article = Article(source=name, title=_first_title(nonblank) or stem, date=_date(nonblank))

    def rest() -> Iterator[str]:
        try:
            yield from head
            for line in line_iter:
                yield normalise(line)
        finally:
            if source.path != STDIN:
                stream.close()

    return article, rest()


def _chain_first(first: str, chunks: Iterator[str]) -> Iterator[str]:
    yield first
    yield from chunks


def _first_title(lines: list[str]) -> str:
    for line in lines:
        title = _title_from_line(line)
        if title:
            return title
    return ""


def _date(lines: list[str]) -> str:
    for line in lines:
        m = _DATE.search(line)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return ""


def load_text(text: str, title: str = "text") -> tuple[Article, Iterator[str]]:
    """An article from a string (for the library API and tests)."""
    lines = [normalise(line) for line in io.StringIO(text).read().splitlines()]
    nonblank = [line for line in lines if line.strip()]
    return Article(source=title, title=title, date=_date(nonblank[:12])), iter(lines)


# --------------------------------------------------------------------------------------------- sentences

_ENDERS = "。！？!?"
_OPEN = "「『（(【〈《"
_CLOSE = "」』）)】〉》"


def split_sentences(lines: Iterable[str]) -> Iterator[str]:
    """Split lines into sentences at 。！？ and at line breaks.

    A quote stays with its sentence: 「二つの試練」に直面する。 is one sentence, and so is
    彼は「無理だ。やめる。」と言った。 (the 。 inside 「…」 does not end it). Whitespace-only
    sentences are dropped.
    """
    for line in lines:
        depth = 0
        start = 0
        for i, ch in enumerate(line):
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif ch in _ENDERS and depth == 0:
                # keep runs of enders together: 本当に！？
                if i + 1 < len(line) and line[i + 1] in _ENDERS:
                    continue
                piece = line[start : i + 1].strip(" \t\u3000")
                if piece:
                    yield piece
                start = i + 1
        piece = line[start:].strip(" \t\u3000")
        if piece:
            yield piece

