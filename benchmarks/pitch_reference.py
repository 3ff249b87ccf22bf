"""How often tangocho's pitch accent agrees with a public reference (tests/data/pitch_reference.tsv).

    python benchmarks/pitch_reference.py

Prints the rows answered, agreeing with the reference's first position, and within its listed positions.
"""

from __future__ import annotations

from pathlib import Path

from tangocho.pitch import word_pitch
from tangocho.tokenize import tokenize

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "pitch_reference.tsv"


def main() -> None:
    rows = answered = first = listed = 0
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("word\t") or not line.strip():
            continue
        word, reading, reference = line.split("\t")[:3]
        rows += 1
        result = word_pitch(tokenize(word), word, reading)
        if result is None:
            continue
        answered += 1
        positions = [int(v) for v in reference.split(",")]
        first += result.position == positions[0]
        listed += result.position in positions
    print(f"{rows} words; accent given for {answered} ({rows - answered} left empty, tagged check::pitch)")
    print(f"agrees with the reference's first position: {first}/{answered} ({first / answered:.0%})")
    print(f"within the reference's listed positions:    {listed}/{answered} ({listed / answered:.0%})")


if __name__ == "__main__":
    main()
