"""The package's own files (``tangocho/data/*.tsv``, ``tangocho/templates/*``), read as text.

An installed or checked-out package is a folder: its files are read from beside this module. Only a
package inside a zip goes through importlib.resources, whose import and first ``files()`` cost ~5–10 ms
of a build that reads three tables and the templates.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).parent


def package_path(*parts: str) -> Path:
    """Where the package's file ``parts`` is, in an installed or checked-out package (a folder)."""
    return _ROOT.joinpath(*parts)


def package_text(*parts: str) -> str:
    """The text of the package's file ``parts`` (``package_text("data", "jlpt.tsv")``)."""
    path = package_path(*parts)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from importlib import resources  # a package inside a zip

    return resources.files("tangocho").joinpath(*parts).read_text(encoding="utf-8")
