"""PDF files (reports, white papers): the text layer read with pypdf, laid out again as sentences.

A PDF has no paragraphs, only lines placed on pages. Per page pypdf gives those lines; what we add:
- page furniture dropped: a running header or footer (a line at the top or bottom of most pages, its
  numbers aside: 「2024年度 事業報告書 3」) and page numbers (3, - 3 -, 3 / 12, p. 3);
- lines joined back into sentences: a line that does not end a sentence (。！？) and fills the width
  of the column continues on the next line (also across a page break); a short line ends its
  paragraph (a heading, the last line of a paragraph).
A PDF whose pages have no text at all is a scan: ``NoTextLayer``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .errors import DamagedDocument, NoTextLayer
from .models import Article
from .text import _date, _first_title, normalise

_PAGE_NUMBER = re.compile(
    r"[-–—―−‐(（\[]?\s*(p\.?|page|ページ)?\s*\d{1,4}\s*(/|of)?\s*\d{0,4}\s*(ページ|頁)?\s*[-–—―−‐)）\]]?",
    re.I,
)
_ENDS = tuple("。！？!?")
_CLOSERS = "」』）)】"
_ZONE = 2  # lines at the top and at the bottom of a page where headers and footers stand


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _shape(line: str) -> str:
    """A line with its numbers blurred: the same running header on page 3 and page 4."""
    return re.sub(r"\d+", "#", "".join(line.split()))


def _page_lines(reader, path: str) -> list[list[str]]:
    pages = []
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many kinds on a damaged content stream
            raise DamagedDocument(
                f"{path}: page {number} cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        lines = [normalise(line).strip(" \t\u3000") for line in text.splitlines()]
        pages.append([line for line in lines if line])
    return pages


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers, and headers/footers repeated at the top or bottom of at least half the pages."""
    zone = Counter()
    for lines in pages:
        edge = {_shape(line) for line in lines[:_ZONE] + lines[-_ZONE:]}
        zone.update(edge)
    repeated = {shape for shape, n in zone.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    cleaned = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            at_edge = i < _ZONE or i >= len(lines) - _ZONE
            if at_edge and (_shape(line) in repeated or _PAGE_NUMBER.fullmatch(line)):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _join(lines: list[str]) -> list[str]:
    """Lines of the column joined into paragraphs (see the module docstring)."""
    if not lines:
        return []
    widths = sorted(_width(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if current:
            joiner = "" if _is_wide(current[-1]) or _is_wide(line[0]) else " "
            current += joiner + line
        else:
            current = line
        # 。 ends a sentence, also before a closing bracket: …と述べた。」
        if line.rstrip(_CLOSERS).endswith(_ENDS) or _width(line) < 0.8 * full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def read_pdf(path: str) -> tuple[Article, Iterator[str]]:
    """(article, lines) of a PDF file: title from its metadata, else its first line."""
    import pypdf
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs ("EOF marker not found") as warnings, which Python prints on stderr
    # when nothing configured logging: the library never prints, a damaged file is an error of ours
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DamagedDocument(f"{path}: the PDF is encrypted (a password is needed)")
        pages = _page_lines(reader, path)
        metadata = reader.metadata
    except DamagedDocument:
        raise
    except FileNotFoundError:
        from .errors import InputNotFound

        raise InputNotFound(f"{path}: no such file or folder") from None
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedDocument(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        log.setLevel(level)
    if not any(pages):
        raise NoTextLayer(f"{path}: the PDF has no text layer (scanned?)")
    lines = _join([line for page in _drop_furniture(pages) for line in page])
    head = lines[:12]
    title = normalise(str(getattr(metadata, "title", None) or "")).strip()
    article = Article(source=path, title=title or _first_title(head) or Path(path).stem, date=_date(head))
    return article, iter(lines)
