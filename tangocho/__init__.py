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

__version__ = "0.1.0"

# The pipeline (fugashi, genanki, jamdict …) is imported on first use, not with the package: the CLI
# installs its signal handling first (Ctrl-C during start-up), and `import tangocho.errors` stays light.
_PIPELINE = ("BuildResult", "Options", "PushResult", "Selection", "build", "push", "select_words")


def __getattr__(name: str):
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'tangocho' has no attribute {name!r}")


__all__ = [
    "BinaryInput", "BuildResult", "DictionaryError", "EmptyInput", "InputError", "InputNotFound",
    "NoJapaneseText", "NothingToCard", "Options", "OutputError", "Selection", "TangochoError",
    "UnsupportedInput", "UsageError", "WordListError", "build", "select_words", "push", "PushResult",
]  # fmt: skip
