"""Any input, any mistake: one line ``Error: …`` on stderr, exit status 1 (2 for usage), nothing written.

Issue 6. The table runs ``tangocho.cli.main`` in-process (quick); a few tests run ``python -m tangocho``
in a subprocess where the process itself matters: exit status through ``sys.exit``, no traceback,
signals, the progress bar on a terminal.
"""

from __future__ import annotations

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED

import tangocho.cli
from tangocho import deck as deck_stage
from tangocho.cli import main
from tangocho.errors import InputNotFound

VOCAB = str(ROOT / "vocab")
TEXT = SEED.read_text(encoding="utf-8")

# Files each case may use, created in a fresh folder: name → bytes (a folder when the name ends in /).
FILES: dict[str, bytes] = {
    "seed.txt": TEXT.encode(),
    "empty.txt": b"",
    "blank.txt": " \n\t\n\u3000\r\n".encode(),
    "bom-only.txt": b"\xef\xbb\xbf",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "controls.txt": bytes(range(1, 9)) * 40,  # no NUL, still no text
    "english.txt": b"Quarterly revenue rose 2% to $854 million.\nNo Japanese here.\n",
    "english.html": b"<html><title>\xe8\xa8\x98\xe4\xba\x8b</title><p>Only English in the body.</p></html>",
    "paper.pdf": b"%PDF-1.4\n",
    "paper.docx": b"PK\x03\x04",
    "euc.txt": TEXT.replace("\u00a0", " ").encode("euc_jp"),
    "no-articles/": b"",
    "no-articles/notes.docx": b"PK",
    "deck.apkg/": b"",  # a folder where the deck should go
    "afile": b"not a folder",
    "space.txt": "投資\nbad word\n".encode(),
    "include-reading.txt": "投資\tabc\n".encode(),
    "include-columns.txt": "# 見出し\n投資\tとうし\textra\n".encode(),
    "include-tab.txt": "\tとうし\n".encode(),
    "known-sjis.txt": "投資\n半導体\n".encode("cp932"),
    "known.apkg": b"PK\x03\x04 not really a zip",
    "bad-utf8.txt": TEXT.encode()[:300] + b"\xff" + TEXT.encode()[300:],  # one bad byte in UTF-8
}

BUILD = ("build", "--vocab", VOCAB, "-q")
SEE_BUILD = " (see 'tangocho build --help')"
CARD_TYPES = "(choose from recognition,production,cloze)"


def case(name: str, args: list[str], first_line: str, status: int = 1):
    """One row: arguments ({tmp} is the folder of FILES), the exact first line of stderr, the status."""
    return pytest.param(args, first_line, status, id=name)


CASES = [
    # --- user errors: exit status 1
    case("missing file", [*BUILD, "{tmp}/missing.txt"], "Error: {tmp}/missing.txt: no such file or folder"),
    case("missing folder", [*BUILD, "{tmp}/nowhere/"], "Error: {tmp}/nowhere/: no such file or folder"),
    case("empty file", [*BUILD, "{tmp}/empty.txt"], "Error: {tmp}/empty.txt: empty input"),
    case(
        "whitespace only",
        [*BUILD, "{tmp}/blank.txt"],
        "Error: {tmp}/blank.txt: empty input (only whitespace)",
    ),
    case(
        "BOM only", [*BUILD, "{tmp}/bom-only.txt"], "Error: {tmp}/bom-only.txt: empty input (only whitespace)"
    ),
    case("binary file", [*BUILD, "{tmp}/image.txt"], "Error: {tmp}/image.txt: binary file, not text"),
    case("control bytes", [*BUILD, "{tmp}/controls.txt"], "Error: {tmp}/controls.txt: binary file, not text"),
    case("no Japanese", [*BUILD, "{tmp}/english.txt"], "Error: {tmp}/english.txt: no Japanese text found"),
    case(
        "no Japanese in the page body",  # the <title> is Japanese, the text is not
        [*BUILD, "{tmp}/english.html"],
        "Error: {tmp}/english.html: no Japanese text found",
    ),
    case(
        "unsupported type",
        [*BUILD, "{tmp}/paper.docx"],
        "Error: {tmp}/paper.docx: unsupported file type (use .txt, .md, .html, .htm, .epub or .pdf)",
    ),
    case(
        "damaged PDF",
        [*BUILD, "{tmp}/paper.pdf"],
        "Error: {tmp}/paper.pdf: not a readable PDF (PdfStreamError: Stream has ended unexpectedly)",
    ),
    case(
        "folder without articles",
        [*BUILD, "{tmp}/no-articles"],
        "Error: {tmp}/no-articles: no .txt, .md, .html, .epub or .pdf files in this folder",
    ),
    case(
        "one bad file of two",
        [*BUILD, "{tmp}/seed.txt", "{tmp}/empty.txt"],
        "Error: {tmp}/empty.txt: empty input",
    ),
    case(
        "wrong forced encoding",
        [*BUILD, "{tmp}/euc.txt", "--encoding", "cp932"],
        "Error: {tmp}/euc.txt: not cp932 text (byte 1: illegal multibyte sequence); is --encoding right?",
    ),
    case(
        "word list: space in a word",
        [*BUILD, "{tmp}/seed.txt", "--include", "{tmp}/space.txt"],
        "Error: {tmp}/space.txt:2: 'bad word' contains a space (separate word and reading with a TAB)",
    ),
    case(
        "word list: reading not kana",
        [*BUILD, "{tmp}/seed.txt", "--include", "{tmp}/include-reading.txt"],
        "Error: {tmp}/include-reading.txt:1: reading 'abc' is not kana",
    ),
    case(
        "word list: three columns",
        [*BUILD, "{tmp}/seed.txt", "--exclude", "{tmp}/include-columns.txt"],
        "Error: {tmp}/include-columns.txt:2: too many TAB-separated columns (expected: word[TAB reading])",
    ),
    case(
        "word list: no word",
        [*BUILD, "{tmp}/seed.txt", "--include", "{tmp}/include-tab.txt"],
        "Error: {tmp}/include-tab.txt:1: line starts with a TAB: the word is missing",
    ),
    case(
        "word list: not UTF-8",
        [*BUILD, "{tmp}/seed.txt", "--known", "{tmp}/known-sjis.txt"],
        "Error: {tmp}/known-sjis.txt:1: not UTF-8 text",
    ),
    case(
        "known: broken .apkg",
        [*BUILD, "{tmp}/seed.txt", "--known", "{tmp}/known.apkg"],
        "Error: {tmp}/known.apkg: not a valid Anki package",
    ),
    case(
        "output under a file",
        [*BUILD, "{tmp}/seed.txt", "-o", "{tmp}/afile/deck.apkg"],
        "Error: {tmp}/afile/deck.apkg: cannot create the output folder ({tmp}/afile is not a folder)",
    ),
    case(
        "output deep under a file",
        [*BUILD, "{tmp}/seed.txt", "-o", "{tmp}/afile/a/b/deck.apkg"],
        "Error: {tmp}/afile/a/b/deck.apkg: cannot create the output folder ({tmp}/afile is not a folder)",
    ),
    case(
        "output is a device",
        [*BUILD, "{tmp}/seed.txt", "-o", "/dev/full"],
        "Error: /dev/full: not a regular file (give a file name ending in .apkg)",
    ),
    case(
        "bad bytes in UTF-8",
        [*BUILD, "{tmp}/bad-utf8.txt"],
        "Error: {tmp}/bad-utf8.txt: not utf-8 text (byte 300: invalid start byte); "
        "name its encoding with --encoding",
    ),
    case(
        "--vocab missing",
        [*BUILD, "{tmp}/seed.txt", "--vocab", "{tmp}/no-vocab"],
        "Error: {tmp}/no-vocab: no such folder",
    ),
    case(
        "--vocab a file",
        [*BUILD, "{tmp}/seed.txt", "--vocab", "{tmp}/afile"],
        "Error: {tmp}/afile: not a folder",
    ),
    case(
        "words: missing file",
        ["words", "{tmp}/missing.md"],
        "Error: {tmp}/missing.md: no such file or folder",
    ),
    # --- usage errors: exit status 2
    case(
        "unknown option",
        [*BUILD, "{tmp}/seed.txt", "--bogus"],
        "Error: unrecognized arguments: --bogus (see 'tangocho --help')",
        2,
    ),
    case(
        "--max-words not a number",
        [*BUILD, "--max-words", "ten"],
        "Error: argument --max-words: not a whole number: 'ten'" + SEE_BUILD,
        2,
    ),
    case(
        "--max-words zero",
        [*BUILD, "--max-words", "0"],
        "Error: argument --max-words: must be at least 1: '0'" + SEE_BUILD,
        2,
    ),
    case(
        "--min-score not a number",
        [*BUILD, "--min-score", "high"],
        "Error: argument --min-score: invalid float value: 'high'" + SEE_BUILD,
        2,
    ),
    case(
        "--min-score nan",
        [*BUILD, "--min-score", "nan"],
        "Error: argument --min-score: not a finite number: 'nan'" + SEE_BUILD,
        2,
    ),
    case(
        "empty deck name",
        [*BUILD, "--deck-name", ""],
        "Error: argument --deck-name: '' has an empty part (subdecks are written A::B)" + SEE_BUILD,
        2,
    ),
    case(
        "deck name of separators only",
        [*BUILD, "--deck-name", "::"],
        "Error: argument --deck-name: '::' has an empty part (subdecks are written A::B)" + SEE_BUILD,
        2,
    ),
    case(
        "--encoding rot13",
        [*BUILD, "--encoding", "rot13"],
        "Error: argument --encoding: 'rot13' is not a text encoding "
        "(for example utf-8, cp932, euc_jp, iso2022_jp, utf-16)" + SEE_BUILD,
        2,
    ),
    case(
        "--encoding base64",
        [*BUILD, "--encoding", "base64"],
        "Error: argument --encoding: 'base64' is not a text encoding "
        "(for example utf-8, cp932, euc_jp, iso2022_jp, utf-16)" + SEE_BUILD,
        2,
    ),
    case(
        "unknown card type",
        [*BUILD, "--cards", "recognition,flashcard"],
        f"Error: argument --cards: unknown card type 'flashcard' {CARD_TYPES}" + SEE_BUILD,
        2,
    ),
    case(
        "no card type",
        [*BUILD, "--cards", ","],
        f"Error: argument --cards: unknown card type ',' {CARD_TYPES}" + SEE_BUILD,
        2,
    ),
    case(
        "unknown encoding",
        [*BUILD, "--encoding", "klingon"],
        "Error: argument --encoding: unknown encoding 'klingon' "
        "(for example utf-8, cp932, euc_jp, iso2022_jp, utf-16)" + SEE_BUILD,
        2,
    ),
    case(
        "-o without a path",
        [*BUILD, "{tmp}/seed.txt", "-o"],
        "Error: argument -o/--output: expected one argument" + SEE_BUILD,
        2,
    ),
    case("no command", [], "Error: the following arguments are required: command (see 'tangocho --help')", 2),
]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, data in FILES.items():
        path = tmp_path / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return tmp_path


def _snapshot(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _run_main(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's usage errors exit from inside parse_args
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.slow
@pytest.mark.parametrize(("args", "first_line", "status"), CASES)
def test_error_table(args, first_line, status, files, capsys, monkeypatch):
    monkeypatch.chdir(files)  # the default output (decks/…) would land here
    before = _snapshot(files)
    out_default = files / "out" / "deck.apkg"
    argv = [a.format(tmp=files) for a in args]
    if argv[:1] == ["build"]:
        argv[1:1] = ["-o", str(out_default)]  # a case's own -o comes later and wins
    code, out, err = _run_main(argv, capsys)
    assert err.splitlines()[0] == first_line.format(tmp=files)
    assert err.count("\n") == 1, err  # one line, no traceback
    assert "Traceback" not in err
    assert code == status
    assert out == ""
    assert _snapshot(files) == before  # no deck, no manifest, no temporary file, no folder


def test_missing_word_list_names_the_file(files, capsys):
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "--known", str(files / "nolist.txt")], capsys)
    assert code == 1
    assert err.startswith(f"Error: {files}/nolist.txt")
    assert "no such file" in err


def test_missing_word_list_has_no_line_zero(files, capsys):
    _, _, err = _run_main([*BUILD, str(files / "seed.txt"), "--known", str(files / "nolist.txt")], capsys)
    assert err == f"Error: {files}/nolist.txt: no such file\n"


@pytest.mark.slow
def test_empty_stdin(files, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = _run_main([*BUILD, "-", "-o", str(files / "out.apkg")], capsys)
    assert (code, err) == (1, "Error: <stdin>: empty input\n")
    assert not (files / "out.apkg").exists()


def test_unwritable_output_folder(files, capsys):
    # /sys refuses new files even to root (a chmod-ed folder would not: the tests may run as root)
    if not Path("/sys").is_dir() or os.access("/sys", os.W_OK) and _creatable(Path("/sys")):
        pytest.skip("needs a read-only /sys")
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", "/sys/tangocho-test.apkg"], capsys)
    assert code == 1
    assert err.startswith("Error: /sys/tangocho-test.apkg: cannot write in /sys (")
    assert err.count("\n") == 1
    assert not Path("/sys/tangocho-test.apkg").exists()


def _creatable(folder: Path) -> bool:
    try:
        (folder / ".tangocho-probe").touch()
    except OSError:
        return False
    (folder / ".tangocho-probe").unlink()
    return True


# ---------------------------------------------------------------------------- dictionary not installed


def test_dictionary_package_not_installed(files, capsys, monkeypatch):
    monkeypatch.delenv("TANGOCHO_JAMDICT_DB", raising=False)
    monkeypatch.setitem(sys.modules, "jamdict_data", None)  # `import jamdict_data` raises ImportError
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", str(files / "x.apkg")], capsys)
    assert code == 1
    assert err == (
        "Error: JMdict data is not installed: install the jamdict-data package "
        "(pip install 'jamdict-data==1.5')\n"
    )
    assert not (files / "x.apkg").exists()


def test_dictionary_data_file_missing(files):
    # a subprocess: the seam is the environment variable, as a user's broken install would be
    env = {**os.environ, "TANGOCHO_JAMDICT_DB": str(files / "gone" / "jamdict.db")}
    done = _cli(*BUILD, str(files / "seed.txt"), "-o", str(files / "x.apkg"), env=env)
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"Error: JMdict data file {files}/gone/jamdict.db is missing or incomplete: reinstall jamdict-data "
        "(pip install --force-reinstall 'jamdict-data==1.5')\n"
    )
    assert not (files / "x.apkg").exists()


# ----------------------------------------------------------------------- --debug, bugs, interruptions


def test_debug_shows_the_traceback(files):
    with pytest.raises(InputNotFound):
        main([*BUILD, str(files / "missing.txt"), "--debug"])


def test_a_bug_is_still_one_line(files, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(tangocho.cli, "build", broken)
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", str(files / "x.apkg")], capsys)
    assert (code, err) == (1, "Error: internal error (ValueError: boom); --debug shows where\n")
    with pytest.raises(ValueError, match="boom"):
        main([*BUILD, str(files / "seed.txt"), "-o", str(files / "x.apkg"), "--debug"])


def test_keyboard_interrupt_in_process(files, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tangocho.cli, "build", interrupted)
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", str(files / "x.apkg")], capsys)
    assert (code, err) == (130, "Error: interrupted; nothing was written\n")


@pytest.mark.parametrize("previous_deck", [False, True], ids=["first build", "rebuild"])
def test_an_interrupt_after_the_deck_is_in_place_says_it_was_written(
    previous_deck, files, capsys, monkeypatch
):
    # Ctrl-C after the move (during the store's commit, the return, the summary): the library's own mark
    # is not there, the deck is — the line must not say "nothing was written"
    out = files / "x.apkg"
    if previous_deck:
        out.write_bytes(b"the previous deck")

    def written_then_interrupted(*args, **kwargs):
        tmp = files / "x.apkg.tmp"
        tmp.write_bytes(b"the new deck")
        os.replace(tmp, out)
        raise KeyboardInterrupt

    monkeypatch.setattr(tangocho.cli, "build", written_then_interrupted)
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", str(out)], capsys)
    assert (code, err) == (130, f"Error: interrupted; the deck was written just before ({out})\n")


@pytest.mark.slow
@pytest.mark.parametrize("previous_deck", [False, True], ids=["first build", "rebuild"])
def test_interrupt_while_writing_leaves_the_previous_deck(previous_deck, files, capsys, monkeypatch):
    out = files / "out" / "deck.apkg"
    argv = [*BUILD, str(files / "seed.txt"), "-o", str(out)]
    if previous_deck:
        assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()} if previous_deck else {}
    stored = deck_stage.stored_manifest()
    scratch = files / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    real_replace = os.replace

    def interrupted(src, dst):  # Ctrl-C at the last moment: the package is written, not yet moved
        if str(dst).endswith(".apkg"):  # the deck's move
            raise KeyboardInterrupt
        real_replace(src, dst)  # (a dictionary index built on first use is no deck)

    monkeypatch.setattr(os, "replace", interrupted)
    capsys.readouterr()
    code, out_text, err = _run_main([*argv, "--max-words", "20"], capsys)
    assert (code, out_text, err) == (130, "", "Error: interrupted; nothing was written\n")
    after = {p.name: p.read_bytes() for p in out.parent.iterdir()} if out.parent.exists() else {}
    assert after == before  # the previous deck as it was, no .tmp file beside it
    assert deck_stage.stored_manifest() == stored  # and the note store as it was
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
def test_output_naming_a_folder_writes_the_deck_into_it(files, capsys):
    folder = files / "decks"
    folder.mkdir()
    code, _, err = _run_main([*BUILD, str(files / "seed.txt"), "-o", str(folder), "--max-words", "5"], capsys)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in folder.iterdir()) == ["tangocho.apkg"]
    assert not (files / "decks.apkg").exists()


@pytest.mark.slow
def test_changing_card_types_is_announced_even_when_quiet(files, capsys):
    argv = [*BUILD, str(files / "seed.txt"), "-o", str(files / "deck.apkg"), "--max-words", "5"]
    assert _run_main([*argv, "--cards", "recognition,cloze"], capsys) == (0, "", "")
    code, out, err = _run_main([*argv, "--cards", "recognition"], capsys)
    assert (code, out) == (0, "")
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("Note: ") for line in lines)
    assert "updates 5 notes" in lines[0] and "Tools → Empty Cards" in lines[1]


@pytest.mark.slow
def test_interrupt_after_the_deck_moved_records_it_in_the_store(files, capsys, monkeypatch):
    out = files / "out" / "deck.apkg"
    argv = [*BUILD, str(files / "seed.txt"), "-o", str(out)]
    assert main([*argv, "--max-words", "10"]) == 0
    real_replace = os.replace

    def interrupted(src, dst):  # Ctrl-C right after the deck's move, before the store's commit
        real_replace(src, dst)
        if str(dst).endswith(".apkg"):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    capsys.readouterr()
    code, _, err = _run_main([*argv, "--max-words", "20"], capsys)
    assert (code, err) == (130, f"Error: interrupted; the deck was written just before ({out})\n")
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]
    assert len(deck_stage.stored_manifest().notes) == 20  # the store holds the new deck's notes


def _cli(*args: str, env: dict | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tangocho", *args],
        input=stdin,
        capture_output=True,
        env=env or dict(os.environ),
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "first_line", "status"),
    [
        (
            ["build", "--vocab", VOCAB, "{tmp}/missing.txt"],
            "Error: {tmp}/missing.txt: no such file or folder",
            1,
        ),
        (["build", "--bogus"], "Error: unrecognized arguments: --bogus (see 'tangocho --help')", 2),
    ],
    ids=["user error", "usage error"],
)
def test_exit_status_of_the_process(args, first_line, status, files):
    done = _cli(*(a.format(tmp=files) for a in args))
    assert done.returncode == status
    assert done.stderr.decode() == first_line.format(tmp=files) + "\n"
    assert done.stdout == b""


def _open_files(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the input being read")
@pytest.mark.parametrize(
    ("signum", "status", "first_line"),
    [
        (signal.SIGINT, 130, "Error: interrupted; nothing was written"),
        (signal.SIGTERM, 143, "Error: terminated; nothing was written"),
    ],
    ids=["SIGINT", "SIGTERM"],
)
@pytest.mark.slow
def test_signal_while_reading_leaves_nothing(signum, status, first_line, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes() * 200)  # 3 MB: seconds of work, interrupted long before the end
    out = tmp_path / "out" / "deck.apkg"
    scratch = tmp_path / "tmp"  # TMPDIR: genanki and sqlite put their temporary files here
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tangocho", "build", str(big), "-o", str(out), "--vocab", VOCAB],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        # a shell running this suite in the background ignores SIGINT, and children inherit that:
        # give the build Python's own Ctrl-C handling back
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while str(big) not in _open_files(proc.pid):  # wait until it reads the article
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the build never opened its input"
            time.sleep(0.02)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == status, stderr.decode()
    assert stderr.decode().splitlines()[0] == first_line
    assert "Traceback" not in stderr.decode()
    assert stdout == b""
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert list(scratch.iterdir()) == []


# Ctrl-C arrives while Python imports a module of the start-up (the first ~0.15 s of a run): the
# import hook sends the signal itself, so the moment is exact, not a race with a timer.
_INTERRUPTED_IMPORT = """
import builtins, os, runpy, signal, sys
real_import = builtins.__import__
target = sys.argv[1]
def interrupting_import(name, *args, **kwargs):
    if name == target:
        builtins.__import__ = real_import
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)
builtins.__import__ = interrupting_import
module = sys.argv[2]
sys.argv = [module, *sys.argv[3:]]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["argparse", "dictionary", "genanki"])  # (from .dictionary: "dictionary")
def test_ctrl_c_during_start_up_is_one_line(module, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT, module, "tangocho", "build", str(SEED), "-o",
         str(tmp_path / "deck.apkg"), "--vocab", VOCAB],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (130, "Error: interrupted; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


_INTERRUPTED = "Error: interrupted; nothing was written\n"


def _catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler of its own for ``signum`` (its SigCgt mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it has ended
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) >> (signum - 1) & 1)


def _interrupt_start_up(tmp_path: Path, when) -> tuple[bool, int, str, str]:
    """Start ``tangocho build``, Ctrl-C it when ``when(pid)`` says; (its handling was in place, status,
    stdout, stderr). The handling is in place once ``run`` has begun: it catches SIGTERM first."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tangocho", "build", str(SEED), "-o", str(tmp_path / "deck.apkg"),
         "--vocab", VOCAB],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        when(proc.pid)
        ready = _catches(proc.pid, signal.SIGTERM)  # before the signal: once true it stays true
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return ready, proc.returncode, stdout, stderr


def _handled(status: int, stdout: str, stderr: str, folder: Path) -> bool:
    """tangocho's own outcomes of a Ctrl-C, each with nothing half-written in ``folder``:

    - before the deck's commit point: the one line, nothing written;
    - after it (a loaded machine can deliver the signal that late): the line names the deck, which is
      whole;
    - the build had finished: its summary, the deck whole.

    An interrupted status is 130, or the interpreter ends itself by the signal after the line (CPython
    does when the KeyboardInterrupt passed through one of its own C-level calls) — a shell sees 130."""
    deck = folder / "deck.apkg"
    files = sorted(folder.iterdir())
    interrupted = status in (130, -signal.SIGINT) and stdout == ""
    if interrupted and stderr == _INTERRUPTED:
        return files == []
    whole = files == [deck] and zipfile.is_zipfile(deck)
    if whole:
        with zipfile.ZipFile(deck) as archive:
            whole = "collection.anki2" in archive.namelist()
    if interrupted and stderr == f"Error: interrupted; the deck was written just before ({deck})\n":
        return whole
    return status == 0 and "written to" in stdout and "Traceback" not in stderr and whole


def test_ctrl_c_from_outside_once_start_up_handles_it_is_one_line(tmp_path):
    # the readiness point: the moment the command's signal handling is in place, whatever the load
    def until_ready(pid: int) -> None:
        deadline = time.monotonic() + 60
        while not _catches(pid, signal.SIGTERM):
            assert time.monotonic() < deadline, "the command never installed its signal handling"
            time.sleep(0.001)

    ready, status, stdout, stderr = _interrupt_start_up(tmp_path, until_ready)
    assert ready and _handled(status, stdout, stderr, tmp_path), (status, stdout, stderr)


@pytest.mark.slow  # a whole build: the real dictionary
def test_ctrl_c_from_outside_once_the_deck_is_in_place_says_it_was_written(tmp_path):
    def until_the_deck(pid: int) -> None:
        deadline = time.monotonic() + 120
        while not (tmp_path / "deck.apkg").exists():
            assert time.monotonic() < deadline, "the build never wrote its deck"
            time.sleep(0.0002)

    _, status, stdout, stderr = _interrupt_start_up(tmp_path, until_the_deck)
    assert _handled(status, stdout, stderr, tmp_path), (status, stdout, stderr)
    assert stderr != _INTERRUPTED  # said "nothing was written" before the CLI looked at the deck


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.15])
def test_ctrl_c_from_outside_early_in_start_up_is_one_line_or_pythons_own(tmp_path, delay):
    """A signal at a fixed moment lands wherever the machine's load puts the start-up. Each outcome is
    one of these; which one, the timing decides."""
    ready, status, stdout, stderr = _interrupt_start_up(tmp_path, lambda pid: time.sleep(delay))
    if ready:  # tangocho's handling was in place: only its own outcomes
        assert _handled(status, stdout, stderr, tmp_path), (status, stdout, stderr)
        return
    python_start_up = (  # before any of tangocho's start-up code ran (site, runpy, the package itself)
        stderr.rstrip().endswith("KeyboardInterrupt")
        and "tangocho/__main__.py" not in stderr
        and "tangocho/cli.py" not in stderr
    )
    before_python = (status, stdout, stderr) == (-signal.SIGINT, "", "")  # before Python's own handler
    # in site.py, importing a .pth file's line (an editable install's finder): site prints the error,
    # ignores the rest of that file and goes on, so the build runs to its end; likewise inside the
    # import system's lock callback (a weakref callback: CPython prints "Exception ignored" and the
    # import goes on), which a fast build (the build memo: 0.06 s) meets at 0.05 s
    in_site = _IMPORT_LOCK_ERROR.sub("", _SITE_PTH_ERROR.sub("", stderr))
    assert (
        _handled(status, stdout, stderr, tmp_path)
        or (in_site != stderr and _handled(status, stdout, in_site, tmp_path))
        or ((before_python or python_start_up) and list(tmp_path.iterdir()) == [])
    ), (status, stdout, stderr)


_SITE_PTH_ERROR = re.compile(r"Error processing line \d+ of [^\n]*\.pth:.*?Remainder of file ignored\n", re.S)
_IMPORT_LOCK_ERROR = re.compile(
    r"Exception ignored in: <function _get_module_lock\.<locals>\.cb at 0x[0-9a-f]+>\n"
    r"Traceback \(most recent call last\):\n(?:  .*\n)+KeyboardInterrupt: \n"
)


# ------------------------------------------------------------------------------------- progress bar


def _run_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe); return status, stdout, stderr."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tangocho", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stdout = proc.stdout.read().decode()
    proc.stdout.close()
    return proc.wait(timeout=60), stdout, b"".join(chunks).decode(errors="replace")


@pytest.mark.slow
def test_progress_bar_on_a_terminal_and_quiet_silences_it(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(SEED.read_bytes() * 8)
    status, stdout, stderr = _run_on_a_terminal("build", str(article), "-o", str(tmp_path / "a.apkg"))
    assert status == 0
    assert "reading" in stderr and "B/s" in stderr  # tqdm's bar: "reading:  45%|████▌ | 58.0k/130k …"
    assert "writing" in stderr
    assert "notes" in stdout and "written to" in stdout

    status, stdout, stderr = _run_on_a_terminal(
        "build", str(article), "-o", str(tmp_path / "b.apkg"), "--quiet"
    )
    assert status == 0
    assert stderr == "" and stdout == ""


@pytest.mark.slow
def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    done = _cli("build", str(SEED), "-o", str(tmp_path / "a.apkg"))
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"written to" in done.stdout
