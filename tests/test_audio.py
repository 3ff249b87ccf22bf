"""--audio: word and sentence audio synthesised offline (pyopenjtalk-plus → MP3), packed into the deck.

The end-to-end test builds a small deck with the real dictionary and real synthesis, imports it into a
real Anki collection and finds every ``[sound:…]`` file in the collection's media folder.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import ROOT, import_into_new_collection

import tangocho.audio as audio
from tangocho.cli import main
from tangocho.errors import AudioUnavailable
from tangocho.models import Card

# two short sentences: a few words, a few clips (CI synthesises each one)
TEXT = "半導体の設備投資が増加した。\n集積回路の生産を拡大する。\n"
SOUND = re.compile(r"\[sound:([^\]]+)\]")


def _is_mp3(data: bytes) -> bool:
    # an ID3 tag, or an MPEG audio frame: 11 sync bits, then layer III
    return data[:3] == b"ID3" or (data[0] == 0xFF and (data[1] & 0xE0) == 0xE0 and (data[1] & 0x06) == 0x02)


@pytest.fixture
def audio_cache(tmp_path, monkeypatch):
    folder = tmp_path / "audio-cache"
    monkeypatch.setattr(audio, "cache_dir", lambda: folder)
    return folder


def test_a_clip_is_mp3_and_named_by_what_it_says(audio_cache):
    word = audio.Clip("しゅうせきかいろ", 5)
    data = audio.synthesize(word)
    assert len(data) > 1000 and _is_mp3(data)
    assert word.name() == audio.Clip("しゅうせきかいろ", 5).name()
    assert word.name() != audio.Clip("しゅうせきかいろ", 0).name() != audio.Clip("しゅうせきかいろ").name()
    assert re.fullmatch(r"tangocho-[0-9a-f]{20}\.mp3", word.name())


def _card(reading: str, sentence: str, position: str = "") -> Card:
    fields = {"ExpressionReading": reading, "Sentence": sentence, "PitchPosition": position}
    return Card(key=reading, fields=fields)


def test_cards_get_sound_fields_and_a_rebuild_reuses_the_cache(audio_cache, monkeypatch):
    cards = [
        _card("ゆうち", "…企業の<b>誘致</b>を進める…", "1"),
        _card("とうし", "<b>投資</b>が増えた。", "0"),
    ]
    seen = []
    monkeypatch.setattr(audio, "synthesize", lambda clip: seen.append(clip) or b"\xff\xfb\x90\x00")
    progress = []
    out, media = audio.add_audio(cards, lambda stage, done, total: progress.append((stage, done, total)))
    # the sentence as the front shows it, markup and the cut's ellipses dropped; the word with its accent
    assert seen == [
        audio.Clip("ゆうち", 1),
        audio.Clip("企業の誘致を進める"),
        audio.Clip("とうし", 0),
        audio.Clip("投資が増えた。"),
    ]
    assert progress[0] == ("audio", 0, 4) and progress[-1] == ("audio", 4, 4)
    assert [SOUND.fullmatch(c.fields["ExpressionAudio"]) is not None for c in out] == [True, True]
    assert {p.name for p in media} == {SOUND.fullmatch(c.fields[f]).group(1) for c in out for f in
                                       ("ExpressionAudio", "SentenceAudio")}  # fmt: skip
    seen.clear()
    again, _ = audio.add_audio(cards)
    assert seen == [] and [c.fields for c in again] == [c.fields for c in out]  # all from the cache
    audio.add_audio([_card("ゆうち", "誘致が増えた。", "1")])
    assert seen == [audio.Clip("誘致が増えた。")]  # only what changed is synthesised


def test_audio_without_the_extra_is_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys):
    def missing():
        raise AudioUnavailable(audio.EXTRA)

    monkeypatch.setattr(audio, "_engine", missing)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    status = main(["build", str(tmp_path / "a.txt"), "-o", str(out), "--audio", "-q"])
    assert status == 1
    assert capsys.readouterr().err == "Error: audio needs the optional extra: pip install 'tangocho[audio]'\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.slow
def test_end_to_end_every_sound_is_in_the_collection_media(tmp_path, audio_cache):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    status = main(["build", str(tmp_path / "a.txt"), "-o", str(out), "--audio", "-q",
                   "--vocab", str(ROOT / "vocab"), "--max-words", "4"])  # fmt: skip
    assert status == 0
    with zipfile.ZipFile(out) as archive:
        assert "media" in archive.namelist()
    col = import_into_new_collection(out, tmp_path)
    try:
        media = tmp_path / "collection.media"
        assert col.media.dir() == str(media)
        sounds = []
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            for field in ("ExpressionAudio", "SentenceAudio"):
                found = SOUND.findall(note[field])
                assert len(found) == 1, (note["Expression"], field, note[field])
                sounds += found
        assert len(sounds) >= 4
        for name in sounds:
            data = (media / name).read_bytes()
            assert len(data) > 1000 and _is_mp3(data), name
        # Anki shows them as play buttons on the back of the card
        card = col.get_note(col.find_notes("")[0]).cards()[0]
        assert "[anki:play:a:" in card.answer() or "play" in card.answer()
    finally:
        col.close()


@pytest.mark.slow
def test_push_sends_every_sound_to_anki_once(tmp_path, audio_cache):
    from anki.collection import Collection
    from ankiconnect_server import AnkiConnectServer

    from tangocho import Options, push

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        with AnkiConnectServer(col) as server:
            options = Options(
                vocab_dir=str(ROOT / "vocab"), max_words=3, min_score=0.0, audio=True, anki_url=server.url
            )
            assert push([str(tmp_path / "a.txt")], options).added == 3  # 増加 (Zipf 4.6, no domain) is known
            stored = server.app.calls.count("storeMediaFile")
            assert stored >= 3
            push([str(tmp_path / "a.txt")], options)
            assert server.app.calls.count("storeMediaFile") == stored  # Anki has them: none sent again
        media = tmp_path / "collection.media"
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            for field in ("ExpressionAudio", "SentenceAudio"):
                (name,) = SOUND.findall(note[field])
                assert _is_mp3((media / name).read_bytes())
    finally:
        col.close()
