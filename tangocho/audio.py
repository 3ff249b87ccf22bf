"""Word and sentence audio, offline (the optional extra ``tangocho[audio]``).

Speech: pyopenjtalk-plus (Open JTalk with its dictionary and HTS voice inside the wheel: nothing is
downloaded, ever). Encoding: MP3 with lameenc (LAME inside the wheel), the format Anki's manual names the
most universally supported across desktop, AnkiWeb and the mobile clients (Ogg does not play on iOS).

The word is spoken from its reading with the accent the card shows (集積回路 しゅうせきかいろ, fall after
the 5th mora), so what the learner hears and sees agree; the sentence as the card's front shows it
(a long sentence cut to its clauses). Each file is named by a hash of what was spoken and how, and kept
in the user cache directory: a rebuild synthesises only what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .errors import AudioUnavailable
from .kana import to_hiragana
from .models import Card
from .pitch import morae

BIT_RATE = 64  # kbit/s, mono: a 12-second sentence is ~95 KB (WAV: 1.1 MB)
EXTRA = "audio needs the optional extra: pip install 'tangocho[audio]'"


@lru_cache(maxsize=1)
def _engine():
    """(pyopenjtalk, lameenc, version tag), or AudioUnavailable."""
    try:
        # pyopenjtalk-plus prints a notice about an optional model on import: the library never prints
        with contextlib.redirect_stdout(io.StringIO()):
            import lameenc
            import numpy
            import pyopenjtalk
    except ImportError:
        raise AudioUnavailable(EXTRA) from None
    from importlib.metadata import version

    tag = f"pyopenjtalk-plus {version('pyopenjtalk-plus')}; lameenc {version('lameenc')}; {BIT_RATE}k"
    return pyopenjtalk, lameenc, numpy, tag


def check_available() -> None:
    """Raise AudioUnavailable (before any work) when the extra is not installed."""
    _engine()


def cache_dir() -> Path:
    from .dictionary import cache_dir as base

    return base() / "audio"


@dataclass(frozen=True)
class Clip:
    """Something to say: the text, and for a word the downstep position to say it with (None: the
    engine's own accent)."""

    text: str
    accent: int | None = None

    def name(self) -> str:
        tag = _engine()[3]
        key = "\x1f".join((tag, self.text, "" if self.accent is None else str(self.accent)))
        return "tangocho-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20] + ".mp3"


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def synthesize(clip: Clip) -> bytes:
    """The clip as MP3 bytes."""
    pyopenjtalk, lameenc, numpy, _ = _engine()
    with contextlib.redirect_stdout(io.StringIO()):
        if clip.accent is None:
            wave, rate = pyopenjtalk.tts(clip.text)
        else:
            features = pyopenjtalk.run_frontend(_katakana(clip.text))
            if sum(int(f["mora_size"]) for f in features) == len(morae(to_hiragana(clip.text))):
                # one accent phrase, falling where the card says: しゅうせきかいろ 5
                for i, f in enumerate(features):
                    f["chain_flag"] = -1 if i == 0 else 1
                    f["acc"] = clip.accent if i == 0 else 0
            wave, rate = pyopenjtalk.synthesize(pyopenjtalk.make_label(features))
    pcm = numpy.clip(wave, -32768, 32767).astype("<i2").tobytes()
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(int(rate))
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def _plain(field: str) -> str:
    """The text a field shows: tags dropped, entities decoded, the ellipses of a cut sentence removed."""
    text = html.unescape(re.sub(r"<[^>]*>", "", field))
    return text.strip().strip("…").strip()


def _file(clip: Clip, folder: Path) -> Path:
    path = folder / clip.name()
    if not (path.is_file() and path.stat().st_size > 0):
        data = synthesize(clip)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # never a half-written clip in the cache
    return path


def add_audio(
    cards: Sequence[Card],
    progress: Callable[[str, int, int | None], None] = lambda stage, done, total: None,
    folder: Path | None = None,
) -> tuple[list[Card], list[Path]]:
    """Cards with ``ExpressionAudio`` / ``SentenceAudio`` filled (``[sound:tangocho-….mp3]``), and the
    media files to pack. Clips already in the cache are reused; ``progress("audio", done, total)``."""
    check_available()
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    plans = []
    for card in cards:
        reading = _plain(card.fields.get("ExpressionReading", ""))
        position = card.fields.get("PitchPosition", "").split(",")[0]
        word = Clip(reading, int(position)) if reading and position.isdigit() else Clip(reading)
        sentence = Clip(_plain(card.fields.get("Sentence", "")))
        plans.append((card, word if word.text else None, sentence if sentence.text else None))
    total = sum((w is not None) + (s is not None) for _, w, s in plans)
    done = 0
    media: dict[str, Path] = {}
    out = []
    progress("audio", 0, total)
    for card, word, sentence in plans:
        fields = dict(card.fields)
        for name, clip in (("ExpressionAudio", word), ("SentenceAudio", sentence)):
            if clip is None:
                continue
            path = _file(clip, folder)
            media[path.name] = path
            fields[name] = f"[sound:{path.name}]"
            done += 1
            progress("audio", done, total)
        out.append(replace(card, fields=fields))
    return out, sorted(media.values())
