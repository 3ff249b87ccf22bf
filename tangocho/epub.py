"""EPUB books (ebooklib): each chapter an article, titled from the table of contents.

A chapter is a table-of-contents entry: the spine's documents are read in order, a document the
table of contents points at starts a chapter under that entry's title, and a document it does not
name continues the chapter before it (a long chapter split into files: ch01.xhtml, ch01_2.xhtml).
Documents without Japanese text (a cover image, a colophon in English) are no chapter. Vertical books
(``writing-mode: vertical-rl``, ``page-progression-direction="rtl"``) are read the same way: the layout
lives in the style sheets, the text is ordinary XHTML. Ruby stays as readings (``text.html_to_text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import ruby
from .errors import DamagedDocument, InputNotFound, NoJapaneseText
from .models import Article
from .text import _date, _first_title, detect_encoding, has_japanese, html_to_text, normalise

# A book's <header>, <footer> and <aside> (footnotes) are its text; only scripts, styles and the
# navigation document's lists are not.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav"})


def _toc_titles(toc) -> dict[str, str]:
    """Document name (without #fragment) → the title of the first table-of-contents entry naming it."""
    titles: dict[str, str] = {}

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, tuple | list) and len(entry) == 2 and isinstance(entry[1], list | tuple):
                section, children = entry
                walk([section])
                walk(children)
                continue
            href = getattr(entry, "href", None)
            title = " ".join((getattr(entry, "title", None) or "").split())
            if href and title:
                titles.setdefault(href.split("#", 1)[0], title)

    walk(toc or ())
    return titles


def _open(path: str):
    import ebooklib
    from ebooklib import epub

    if not Path(path).is_file():
        raise InputNotFound(f"{path}: no such file or folder")
    try:
        book = epub.read_epub(path, options={"ignore_ncx": False})
    except Exception as exc:  # ebooklib raises zipfile, lxml, KeyError and its own errors alike
        raise DamagedDocument(f"{path}: not a readable EPUB ({type(exc).__name__}: {exc})") from None
    return book, ebooklib


def _book_title(book, path: str) -> str:
    titles = book.get_metadata("DC", "title")
    title = " ".join((titles[0][0] if titles else "").split())
    return normalise(title) or Path(path).stem


def chapters(path: str) -> list[tuple[str, list[str]]]:
    """(title, lines) of each chapter, in reading order."""
    book, ebooklib = _open(path)
    toc = _toc_titles(book.toc)
    result: list[tuple[str, list[str]]] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or isinstance(item, _nav_class()):
            continue
        data = item.get_content()
        if not data:
            continue
        try:
            html = data.decode(detect_encoding(data[: 256 * 1024], f"{path}:{item.get_name()}"), "replace")
        except Exception:
            continue  # a document that is no text (mislabelled image): nothing to read
        page_title, text = html_to_text(html, skip=_SKIP)
        lines = [normalise(line) for line in text.split("\n")]
        name = item.get_name()
        if name in toc or not result or not toc:
            head = [line for line in lines if line.strip()][:12]
            title = toc.get(name) or normalise(page_title) or ruby.plain(_first_title(head))
            result.append((title, lines))
        else:
            result[-1][1].extend(lines)
    return [(title, lines) for title, lines in result if any(has_japanese(line) for line in lines)]


def _nav_class():
    from ebooklib import epub

    return epub.EpubNav


def read_chapters(path: str) -> Iterator[tuple[Article, Iterator[str]]]:
    """One article per chapter; its source is ``book.epub#N`` (N: the chapter's number)."""
    found = chapters(path)
    if not found:
        raise NoJapaneseText(f"{path}: no Japanese text found")
    book_title = _book_title(_open(path)[0], path) if any(not t for t, _ in found) else ""
    for number, (title, lines) in enumerate(found, 1):
        head = [line for line in lines if line.strip()][:12]
        title = title or f"{book_title} {number}"
        yield Article(source=f"{path}#{number}", title=title, date=_date(head)), iter(lines)


def read_book(path: str) -> tuple[Article, Iterator[str]]:
    """The whole book as one article, titled by its metadata."""
    found = chapters(path)
    if not found:
        raise NoJapaneseText(f"{path}: no Japanese text found")
    book, _ = _open(path)
    lines = [line for _, chapter in found for line in chapter]
    return Article(source=path, title=_book_title(book, path), date=""), iter(lines)
