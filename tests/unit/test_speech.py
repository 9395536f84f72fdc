"""Real speech from the embedded eSpeak NG in every language, compressed to MP3 for phones."""

import io

import pytest
from mutagen.mp3 import MP3

from chalicelib.services.speech import EspeakEngine, SpeechError, VoiceChoice, engine

SENTENCES = {
    "de": "Bürgergeld wird am Anfang des Monats gezahlt.",
    "en": "Bürgergeld is paid at the start of the month.",
    "ar": "يدفع المال المدني في بداية الشهر.",
    "fa": "پول در ابتدای ماه پرداخت می‌شود.",
    "ur": "پیسے مہینے کے شروع میں ملتے ہیں۔",
    "ti": "ገንዘብ ኣብ መጀመርታ ወርሒ ይኽፈል።",
}


@pytest.mark.parametrize("lang", SENTENCES)
def test_espeak_speaks_every_language_as_decodable_mp3_of_plausible_length(lang):
    audio = engine("espeak").synthesize(SENTENCES[lang], lang)
    info = MP3(io.BytesIO(audio)).info
    words = len(SENTENCES[lang].split())
    assert info.channels == 1 and info.bitrate == 32000
    assert 0.15 * words < info.length < 1.2 * words, info.length


def test_longer_text_gives_longer_audio():
    speaker = engine("espeak")
    short = MP3(io.BytesIO(speaker.synthesize("Hallo.", "de"))).info.length
    long = MP3(io.BytesIO(speaker.synthesize("Hallo. " * 10, "de"))).info.length
    assert long > 4 * short


def test_unknown_voice_is_an_error_not_silence():
    with pytest.raises(SpeechError):
        EspeakEngine().synthesize("Hallo", "xx-nonexistent")


def test_voice_specs_are_parsed_strictly():
    assert VoiceChoice.parse("polly:Vicki") == VoiceChoice("polly", "Vicki")
    for bad in ("polly", "festival:x", "espeak:"):
        with pytest.raises(ValueError):
            VoiceChoice.parse(bad)
