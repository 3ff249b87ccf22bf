"""PDF files (reports, white papers): the text layer read with pypdf, laid out again as sentences.

A PDF has no paragraphs, only lines placed on pages. Per page pypdf gives those lines; what we add:
- page furniture dropped: a running header or footer (a line at the top or bottom of most pages, its
  numbers aside: 「2024年度 事業報告書 3」) and page numbers (3, - 3 -, 3 / 12, p. 3);
- lines joined back into paragraphs (``_join``): a line that does not end a sentence, fills the
  column and is followed by a line of the same type size at the usual line spacing continues on it.
  Lines are put together from pypdf's text runs with their position and type size.
A PDF whose pages have no text at all is a scan: ``NoTextLayer``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import DamagedDocument, InputNotFound, NoTextLayer
from .models import Article
from .text import _date, _first_title, has_japanese, normalise

_PAGE_NUMBER = re.compile(
    r"[-–—―−‐(（\[]?\s*(p\.?|page|ページ)?\s*\d{1,4}\s*(/|of)?\s*\d{0,4}\s*(ページ|頁)?\s*[-–—―−‐)）\]]?",
    re.I,
)
_ENDS = tuple("。！？!?")
_CLOSERS = "」』）)】"
# what tools write when the author gave no title: reportlab's "untitled", Word's file names
_NO_TITLE = re.compile(r"^(untitled|無題|\(anonymous\))$|^Microsoft Word - |\.(docx?|pdf|indd|pptx?)$", re.I)
_ZONE = 2  # lines at the top and at the bottom of a page where headers and footers stand


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _shape(line: str) -> str:
    """A line with its numbers blurred: the same running header on page 3 and page 4."""
    return re.sub(r"\d+", "#", "".join(line.split()))


@dataclass(frozen=True)
class _Line:
    text: str
    y: float  # baseline, in page units from the bottom
    size: float  # font size, in page units


def _page_lines(reader, path: str) -> list[list[_Line]]:
    """Each page's lines, top to bottom, with where they stand and how large their type is."""
    pages = []
    for number, page in enumerate(reader.pages, 1):
        runs: list[_Line] = []

        def visit(text, cm, tm, font, size, runs=runs):
            # the text matrix times the current transformation matrix: where the run stands
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            for piece in text.split("\n"):
                piece = normalise(piece).strip(" \t\u3000")
                if piece:
                    runs.append(_Line(piece, y, (size or 0) * scale))

        try:
            page.extract_text(visitor_text=visit)
        except Exception as exc:  # pypdf raises many kinds on a damaged content stream
            raise DamagedDocument(
                f"{path}: page {number} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
        lines: list[_Line] = []
        for run in runs:  # runs on one baseline are one line: 売上高 | 1,200 | 億円
            if lines and abs(run.y - lines[-1].y) < 0.5 * max(run.size, lines[-1].size, 1):
                last = lines[-1]
                lines[-1] = _Line(_glue(last.text, run.text), last.y, max(last.size, run.size))
            else:
                lines.append(run)
        pages.append(lines)
    return pages


def _glue(left: str, right: str) -> str:
    return left + ("" if _is_wide(left[-1]) or _is_wide(right[0]) else " ") + right


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Page numbers, and headers/footers repeated at the top or bottom of at least half the pages."""
    zone = Counter()
    for lines in pages:
        zone.update({_shape(line.text) for line in lines[:_ZONE] + lines[-_ZONE:]})
    repeated = {shape for shape, n in zone.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    cleaned = []
    for lines in pages:
        kept = []
        for i, line in enumerate(lines):
            at_edge = i < _ZONE or i >= len(lines) - _ZONE
            if at_edge and (_shape(line.text) in repeated or _PAGE_NUMBER.fullmatch(line.text)):
                continue
            kept.append(line)
        cleaned.append(kept)
    return cleaned


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _join(pages: list[list[_Line]]) -> list[str]:
    """Lines joined into paragraphs: a line continues on the next one (also across a page break)
    unless it ends a sentence (。！？), falls short of the column's width (the last line of a
    paragraph, a heading), or the next one is set in another type size (a heading) or stands
    further down than the line spacing (a gap between paragraphs)."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    # the width of a full line, for each type size (a headline in 14 pt wraps at fewer characters)
    by_size: dict[float, list[int]] = {}
    for line in lines:
        by_size.setdefault(round(line.size, 1), []).append(_width(line.text))
    full = {}
    for size, widths in by_size.items():
        widths.sort()
        full[size] = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]
    gaps = [a.y - b.y for page in pages for a, b in zip(page, page[1:], strict=False) if a.y > b.y]
    spacing = _median(gaps)
    paragraphs: list[str] = []
    current = ""
    for page in pages:
        for i, line in enumerate(page):
            if not current:
                current = line.text
            elif has_japanese(current[-40:]) or has_japanese(line.text[:40]):
                # Japanese wraps anywhere, inside numbers and words too: 3,0⏎00万元 is 3,000万元
                current += line.text
            else:  # a Latin paragraph wraps at spaces
                current = _glue(current, line.text)
            after = page[i + 1] if i + 1 < len(page) else None
            # 。 ends a sentence, also before a closing bracket: …と述べた。」
            short = _width(line.text) < 0.8 * full[round(line.size, 1)]
            ends = line.text.rstrip(_CLOSERS).endswith(_ENDS) or short
            if after is not None:
                resized = abs(after.size - line.size) > 0.1 * max(line.size, 1)
                spaced = spacing > 0 and line.y - after.y > 1.4 * spacing
                ends = ends or resized or spaced
            if ends:
                paragraphs.append(current)
                current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def read_pdf(path: str) -> tuple[Article, Iterator[str]]:
    """(article, lines) of a PDF file: title from its metadata, else its first line."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    encrypted = DamagedDocument(f"{path}: the PDF is encrypted (a password is needed)")
    # pypdf logs what it repairs ("EOF marker not found") and warns (PdfReadWarning), which Python
    # prints on stderr when nothing configured logging: the library never prints, and a damaged file
    # is an error of ours
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise encrypted
            pages = _page_lines(reader, path)
            metadata = reader.metadata
    except DamagedDocument:
        raise
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file or folder") from None
    except (FileNotDecryptedError, DependencyError):  # a password, or AES without `cryptography`
        raise encrypted from None
    except Exception as exc:  # pypdf raises many kinds on a damaged file (PdfReadError, KeyError …)
        raise DamagedDocument(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    finally:
        log.setLevel(level)
    if not any(pages):
        raise NoTextLayer(f"{path}: the PDF has no text layer (scanned?)")
    lines = _join(_drop_furniture(pages))
    head = lines[:12]
    title = normalise(str(getattr(metadata, "title", None) or "")).strip()
    if _NO_TITLE.search(title):
        title = ""
    article = Article(source=path, title=title or _first_title(head) or Path(path).stem, date=_date(head))
    return article, iter(lines)
