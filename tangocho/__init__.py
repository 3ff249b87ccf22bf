"""tangocho (単語帳): Anki decks of the business and technology vocabulary of Japanese articles.

The public API is small: ``build`` writes a deck, ``push`` sends its notes to a running Anki
(AnkiConnect), ``select_words`` previews the words it would card,
``Options`` configures both, and every error is a ``TangochoError`` (see ``tangocho.errors``).
"""

from .errors import (
    BinaryInput,
    DictionaryError,
    EmptyInput,
    InputError,
    InputNotFound,
    NoJapaneseText,
    NothingToCard,
    OutputError,
    TangochoError,
    UnsupportedInput,
    UsageError,
    WordListError,
)
from .pipeline import BuildResult, Options, PushResult, Selection, build, push, select_words

__version__ = "0.1.0"

__all__ = [
    "BinaryInput", "BuildResult", "DictionaryError", "EmptyInput", "InputError", "InputNotFound",
    "NoJapaneseText", "NothingToCard", "Options", "OutputError", "Selection", "TangochoError",
    "UnsupportedInput", "UsageError", "WordListError", "build", "select_words", "push", "PushResult",
]  # fmt: skip
