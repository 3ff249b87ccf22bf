"""Web pages by URL (issue 16): fetched from a local HTTP server on 127.0.0.1, never the network.

The server (a thread, a free port, stopped by the fixture) serves the seed article inside a news page,
redirects, a slow and a trickling response, wrong charset headers, 404 and 500, a PDF, a page with no
article and a redirect loop. Every failure is one ``Error:`` line naming the URL and the cause.
"""

from __future__ import annotations

import gzip
import html
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT
from newspages import seed_parts, semantic

from tangocho import Options, select_words
from tangocho.cli import main
from tangocho.errors import FetchError, NoArticleText
from tangocho.select import DECK_SCORE
from tangocho.text import Source, find_sources, load
from tangocho.web import fetch

VOCAB = str(ROOT / "vocab")
# The seed article inside header, menus, related lists, ranking, comments, footer. 煒 (of the name 洪延煒)
# has no Shift_JIS or EUC-JP code: 偉 stands in for it, so every encoding carries the same text.
PAGE = semantic().replace("煒", "偉")
SJIS_PAGE = PAGE.replace('<meta charset="utf-8">', '<meta charset="shift_jis">')
NO_ARTICLE = "<html><head><title>アプリ</title><script>render()</script></head><body></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if self.path == "/trickle":  # headers at once, then a byte every 50 ms
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(40):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up (the timeout tests) breaks the pipe: not worth a traceback on stderr


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # a proxy named in the environment would take the requests for 127.0.0.1 elsewhere
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server():
    html_utf8 = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/article.html": (200, html_utf8, PAGE.encode(), 0),
        "/moved": (301, {"Location": "/article.html"}, b"", 0),
        "/chain": (302, {"Location": "/moved"}, b"", 0),
        "/loop": (302, {"Location": "/loop"}, b"", 0),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b"", 0),
        "/slow": (200, html_utf8, PAGE.encode(), 1.0),
        "/trickle": (200, html_utf8, PAGE.encode(), 0),
        # a Shift_JIS page the server calls UTF-8 (its <meta> is right)
        "/sjis-as-utf8": (200, html_utf8, SJIS_PAGE.encode("cp932"), 0),
        # a UTF-8 page the server calls ISO-8859-1 (decodable, and wrong)
        "/utf8-as-latin1": (200, {"Content-Type": "text/html; charset=iso-8859-1"}, PAGE.encode(), 0),
        # EUC-JP with no charset anywhere: detected
        "/euc-no-charset": (
            200,
            {"Content-Type": "text/html"},
            PAGE.replace('<meta charset="utf-8">', "").encode("euc_jp"),
            0,
        ),
        "/error": (500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>", 0),
        "/paper.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n", 0),
        "/app": (200, html_utf8, NO_ARTICLE.encode(), 0),
        "/gzip": (200, {**html_utf8, "Content-Encoding": "gzip"}, gzip.compress(PAGE.encode()), 0),
        "/bomb": (200, {**html_utf8, "Content-Encoding": "gzip"}, gzip.compress(b" " * 3_000_000), 0),
    }
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.routes = routes
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


HEADLINE = seed_parts()[0]


def _lines(url: str, **kw) -> tuple:
    article, lines = load(Source(url), **kw)
    return article, [line for line in lines if line.strip()]


def test_a_url_is_a_source_of_its_own(server):
    url = f"{server}/article.html"
    assert find_sources([url, url]) == [Source(url)]  # read once
    assert Source(url).kind == "url"
    assert Source("https://example.com").kind == "url"
    assert Source("http:/typo").kind == "text"  # no host: a path like any other


def test_a_url_gives_the_article_without_the_page_furniture(server):
    article, lines = _lines(f"{server}/article.html")
    assert article.source == f"{server}/article.html"
    assert article.title == HEADLINE  # " | 科技ニュース速報" (the site's name) dropped
    assert article.date == "2020-09-28"
    text = "\n".join(lines)
    assert "今年上半期、無錫ハイテク産業開発区の地区総生産額は" in text
    for furniture in (
        "半導体大手が新工場の建設を発表",
        "アクセスランキング",
        "記事を読んで",
        "会社概要",
        "クッキー",
    ):
        assert furniture not in text


@pytest.mark.parametrize("path", ["/moved", "/chain"])
def test_redirects_are_followed_and_the_asked_url_stays_the_source(server, path):
    article, lines = _lines(server + path)
    assert article.source == server + path
    assert article.title == HEADLINE
    assert len(lines) > 30


@pytest.mark.parametrize(
    "path", ["/sjis-as-utf8", "/utf8-as-latin1", "/euc-no-charset"], ids=["sjis", "latin1", "euc"]
)
def test_a_wrong_or_missing_charset_header_still_decodes(server, path):
    _, lines = _lines(server + path)
    _, reference = _lines(f"{server}/article.html")
    assert lines == reference


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/error", "HTTP 500 Internal Server Error"),
        ("/paper.pdf", "not a web page (application/pdf); save it and pass the file"),
        ("/loop", "too many redirects (more than 10)"),
        ("/to-file", "redirected to a non-web address (file:///etc/passwd)"),
        ("/slow", "timed out after 0.2 s"),  # no answer at all
        ("/trickle", "timed out after 0.2 s"),  # an answer that never ends
    ],
)
def test_fetch_errors_name_the_url_and_the_cause(server, path, cause):
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        load(Source(server + path), timeout=0.2)
    assert str(caught.value) == f"{server}{path}: {cause}"
    assert time.monotonic() - started < 5


def test_a_page_over_the_size_limit_is_refused(server):
    with pytest.raises(
        FetchError, match=r"/article\.html: page too large \(\d[\d,]* bytes; the limit is 1,000\)"
    ):
        fetch(f"{server}/article.html", max_bytes=1000)


def test_a_compressed_page_is_unpacked_within_the_size_limit(server):
    assert fetch(f"{server}/gzip").body == PAGE.encode()
    with pytest.raises(FetchError, match=r"/bomb: page too large \(over 1,000,000 bytes unpacked\)$"):
        fetch(f"{server}/bomb", max_bytes=1_000_000)  # 3 MB of spaces, 3 KB on the wire


def test_a_page_without_an_article_is_an_error(server):
    with pytest.raises(NoArticleText, match=r"/app: no article text found"):
        load(Source(f"{server}/app"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_closed_port_is_an_error():
    url = f"http://127.0.0.1:{_free_port()}/news"
    with pytest.raises(FetchError, match=f"^{url}: connection refused$"):
        load(Source(url))


def test_an_unknown_host_is_an_error(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no DNS query leaves the machine
    with pytest.raises(FetchError, match=r"^https://news\.invalid/a: cannot resolve the host name"):
        load(Source("https://news.invalid/a"))


@pytest.mark.slow
def test_the_cli_prints_one_error_line_and_writes_nothing(server, tmp_path, capsys):
    out = tmp_path / "out" / "deck.apkg"
    code = main(["build", f"{server}/missing", "-o", str(out), "--vocab", VOCAB, "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"Error: {server}/missing: HTTP 404 Not Found\n"
    assert not out.parent.exists()


@pytest.mark.slow
def test_timeout_option(server, capsys):
    assert main(["words", f"{server}/slow", "--timeout", "0.2"]) == 1
    assert capsys.readouterr().err == f"Error: {server}/slow: timed out after 0.2 s\n"
    with pytest.raises(SystemExit) as caught:
        main(["words", "--timeout", "0", f"{server}/slow"])
    assert caught.value.code == 2


# ------------------------------------------------------------------------ same words as the plain text


def _plain_text() -> str:
    """The article the page was made from, as a reader would paste it into a text file."""
    headline, byline, body, credit = seed_parts()
    text = "\n".join([headline, byline, "(写真:視覚中国)", *(t for _, t in body), credit]) + "\n"
    return text.replace("煒", "偉")


@pytest.mark.slow
def test_build_from_a_url_gives_the_words_of_the_plain_text(server, tmp_path):
    text = tmp_path / "article.txt"
    text.write_text(_plain_text(), encoding="utf-8")
    # the ranking's words that pass the deck's score line (the deck's length rule counts the page's
    # furniture words too, so it may end the deck one word earlier or later)
    options = Options(vocab_dir=VOCAB, min_score=0.0)
    from_text, dictionary = select_words([str(text)], options)
    options = Options(vocab_dir=VOCAB, dictionary=dictionary, min_score=0.0)
    from_url, _ = select_words([f"{server}/article.html"], options)
    assert len(from_text.candidates) >= 100
    # the same words, seen as often; scores may differ in the first decimal (keyness depends on the
    # text's token count, and the page's furniture lines differ), so near-ties can swap places
    assert sorted((c.word, c.count) for c in from_url.candidates if c.score >= DECK_SCORE) == sorted(
        (c.word, c.count) for c in from_text.candidates if c.score >= DECK_SCORE
    )
    text_scores = {c.word: c.score for c in from_text.candidates}
    assert all(abs(c.score - text_scores[c.word]) <= 0.5 for c in from_url.candidates)
    assert from_url.articles[0].title == from_text.articles[0].title == HEADLINE


@pytest.mark.slow
def test_cli_build_from_a_url(server, tmp_path):
    out = tmp_path / "web.apkg"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tangocho",
            "build",
            f"{server}/chain",
            "-o",
            str(out),
            "--vocab",
            VOCAB,
            "-q",
        ],
        capture_output=True,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert out.is_file()
    import sqlite3
    import zipfile

    with zipfile.ZipFile(out) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        fields = [flds for (flds,) in db.execute("SELECT flds FROM notes")]
    finally:
        db.close()
    assert len(fields) > 50
    assert any(html.escape(HEADLINE, quote=False)[:20] in f for f in fields)  # MiscInfo: the title
