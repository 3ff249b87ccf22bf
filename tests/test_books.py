"""EPUB books and PDF files (issue 16), from fixtures the tests make out of the seed article.

EPUBs are written with ebooklib (the seed cut into chapters at its subheads, a table of contents, a
cover page, a chapter split over two files, a vertical-writing variant, ruby); PDFs with reportlab's
built-in Japanese CID fonts (HeiseiMin-W3, HeiseiKakuGo-W5: no font file), two columns of wrapped
lines per page under a running header, a footer and page numbers.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, fixed_clock
from newspages import seed_parts

from tangocho import Options, build, select_words
from tangocho.cli import main
from tangocho.errors import DamagedDocument, NoJapaneseText, NoTextLayer
from tangocho.models import Article
from tangocho.pipeline import _sentences
from tangocho.text import Source, find_sources, load, load_all, split_sentences

VOCAB = str(ROOT / "vocab")


def seed_chapters() -> list[tuple[str, list[str]]]:
    """The seed cut at its subheads: (title, paragraphs); the part before the first is はじめに."""
    headline, _, body, _ = seed_parts()
    chapters: list[tuple[str, list[str]]] = [("はじめに", [])]
    for kind, text in body:
        if kind == "h2":
            chapters.append((text, []))
        else:
            chapters[-1][1].append(text)
    return chapters


# ---------------------------------------------------------------------------------------------- EPUB


def make_epub(path: Path, chapters, vertical: bool = False, split_last: bool = False, cover: bool = True):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("tangocho-test")
    book.set_title("無錫ハイテク産業開発区の記録")
    book.set_language("ja")
    style = "body { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; }" if vertical else "p {}"
    css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=style)
    book.add_item(css)
    spine: list = ["nav"]
    if cover:  # an image and an English line: no chapter
        page = epub.EpubHtml(title="Cover", file_name="cover.xhtml", lang="ja")
        page.content = '<html><body><p><img src="cover.jpg" alt="cover"/></p><p>Cover</p></body></html>'
        book.add_item(page)
        spine.append(page)
    toc = []
    for i, (title, paragraphs) in enumerate(chapters, 1):
        files = [paragraphs]
        if split_last and i == len(chapters):  # a long chapter in two files; the toc names the first
            files = [paragraphs[: len(paragraphs) // 2], paragraphs[len(paragraphs) // 2 :]]
        for j, part in enumerate(files):
            page = epub.EpubHtml(
                title=title, file_name=f"ch{i:02d}{'_' + str(j) if j else ''}.xhtml", lang="ja"
            )
            heading = f"<h2>{title}</h2>" if j == 0 else ""
            page.content = f"<html><body>{heading}{''.join(f'<p>{p}</p>' for p in part)}</body></html>"
            page.add_item(css)
            book.add_item(page)
            spine.append(page)
            if j == 0:
                toc.append(page)
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    if vertical:
        book.set_direction("rtl")  # page-progression-direction="rtl"
    book.spine = spine
    epub.write_epub(str(path), book)
    return path


@pytest.fixture(scope="module")
def epub_path(tmp_path_factory):
    return make_epub(tmp_path_factory.mktemp("epub") / "book.epub", seed_chapters(), split_last=True)


def _articles(path) -> list[tuple[Article, list[str]]]:
    return [(a, [line for line in lines if line.strip()]) for a, lines in load_all(Source(str(path)))]


def test_each_chapter_is_an_article_titled_from_the_toc(epub_path):
    chapters = seed_chapters()
    found = _articles(epub_path)
    assert [a.title for a, _ in found] == [t for t, _ in chapters]  # no cover, no nav page
    assert [a.source for a, _ in found] == [f"{epub_path}#{i}" for i in range(1, len(chapters) + 1)]
    for (_, lines), (title, paragraphs) in zip(found, chapters, strict=True):
        # the split last chapter is one article: both its files, in order
        assert lines == [title, *paragraphs]


def test_chapters_inside_one_document_split_at_their_toc_anchors(tmp_path):
    from ebooklib import epub

    chapters = seed_chapters()
    book = epub.EpubBook()
    book.set_identifier("anchors")
    book.set_title("一冊")
    book.set_language("ja")
    first = epub.EpubHtml(title="1", file_name="ch01.xhtml", lang="ja")
    first.content = f"<html><body><p>{chapters[0][1][0]}</p></body></html>"
    rest = epub.EpubHtml(title="2", file_name="ch02.xhtml", lang="ja")
    # one anchor on a heading, one on an empty <a/> before the heading
    rest.content = (
        f'<html><body><h2 id="c2">{chapters[1][0]}</h2><p>{chapters[1][1][0]}</p>'
        f'<div><a id="c3"/></div><h2>{chapters[2][0]}</h2><p>{chapters[2][1][0]}</p></body></html>'
    )
    for page in (first, rest):
        book.add_item(page)
    book.toc = [
        epub.Link("ch01.xhtml", chapters[0][0], "c1"),
        epub.Link("ch02.xhtml#c2", chapters[1][0], "c2"),
        epub.Link("ch02.xhtml#c3", chapters[2][0], "c3"),
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", first, rest]
    path = tmp_path / "anchors.epub"
    epub.write_epub(str(path), book)
    assert [(a.title, lines) for a, lines in _articles(path)] == [
        (chapters[0][0], [chapters[0][1][0]]),
        (chapters[1][0], [chapters[1][0], chapters[1][1][0]]),
        (chapters[2][0], [chapters[2][0], chapters[2][1][0]]),
    ]


def test_a_vertical_book_reads_the_same(tmp_path, epub_path):
    vertical = make_epub(tmp_path / "tate.epub", seed_chapters(), vertical=True, split_last=True)
    with zipfile.ZipFile(vertical) as archive:
        opf = next(n for n in archive.namelist() if n.endswith(".opf"))
        assert b'page-progression-direction="rtl"' in archive.read(opf)
    assert [(a.title, lines) for a, lines in _articles(vertical)] == [
        (a.title, lines) for a, lines in _articles(epub_path)
    ]


def test_a_book_is_one_article_for_load(epub_path):
    article, lines = load(Source(str(epub_path)))
    assert article.title == "無錫ハイテク産業開発区の記録"
    assert sum(1 for line in lines if line.strip()) == sum(1 + len(p) for _, p in seed_chapters())


def test_ruby_in_a_book_becomes_readings(tmp_path):
    chapters = [
        ("第一章", ["<ruby>無錫<rt>むしゃく</rt></ruby>の<ruby>開発区<rt>かいはつく</rt></ruby>を訪れた。"])
    ]
    path = make_epub(tmp_path / "ruby.epub", chapters)
    ((article, lines),) = load_all(Source(str(path)))
    sentence = next(s for s in _sentences(article, lines, lambda n: None) if "訪れた" in s.text)
    assert sentence.text == "無錫の開発区を訪れた。"
    assert [(sentence.text[a:b], r) for a, b, r in sentence.ruby] == [
        ("無錫", "むしゃく"),
        ("開発区", "かいはつく"),
    ]


def test_a_folder_finds_books_and_pdfs(tmp_path, epub_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "book.epub").write_bytes(epub_path.read_bytes())
    (tmp_path / "lib" / "report.pdf").write_bytes(b"%PDF-1.4")
    found = [Path(s.path).name for s in find_sources([str(tmp_path / "lib")])]
    assert found == ["book.epub", "report.pdf"]


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"PK\x03\x04 not a zip", DamagedDocument, r"^{path}: not a readable EPUB \("),
        (b"", DamagedDocument, r"^{path}: not a readable EPUB \("),
    ],
)
def test_a_damaged_epub_is_an_error(tmp_path, data, error, message):
    path = tmp_path / "bad.epub"
    path.write_bytes(data)
    with pytest.raises(error, match=message.format(path=path)):
        list(load_all(Source(str(path))))


def test_a_drm_protected_book_is_an_error(tmp_path, epub_path):
    path = tmp_path / "drm.epub"
    with zipfile.ZipFile(epub_path) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            "META-INF/encryption.xml",
            '<encryption><EncryptedData><CipherData><CipherReference URI="EPUB/ch01.xhtml"/>'
            "</CipherData></EncryptedData></encryption>",
        )
    with pytest.raises(DamagedDocument, match=f"^{path}: the EPUB is DRM-protected"):
        list(load_all(Source(str(path))))


def test_a_book_without_japanese_is_an_error(tmp_path):
    path = make_epub(tmp_path / "english.epub", [("One", ["Only English here."])])
    with pytest.raises(NoJapaneseText, match=f"^{path}: no Japanese text found$"):
        list(load_all(Source(str(path))))


@pytest.mark.slow
def test_a_book_builds_a_subdeck_per_chapter_or_one_flat_deck(tmp_path, epub_path):
    decks = {}
    for flat in (False, True):
        out = tmp_path / f"book-{flat}.apkg"
        options = Options(output=str(out), vocab_dir=VOCAB, clock=fixed_clock, flat=flat)
        result = build([str(epub_path)], options)
        assert len(result.selection.articles) == len(seed_chapters())
        with zipfile.ZipFile(result.output) as archive:
            (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
        db = sqlite3.connect(tmp_path / "c.anki2")
        try:
            names = {
                int(k): v["name"]
                for k, v in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).items()
            }
            decks[flat] = {names[did] for (did,) in db.execute("SELECT did FROM cards")}
        finally:
            db.close()
        (tmp_path / "c.anki2").unlink()
    titles = {t for t, _ in seed_chapters()}
    assert {d.split("::", 1)[1] for d in decks[False] if "::" in d} <= titles
    assert len([d for d in decks[False] if "::" in d]) >= 3
    assert not any("::" in d for d in decks[True])


# ----------------------------------------------------------------------------------------------- PDF


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def make_pdf(
    path: Path,
    paragraphs: list[str],
    per_page: int = 40,
    width: int = 38,
    title: str = "",
    columns: int = 1,
    password: str = "",
) -> Path:
    """Paragraphs wrapped at ``width`` characters, ``per_page`` lines a column, each page under the
    running header 「無錫ハイテク産業開発区 報告書」 over a footer 「科技日報 2020」 and a page number.
    With two columns the right one's lines stand on the same baselines as the left one's."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for font in ("HeiseiMin-W3", "HeiseiKakuGo-W5"):
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    pdf = canvas.Canvas(str(path), invariant=1, encrypt=password or None)
    if title:
        pdf.setTitle(title)
    lines: list[tuple[str, int]] = []  # (text, type size): the headline is larger, and wraps earlier
    subheads = {t for k, t in seed_parts()[2] if k == "h2"}
    for i, paragraph in enumerate(paragraphs):
        # the headline in 14 pt, subheads in 12 pt, the text in 10.5 pt (wrapping at fewer characters)
        size = 14 if i == 0 else 12 if paragraph in subheads else 10.5
        lines.extend((line, size) for line in _wrap(paragraph, int(width * 10.5 / size)))
    per_sheet = per_page * columns
    pages = [lines[i : i + per_sheet] for i in range(0, len(lines), per_sheet)] or [[]]
    for number, page in enumerate(pages, 1):
        pdf.setFont("HeiseiKakuGo-W5", 9)
        pdf.drawString(60, 810, "無錫ハイテク産業開発区 報告書")
        for column in range(columns):
            y = 780
            for line, size in page[column * per_page : (column + 1) * per_page]:
                pdf.setFont(
                    "HeiseiMin-W3" if size < 12 else "HeiseiKakuGo-W5", size * (1 if columns == 1 else 0.6)
                )
                pdf.drawString(40 + column * 270, y, line)
                y -= 17
        pdf.setFont("HeiseiKakuGo-W5", 9)
        pdf.drawString(60, 40, "科技日報 2020")
        pdf.drawCentredString(300, 25, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return path


def _pdf_paragraphs() -> list[str]:
    headline, _, body, _ = seed_parts()
    return [headline, *(t for _, t in body)]


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", _pdf_paragraphs())


def test_a_pdf_gives_its_paragraphs_back(pdf_path):
    article, lines = load(Source(str(pdf_path)))
    # lines re-joined into the article's sentences (a paragraph may break where a line ends in 。);
    # header, footer and page numbers gone
    assert list(split_sentences(lines)) == list(split_sentences(_pdf_paragraphs()))
    assert article.title == _pdf_paragraphs()[0]


def test_a_two_column_pdf_reads_column_by_column(tmp_path):
    path = make_pdf(tmp_path / "two.pdf", _pdf_paragraphs(), columns=2)
    _, lines = load(Source(str(path)))
    assert list(split_sentences(lines)) == list(split_sentences(_pdf_paragraphs()))


def test_an_encrypted_pdf_is_an_error(tmp_path):
    path = make_pdf(tmp_path / "secret.pdf", _pdf_paragraphs()[:3], password="secret")
    with pytest.raises(DamagedDocument, match=f"^{path}: the PDF is encrypted \\(a password is needed\\)$"):
        load(Source(str(path)))


def test_a_pdf_title_comes_from_its_metadata(tmp_path):
    path = make_pdf(tmp_path / "t.pdf", _pdf_paragraphs()[:3], title="無錫の報告")
    assert load(Source(str(path)))[0].title == "無錫の報告"


@pytest.mark.slow
def test_a_pdf_without_a_text_layer_is_a_scan(tmp_path, capsys):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoTextLayer, match=f"^{path}: the PDF has no text layer \\(scanned\\?\\)$"):
        load(Source(str(path)))
    assert main(["words", str(path)]) == 1
    assert capsys.readouterr().err == f"Error: {path}: the PDF has no text layer (scanned?)\n"


def test_a_damaged_pdf_is_an_error(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(DamagedDocument, match=f"^{path}: not a readable PDF"):
        load(Source(str(path)))


@pytest.mark.slow
def test_a_pdf_gives_the_words_of_its_text(tmp_path, pdf_path):
    text = tmp_path / "report.txt"
    text.write_text("\n".join(_pdf_paragraphs()) + "\n", encoding="utf-8")
    from_text, dictionary = select_words([str(text)], Options(vocab_dir=VOCAB))
    from_pdf, _ = select_words([str(pdf_path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert len(from_text.candidates) >= 100
    assert [(c.word, c.count) for c in from_pdf.candidates] == [
        (c.word, c.count) for c in from_text.candidates
    ]


@pytest.mark.slow
def test_an_epub_gives_the_words_of_its_text(tmp_path, epub_path):
    text = tmp_path / "book.txt"
    text.write_text("\n".join(f"{t}\n" + "\n".join(p) for t, p in seed_chapters()) + "\n", encoding="utf-8")
    from_text, dictionary = select_words([str(text)], Options(vocab_dir=VOCAB))
    from_book, _ = select_words([str(epub_path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert len(from_text.candidates) >= 100
    assert sorted((c.word, c.count) for c in from_book.candidates) == sorted(
        (c.word, c.count) for c in from_text.candidates
    )
