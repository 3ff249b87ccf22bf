"""The rendaku evidence (dictionary.rendaku_evidence) and its shipped table (scripts/make_rendaku.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tangocho.dictionary import RENDAKU_LISTED, rendaku_evidence, rendaku_table
from tangocho.models import Entry, Form, Sense

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_rendaku.py"
TABLE = ROOT / "tangocho" / "data" / "rendaku.tsv"


def _script():
    spec = importlib.util.spec_from_file_location("make_rendaku", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _entry(i: int, kanji: str | tuple[Form, ...], *kana: str | Form) -> Entry:
    forms = (Form(kanji),) if isinstance(kanji, str) else kanji
    return Entry(i, forms, tuple(k if isinstance(k, Form) else Form(k) for k in kana), (Sense(("x",)),))


@pytest.mark.parametrize(
    ("entries", "key", "expected"),
    [
        # voiced, not voiced: each compound written X+N counts once
        ([_entry(1, "会社", "かいしゃ"), _entry(2, "親会社", "おやがいしゃ"),
          _entry(3, "合同会社", "ごうどうかいしゃ")],
         ("会社", "かいしゃ"), (1, 2)),
        # a compound with both readings counts, but not as voiced (派遣会社 はけんかいしゃ, はけんがいしゃ)
        ([_entry(1, "会社", "かいしゃ"), _entry(2, "派遣会社", "はけんかいしゃ", "はけんがいしゃ")],
         ("会社", "かいしゃ"), (0, 1)),
        # は turned ぱ after っ (一杯 いっぱい) is no rendaku: counted, not voiced
        ([_entry(1, "杯", "はい"), _entry(2, "一杯", "いっぱい"), _entry(3, "祝杯", "しゅくはい")],
         ("杯", "はい"), (0, 2)),
        # a reading restricted to another spelling, an irregular spelling, a kana-only reading: not read
        ([_entry(1, "箱", "はこ"),
          _entry(2, (Form("道具箱"), Form("道具函")), Form("どうぐばこ", restricted=("道具函",)),
                 "どうぐはこ"),
          _entry(3, (Form("本箱", irregular=True),), "ほんばこ"),
          _entry(4, "重箱", Form("じゅうばこ", kana_only=True), "じゅうはこ")],
         ("箱", "はこ"), (0, 2)),
        # X ends in a kanji, as where the sentence reader voices: 東印度会社 counts, 東インド会社 and
        # お会社 do not
        ([_entry(1, "会社", "かいしゃ"), _entry(2, "東印度会社", "ひがしいんどがいしゃ"),
          _entry(3, "東インド会社", "ひがしインドがいしゃ"), _entry(4, "お会社", "おがいしゃ")],
         ("会社", "かいしゃ"), (1, 1)),
    ],
)  # fmt: skip
def test_rendaku_evidence_counts_jmdict_compounds(entries, key, expected):
    assert rendaku_evidence(entries)[key][:2] == expected


def test_no_evidence_for_a_reading_that_cannot_voice():
    # 組合 くみあい can voice (ぐみあい); 鍋 なべ cannot: no row
    found = rendaku_evidence([_entry(1, "鍋", "なべ"), _entry(2, "土鍋", "どなべ")])
    assert ("鍋", "なべ") not in found


def test_shipped_table_is_well_formed():
    text = TABLE.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    for needle in ("JMdict", "EDRDG", "CC BY-SA 4.0", "python scripts/make_rendaku.py", "jamdict-data==1.5"):
        assert needle in header
    table = rendaku_table()
    assert len(table) > 1000
    assert all(
        0 <= voiced <= total and total >= RENDAKU_LISTED and 0 <= voiced2 <= total2 <= total
        for voiced, total, voiced2, total2 in table.values()
    )
    rows = [line.split("\t")[:2] for line in text.splitlines() if line and not line.startswith("#")]
    assert rows == sorted(rows)


@pytest.mark.slow
def test_shipped_table_is_what_the_script_writes_from_jmdict():
    # after a change of jamdict-data or of rendaku_evidence: python scripts/make_rendaku.py
    assert TABLE.read_text(encoding="utf-8") == _script().table_text()


@pytest.mark.slow
def test_shipped_endings_are_what_the_script_writes_from_jmdict():
    # how JMdict's compounds read the kanji they end in (reading._ending): after a change of
    # jamdict-data or of ending_evidence, python scripts/make_rendaku.py
    from tangocho.dictionary import ENDINGS_FILE, endings_table, source_entries

    script = _script()
    path = ROOT / "tangocho" / "data" / ENDINGS_FILE
    assert path.read_text(encoding="utf-8") == script.endings_text(source_entries().values())
    assert endings_table()["価"] == {"か": 104}


def test_ending_evidence_counts_the_kanji_reading_of_each_compound():
    from tangocho.dictionary import ending_evidence
    from tangocho.models import Kanji

    entries = [_entry(1, "物価", "ぶっか"), _entry(2, "単価", "たんか"), _entry(3, "評価", "ひょうか")]
    kanji = {"価": Kanji("価", ("value",), ("カ",), ("あたい",))}
    # ぶっか counts as か (its first kana after っ unchanged), each compound once
    assert ending_evidence(entries, kanji) == {"価": {"か": 3}}


@pytest.mark.slow
def test_shipped_affixes_are_what_the_script_writes_from_jmdict():
    # what JMdict's compounds mean by the kanji at their ends (pipeline._attested_sense): after a change
    # of jamdict-data or of affix_evidence, python scripts/make_rendaku.py
    from tangocho.dictionary import AFFIXES_FILE, affixes_table, source_entries

    path = ROOT / "tangocho" / "data" / AFFIXES_FILE
    assert path.read_text(encoding="utf-8") == _script().affixes_text(source_entries().values())
    material = affixes_table()[("材", "last")]
    assert material["material"] > 2 * material["wood"]


def test_affix_evidence_counts_the_compounds_whose_glosses_have_the_kanji_s_words():
    from tangocho.dictionary import affix_evidence

    def entry(i, kanji, *glosses):
        return Entry(i, (Form(kanji),), (Form("x"),), (Sense(tuple(glosses)),))

    entries = [entry(1, "材", "wood", "lumber"), entry(2, "材", "(raw) material")]
    entries += [entry(10 + k, w + "材", "building materials") for k, w in enumerate("建素資機教器")]
    entries += [entry(20 + k, w + "材", "material") for k, w in enumerate("鋼線板骨")]
    entries += [entry(30, "木材", "wood"), entry(31, "木", "tree")]
    found = affix_evidence(entries)
    # ten compounds end in 材: "materials" counts as material; wood once is chance, not kept; 木 begins
    # one compound only (木材): too few for a row
    assert found == {("材", "last"): {"material": 10}}


def test_affix_evidence_counts_a_word_inside_a_longer_one():
    from tangocho.dictionary import affix_evidence

    entries = [Entry(1, (Form("月"),), (Form("つき"),), (Sense(("month",)),))]
    entries += [
        Entry(10 + k, (Form("月" + w),), (Form("x"),), (Sense((f"monthly {w}",)),))
        for k, w in enumerate("給末刊額産謝報例次賦")
    ]
    assert affix_evidence(entries) == {("月", "first"): {"month": 10}}
