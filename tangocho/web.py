"""Fetch a web page (``tangocho build https://…``): one GET, bounded in time and size, then decoded.

The standard library's urllib is enough for what a reader's URL needs — one GET, redirects, a timeout,
the charset from the headers — and adds no dependency (httpx would bring four packages for the same
request). What urllib leaves to us: a deadline for the whole transfer (its timeout is per socket
operation, so a server that trickles a byte a second would never time out), a size cap, redirects kept
to http(s), and one error line per cause.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from .errors import FetchError
from .text import DEFAULT_TIMEOUT

MAX_BYTES = 10 * 1024 * 1024  # a news page is ~50–500 KB; anything over 10 MB is not an article
MAX_REDIRECTS = 10
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "Mozilla/5.0 (compatible; tangocho; +https://pypi.org/project/tangocho/)"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    content_type: str  # "text/html"
    charset: str | None  # from the Content-Type header, when it names one
    body: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        # a page may move to another http(s) address, never to file:// or ftp://
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location)
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise FetchError(f"{_asked(req)}: redirected to a non-web address ({target})")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _asked(req: urllib.request.Request) -> str:
    return getattr(req, "tangocho_url", req.full_url)


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """GET ``url``: its HTML bytes, or a ``FetchError`` naming the URL and the cause.

    ``timeout`` (seconds) bounds every wait for an answer (connecting, each redirect) and the time
    from the request to the page's last byte."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "ja,en;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        },
    )
    request.tangocho_url = url  # type: ignore[attr-defined]  # named in errors raised after redirects
    opener = urllib.request.build_opener(_Redirects())
    try:
        response = opener.open(request, timeout=timeout)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400 and "infinite loop" in str(exc.msg):
            raise FetchError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from exc
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}".rstrip()) from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {_cause(exc.reason, timeout)}") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: {_cause(exc, timeout)}") from exc
    with response:
        headers: Message = response.headers
        content_type = headers.get_content_type()
        if content_type not in HTML_TYPES:
            raise FetchError(f"{url}: not a web page ({content_type}); save it and pass the file")
        length = headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{url}: page too large ({int(length):,} bytes; the limit is {max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: page too large (over {max_bytes:,} bytes)")
                chunks.append(chunk)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"{url}: {_cause(exc, timeout)}") from exc
        body = b"".join(chunks)
        coding = (headers.get("Content-Encoding") or "identity").strip().lower()
        if coding in ("gzip", "x-gzip", "deflate"):
            body = _decompress(body, url, max_bytes)
        elif coding != "identity":
            raise FetchError(f"{url}: unsupported Content-Encoding {coding!r}")
        return Page(
            url=url,
            final_url=response.geturl(),
            content_type=content_type,
            charset=headers.get_content_charset(),
            body=body,
        )


def _decompress(body: bytes, url: str, max_bytes: int) -> bytes:
    """A gzip or deflate body, unpacked no further than the size cap (a small bomb stays small)."""
    attempts = (zlib.MAX_WBITS | 32, -zlib.MAX_WBITS)  # gzip or zlib header; raw deflate (old IIS)
    for wbits in attempts:
        unpacker = zlib.decompressobj(wbits)
        try:
            data = unpacker.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(data) > max_bytes:
            raise FetchError(f"{url}: page too large (over {max_bytes:,} bytes unpacked)")
        return data
    raise FetchError(f"{url}: the compressed page is damaged")


def _cause(exc: object, timeout: float) -> str:
    """One short cause for the error line: 'timed out after 20 s', 'cannot resolve the host' …"""
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return "cannot resolve the host name (offline, or a typo in the address?)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({getattr(exc, 'reason', None) or exc})"
    if isinstance(exc, OSError):
        return f"cannot connect ({exc.strerror or exc})"
    if isinstance(exc, str):
        return exc
    name = type(exc).__name__
    text = str(exc)
    return f"{name}: {text}" if text else name
