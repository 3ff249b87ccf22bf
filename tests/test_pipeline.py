"""Many articles → one deck: subdecks per article, one note per word, examples merged (real dictionary)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import replace

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


def test_the_stages_one_by_one_make_what_build_makes(tmp_path, articles):
    """read → collect → rank → make_cards → write, called one by one (the public pipeline API),
    give the deck build gives; a FakeDictionary keeps this in the fast loop."""
    from tangocho import pipeline
    from tangocho.dictionary import FakeDictionary
    from tangocho.models import Entry, Form, Sense

    noun = "noun (common) (futsuumeishi)"
    dictionary = FakeDictionary(
        [
            Entry(
                1,
                (Form("集積回路"),),
                (Form("しゅうせきかいろ"),),
                (Sense(("integrated circuit",), (noun,)),),
            ),
            Entry(2, (Form("物流"),), (Form("ぶつりゅう"),), (Sense(("logistics",), (noun,)),)),
        ]
    )
    inputs = [str(p) for p in articles]
    options = _options(tmp_path, deck_name="News", dictionary=dictionary, min_score=0)
    read = [(article, list(sentences)) for article, sentences in pipeline.read(inputs, options)]
    assert [a.title for a, _ in read] == ["半導体の未来", "物流の変化"]
    assert all(s.tokens for _, sentences in read for s in sentences)
    collected = pipeline.collect(read, dictionary, options)
    selection = pipeline.rank(collected, options)
    assert selection == select_words(inputs, options)[0]
    assert {"集積回路", "物流"} <= {c.word for c in selection.candidates}
    cards = pipeline.make_cards(selection, dictionary, options)
    written = pipeline.write(cards, options)
    staged = _notes(written.path)
    built = build(inputs, replace(options, output=str(tmp_path / "built.apkg")))
    assert staged == _notes(built.output)
    assert (written.notes, written.new) == (len(cards), len(cards))


def test_make_cards_takes_the_compounds_rank_resolved(tmp_path, articles, monkeypatch):
    """rank resolves the compounds JMdict lacks (resolve_compounds) and says so (Selection.resolved):
    make_cards does not resolve them again, and makes the cards it makes when it does."""
    from tangocho import pipeline
    from tangocho.dictionary import FakeDictionary
    from tangocho.models import Entry, Form, Sense

    noun = "noun (common) (futsuumeishi)"
    dictionary = FakeDictionary(
        [
            Entry(1, (Form("集積"),), (Form("しゅうせき"),), (Sense(("accumulation",), (noun,)),)),
            Entry(2, (Form("回路"),), (Form("かいろ"),), (Sense(("circuit",), (noun,)),)),
        ]
    )
    options = _options(tmp_path, dictionary=dictionary, min_score=0)
    selection, _ = select_words([str(p) for p in articles], options)
    assert selection.resolved
    # 集積回路 JMdict lacks here: carded from its parts; 半導体 (no parts known): not carded
    compounds = {c.word: c for c in selection.candidates if c.is_compound}
    assert not pipeline.left_out(compounds["集積回路"]) and pipeline.left_out(compounds["半導体"])
    resolved_again = pipeline.make_cards(replace(selection, resolved=False), dictionary, options)
    calls = []
    resolve = pipeline.resolve_compounds
    monkeypatch.setattr(pipeline, "resolve_compounds", lambda *a: calls.append(a) or resolve(*a))
    assert pipeline.make_cards(selection, dictionary, options) == resolved_again
    assert calls == []
