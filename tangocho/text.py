"""Load input texts (files, folders, stdin, URLs, EPUB and PDF), decode them and split them into sentences.

Large files are streamed: ``load`` returns an article and an iterator of lines, so a 50 MB text is
never held in memory whole (HTML pages, EPUB and PDF files are parsed whole: they are small).
Each kind of input has its module, imported only when such an input is read: ``web`` (fetching a URL),
``extract`` (the article in an HTML page, trafilatura), ``epub`` (ebooklib), ``pdf`` (pypdf).
The author's ruby readings travel inside the lines as ``ruby`` markers.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from . import ruby
from .errors import BinaryInput, EmptyInput, InputError, InputNotFound, NoArticleText, UnsupportedInput
from .kana import KANJI_RUN
from .models import Article

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
EPUB_SUFFIXES = (".epub",)
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + EPUB_SUFFIXES + PDF_SUFFIXES
STDIN = "-"
_SUPPORTED = ".txt, .md, .html, .htm, .epub or .pdf"
_URL = re.compile(r"https?://[^\s/?#]+", re.I)
ANCHOR = "\ufdd0"  # a noncharacter: starts the line html_to_text puts where an anchor stands
_TITLE_SEPARATORS = re.compile(r"\s*[|｜]\s*|\s+[-–—:：]\s+|\s*[【】]\s*")

_SAMPLE_BYTES = 256 * 1024
_CHUNK_BYTES = 1024 * 1024
_MAX_LINE = 20_000  # a "line" longer than this (no line breaks at all) is cut into pieces

# Japanese: kana (half-width too), or kanji — kana.KANJI_RUN's, whose class counts the marks 々 〆 as
# kanji, which alone are no Japanese. (The wide kanji class compiled once for the package: ~2 ms a start.)
_KANA_CHARS = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_KANJI_MARKS = frozenset("\u3005\u3006")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Half-width katakana (ﾊｲﾃｸ → ハイテク) and full-width Latin letters and digits (ＡＩ → AI).
# Full-width punctuation (「（！？」…) is ordinary Japanese typography and stays as it is.
_TO_NORMALISE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


def is_url(text: str) -> bool:
    """``https://…`` or ``http://…`` with a host: read from the web, not from disk."""
    return _URL.match(text) is not None


@dataclass(frozen=True)
class Source:
    """One input: a file path, stdin or a URL."""

    path: str  # "-" for stdin, "https://…" for a web page

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path

    @property
    def kind(self) -> str:
        """The input's kind: url, stdin, html, epub, pdf or text (.txt, .md, a pipe: HTML by its start)."""
        if self.path == STDIN:
            return "stdin"
        if is_url(self.path):
            return "url"
        suffix = Path(self.path).suffix.lower()
        for kind, suffixes in (("html", HTML_SUFFIXES), ("epub", EPUB_SUFFIXES), ("pdf", PDF_SUFFIXES)):
            if suffix in suffixes:
                return kind
        return "text"


def find_sources(paths: Iterable[str]) -> list[Source]:
    """Expand folders into their supported files (sorted); check every path exists.

    A file named twice (``seeds seeds/a.txt``) is read once. A pipe or a terminal is read as text
    whatever its name: ``tangocho build <(curl …)`` passes /dev/fd/63. A URL is fetched later, by
    ``load``.
    """
    sources: list[Source] = []
    for raw in paths:
        if raw == STDIN or is_url(raw):
            sources.append(Source(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            # hidden files and a folder's own README are not articles (seeds/README.md names the sources)
            found = [
                p
                for p in found
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.stem.lower() != "readme"
            ]
            if not found:
                raise InputNotFound(f"{raw}: no {_SUPPORTED.replace(', .htm,', ',')} files in this folder")
            sources.extend(Source(str(p)) for p in found)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UnsupportedInput(f"{raw}: unsupported file type (use {_SUPPORTED})")
            sources.append(Source(str(path)))
        elif path.exists():
            if not (path.is_fifo() or path.is_char_device()):
                raise UnsupportedInput(f"{raw}: not a regular file")
            sources.append(Source(str(path)))
        else:
            raise InputNotFound(f"{raw}: no such file or folder")
    seen: set[str] = set()
    unique = []
    for source in sources:
        key = source.path if source.kind in ("stdin", "url") else os.path.realpath(source.path)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def normalise(text: str) -> str:
    """Fold half-width katakana and full-width alphanumerics (ﾊｲﾃｸ → ハイテク, ＡＩ → AI).

    Control characters become spaces and invisible ones go (a zero-width space in 産業\u200b開発区 or a
    byte order mark where two files were joined would split a word). The result is NFC, the form Anki
    stores: か + U+3099 → が, and a combining mark never composes later with markup put beside it.
    """
    text = _CONTROLS.sub(" ", _INVISIBLE.sub("", text))
    text = _TO_NORMALISE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", text)


def has_japanese(text: str) -> bool:
    """Any kana or kanji (U+3040–U+30FF, U+FF66–U+FF9F, U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF)."""
    return _KANA_CHARS.search(text) is not None or any(
        not _KANJI_MARKS.issuperset(run) for run in KANJI_RUN.findall(text)
    )


# ---------------------------------------------------------------------------------------------- decoding


def _open_binary(source: Source) -> BinaryIO:
    if source.path == STDIN:
        if sys.stdin is None:  # started with standard input closed
            raise InputNotFound("<stdin>: standard input is closed")
        return sys.stdin.buffer
    try:
        return open(source.path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise InputNotFound(f"{source.path}: no such file or folder") from None
    except IsADirectoryError:
        raise UnsupportedInput(f"{source.path}: not a regular file") from None
    except OSError as exc:
        raise InputError(f"{source.path}: cannot read ({exc.strerror})") from exc


# C0 controls that text never holds (\t \n \f \r are layout; ESC starts ISO-2022-JP's shifts)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D", b"\x1b$(Q", b"\x1b$(O")


def _decodes(sample: bytes, encoding: str) -> str | None:
    """``sample`` decoded, or None; a character cut off at the end of the sample is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text[:65536])) > max(2, len(text[:65536]) // 100)


def _japanese_score(text: str) -> int:
    """How much ``text`` reads as Japanese: kana and kanji count for, half-width katakana against.

    EUC-JP decoded as CP932 gives half-width katakana and no hiragana (EUC あ = A4 A2 → ､｢), and
    CP932 decoded as EUC-JP mostly fails; real CP932 text is hiragana-rich.
    """
    score = 0
    for ch in text:
        o = ord(ch)
        if 0x3041 <= o <= 0x30FF:
            score += 2
        elif 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F:
            score += 1
        elif 0xFF61 <= o <= 0xFF9F:
            score -= 3
        elif 0xE000 <= o <= 0xF8FF or o < 0x20 and ch not in "\t\n\r\f":
            score -= 5
    return score


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a byte order mark: NUL bytes fall on one side (ASCII ``A`` is 41 00 in LE).

    Only tried when the sample has NUL bytes, which no 8-bit or multibyte Japanese encoding produces.
    """
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    candidates = ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    for encoding in candidates:
        text = _decodes(sample[: len(sample) // 2 * 2], encoding)
        if text is None or not text.strip():
            continue
        plausible = sum(
            1 for ch in text if ch.isprintable() or ch in "\t\n\r\f" or 0x3000 <= ord(ch) <= 0x9FFF
        )
        if plausible >= 0.97 * len(text) and not _looks_binary(text):
            return encoding
    return None


def _utf8_flaw(sample: bytes) -> UnicodeDecodeError | None:
    """The first bad byte of a sample that is UTF-8 Japanese but for a few bad bytes (at most one
    character in a hundred replaced: Shift_JIS or EUC-JP read as UTF-8 fails on nearly every kanji)."""
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    bad = text.count("\ufffd")
    if not bad or bad * 100 > len(text) or not has_japanese(text.replace("\ufffd", "")):
        return None
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=False)
    except UnicodeDecodeError as exc:
        return exc
    return None


def detect_encoding(sample: bytes, name: str) -> str:
    """Name the encoding of ``sample`` (the start of a file, possibly cut mid-character).

    In order: a byte order mark; NUL bytes (UTF-16 without a BOM, else a binary file); ISO-2022-JP's
    escape sequences (7-bit, so it would pass for UTF-8); UTF-8; an HTML page's ``<meta charset>``;
    then whichever of CP932 (Shift_JIS) and EUC-JP decodes the sample and reads most like Japanese.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with the UTF-16 LE mark
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if sample.startswith(bom):
            return encoding
    binary = BinaryInput(f"{name}: binary file, not text")
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise binary
        return encoding
    if b"\x1b" in sample and max(sample) < 0x80 and any(e in sample for e in _ISO2022_ESCAPES):
        # 無錫 is ESC $ B L5 Z+ ESC ( B in ISO-2022-JP; iso2022_jp_2 also reads JIS X 0212 (煒).
        for encoding in ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext"):
            if _decodes(sample, encoding) is not None:
                return encoding
    text = _decodes(sample, "utf-8")
    if text is not None:
        if _looks_binary(text):
            raise binary
        return "utf-8"
    flaw = _utf8_flaw(sample)
    if flaw is not None:  # UTF-8 Japanese but for a few bad bytes: say where, not "binary"
        raise BinaryInput(
            f"{name}: not utf-8 text (byte {flaw.start}: {flaw.reason}); name its encoding with --encoding"
        )
    meta = _META_CHARSET.search(sample[:8192])
    if meta:
        declared = meta.group(1).decode("ascii").lower()
        declared = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932"}.get(
            declared, declared
        )
        if _decodes(sample, declared) is not None:
            return declared
    scored = []
    for encoding in ("cp932", "euc_jp"):
        text = _decodes(sample, encoding)
        if text is not None and not _looks_binary(text):
            scored.append((_japanese_score(text), encoding))
    if scored:
        return max(scored)[1]
    # Not Japanese in any encoding we know: let charset_normalizer name it (a Latin-1 page then reports
    # "no Japanese text" rather than "binary"); it returns None for bytes that are no text at all.
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    if best is None or _looks_binary(str(best)):
        raise binary
    return best.encoding


def _decoded_chunks(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[str]:
    sample = stream.read(_SAMPLE_BYTES)
    if not sample:
        raise EmptyInput(f"{name}: empty input")
    forced = encoding is not None
    if encoding is None:
        encoding = detect_encoding(sample, name)
    elif encoding.replace("_", "-").lower() == "utf-16" and not sample.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        # --encoding utf-16 on a file without a byte order mark: find the byte order (Windows: LE)
        encoding = _utf16_without_bom(sample) or "utf-16-le"
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise InputError(f"unknown encoding: {encoding}") from None
    data = sample
    offset = 0  # bytes decoded before ``data``
    while data:
        try:
            yield decoder.decode(data, final=False)
        except UnicodeError as exc:  # UTF-16 without a BOM raises a bare UnicodeError
            where = f"byte {offset + exc.start}: {exc.reason}" if isinstance(exc, UnicodeDecodeError) else exc
            hint = "is --encoding right?" if forced else "name its encoding with --encoding"
            raise BinaryInput(f"{name}: not {encoding} text ({where}); {hint}") from exc
        offset += len(data)
        data = stream.read(_CHUNK_BYTES)
    # A file cut off in the middle of its last character ("…向上" minus a byte) loses only that character.
    decoder.errors = "replace"
    yield decoder.decode(b"", final=True)


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
    """Visible text of a page: scripts, styles and navigation dropped; blocks become lines.

    Ruby becomes its base text with the reading attached (``ruby.mark``):
    ``<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>`` → ⦃漢字⦀かんじ⦄.
    """

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form"}
    BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "blockquote", "pre", "dd", "dt", "main", "figcaption",
    }  # fmt: skip

    def __init__(self, skip: frozenset[str] | set[str] | None = None, anchors: Iterable[str] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tags = self.SKIP if skip is None else skip
        self.anchors = set(anchors)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._pre = 0
        self._in_title = False
        self._titles = 0
        self._ruby = 0  # depth of <ruby>
        self._rp = 0
        self._base = ""  # base text of the ruby so far
        self._reading: str | None = None  # inside <rt>: its text so far

    def _anchor(self, attrs) -> None:
        if self.anchors:
            name = dict(attrs).get("id")
            if name in self.anchors:
                self._flush_ruby()
                self.parts.append(f"\n{ANCHOR}{name}\n")

    def handle_starttag(self, tag, attrs):
        self._anchor(attrs)
        if tag in self.skip_tags:
            self._skip += 1
        elif tag == "title":
            # only the page's own first <title>: an <svg><title>icon</title> is skipped with its svg
            self._in_title = not self._skip and self._titles == 0
            self._titles += 1
        elif tag == "ruby":
            self._ruby += 1
        elif tag == "rt" and self._ruby:
            self._end_reading()  # <rt> may be left unclosed: <ruby>漢<rt>かん<rt>…
            self._reading = ""
        elif tag == "rp" and self._ruby:
            self._rp += 1
        elif tag in self.BLOCK:
            self._flush_ruby()
            self.parts.append("\n")
            self._pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        self._anchor(attrs)
        if tag in self.BLOCK:
            self._flush_ruby()
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.skip_tags:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag == "rt":
            self._end_reading()
        elif tag == "rp":
            self._rp = max(0, self._rp - 1)
        elif tag == "ruby":
            if self._ruby:
                self._ruby -= 1
                if not self._ruby:
                    self._flush_ruby()
        elif tag in self.BLOCK:
            self._flush_ruby()
            self.parts.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._skip:
            pass
        elif self._ruby:
            if self._rp:
                return  # the brackets shown where ruby is not supported: 漢字(かんじ)
            if self._reading is not None:
                self._reading += data
            else:
                self._base += _unwrap(data)
        else:
            self.parts.append(data if self._pre else _unwrap(data))

    def _end_reading(self) -> None:
        if self._reading is not None:
            self.parts.append(ruby.mark(self._base, self._reading))
            self._base = ""
            self._reading = None

    def _flush_ruby(self) -> None:
        self._end_reading()
        if self._base:
            self.parts.append(self._base)
            self._base = ""
        self._ruby = self._rp = 0


_WIDE = r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]"


def _unwrap(data: str) -> str:
    """A line break in the HTML source is not one on the page: a browser joins the lines.

    Between two Japanese characters it vanishes (<p>無錫ハイテク⏎産業開発区</p> reads 無錫ハイテク産業開発区),
    elsewhere it is a space (Hello⏎world → Hello world).
    """
    if "\n" not in data and "\r" not in data:
        return data
    data = re.sub(rf"(?<={_WIDE})[ \t]*[\r\n]+[ \t]*(?={_WIDE})", "", data)
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", data)


def html_to_text(
    html: str, skip: frozenset[str] | set[str] | None = None, anchors: Iterable[str] = ()
) -> tuple[str, str]:
    """Return (title, visible text) of an HTML page; ``skip``: the elements dropped with their text
    (default: scripts, styles, navigation, header, footer, aside, forms). Where an element with an id
    in ``anchors`` starts, a line ``ANCHOR + id`` marks the place (EPUB chapters within one file)."""
    parser = _HTMLText(skip, anchors)
    parser.feed(ruby.scrub(html).replace(ANCHOR, "") if anchors else ruby.scrub(html))
    parser.close()
    parser._flush_ruby()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "\n", text)
    return " ".join(parser.title.split()), text


# ------------------------------------------------------------------------------------------------- load


# ---------------------------------------------------------------------------------- page furniture
# The rules that tell a page's furniture from its article, after extraction (trafilatura, EPUB, PDF).

# A breadcrumb: トップ > 科学技術トピック > 第168号 > 見出し, with > ＞ › or » between at least three parts;
# a sentence (。) or markup (半導体<b>投資</b>の拡大, <b>R&D</b>) is not one.
_CRUMB = r"[>＞›»]"
_BREADCRUMB = re.compile(rf"^[^。<]*{_CRUMB}[^。<]*{_CRUMB}[^。<]*$")
# A line a news site marks as not its article: 【PR】法人向けクラウド会計ソフトなら…, [PR] …, 【広告】…,
# 【関連記事】半導体大手が新工場…, 【あわせて読みたい】… (in pasted text, where no link marks them)
_MARKED = re.compile(
    r"^[【\[［〔<＜]\s*(PR|ＰＲ|広告|関連記事|関連ニュース|関連|あわせて読みたい|合わせて読みたい)\s*[】\]］〕>＞]"
)
_BYLINE = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")  # 2020年9月28日 過国忠(科技日報記者)


def is_breadcrumb(line: str) -> bool:
    return _BREADCRUMB.search(line.strip()) is not None


def article_lines(lines: Iterable[str]) -> Iterator[str]:
    """Lines worth a card's example: page furniture is skipped — breadcrumbs, the dated byline,
    ※ notes (※本稿は、科技日報「…」を翻訳したものである), which are credits, not the article, and lines
    marked 【PR】 or 【関連記事】. They apply after trafilatura too, which keeps such lines when they
    stand among the article's paragraphs (benchmarks/extraction.py)."""
    for line in lines:
        stripped = line.strip()
        note = stripped.startswith("※") or (stripped.startswith("*") and not stripped.startswith("* "))
        if _BREADCRUMB.search(stripped) or note or _MARKED.match(stripped):
            continue
        if _BYLINE.match(stripped) and len(stripped) < 60:
            continue
        # a list item is a sentence without its marker: "- 気づかないうちにコミットした" (a Markdown "* "
        # item too — "*本稿は…" without the space is a note, skipped above)
        yield _BULLET.sub("", line, count=1)


_BULLET = re.compile(r"^[ \t\u3000]*(?:[-*+•]\s+|・)")


def _title_from_line(line: str) -> str:
    line = line.strip().lstrip("#").strip()
    # A breadcrumb line names the article last: トップ ＞ 科学技術トピック ＞ 第168号 ＞ 見出し → 見出し
    if is_breadcrumb(line):
        line = re.split(_CRUMB, line)[-1].strip()
    return line[:120]


DEFAULT_TIMEOUT = 20.0  # seconds for fetching a URL (``--timeout``)


def load_all(
    source: Source, encoding: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[tuple[Article, Iterator[str]]]:
    """Every article of one input: an EPUB gives one per chapter, anything else one (``load``)."""
    if source.kind == "epub":
        from .epub import read_chapters

        yield from read_chapters(source.path)
    else:
        yield load(source, encoding, timeout)


def load(
    source: Source, encoding: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> tuple[Article, Iterator[str]]:
    """Open one input; return its article (title, date) and an iterator over its normalised lines.

    Raises ``InputError`` subclasses for missing, empty, binary or undecodable input, for a URL that
    cannot be fetched, a page without article text, a damaged EPUB or PDF. The caller checks for
    "no Japanese" once the lines are consumed (see ``split_sentences``). An EPUB is one article here
    (``load_all`` gives its chapters).
    """
    kind = source.kind
    if kind == "url":
        from . import web
        from .extract import decode_html

        page = web.fetch(source.path, timeout=timeout)
        if encoding:  # --encoding wins over the server, as over detection
            html = page.body.decode(encoding, errors="replace")
        else:
            html = decode_html(page.body, page.charset, source.path)
        return html_article(html, source.path, _url_stem(source.path), url=page.final_url, fallback=False)
    if kind == "epub":
        from .epub import read_book

        return read_book(source.path)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(source.path)

    stream = _open_binary(source)
    name = source.name
    try:
        chunks = _decoded_chunks(stream, name, encoding)
        first = next(chunks)
    except BaseException:
        if source.path != STDIN:
            stream.close()
        raise
    stem = Path(source.path).stem if source.path != STDIN else "stdin"

    headless = source.path == STDIN or Path(source.path).suffix == ""  # stdin, a pipe: HTML by its start
    if kind == "html" or (headless and re.match(r"\s*<(!doctype html|html)", first, re.I)):
        try:
            html = first + "".join(chunks)
        finally:
            if source.path != STDIN:
                stream.close()
        return html_article(html, name, stem)

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
            for line in head:
                yield ruby.scrub(line)
            for line in line_iter:
                yield ruby.scrub(normalise(line))
        finally:
            if source.path != STDIN:
                stream.close()

    return article, rest()


def _url_stem(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return Path(parts.path).stem or parts.hostname or url


def _squash(text: str) -> str:
    return "".join(ruby.plain(text).split())


def _rejoin(lines: list[str], visible: list[str]) -> list[str]:
    """Join lines an extractor cut where the page shows one line: trafilatura's fallback extractors
    break a paragraph at its links and inline tags (無錫の⏎開発区⏎は誘致を進めた。); the page's visible
    text (``html_to_text``) keeps ``<p>無錫の<a>開発区</a>は…</p>`` whole, so two lines found one
    right after the other inside one visible line were one. Both are in page order: one pass, each
    line looked for within a window after the last one found."""
    shown = "\n" + "\n".join("".join(line.split()) for line in visible) + "\n"
    result: list[str] = []
    position = 0  # where the last line found ends in ``shown``
    joinable = False  # the last line was found, and ends there
    for line in lines:
        flat = "".join(line.split())
        if not flat:
            result.append(line)
            joinable = False
            continue
        at = shown.find(flat, position, position + 50_000 + len(flat))
        if at < 0:
            result.append(line)
            joinable = False
            continue
        if joinable and at == position and shown[at - 1] != "\n" and result:
            left = result[-1].rstrip()
            wide = re.match(_WIDE, left[-1:]) or re.match(_WIDE, line.lstrip()[:1])
            result[-1] = left + ("" if wide else " ") + line.lstrip()
        else:
            result.append(line)
        position = at + len(flat)
        joinable = True
    return result


def html_article(
    html: str, name: str, stem: str, url: str | None = None, fallback: bool = True
) -> tuple[Article, Iterator[str]]:
    """The article of an HTML page, found by trafilatura (``extract``), as (article, lines).

    With ``fallback`` (a saved page, a file the reader chose) a page where trafilatura finds no
    article gives its visible text instead; a fetched URL then raises ``NoArticleText``.
    The headline is the article's first line: trafilatura leaves it out when it is no heading
    (``<div class="ttl">``), so it is put back when the page shows it. The date is the page's
    metadata date, else one beside the headline (the byline), else the first in the article's start.
    """
    from .extract import extract

    page_title, visible = html_to_text(html)
    visible_lines = [normalise(line) for line in visible.split("\n") if line.strip()]
    try:
        title, date, lines = extract(html, name, url)
    except NoArticleText:
        if not fallback:
            raise
        title, date, lines = page_title, "", visible_lines
    lines = _rejoin([normalise(line) for line in lines], visible_lines)
    title = normalise(title) or normalise(page_title)
    head = [line for line in lines[:40] if line.strip()]
    # "見出し｜サイト名", "見出し - サイト名": the headline is the part the page shows as a line
    parts = sorted({title, *(p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip())}, key=len)
    visible_flat = [_squash(line) for line in visible_lines]
    shown = [(visible_flat.index(_squash(p)), p) for p in reversed(parts) if _squash(p) in visible_flat]
    if shown:
        at, title = shown[0]
        flat_title = _squash(title)
        if not any(flat_title in _squash(line) for line in head[:8]):
            lines.insert(0, visible_lines[at])  # trafilatura dropped a headline that is no heading
        date = date or _date(visible_lines[max(0, at - 3) : at + 4])
    elif len(parts) > 1:
        title = parts[-2] if parts[-1] == title else parts[-1]  # the longest part: not the site's name
    title = ruby.plain(title) or ruby.plain(_first_title(head)) or stem
    article = Article(source=name, title=title, date=date or _date(head))
    return article, iter(lines)


def _chain_first(first: str, chunks: Iterator[str]) -> Iterator[str]:
    yield first
    yield from chunks


# A blog's self-introduction byline (ACS事業部 亀崎です。, 広報部の山田と申します。): the author, not the
# title
_SELF_INTRODUCTION = re.compile(
    r"^(\S{1,30}[ \u3000]+\S{1,12}(です|でございます)|[^。、]{1,30}と申します)[。.]?$"
)


def _first_title(lines: list[str]) -> str:
    # The first line that reads like a headline: 第168号 (an issue number, no kana) and a byline are
    # skipped.
    titles = [t for t in (_title_from_line(line) for line in lines) if t]
    for title in titles:
        if (
            not re.fullmatch(r"(第|No\.?|#)?\s*\d+\s*(号|巻|回)?", title)
            and not _DATE.match(title)
            and not _SELF_INTRODUCTION.match(title)
        ):
            return title
    return titles[0] if titles else ""


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


# A dateline or label in lenticular brackets that opens a paragraph: 【名古屋】中堅物流の…, 【独自】…
_DATELINE = re.compile(r"^[ \t\u3000]*【[^】。、\s]{1,8}】[ \t\u3000]*(?=\S)")


def split_sentences(lines: Iterable[str]) -> Iterator[str]:
    """Split lines into sentences at 。！？ and at line breaks.

    A quote stays with its sentence: 「二つの試練」に直面する。 is one sentence, and so is
    彼は「無理だ。やめる。」と言った。 (the 。 inside 「…」 does not end it). Whitespace-only
    sentences are dropped, and so is a dateline opening a paragraph (【名古屋】中堅物流の北辰… is the
    sentence 中堅物流の北辰…: the place is where the report was filed, not part of what it says).
    """
    for line in lines:
        line = _DATELINE.sub("", line, count=1)
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
