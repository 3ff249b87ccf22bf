"""The first sense on the card, in context, with the real dictionary: (article, word) → first sense."""

from __future__ import annotations

import re

import pytest

from tangocho import Options
from tangocho.pipeline import make_cards, select_words

# (its computing words carded: everyday loans such as ダウンロード, ネットワーク are known words)
COMPUTING = (
    "サーバーのデータベースに接続し、プログラムのファイルを保存した。"
    "端末から入力した命令を実行し、演算結果を出力してアプリケーションを更新した。"
)


def first_sense(tmp_path, text: str, word: str) -> str:
    article = tmp_path / "article.txt"
    article.write_text(text + "\n", encoding="utf-8")
    include = tmp_path / "include.txt"
    include.write_text(word + "\n", encoding="utf-8")
    options = Options(include=[str(include)])
    selection, dictionary = select_words([str(article)], options)
    cards = {c.fields["Expression"]: c for c in make_cards(selection, dictionary, options)}
    first = re.search(r"<li>(.*?)</li>", cards[word].fields["MainDefinition"]).group(1)
    return re.sub(r"<[^>]*>", "", re.sub(r'<span class="pos">.*?</span>', "", first)).strip()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a collocation the gloss names: 覚書を結ぶ is concluded like a deal, not tied
        ("両社は業務提携に関する覚書を結んだ。", "結ぶ", "to close (e.g. deal)"),
        ("箱のリボンを結んだ。", "結ぶ", "to tie"),  # no collocation named: JMdict order
        # domain senses only where the article is about that domain
        ("新工場の拡張で生産能力が増える。", "拡張", "expansion"),
        ("駅の周辺には新しい店が増えた。", "周辺", "circumference"),
        ("首相は内閣の改造に踏み切った。", "改造", "remodeling"),
        ("両国の交流が進んでいる。", "交流", "exchange (e.g. cultural)"),
        ("上位の企業が利益を伸ばした。", "上位", "superior (in rank)"),
        ("野菜を冷蔵庫で保存した。", "保存", "preservation"),
        (COMPUTING, "保存", "saving (e.g. to disk)"),
        # in an article about computing, a sentence that is not: no computer sense first
        (COMPUTING + "営業の人員を第一線に投入した。", "投入", "investment; commitment"),
        # never first: game terms, historical senses, proper nouns, abbreviations the text lacks
        ("交渉は新たな局面を迎えた。", "局面", "aspect of an affair"),
        ("大学と企業の共同研究が始まった。", "大学", "university"),
        ("労働組合の連合が賃上げを求めた。", "連合", "union"),
        ("多くのケースで損失が出た。", "ケース", "case"),
        # the noun used as a verb takes the suru-verb's sense where JMdict splits them
        ("中小企業は深刻な人手不足に直面している。", "直面", "to face"),
        ("両者の直面は避けられなかった。", "直面", "confrontation"),
        # glosses that name the business world first: a store, stocks, a price
        ("同社は来年、海外で新規出店を加速する。", "出店", "opening a branch office"),
        ("値上がりした銘柄が全体の7割を超えた。", "銘柄", "trading name of stocks"),
        # an abbreviation's sense after the word's own
        ("セール品ではなくプロパー商品が売れた。", "プロパー", "regular price"),
    ],
)
def test_first_sense_in_context(tmp_path, text, word, expected):
    assert first_sense(tmp_path, text, word).startswith(expected)
