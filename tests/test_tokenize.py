"""tangocho.tokenize with the real tokenizer (fugashi + unidic-lite)."""

from __future__ import annotations

import pytest

from tangocho.tokenize import dictionary_version, tokenize


def test_tokenizer_dictionary_is_pinned():
    # Every expected split and reading in the tests below was written against unidic-lite 1.0.8.
    assert dictionary_version() == "1.0.8"


def _token(sentence: str, surface: str):
    return next(t for t in tokenize(sentence) if t.surface == surface)


@pytest.mark.parametrize(
    ("sentence", "surface", "base", "reading", "base_reading"),
    [
        # dictionary forms come from orthBase
        ("854.65億元に達し、前年同期比2%増であった。", "達し", "達する", "たっし", "たっする"),
        ("困難を切り抜け、成長した。", "切り抜け", "切り抜ける", "きりぬけ", "きりぬける"),
        ("要求を打ち出した。", "打ち出し", "打ち出す", "うちだし", "うちだす"),
        ("感染を封じ込めさせる。", "封じ込め", "封じ込める", "ふうじこめ", "ふうじこめる"),
        ("問題が相次いでいる。", "次い", "次ぐ", "つい", "つぐ"),
        # readings of kanji words are hiragana
        ("集積回路を開発する。", "集積", "集積", "しゅうせき", "しゅうせき"),
        ("今年上半期に増加した。", "今年", "今年", "ことし", "ことし"),
        ("一定規模以上の企業。", "一定", "一定", "いってい", "いってい"),
        # orthBase, not lemma: UniDic's lemma of データ is "データ-data", of 上海 シャンハイ
        ("ビッグデータを使う。", "データ", "データ", "データ", "データ"),
        ("上海の企業。", "上海", "上海", "しゃんはい", "しゃんはい"),
        # katakana words keep katakana
        ("ハイテク産業の情報インフラ。", "ハイテク", "ハイテク", "ハイテク", "ハイテク"),
        ("ハイテク産業の情報インフラ。", "インフラ", "インフラ", "インフラ", "インフラ"),
        ("クラウドコンピューティングを導入。", "クラウド", "クラウド", "クラウド", "クラウド"),
        # hiragana reads as written
        ("増加した。", "し", "する", "し", "する"),
    ],
)
def test_base_form_and_reading(sentence, surface, base, reading, base_reading):
    t = _token(sentence, surface)
    assert (t.base, t.reading, t.base_reading, t.is_unknown) == (base, reading, base_reading, False)


@pytest.mark.parametrize(
    ("sentence", "surface"),
    [
        ("フォトリソグラフィの技術。", "フォトリソグラフィ"),
        ("HanCloudsのプラットフォーム。", "HanClouds"),
        ("854.65億元に達した。", "854"),
    ],
)
def test_unknown_words_have_no_reading(sentence, surface):
    t = _token(sentence, surface)
    assert t.is_unknown
    assert (t.base, t.reading, t.base_reading) == (surface, "", "")


@pytest.mark.parametrize(
    ("sentence", "surfaces"),
    [
        # UniDic short units: the selection stage joins them back (集積回路, 電子商取引, 操業再開)
        ("集積回路", ["集積", "回路"]),
        ("電子商取引", ["電子", "商", "取引"]),
        ("操業再開", ["操業", "再開"]),
        ("今年上半期", ["今年", "上", "半期"]),
        ("3つの措置", ["3", "つ", "の", "措置"]),
        ("開通させる", ["開通", "さ", "せる"]),
    ],
)
def test_short_units(sentence, surfaces):
    assert [t.surface for t in tokenize(sentence)] == surfaces


@pytest.mark.parametrize(
    ("sentence", "surface", "pos"),
    [
        ("無錫と上海", "無錫", ("名詞", "固有名詞", "地名")),
        ("集積回路", "集積", ("名詞", "普通名詞", "サ変可能")),
        ("3つの", "3", ("名詞", "数詞", "*")),
        ("3つの", "つ", ("接尾辞", "名詞的", "助数詞")),
        ("市場という", "いう", ("動詞", "一般", "*")),
        ("するようにする", "よう", ("形状詞", "助動詞語幹", "*")),
        ("増加した。", "。", ("補助記号", "句点", "*")),
    ],
)
def test_parts_of_speech(sentence, surface, pos):
    assert _token(sentence, surface).pos == pos


@pytest.mark.parametrize(
    "sentence",
    [
        "今年上半期、無錫ハイテク産業開発区の地区総生産額は854.65億元に達し、前年同期比2%増であった。",
        "\u3000全角空白で始まる文。",
        "  半角空白  と\tタブ。",
        "AI・IoT、5G等の新技術😀を使う。",
        "「二つの試練」に直面する。",
        "a\x00b集積回路",  # a NUL byte must not cut the sentence short
        "\x01制御\x7f文字",
        "",
    ],
)
def test_offsets_match_the_sentence(sentence):
    tokens = tokenize(sentence)
    assert all(sentence[t.start : t.end] == t.surface for t in tokens)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:], strict=False))
    # every non-space character belongs to a token
    covered = "".join(t.surface for t in tokens)
    assert "".join(covered.split()) == "".join(sentence.replace("\x00", "").split())


def test_returns_tuple_of_frozen_tokens():
    tokens = tokenize("集積回路")
    assert isinstance(tokens, tuple)
    with pytest.raises(AttributeError):
        tokens[0].surface = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        ("販売高が増えた。", "だか"),  # unidic-lite: はんばい|こう
        ("生産高を伸ばす。", "だか"),
        ("物価高が続く。", "だか"),
        ("売上高は2兆円。", "だか"),  # unidic-lite reads this one right
        ("大阪桐蔭高が勝った。", "こう"),  # after a name: a school
        ("高性能の半導体。", "こう"),  # the prefix 高 stays こう
    ],
)
def test_the_amount_suffix_taka_reads_daka(sentence, reading):
    assert _token(sentence, "高").reading == reading


@pytest.mark.parametrize(
    ("sentence", "surfaces"),
    [
        # after a plain form, と is the conditional (unidic-lite: 出る|と殺|処分, と殺 "slaughter")
        ("感染が出ると殺処分が増える。", ["出る", "と", "殺", "処分"]),
        ("値が高いと殺到する。", ["高い", "と", "殺到"]),
        # と殺 as the word itself: after を, or opening the sentence
        ("牛をと殺する。", ["を", "と殺", "する"]),
        ("と殺場で働く。", ["と殺", "場"]),
    ],
)
def test_conditional_to_before_kanji_is_the_particle(sentence, surfaces):
    tokens = [t.surface for t in tokenize(sentence)]
    joined = "|".join(tokens)
    assert "|".join(surfaces) in joined, joined
    particle = [t for t in tokenize(sentence) if t.surface == "と"]
    assert all(t.pos[0] == "助詞" for t in particle)
    kanji = [t for t in tokenize(sentence) if t.surface == "殺"]
    assert all(t.reading == "さつ" and t.start + 1 == t.end for t in kanji)


@pytest.mark.parametrize(
    ("sentence", "base", "reading"),
    [
        ("経営モデルの転換も行っており、", "行う", "おこなっ"),  # unidic-lite: 行く
        ("支援も行っている。", "行う", "おこなっ"),
        ("調査を行った。", "行う", "おこなっ"),
        ("学校にも行った。", "行く", "いっ"),  # unidic-lite: 行う
        ("会議に行って話した。", "行く", "いっ"),
        ("東京へ行って買った。", "行く", "いっ"),
        # を + noun + に: a role of the を-object, and 行く takes none (unidic-lite: 行く)
        ("1,200社を対象に行った調査", "行う", "おこなっ"),
        ("荷物を駅に行って受け取る。", "行く", "いっ"),  # 受け取る takes the を-object
        # を + noun + で: the manner of it (unidic-lite: 行く)
        ("点検を共同で行っている。", "行う", "おこなっ"),
    ],
)
def test_itte_is_iku_or_okonau_by_its_particle(sentence, base, reading):
    token = _token(sentence, "行っ")
    assert (token.base, token.reading) == (base, reading)


@pytest.mark.parametrize(
    "text",
    [
        "集積回路の生産を拡大した。",
        "AI、IoT,5G,1,500万台",  # ASCII commas: the raw feature string quotes those fields
        "フォトリソグラフィ装置とHanClouds",  # unknown words: a short feature list
        "「Putallin(蒲公英)」を、“引用”した",
    ],
)
def test_features_read_from_the_raw_string_are_fugashis_own(text):
    from tangocho.tokenize import _USED, _features, _layout, _tagger

    count, where = _layout()
    for word in _tagger()(text):
        expected = [getattr(word.feature, name, None) for name in _USED]
        assert list(_features(word, count, where)) == expected, word.surface


def test_a_parse_in_another_thread_does_not_change_the_features_being_read(monkeypatch):
    # Concurrent builds (threads) tokenize at once. A word's features are read from the tagger's
    # lattice after the parse: another thread's parse in between must not reach that lattice (with one
    # shared tagger it did — wrong readings, or a UnicodeDecodeError on bytes cut mid-character).
    import threading

    from tangocho import tokenize as stage

    text, other = "集積回路の生産を拡大した。", "今年、同区設立以来初の行動計画を制定した。" * 20
    expected = tokenize(text)
    real = stage._features
    interleaved = []

    def features(word, count, where):
        if not interleaved:  # the first word read: another thread parses now, to the end
            interleaved.append(True)
            thread = threading.Thread(target=lambda: interleaved.append(tokenize(other)))
            thread.start()
            thread.join()
        return real(word, count, where)

    monkeypatch.setattr(stage, "_features", features)
    monkeypatch.setattr(stage, "_MORPHEMES", {})  # each word's features read again, not remembered
    assert tokenize(text) == expected
    assert interleaved[1] == tokenize(other)


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        ("必要なだけ使う方が合理的だ。", "ほう"),  # the side compared (unidic-lite: かた)
        ("使う方がよい。", "ほう"),
        ("使う方が来た。", "かた"),  # the person who uses it
        ("使い方が難しい。", "かた"),  # the way of using it
    ],
)
def test_hou_after_a_verb_and_ga_before_a_judgement(sentence, reading):
    assert _token(sentence, "方").reading == reading
