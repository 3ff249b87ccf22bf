"""The one exception tree of tangocho.

Every error the library raises on purpose is a ``TangochoError``; the CLI turns each into one line
``Error: …`` and an exit status, never a traceback::

    TangochoError
    ├── InputError              the text to read is unusable
    │   ├── InputNotFound       a path that does not exist
    │   ├── EmptyInput          empty or whitespace-only text
    │   ├── BinaryInput         a file that is not text (NUL bytes, undecodable)
    │   ├── NoJapaneseText      text without any Japanese in it
    │   ├── UnsupportedInput    a file type tangocho does not read
    │   ├── FetchError          a URL that cannot be fetched (host, HTTP status, timeout, size, not HTML)
    │   ├── NoArticleText       a web page with no article text in it
    │   ├── DamagedDocument     an EPUB or PDF that cannot be opened
    │   ├── NoTextLayer         a PDF without a text layer (a scan)
    │   └── NothingToCard       no word of the input qualifies for a card
    ├── WordListError           a malformed word list (``file:line: reason``, or ``file: reason``)
    ├── OutputError             the deck or its manifest cannot be written
    ├── StoreError              the note store (every note tangocho made) is damaged or unusable
    ├── DictionaryError         JMdict data missing or unreadable (says which package to install)
    ├── AudioUnavailable        --audio without the optional extra tangocho[audio]
    ├── AnkiError               the learner's Anki cannot be read or reached
    │   ├── AnkiUnreachable     no AnkiConnect at that address (Anki not running, add-on missing)
    │   ├── AnkiConnectError    AnkiConnect answered with an error, or not as AnkiConnect would
    │   └── CollectionError     a collection.anki2 that cannot be read
    └── UsageError              options that contradict each other (exit status 2)
"""

from __future__ import annotations


class TangochoError(Exception):
    """Base of every error tangocho raises for the user to read."""

    exit_status = 1


class InputError(TangochoError):
    """The input text cannot be used."""


class InputNotFound(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class NoJapaneseText(InputError):
    pass


class UnsupportedInput(InputError):
    pass


class FetchError(InputError):
    """A URL that cannot be fetched; the message names the URL and the cause."""


class NoArticleText(InputError):
    """A page whose article text cannot be found (an index page, a login wall, a script-only app)."""


class DamagedDocument(InputError):
    """An EPUB or PDF file that cannot be opened (not a zip, no spine, a broken cross-reference table)."""


class NoTextLayer(InputError):
    """A PDF whose pages hold no text, only images (a scan: needs OCR first)."""


class NothingToCard(InputError):
    pass


class WordListError(TangochoError):
    """A word list line that cannot be read; the message starts with ``file:line:``."""

    def __init__(self, path: str, line: int, reason: str):
        """``line`` 0: the file as a whole (missing, not a package) — the message is ``file: reason``."""
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


class OutputError(TangochoError):
    """The deck or its manifest cannot be written."""


class StoreError(TangochoError):
    """The note store cannot be opened, read or written (the message names the file)."""


class DictionaryError(TangochoError):
    """The JMdict/KANJIDIC2 data is not installed or unreadable."""


class AudioUnavailable(TangochoError):
    """Audio was asked for but the optional extra (pyopenjtalk-plus, lameenc) is not installed."""


class AnkiError(TangochoError):
    """The learner's Anki (a collection file, or Anki over AnkiConnect) cannot be used."""


class AnkiUnreachable(AnkiError):
    pass


class AnkiConnectError(AnkiError):
    pass


class CollectionError(AnkiError):
    pass


class UsageError(TangochoError):
    """Options that make no sense together."""

    exit_status = 2
