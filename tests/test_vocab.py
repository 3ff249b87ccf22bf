"""The shipped word lists in vocab/ and the script that generates them (scripts/make_vocab.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tangocho.kana import is_kana
from tangocho.wordlists import load_list, parse_list

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "vocab"
SCRIPT = ROOT / "scripts" / "make_vocab.py"
REVIEW = ROOT / "scripts" / "vocab_review.tsv"
DOMAIN_LISTS = ("business", "technology")
TEMPLATES = ("known", "exclude", "include")


def _load_script():
    spec = importlib.util.spec_from_file_location("make_vocab", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


mv = _load_script()


def _rows(name: str) -> list[tuple[str, str]]:
    """(word, reading) of every non-comment line, in file order."""
    rows = []
    for line in (VOCAB / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, reading = line.split("\t")
            rows.append((word, reading))
    return rows


def _review() -> list[list[str]]:
    return [
        line.split("\t")
        for line in REVIEW.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@pytest.fixture(scope="module")
def dictionary():
    from tangocho.dictionary import open_dictionary

    return open_dictionary()


# ------------------------------------------------------------------------------------------ the lists


@pytest.mark.parametrize("name", DOMAIN_LISTS)
def test_domain_list_parses_with_a_reading_for_every_word(name):
    words = load_list(VOCAB / f"{name}.txt")
    assert len(words.words) >= 300
    assert set(words.readings) == set(words.words)
    assert all(is_kana(r) for r in words.readings.values())


@pytest.mark.parametrize("name", DOMAIN_LISTS)
def test_domain_list_is_sorted_without_duplicates(name):
    words = [w for w, _ in _rows(name)]
    assert words == sorted(set(words))


@pytest.mark.parametrize("name", DOMAIN_LISTS)
def test_domain_list_header_names_source_licence_command_and_date(name):
    header = "".join(
        line
        for line in (VOCAB / f"{name}.txt").read_text(encoding="utf-8").splitlines(True)
        if line.startswith("#")
    )
    for needle in (
        "JMdict",
        "EDRDG",
        "CC BY-SA 4.0",
        "python scripts/make_vocab.py",
        "scripts/vocab_review.tsv",
    ):
        assert needle in header
    assert re.search(r"^# Date: \d{4}-\d{2}-\d{2}$", header, re.MULTILINE)
    assert f"({len(_rows(name))} words)" in header


@pytest.mark.slow
@pytest.mark.parametrize("name", DOMAIN_LISTS)
def test_every_word_is_a_jmdict_form_read_as_listed(name, dictionary):
    rows = _rows(name)
    found = dictionary.lookup_forms(w for w, _ in rows)
    assert [w for w, _ in rows if w not in found] == []
    entries = dictionary.entries({i for ids in found.values() for i in ids})
    wrong = [
        (word, reading)
        for word, reading in rows
        if not any(reading in {k.text for k in entries[i].kana} for i in found[word] if i in entries)
    ]
    assert wrong == []


@pytest.mark.parametrize("name", DOMAIN_LISTS)
def test_words_are_two_characters_or_reviewed(name):
    """Single characters (株) only by a review line; no digits or Latin letters (ＴＯＢ, １００均)."""
    added = {row[0] for row in _review() if row[1] == name and row[2] == "add"}
    words = [w for w, _ in _rows(name)]
    assert [w for w in words if len(w) < 2 and w not in added] == []
    assert [w for w in words if re.search(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]", w)] == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("business", "投資 融資 物流 税収 提携 収益 外資 資本 金融機関 製造業 輸出入 上半期 株 不良債権"),
        (
            "technology",
            "半導体 集積回路 研究開発 科学技術 医薬品 ハイテク プラットフォーム インターネット 技術",
        ),
    ],
)
def test_core_domain_words_are_listed(name, words):
    listed = {w for w, _ in _rows(name)}
    assert [w for w in words.split() if w not in listed] == []


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("business", "仲間"),  # "company" as in companions
        ("business", "土手"),  # "bank" of a river
        ("business", "上京"),  # "proceeding to the capital"
        ("business", "不足"),  # "deficit" is only its 5th gloss
        ("technology", "楽器"),  # "musical instrument"
        ("technology", "実兄"),  # "biological older brother"
        ("technology", "マイクロソフト"),  # a company name
    ],
)
def test_side_meanings_and_names_are_not_listed(name, word):
    assert word not in {w for w, _ in _rows(name)}


def test_review_decisions_are_reflected_in_the_lists():
    """The lists were regenerated after the last edit of scripts/vocab_review.tsv."""
    listed = {name: {w for w, _ in _rows(name)} for name in DOMAIN_LISTS}
    stale = []
    for row in _review():
        assert len(row) == 4 and row[1] in DOMAIN_LISTS and row[2] in ("add", "drop") and row[3], row
        word, name, action, _ = row
        if (word in listed[name]) != (action == "add"):
            stale.append(row)
    assert stale == []


# ------------------------------------------------------------------------------------------ templates


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_is_empty_but_explains_the_format(name):
    path = VOCAB / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    assert load_list(path).words == frozenset()
    assert all(not line.strip() or line.startswith("#") for line in text.splitlines())
    assert "TAB" in text and "UTF-8" in text


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_examples_parse_once_uncommented(name):
    """The commented examples are valid list lines: removing the '#' makes a working list."""
    text = (VOCAB / f"{name}.txt").read_text(encoding="utf-8")
    examples = [line[2:] for line in text.splitlines() if re.match(r"# \S+(\t\S+)?$", line) and "\t" in line]
    assert examples
    parsed = parse_list("\n".join(examples), name, name)
    assert len(parsed.words) == len(examples)


# ------------------------------------------------------------------------------------------ the generator


@pytest.mark.parametrize(
    ("gloss", "name", "matches"),
    [
        ("stock market", "business", True),
        ("supermarket", "business", False),  # whole words only
        ("investment", "business", True),
        ("interest", "business", False),  # 興味: not a keyword alone
        ("interest rate", "business", True),
        ("manufacturing industry", "business", True),
        ("IT", "technology", True),
        ("it", "technology", False),  # acronyms are case-sensitive
        ("research and development", "technology", True),
        ("high-tech", "technology", True),
        ("biotechnology", "technology", True),
        ("technologically", "technology", False),
    ],
)
def test_keyword_matching(gloss, name, matches):
    found = bool(mv.KEYWORD_RE[name].search(gloss) or mv.ACRONYM_RE[name].search(gloss))
    assert found is matches


def _entry(
    word, glosses, pos=("noun (common) (futsuumeishi)",), fields=(), misc=(), priority=("news1",), more=()
):
    senses = (mv.Sense(tuple(glosses), tuple(pos), tuple(fields), tuple(misc)),) + tuple(
        mv.Sense(tuple(g), tuple(pos), (), ()) for g in more
    )
    return mv.Entry(1, word, "よみ", (word,), ("よみ",), frozenset(priority), senses)


@pytest.mark.parametrize(
    ("entry", "name", "hit"),
    [
        (_entry("投資", ["investment"]), "business", "investment"),
        (_entry("不足", ["insufficiency", "deficiency", "shortage", "lack", "deficit"]), "business", ""),
        (_entry("家電", ["household appliances", "home appliances", "consumer electronics"]), "technology",
         "consumer electronics"),  # a late gloss that is a phrase still counts
        (_entry("黒幕", ["black curtain"], more=[["power broker"]]), "business", ""),  # second sense
        (_entry("土手", ["embankment", "bank"]), "business", ""),  # stop context in the same sense
        (_entry("儲ける", ["to make a profit"], pos=("Ichidan verb", "transitive verb")), "business", ""),
        (_entry("一円", ["one yen"]), "business", ""),  # an amount
        (_entry("投資", ["investment"], misc=("archaism",)), "business", ""),
        (_entry("マイクロソフト", ["Microsoft"], priority=()), "technology", ""),  # a name
        (_entry("ＴＯＢ", ["take-over bid"]), "business", ""),  # Latin letters
    ],
)  # fmt: skip
def test_keyword_hit(entry, name, hit):
    assert mv.keyword_hit(entry, name) == hit


@pytest.mark.parametrize(
    ("entry", "hit"),
    [
        (_entry("株", ["stock", "share"], fields=("finance",)), ""),  # one character: review only
        (_entry("先物", ["futures"], fields=("finance",)), "finance"),
        (_entry("流れ", ["stream"], more=[["forfeiture"]]), ""),  # the tag must be on the first sense
    ],
)
def test_field_hit(entry, hit):
    assert mv.field_hit(entry, "business") == hit


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("研究開発", ("研究", "開発")),
        ("製造業", ("製造", "業")),  # a domain suffix
        ("製造所", ()),  # 所 is not one of the suffixes given
        ("電子商取引", ("電子", "商取引")),
        ("研究", ()),  # one word is no compound
    ],
)
def test_compound_split(word, parts):
    compounds = mv.Compounds([], {})
    compounds.words = {"研究", "開発", "製造", "電子", "商取引"}
    assert compounds.split(word, "業額") == parts


def test_short_loanwords_need_a_priority_tag():
    """ジョー (computing "JOE") is mostly the name Joe in wordfreq: short katakana need a JMdict tag."""
    zipf = {"ジョー": 4.0, "プラットフォーム": 4.0}
    assert not mv.is_common(mv.Entry(1, "ジョー", "ジョー", (), ("ジョー",), frozenset(), ()), zipf, 2.5)
    long = mv.Entry(2, "プラットフォーム", "プラットフォーム", (), ("プラットフォーム",), frozenset(), ())
    assert mv.is_common(long, zipf, 2.5)


@pytest.mark.slow
def test_script_reproduces_the_shipped_lists(tmp_path):
    """Running the script again writes the same lists (skipped when the data packages differ from the
    versions the shipped lists name in their headers)."""
    header = (VOCAB / "business.txt").read_text(encoding="utf-8")
    for package in ("jamdict-data", "wordfreq"):
        if f"{package} {version(package)}" not in header:
            pytest.skip(f"{package} {version(package)} is not the version the lists were made with")
    for name in DOMAIN_LISTS:
        (tmp_path / f"{name}.txt").write_text(
            (VOCAB / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert mv.main(["--out", str(tmp_path)]) == 0
    for name in DOMAIN_LISTS:
        assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == (VOCAB / f"{name}.txt").read_text(
            encoding="utf-8"
        )
