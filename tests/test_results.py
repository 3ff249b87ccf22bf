"""results.py: a build reuses an earlier build's cards only when nothing they depend on changed."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, SEED, fixed_clock

from tangocho import Options, build, pipeline, results


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """The results folder of this test's own, and a count of the builds that computed their cards."""
    monkeypatch.setattr(results, "folder", lambda: tmp_path / "results")
    computed = []
    real = pipeline._select

    def counting(inputs, options):
        computed.append(inputs)
        return real(inputs, options)

    monkeypatch.setattr(pipeline, "_select", counting)
    return computed


def _build(tmp_path, name: str, **options) -> bytes:
    out = tmp_path / f"{name}.apkg"
    build(
        [str(SEED)],
        Options(output=str(out), clock=fixed_clock, store=str(tmp_path / f"{name}.sqlite"), **options),
    )
    return out.read_bytes()


@pytest.mark.slow
def test_a_rebuild_reuses_the_cards_and_writes_the_same_deck(tmp_path, kept):
    vocab = tmp_path / "vocab"
    shutil.copytree(ROOT / "vocab", vocab)
    fresh = _build(tmp_path, "fresh", vocab_dir=str(vocab))
    assert _build(tmp_path, "first", vocab_dir=str(vocab), reuse=True) == fresh
    assert _build(tmp_path, "again", vocab_dir=str(vocab), reuse=True) == fresh
    assert len(kept) == 2  # the third build read what the second kept

    _build(tmp_path, "score", vocab_dir=str(vocab), reuse=True, min_score=1.0)  # another option
    (vocab / "exclude.txt").write_text("誘致\n", encoding="utf-8")  # an edited word list
    _build(tmp_path, "list", vocab_dir=str(vocab), reuse=True)
    assert len(kept) == 4


def test_inputs_without_a_fingerprint_are_never_kept(tmp_path):
    assert results.key(["-"], Options(reuse=True)) is None  # stdin
    assert results.key(["https://example.com/a"], Options(reuse=True)) is None
    assert results.key([str(SEED)], Options()) is None  # a library call: computed afresh
    assert results.key([str(SEED)], Options(reuse=True, known_anki=("connect",))) is None
