"""Every kind of input gives the same words: encodings, HTML pages, folders, stdin; random text never crashes.

Issue 6. The reference is the seed article as UTF-8; each variant must give the same ranked words with
the same counts (``tangocho.select_words`` with the real dictionary).
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED, fixed_clock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangocho import BinaryInput, Options, TangochoError, build, select_words
from tangocho.dictionary import open_dictionary
from tangocho.text import Source, detect_encoding, load, normalise

VOCAB = str(ROOT / "vocab")

# CP932 and ISO-2022-JP cannot write two characters of the seed: the no-break spaces of its breadcrumb
# line (U+00A0) and 煒 of the name 洪延煒 (JIS X 0212 only). The shared text swaps them for a space and
# 偉, so every encoding carries exactly the same text.
TEXT = SEED.read_text(encoding="utf-8").replace("\u00a0", " ").replace("煒", "偉")


@pytest.fixture(scope="module")
def dictionary():
    return open_dictionary()


def words(paths: list[Path], dictionary) -> list[tuple[str, int]]:
    selection, _ = select_words([str(p) for p in paths], Options(vocab_dir=VOCAB, dictionary=dictionary))
    return [(c.word, c.count) for c in selection.candidates]


@pytest.fixture(scope="module")
def reference(tmp_path_factory, dictionary):
    path = tmp_path_factory.mktemp("ref") / "seed.txt"
    path.write_text(TEXT, encoding="utf-8")
    selection, _ = select_words([str(path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert len(selection.candidates) >= 100  # a real word list, not an empty one that anything equals
    return selection


def as_pairs(selection) -> list[tuple[str, int]]:
    return [(c.word, c.count) for c in selection.candidates]


# ----------------------------------------------------------------------------------------- encodings

ENCODINGS = [
    # (how the file is written, what detect_encoding must name)
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),  # UTF-8 with a byte order mark (Windows Notepad)
    ("utf-16", "utf-16"),  # with a BOM
    ("utf-16-le", "utf-16-le"),  # no BOM: the NUL bytes of ASCII and newlines tell the byte order
    ("utf-16-be", "utf-16-be"),
    ("cp932", "cp932"),  # Shift_JIS as Windows writes it
    ("euc_jp", "euc_jp"),
    ("iso2022_jp", "iso2022_jp"),  # 7-bit: passes for UTF-8 unless its escapes are looked for first
]


@pytest.mark.parametrize(("encoding", "detected"), ENCODINGS)
def test_detect_encoding_names_the_seed_encoding(encoding, detected):
    data = TEXT.encode(encoding)
    assert detect_encoding(data, "seed.txt") == detected
    # load() detects on the first 256 KiB, which may end inside a character: a cut sample still works
    for cut in (301, 302, 2001):
        assert detect_encoding(data[:cut], "seed.txt") == detected


@pytest.mark.slow
@pytest.mark.parametrize(("encoding", "detected"), ENCODINGS)
def test_seed_in_any_encoding_gives_the_same_words(encoding, detected, tmp_path, reference, dictionary):
    path = tmp_path / "seed.txt"
    path.write_bytes(TEXT.encode(encoding))
    selection, _ = select_words([str(path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert as_pairs(selection) == as_pairs(reference)
    assert selection.articles[0].title == reference.articles[0].title
    assert selection.articles[0].date == "2020-09-28"


@pytest.mark.parametrize(
    ("written", "forced"),
    [
        ("utf-16-le", "utf-16"),  # --encoding utf-16 on a file without a BOM finds its byte order
        ("utf-16-be", "utf-16"),
        ("cp932", "shift_jis"),
        ("euc_jp", "euc_jp"),
    ],
)
@pytest.mark.slow
def test_forced_encoding(written, forced, tmp_path, reference, dictionary):
    path = tmp_path / "seed.txt"
    path.write_bytes(TEXT.encode(written))
    options = Options(vocab_dir=VOCAB, dictionary=dictionary, encoding=forced)
    assert as_pairs(select_words([str(path)], options)[0]) == as_pairs(reference)


@pytest.mark.slow
def test_forced_encoding_wins_over_detection(tmp_path, dictionary):
    path = tmp_path / "seed.txt"
    path.write_bytes(TEXT.encode("euc_jp"))
    options = Options(vocab_dir=VOCAB, dictionary=dictionary, encoding="cp932")
    with pytest.raises(
        BinaryInput, match=r"seed\.txt: not cp932 text \(byte \d+: .*\); is --encoding right\?$"
    ):
        select_words([str(path)], options)


@pytest.mark.slow
def test_half_width_katakana_and_full_width_ascii_give_the_same_words(tmp_path, reference, dictionary):
    # ハイテク → ﾊｲﾃｸ, データ → ﾃﾞｰﾀ, SaaS → ＳａａＳ, 2020 → ２０２０: normalise() folds them back.
    half = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF61, 0xFFA0)}
    for c in range(0xFF61, 0xFFA0):  # ｶﾞ → ガ, ﾊﾟ → パ
        for mark in ("\uff9e", "\uff9f"):
            composed = unicodedata.normalize("NFKC", chr(c) + mark)
            if len(composed) == 1:
                half.setdefault(composed, chr(c) + mark)
    full = {chr(c - 0xFEE0): chr(c) for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0).isalnum()}
    mangled = "".join(half.get(ch) or full.get(ch) or ch for ch in TEXT)
    assert "ﾊｲﾃｸ" in mangled and "ＳａａＳ" in mangled and "２０２０" in mangled
    assert "\n".join(normalise(line) for line in mangled.split("\n")) == TEXT
    path = tmp_path / "mangled.txt"
    path.write_text(mangled, encoding="utf-8")
    assert words([path], dictionary) == as_pairs(reference)


# ---------------------------------------------------------------------------------------------- HTML

LEAKS = ["スクリプト漏洩語", "ナビ項目語", "様式漏洩語", "フッター漏洩語"]


def html_page(text: str, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{html.escape(line)}</p>" if line.strip() else "" for line in text.split("\n"))
    return f"""<!DOCTYPE html>
<html lang="ja"><head>
<meta charset="{charset}">
<title>無錫ハイテク区の記事</title>
<style>.x::after {{ content: "{LEAKS[2]}"; }}</style>
<script>document.title = "{LEAKS[0]}。"; if (1 < 2 && 3 > 2) {{ console.log("<p>{LEAKS[0]}</p>"); }}</script>
</head><body>
<nav><ul><li><a href="/">トップ</a></li><li>{LEAKS[1]}</li></ul></nav>
<article>
{body}
</article>
<footer>{LEAKS[3]} &copy; 科技日報</footer>
</body></html>"""


@pytest.mark.parametrize(
    ("encoding", "suffix"),
    [("utf-8", ".html"), ("cp932", ".htm"), ("euc_jp", ".html")],
)
@pytest.mark.slow
def test_seed_as_an_html_page_gives_the_same_words(encoding, suffix, tmp_path, reference, dictionary):
    charset = {"cp932": "shift_jis", "euc_jp": "euc-jp"}.get(encoding, encoding)
    path = tmp_path / f"page{suffix}"
    path.write_bytes(html_page(TEXT, charset).encode(encoding))
    selection, _ = select_words([str(path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert as_pairs(selection) == as_pairs(reference)
    assert selection.articles[0].title == "無錫ハイテク区の記事"  # <title> names the article
    _, lines = load(Source(str(path)))
    page_text = "\n".join(lines)
    for leak in [*LEAKS, "document.title", "console.log", "content:"]:
        assert leak not in page_text


# --------------------------------------------------------------------------------- folders and stdin


@pytest.mark.slow
def test_folder_input_reads_every_supported_file_sorted(tmp_path, reference, dictionary):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_bytes(TEXT.encode("cp932"))
    (folder / "sub" / "a.md").write_text(TEXT, encoding="utf-8")
    (folder / "c.html").write_text(html_page(TEXT), encoding="utf-8")
    # not articles: other file types, hidden files and folders, a README
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 binary")
    (folder / ".draft.txt").write_text("下書き。", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text("ギット。", encoding="utf-8")
    (folder / "README.md").write_text("このフォルダの説明。", encoding="utf-8")
    options = Options(vocab_dir=VOCAB, dictionary=dictionary, max_words=None, min_score=0.0)
    selection, _ = select_words([str(folder)], options)
    assert [Path(a.source).relative_to(folder).as_posix() for a in selection.articles] == [
        "b.txt",
        "c.html",
        "sub/a.md",
    ]
    # three copies of the article: the same words, each counted three times (more of them score
    # high enough to list, so compare the words the single article lists)
    single, _ = select_words([str(folder / "sub" / "a.md")], options)
    assert (selection.words_found, selection.tokens) == (single.words_found, 3 * single.tokens)
    tripled = {c.word: c.count for c in selection.candidates}
    assert len(single.candidates) > 150
    # (words seen only inside a compound that only the tripled text cards, seen three times, are learnt
    # there instead: a tenth of them)
    both = [c for c in single.candidates if c.word in tripled]
    assert len(both) >= 0.85 * len(single.candidates)
    assert {c.word: tripled[c.word] for c in both} == {c.word: 3 * c.count for c in both}


@pytest.mark.slow
def test_a_file_named_twice_is_read_once(tmp_path, reference, dictionary):
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "seed.txt"
    path.write_text(TEXT, encoding="utf-8")
    selection, _ = select_words(
        [str(tmp_path / "a"), str(path), str(tmp_path / "a" / ".." / "a" / "seed.txt")],
        Options(vocab_dir=VOCAB, dictionary=dictionary),
    )
    assert len(selection.articles) == 1
    assert as_pairs(selection) == as_pairs(reference)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_read_as_text(tmp_path, reference, dictionary):
    # `tangocho build <(curl …)` hands over /dev/fd/63: a pipe with no file suffix
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(TEXT.encode("euc_jp"))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        assert words([fifo], dictionary) == as_pairs(reference)
    finally:
        writer.join(timeout=10)


def _run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tangocho", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_stdin_input(encoding, reference):
    done = _run("words", "-", "--format", "json", "--vocab", VOCAB, stdin=TEXT.encode(encoding))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    rows = json.loads(done.stdout)
    assert [(r["word"], r["count"]) for r in rows] == as_pairs(reference)


@pytest.mark.slow
def test_stdin_html_page_is_read_as_html(reference):
    done = _run("words", "-", "--format", "json", "--vocab", VOCAB, stdin=html_page(TEXT).encode())
    assert done.returncode == 0, done.stderr.decode()
    assert [(r["word"], r["count"]) for r in json.loads(done.stdout)] == as_pairs(reference)


# ------------------------------------------------------------------------------------ bounded memory


def test_load_streams_a_large_file_in_bounded_memory(tmp_path):
    # 24 MB of text: were it held whole, decoded as str it alone would take more than 16 MB.
    path = tmp_path / "big.txt"
    data = SEED.read_bytes()
    with path.open("wb") as f:
        for _ in range(24_000_000 // len(data)):
            f.write(data)
    tracemalloc.start()
    try:
        _, lines = load(Source(str(path)))
        total = sum(len(line) for line in lines)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 7_000_000
    assert peak < 12_000_000, f"peak {peak / 1e6:.1f} MB while reading"


# ------------------------------------------------------------------------------- safety: markup is text


def _note_fields(apkg: Path, tmp_path: Path) -> list[list[str]]:
    with zipfile.ZipFile(apkg) as archive:
        (tmp_path / "col.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "col.anki2")
    try:
        return [flds.split("\x1f") for (flds,) in db.execute("SELECT flds FROM notes")]
    finally:
        db.close()


MARKUP_ARTICLE = (
    "半導体<script>alert('x')</script>の投資\n"
    "無錫ハイテク産業開発区は半導体の投資を増やし、<script src=x.js></script>集積回路の生産を拡大した。\n"
    "<b>太字</b>の後で、クラウドサービスの提供を始めた。\n"
    "<img src=x onerror=alert(1)>の画像の後で、蓄電池の工場の建設を始めた。\n"
)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_markup_in_an_article_shows_as_text_on_the_card(suffix, tmp_path, dictionary):
    path = tmp_path / f"markup{suffix}"
    path.write_text(MARKUP_ARTICLE, encoding="utf-8")
    out = tmp_path / "markup.apkg"
    options = Options(output=str(out), vocab_dir=VOCAB, clock=fixed_clock, dictionary=dictionary)
    result = build([str(path)], options)
    notes = _note_fields(result.output, tmp_path)
    assert len(notes) >= 3
    every = "\x1f".join(f for fields in notes for f in fields)
    assert "<script" not in every and "<img" not in every
    assert "&lt;script src=x.js&gt;&lt;/script&gt;" in every  # the article's text, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in every
    assert "&lt;b&gt;" in every  # the article's own <b> is text; the card's <b> marks the word
    # the title (the first line) keeps its tag as text in the source line too
    assert "半導体&lt;script&gt;alert('x')&lt;/script&gt;の投資" in every


@pytest.mark.slow
def test_a_line_with_closing_tags_is_read(tmp_path, dictionary):
    # two '>' on a line once made it a breadcrumb (トップ > 科学技術 > 見出し) and it was dropped
    path = tmp_path / "two.txt"
    path.write_text("半導体<script>alert('x')</script>の投資を増やした。\n", encoding="utf-8")
    selection, _ = select_words([str(path)], Options(vocab_dir=VOCAB, dictionary=dictionary))
    assert "半導体" in [c.word for c in selection.candidates]


@pytest.mark.slow
def test_markup_in_an_html_title_shows_as_text_on_the_card(tmp_path, dictionary):
    page = (
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; 投資</title>"
        "<p>半導体の投資を増やし、集積回路の生産を拡大した。</p>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    options = Options(
        output=str(tmp_path / "t.apkg"), vocab_dir=VOCAB, clock=fixed_clock, dictionary=dictionary
    )
    result = build([str(path)], options)
    assert result.selection.articles[0].title == "<script>alert(1)</script> 投資"
    every = "\x1f".join(f for fields in _note_fields(result.output, tmp_path) for f in fields)
    assert "<script" not in every
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 投資" in every


# ------------------------------------------------------------------------- random text, whole build

_RANGES = [
    (0x3041, 0x3096),  # hiragana
    (0x30A1, 0x30FC),  # katakana
    (0x4E00, 0x9FFF),  # kanji
    (0x3000, 0x303F),  # 。、「」
    (0xFF01, 0xFF9F),  # full-width ASCII, half-width katakana
    (0x0000, 0x001F),  # C0 controls, NUL included
    (0x0020, 0x007E),  # ASCII
    (0x0080, 0x00FF),  # C1 controls, Latin-1
    (0x2000, 0x206F),  # spaces, zero-width characters, line and paragraph separators
    (0x1F300, 0x1F64F),  # emoji
    (0x20000, 0x2A6DF),  # CJK extension B (outside the BMP)
]
TEXTS = st.text(
    alphabet=st.one_of(*(st.characters(min_codepoint=a, max_codepoint=b) for a, b in _RANGES)),
    max_size=400,
)
# Japanese words the dictionary knows, so that many examples do reach the deck writer.
WORDS = st.sampled_from(["投資", "半導体", "集積回路", "クラウド", "開発区", "を増やした。", "\n", "、"])
ARTICLES = st.lists(st.one_of(TEXTS, WORDS), max_size=12).map("".join)
ENCODED = st.one_of(
    ARTICLES.map(lambda t: ("utf-8", t.encode("utf-8", "surrogatepass"))),
    ARTICLES.map(lambda t: ("utf-16", t.encode("utf-16", "surrogatepass"))),
    ARTICLES.map(lambda t: ("cp932", t.encode("cp932", "replace"))),
    st.binary(max_size=600).map(lambda b: ("bytes", b)),
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(encoded=ENCODED, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_input_gives_a_deck_or_a_clean_error(encoded, suffix, dictionary):
    _, data = encoded
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random{suffix}"
        path.write_bytes(data)
        out = Path(tmp) / "out" / "random.apkg"
        options = Options(output=str(out), vocab_dir=VOCAB, clock=fixed_clock, dictionary=dictionary)
        try:
            result = build([str(path)], options)
        except TangochoError as exc:
            assert str(exc) and "\n" not in str(exc)
            assert not out.parent.exists() or not any(out.parent.iterdir())  # nothing half-written
            return
        with zipfile.ZipFile(result.output) as archive:
            assert "collection.anki2" in archive.namelist()
            (Path(tmp) / "c.anki2").write_bytes(archive.read("collection.anki2"))
        db = sqlite3.connect(Path(tmp) / "c.anki2")
        try:
            assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == result.notes
        finally:
            db.close()
