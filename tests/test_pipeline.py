"""Many articles → one deck: subdecks per article, one note per word, examples merged (real dictionary)."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
from conftest import ROOT, fixed_clock

from tangocho import NothingToCard, Options, UsageError, build, select_words

ARTICLE_A = """半導体の未来
2021年4月1日
半導体メーカーは集積回路の生産を拡大した。集積回路の需要が高まっている。
"""
ARTICLE_B = """物流の変化
2021年5月2日
物流企業は集積回路を使った新しいシステムを導入した。物流の効率化が進む。
"""


def _notes(apkg) -> list[tuple[dict[str, str], str]]:
    """(fields by name, as the package's note type names them; deck name) of each card's note."""
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    path = apkg.with_suffix(".anki2")
    path.write_bytes(data)
    db = sqlite3.connect(path)
    try:
        decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
        names = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        fields = {int(k): [f["name"] for f in m["flds"]] for k, m in json.loads(models_json).items()}
        rows = db.execute(
            "SELECT n.flds, n.mid, c.did FROM notes n JOIN cards c ON c.nid = n.id ORDER BY n.id"
        ).fetchall()
        return [
            (dict(zip(fields[mid], flds.split("\x1f"), strict=True)), names[did]) for flds, mid, did in rows
        ]
    finally:
        db.close()


@pytest.fixture
def articles(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ARTICLE_A, encoding="utf-8")
    b.write_text(ARTICLE_B, encoding="utf-8")
    return a, b


def _options(tmp_path, **kw):
    return Options(output=str(tmp_path / "out.apkg"), vocab_dir=str(ROOT / "vocab"), clock=fixed_clock, **kw)


@pytest.mark.slow
def test_subdeck_per_article_and_one_note_per_word(tmp_path, articles):
    result = build([str(p) for p in articles], _options(tmp_path, deck_name="News"))
    notes = _notes(result.output)
    words = [fields["Expression"] for fields, _ in notes]
    assert len(words) == len(set(words)), "one note per word across articles"
    decks = {deck for _, deck in notes}
    assert decks <= {"News::半導体の未来", "News::物流の変化"}
    assert "News::半導体の未来" in decks and "News::物流の変化" in decks
    circuit = next(fields for fields, _ in notes if fields["Expression"] == "集積回路")
    # examples from both articles: the first on the front, the other among MoreSentences
    assert "<b>集積回路</b>" in circuit["Sentence"]
    assert "物流企業は<b>集積回路</b>" in circuit["MoreSentences"] + circuit["Sentence"]
    assert "半導体の未来" in circuit["MiscInfo"] and "物流の変化" in circuit["MiscInfo"]


@pytest.mark.slow
def test_flat_deck(tmp_path, articles):
    result = build([str(p) for p in articles], _options(tmp_path, deck_name="News", flat=True))
    assert {deck for _, deck in _notes(result.output)} == {"News"}


@pytest.mark.slow
def test_a_single_article_has_no_subdeck(tmp_path, articles):
    result = build([str(articles[0])], _options(tmp_path, deck_name="News"))
    assert {deck for _, deck in _notes(result.output)} == {"News"}


@pytest.mark.slow
def test_new_article_merges_its_sentence_into_the_existing_note(tmp_path, articles):
    a, b = articles
    first = build([str(a)], _options(tmp_path))
    front = next(f for f, _ in _notes(first.output) if f["Expression"] == "集積回路")["Sentence"]
    second = build([str(b)], _options(tmp_path))  # only the new article: the manifest remembers the old one
    fields = next(f for f, _ in _notes(second.output) if f["Expression"] == "集積回路")
    assert fields["Sentence"] == front, "the sentence on the front stays the same"
    assert "物流企業は<b>集積回路</b>" in fields["MoreSentences"]
    assert second.updated >= 1


def test_unknown_card_type_is_a_usage_error(tmp_path, articles):
    with pytest.raises(UsageError, match="unknown card type 'flash'"):
        build([str(articles[0])], _options(tmp_path, card_types=("flash",)))
    assert not (tmp_path / "out.apkg").exists()


@pytest.mark.slow
def test_nothing_to_card_is_an_error_and_writes_nothing(tmp_path):
    article = tmp_path / "kana.txt"
    article.write_text("これはそれです。あれもそうです。\n", encoding="utf-8")
    with pytest.raises(NothingToCard, match="kana.txt: no word to card"):
        build([str(article)], _options(tmp_path))
    assert not (tmp_path / "out.apkg").exists()


@pytest.mark.slow
def test_default_article_and_lists_are_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no seeds/ or vocab/ here: the shipped ones are used
    selection, _ = select_words([], Options())
    assert [a.title for a in selection.articles] == [
        "「二つの試練」に直面する無錫ハイテク産業開発区―3つの措置で質と効率を向上"
    ]
    assert any("list: business" in c.reasons for c in selection.candidates)
