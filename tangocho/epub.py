"""EPUB books (ebooklib): each chapter an article, titled from the table of contents.

A chapter is a table-of-contents entry: the spine's documents are read in order, a document the
table of contents points at starts a chapter under that entry's title, an entry pointing inside a
document (ch02.xhtml#sec3) starts one where that id stands, and a document it does not name continues
the chapter before it (a long chapter split into files: ch01.xhtml, ch01_2.xhtml).
Documents without Japanese text (a cover image, a colophon in English) are no chapter. Vertical books
(``writing-mode: vertical-rl``, ``page-progression-direction="rtl"``) are read the same way: the layout
lives in the style sheets, the text is ordinary XHTML. Ruby stays as readings (``text.html_to_text``).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from . import ruby
from .errors import DamagedDocument, InputNotFound, NoJapaneseText
from .models import Article
from .text import ANCHOR, _date, _first_title, detect_encoding, has_japanese, html_to_text, normalise

# A book's <header>, <footer> and <aside> (footnotes) are its text; only scripts, styles and the
# navigation document's lists are not.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav"})


def _toc_entries(toc) -> list[tuple[str, str, str]]:
    """(document name, #fragment or "", title) of every table-of-contents entry, in order."""
    entries: list[tuple[str, str, str]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[1], list | tuple):
                section, children = item  # (Section or Link, [children])
                walk([section])
                walk(children)
                continue
            href = getattr(item, "href", None)
            title = " ".join((getattr(item, "title", None) or "").split())
            if href and title:
                name, _, fragment = href.partition("#")
                entries.append((name, fragment, title))

    walk(toc or ())
    return entries


def _open(path: str):
    import ebooklib
    from ebooklib import epub

    if not Path(path).is_file():
        raise InputNotFound(f"{path}: no such file or folder")
    _check_drm(path)
    try:
        book = epub.read_epub(path, options={"ignore_ncx": False})
    except Exception as exc:  # ebooklib raises zipfile, lxml, KeyError and its own errors alike
        raise DamagedDocument(f"{path}: not a readable EPUB ({type(exc).__name__}: {exc})") from exc
    return book, ebooklib


def _check_drm(path: str) -> None:
    """A book whose chapters are encrypted (DRM) reads as noise: say so. Encrypted fonts alone
    (font obfuscation, common in Japanese books) are no obstacle."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "META-INF/encryption.xml" not in archive.namelist():
                return
            listing = archive.read("META-INF/encryption.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError):
        return  # ebooklib says what is wrong
    encrypted = re.findall(r'URI="([^"]+)"', listing)
    if any(uri.lower().endswith((".xhtml", ".html", ".htm", ".xml")) for uri in encrypted):
        raise DamagedDocument(f"{path}: the EPUB is DRM-protected (its chapters are encrypted)")


def _book_title(book, path: str) -> str:
    titles = book.get_metadata("DC", "title")
    title = " ".join((titles[0][0] if titles else "").split())
    return normalise(title) or Path(path).stem


def chapters(path: str) -> list[tuple[str, list[str]]]:
    """(title, lines) of each chapter, in reading order."""
    book, ebooklib = _open(path)
    toc: dict[str, list[tuple[str, str]]] = {}  # document → [(fragment, title)]
    for name, fragment, title in _toc_entries(book.toc):
        toc.setdefault(name, []).append((fragment, title))
    result: list[tuple[str, list[str]]] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or isinstance(item, _nav_class()):
            continue
        data = item.get_content()
        if not data:
            continue
        name = item.get_name()
        try:
            html = data.decode(detect_encoding(data[: 256 * 1024], f"{path}:{name}"), "replace")
        except Exception:
            continue  # a document that is no text (mislabelled image): nothing to read
        entries = toc.get(name, [])
        # chapters inside one document: the table of contents points at ids (ch02.xhtml#sec3)
        anchors = {fragment: title for fragment, title in entries if fragment}
        page_title, text = html_to_text(html, skip=_SKIP, anchors=anchors)
        lines = text.split("\n")
        whole = next((title for fragment, title in entries if not fragment), None)
        if whole or not result or not toc:
            head = [normalise(line) for line in lines if line.strip() and not line.startswith(ANCHOR)][:12]
            title = whole or normalise(page_title) or ruby.plain(_first_title(head))
            result.append((title, []))
        for line in lines:
            if line.startswith(ANCHOR):
                result.append((anchors[line[1:]], []))
            else:
                result[-1][1].append(normalise(line))
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
