"""The README's usage block and the parser stay in step (like sqlite-utils' test_docs): every option a
command takes is in the README, and every option the README gives a command exists."""

import re
from pathlib import Path

import pytest

from tangocho import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = ("build", "words", "push")
_OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _usage_block() -> str:
    section = README.split("## Using it", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)


def _documented(command: str) -> set[str]:
    """The options of one command's usage lines, plus the shared word options' paragraph where the
    line says "same word options"."""
    lines: list[str] = []
    for line in _usage_block().splitlines():
        if line.startswith("tangocho "):
            lines.append(line)
        elif lines:  # a continuation line belongs to the command above
            lines[-1] += line
    (usage,) = [line for line in lines if line.startswith(f"tangocho {command} ")]
    options = set(_OPTION.findall(usage))
    if "word options" in usage:
        shared = re.search(r"Word options shared by all three: (.*?)\n\n", README, re.DOTALL).group(1)
        options |= set(_OPTION.findall(shared))
    return options


def _actions(command: str) -> list[tuple[str, ...]]:
    """Each option of the command with its spellings (-o, --output), --help left out."""
    sub = next(a for a in cli._parser()._actions if a.dest == "command").choices[command]
    return [tuple(a.option_strings) for a in sub._actions if a.option_strings and a.dest != "help"]


def _parsed(command: str) -> set[str]:
    return {s for spellings in _actions(command) for s in spellings}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_documented(command):
    documented = _documented(command)
    missing = [s[-1] for s in _actions(command) if not documented & set(s)]
    assert not missing, f"README's usage of '{command}' lacks {missing}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_documented_option_exists(command):
    unknown = _documented(command) - _parsed(command) - {"--help"}
    assert not unknown, f"README gives '{command}' options it does not take: {sorted(unknown)}"


def test_each_command_is_in_the_usage_block_and_described():
    sub = next(a for a in cli._parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for name, parser in sub.choices.items():
        assert f"tangocho {name} " in _usage_block()
        assert parser.description and "examples:" in parser.epilog and "exit status:" in parser.epilog


def test_the_main_help_gives_examples_and_exit_statuses(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "tangocho build " in out and "130" in out and "143" in out
