"""Time to synthesise word and sentence clips (pyopenjtalk-plus → MP3), and their size.

    python benchmarks/audio_synthesis.py      # needs pip install -e '.[audio]'

Speaks the first sentences of the seed article and some words, uncached; prints medians.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tangocho.audio import Clip, check_available, synthesize

SEED = Path(__file__).resolve().parent.parent / "seeds" / "wuxi-hightech-2020.txt"
WORDS = [
    ("しゅうせきかいろ", 5),
    ("かぶしきがいしゃ", 5),
    ("ゆうち", 1),
    ("とうし", 0),
    ("そうぎょうさいかい", 5),
]


def _measure(clips: list[Clip]) -> tuple[float, float, float]:
    times, sizes, chars = [], [], []
    for clip in clips:
        started = time.perf_counter()
        data = synthesize(clip)
        times.append(time.perf_counter() - started)
        sizes.append(len(data))
        chars.append(len(clip.text))
    return statistics.median(times), statistics.median(sizes) / 1024, statistics.median(chars)


def main() -> None:
    check_available()
    synthesize(Clip("あ"))  # load the voice once
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 30]
    sentences = [Clip(s.split("。")[0] + "。") for s in lines[:8]]
    for name, clips in (("word", [Clip(r, a) for r, a in WORDS]), ("sentence", sentences)):
        seconds, kb, chars = _measure(clips)
        print(f"{name:9} median {seconds * 1000:6.0f} ms, {kb:5.1f} KB ({chars:.0f} chars), n={len(clips)}")


if __name__ == "__main__":
    main()
