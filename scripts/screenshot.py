"""Screenshot a card of the seed deck as Anki renders it, for the README (docs/card*.png).

Not run by tests or CI. Needs the official ``anki`` package (``pip install -e '.[test]'``) and Chromium
(``apt-get install chromium``). From the repository root:

    python scripts/screenshot.py                 # docs/card.png, docs/card-dark.png, docs/card-phone.png
    python scripts/screenshot.py --review DIR    # also every side of every card type (light, dark, phone)

Steps: build the seed deck with a fixed clock (all three card types) → import it into a fresh Anki
collection → let Anki render the note's cards (``{{furigana:…}}`` becomes <ruby>) → wrap the HTML in a page
with the note type's CSS → screenshot it with headless Chromium, the window cropped to the card's height.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tangocho.notetype import CARD_TYPES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "wuxi-hightech-2020.txt"
FIXED_TIME = 1_700_000_000.0

DESKTOP_WIDTH = 760  # the card is at most 720 px wide, plus its padding
PHONE_WIDTH = 390  # an iPhone 12–15 in portrait, CSS pixels

PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>html, body {{ margin: 0; padding: 0; background: {background}; }}</style>
<style>{css}</style>
</head><body>
<div class="{classes}" id="qa">{content}</div>
<script>
  // the card's height, read back by --dump-dom to crop the screenshot
  document.body.dataset.height = Math.ceil(document.getElementById("qa").getBoundingClientRect().bottom) + 24;
</script>
</body></html>
"""


def build_deck(folder: Path) -> Path:
    from tangocho import Options, build

    out = folder / "seed.apkg"
    options = Options(
        output=str(out), vocab_dir=str(ROOT / "vocab"), card_types=CARD_TYPES, clock=lambda: FIXED_TIME
    )
    build([str(SEED)], options)
    return out


def import_deck(apkg: Path, folder: Path):
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(folder / "collection.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions(merge_notetypes=False, with_scheduling=True)
    )
    col.import_anki_package(request)
    return col


def find_note(col, word: str):
    ids = col.find_notes(f'"Expression:{word}"')
    if not ids:
        sys.exit(f"Error: no note for {word} in the seed deck")
    return col.get_note(ids[0])


def page(content: str, css: str, dark: bool) -> str:
    classes = "card nightMode night_mode" if dark else "card"
    background = "#1c1c1e" if dark else "#fbfbfd"
    return PAGE.format(css=css, classes=classes, content=content, background=background)


class Chromium:
    def __init__(self, binary: str):
        self.binary = binary
        self.profile = Path(tempfile.mkdtemp(prefix="tangocho-chromium-"))

    def _run(self, *args: str) -> str:
        command = [
            self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={self.profile}", *args,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            sys.exit(f"Error: chromium failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        return done.stdout

    def height(self, url: str, width: int) -> int:
        dom = self._run(f"--window-size={width},2000", "--dump-dom", url)
        m = re.search(r'data-height="(\d+)"', dom)
        if not m:
            sys.exit("Error: could not measure the page height")
        return int(m.group(1))

    def screenshot(self, html_path: Path, png: Path, width: int) -> None:
        url = html_path.resolve().as_uri()
        height = self.height(url, width)
        self._run(f"--window-size={width},{height}", f"--screenshot={png.resolve()}", url)

    def close(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--word", default="誘致", help="the note to show (default 誘致)")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="folder for card*.png (default docs/)")
    parser.add_argument("--review", metavar="DIR", help="also write every side of every card type here")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tangocho-shot-"))
    chromium = Chromium(args.chromium)
    try:
        col = import_deck(build_deck(work), work)
        note = find_note(col, args.word)
        css = col.models.get(note.mid)["css"]
        sides = {}
        for card in note.cards():
            kind = CARD_TYPES[card.ord]
            rendered = card.render_output()
            sides[f"{kind}-front"] = rendered.question_text
            sides[f"{kind}-back"] = rendered.answer_text
        col.close()

        shots = [
            ("card.png", sides["recognition-back"], False, DESKTOP_WIDTH),
            ("card-dark.png", sides["recognition-back"], True, DESKTOP_WIDTH),
            ("card-phone.png", sides["recognition-back"], False, PHONE_WIDTH),
        ]
        targets = [(out / name, content, dark, width) for name, content, dark, width in shots]
        if args.review:
            review = Path(args.review)
            review.mkdir(parents=True, exist_ok=True)
            for side, content in sides.items():
                for dark in (False, True):
                    name = f"{side}{'-dark' if dark else ''}.png"
                    targets.append((review / name, content, dark, DESKTOP_WIDTH))
                targets.append((review / f"{side}-phone.png", content, False, PHONE_WIDTH))
                (review / f"{side}.txt").write_text(html.unescape(content), encoding="utf-8")
        for png, content, dark, width in targets:
            html_path = work / (png.stem + ".html")
            html_path.write_text(page(content, css, dark), encoding="utf-8")
            chromium.screenshot(html_path, png, width)
            print(f"{png} ({png.stat().st_size // 1024} KB)")
    finally:
        chromium.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
