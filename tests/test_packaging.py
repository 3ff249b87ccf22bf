"""What `pip install .` (not editable) puts in site-packages: every subpackage of the source."""

from __future__ import annotations

import tomllib

from conftest import ROOT


def test_every_subpackage_is_installed():
    # a regular install takes only the packages pyproject.toml lists: tangocho.select was missing, and
    # an installed tangocho failed on its first import of it
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "tangocho").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found <= listed, sorted(found - listed)
