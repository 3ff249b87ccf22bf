"""tangocho.wordlists: the vocab/*.txt format, Anki text exports and .apkg files."""

from __future__ import annotations

import pytest

from tangocho.errors import WordListError
from tangocho.wordlists import EMPTY, WordList, load_list, parse_list

# ------------------------------------------------------------------------------------------ list format

GOOD = """# business words
集積回路
誘致\tゆうち
データ\tデータ
半導体  # a comment after the word
開発\t
\u3000
\t
電子商取引\tでんししょうとりひき # reading, then a comment
"""


def test_parse_list_words_readings_and_comments():
    wl = parse_list(GOOD, "vocab/business.txt", "business")
    assert wl.name == "business"
    assert wl.words == frozenset({"集積回路", "誘致", "データ", "半導体", "開発", "電子商取引"})
    assert wl.readings == {"誘致": "ゆうち", "データ": "データ", "電子商取引": "でんししょうとりひき"}
    assert "誘致" in wl and "ゆうち" not in wl


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("\tゆうち", "line starts with a TAB: the word is missing"),
        ("誘致\tゆうち\textra", "too many TAB-separated columns"),
        ("集積 回路", "'集積 回路' contains a space"),
        ("集積\u3000回路", "contains a space"),
        ("誘致 ゆうち", "contains a space (separate word and reading with a TAB)"),
        ("誘致\tyuuchi", "reading 'yuuchi' is not kana"),
        ("誘致\t誘致", "reading '誘致' is not kana"),
    ],
)
def test_parse_list_malformed_lines(bad_line, reason):
    text = "集積回路\n# a comment\n" + bad_line + "\n半導体\n"
    with pytest.raises(WordListError) as caught:
        parse_list(text, "vocab/business.txt", "business")
    message = str(caught.value)
    assert message.startswith("vocab/business.txt:3: ")
    assert reason in message
    assert (caught.value.path, caught.value.line) == ("vocab/business.txt", 3)


def test_load_list_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "known.txt"
    path.write_bytes("\ufeff誘致\n半導体\tはんどうたい\n".encode())
    wl = load_list(path)
    assert (wl.name, wl.words, wl.readings) == (
        "known",
        frozenset({"誘致", "半導体"}),
        {"半導体": "はんどうたい"},
    )


def test_load_list_rejects_non_utf8_with_its_line(tmp_path):
    path = tmp_path / "known.txt"
    path.write_bytes("誘致\n半導体\n".encode() + "集積回路\n".encode("cp932"))
    with pytest.raises(WordListError, match=r"known\.txt:3: not UTF-8 text$"):
        load_list(path)


def test_load_list_missing_file(tmp_path):
    with pytest.raises(WordListError, match=r"nothing\.txt: no such file$"):
        load_list(tmp_path / "nothing.txt")


def test_word_lists_combine():
    a = WordList("a", frozenset({"誘致"}), {"誘致": "ゆうち"})
    b = WordList("b", frozenset({"半導体"}))
    both = a | b
    assert both.words == {"誘致", "半導体"} and both.readings == {"誘致": "ゆうち"}
    assert "誘致" not in EMPTY


# ------------------------------------------------------------------------------------ Anki text export

EXPORT = """#separator:tab
#html:true
<b>投資</b>\tinvestment
 開発[かいはつ]\tdevelopment
 封[ふう]じ 込[こ]め\tcontainment
&lt;AI&gt;&nbsp;\tartificial intelligence
\tempty first field
#hashtag\tnot a header once notes started
"""


def test_anki_text_export_first_field_without_html_and_furigana(tmp_path):
    path = tmp_path / "mydeck.txt"
    path.write_text(EXPORT, encoding="utf-8")
    wl = load_list(path)
    assert wl.name == "mydeck"
    assert wl.words == frozenset({"投資", "開発", "封じ込め", "<AI>", "#hashtag"})


def test_anki_text_export_with_columns_and_quotes(tmp_path):
    # Anki 2.1.55+ "Notes in Plain Text" with every option ticked: GUID, note type and deck come
    # before the fields, and a field holding the separator or a quote is quoted.
    text = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        "jb+7L,>!5(\tBasic\tDefault\t<b>投資</b>\tinvestment\t\n"
        'oqx(pkxzzy\tBasic\tDefault\t"a\tb"\tback\ttag1\n'
        'F}viJA,QS>\tBasic\tDefault\t"say ""hi"""\tback\t\n'
    )
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    assert load_list(path).words == frozenset({"投資", "a\tb", 'say "hi"'})


@pytest.mark.parametrize(
    ("separator", "sep"),
    [("comma", ","), ("semicolon", ";"), ("Pipe", "|"), ("space", " ")],
)
def test_anki_text_export_separators(tmp_path, separator, sep):
    path = tmp_path / "export.txt"
    path.write_text(
        f"#separator:{separator}\n#html:false\n投資{sep}investment\n開発{sep}development\n", "utf-8"
    )
    assert load_list(path).words == frozenset({"投資", "開発"})


def test_anki_text_export_written_by_anki(tmp_path):
    anki = pytest.importorskip("anki.collection")
    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        basic = col.models.by_name("Basic")
        for front in ("<b>投資</b>", " 開発[かいはつ]", "誘致"):
            note = col.new_note(basic)
            note["Front"], note["Back"] = front, "meaning"
            col.add_note(note, col.decks.id("Default"))
        out = tmp_path / "export.txt"
        col.export_note_csv(
            out_path=str(out),
            limit=anki.DeckIdLimit(deck_id=col.decks.id("Default")),
            with_html=True,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
    finally:
        col.close()
    assert out.read_text(encoding="utf-8").startswith("#separator:tab")
    assert load_list(out).words == frozenset({"投資", "開発", "誘致"})


# ------------------------------------------------------------------------------------------------ .apkg


def _genanki_package(path, fronts):
    import tempfile

    import genanki

    model = genanki.Model(
        1607392319,
        "Simple",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2059400110, "Known")
    for front in fronts:
        deck.add_note(genanki.Note(model=model, fields=[front, "meaning"]))
    # genanki's write_to_file leaves its SQLite file in the temp folder: here, the test's own folder
    saved, tempfile.tempdir = tempfile.tempdir, str(path.parent)
    try:
        genanki.Package(deck).write_to_file(str(path), timestamp=1_700_000_000.0)
    finally:
        tempfile.tempdir = saved


def test_apkg_from_genanki_yields_first_fields(tmp_path):
    path = tmp_path / "known.apkg"
    _genanki_package(path, ["<b>投資</b>", " 開発[かいはつ]", "誘致", "&amp;AI", ""])
    wl = load_list(path)
    assert wl.name == "known"
    assert wl.words == frozenset({"投資", "開発", "誘致", "&AI"})


def test_apkg_in_the_current_anki_format_is_refused(tmp_path):
    # Anki 2.1.50+ keeps the notes zstd-compressed in collection.anki21b; its collection.anki2 holds one
    # note "Please update to the latest Anki version…" that must not become a known word.
    anki = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    col = anki.Collection(str(tmp_path / "collection.anki2"))
    try:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "投資", "investment"
        col.add_note(note, col.decks.id("Default"))
        out = tmp_path / "modern.apkg"
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(with_scheduling=False, with_media=False, legacy=False),
            limit=anki.DeckIdLimit(deck_id=col.decks.id("Default")),
        )
    finally:
        col.close()
    with pytest.raises(WordListError, match=r"modern\.apkg: .*'Support older Anki versions'"):
        load_list(out)


@pytest.mark.parametrize("content", [b"not a zip file", b"PK\x03\x04broken"])
def test_apkg_that_is_not_a_package(tmp_path, content):
    path = tmp_path / "broken.apkg"
    path.write_bytes(content)
    with pytest.raises(WordListError, match=r"broken\.apkg: not a valid Anki package"):
        load_list(path)


def test_apkg_missing(tmp_path):
    with pytest.raises(WordListError, match=r"gone\.apkg: no such file"):
        load_list(tmp_path / "gone.apkg")


def test_debug_shows_the_cause_of_a_library_error(tmp_path, capsys):
    """`raise … from exc`: the one-line error stays, and --debug's traceback shows what caused it."""
    from tangocho.cli import main

    article = tmp_path / "article.txt"
    article.write_text("半導体の工場を建設した。\n", encoding="utf-8")
    bad = tmp_path / "include.txt"
    bad.write_bytes("半導体\n".encode() + b"\xff\xfe\n")
    argv = ["words", str(article), "--include", str(bad)]
    assert main(argv) == 1  # the word lists are read before the dictionary is opened
    assert capsys.readouterr().err == f"Error: {bad}:2: not UTF-8 text\n"
    with pytest.raises(WordListError) as raised:
        main([*argv, "--debug"])
    assert isinstance(raised.value.__cause__, UnicodeDecodeError)
