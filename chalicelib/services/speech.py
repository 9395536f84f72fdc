"""Read-aloud: one interface, several engines, chosen per language in config.

- Amazon Polly (neural where offered) for de, en, ar in AWS stages.
- eSpeak NG, embedded through the `espeakng-loader` wheel (library and voices inside), for fa, ur, ti
  and for every language in the local stage (moto's Polly returns 8 zero bytes).
- A human recording at content/audio/<lang>/<id>.mp3 overrides any engine (see faq publishing).

Every engine returns MP3, compressed for phones (mono, speech bitrate). Speech is synthesized only
when content is published, never on a request path.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from dataclasses import dataclass
from typing import Protocol

SAMPLE_RATE_POLLY = "22050"
MP3_KBPS = 32  # plenty for speech, about 4 KB per second of audio


class SpeechError(RuntimeError):
    """An engine could not synthesize the text."""


class SpeechEngine(Protocol):
    name: str

    def synthesize(self, text: str, voice: str) -> bytes:
        """MP3 bytes of `text` spoken with `voice`."""
        ...


@dataclass(frozen=True)
class VoiceChoice:
    engine: str
    voice: str

    @classmethod
    def parse(cls, spec: str) -> VoiceChoice:
        engine, _, voice = spec.partition(":")
        if engine not in ("polly", "espeak") or not voice:
            raise ValueError(f"speech engine spec {spec!r} is not engine:voice")
        return cls(engine, voice)


def encode_mp3(pcm: bytes, sample_rate: int) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(pcm) + encoder.flush())


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_RATE = 1


class EspeakEngine:
    """eSpeak NG through ctypes. The library is global state, so synthesis is serialised by a lock."""

    name = "espeak"

    def __init__(self, words_per_minute: int = 150) -> None:
        import espeakng_loader

        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data_parent = str(__import__("pathlib").Path(espeakng_loader.get_data_path()).parent)
        self._lock = threading.Lock()
        self._chunks: list[bytes] = []
        self._callback = _SYNTH_CALLBACK(self._collect)  # keep a reference: ctypes would free it
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self.sample_rate = self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), 0)
        if self.sample_rate <= 0:
            raise SpeechError("eSpeak NG failed to initialise")
        self._lib.espeak_SetSynthCallback(self._callback)
        self._lib.espeak_SetParameter(_ESPEAK_RATE, words_per_minute, 0)

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: ctypes.c_void_p) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def pcm(self, text: str, voice: str) -> bytes:
        """16-bit mono PCM at `sample_rate`."""
        encoded = text.encode("utf-8")
        with self._lock:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise SpeechError(f"eSpeak NG has no voice {voice!r}")
            self._chunks = []
            status = self._lib.espeak_Synth(encoded, len(encoded) + 1, 0, 0, 0, _ESPEAK_CHARS_UTF8, None, None)
            if status != 0:
                raise SpeechError(f"eSpeak NG synthesis failed ({status})")
            return b"".join(self._chunks)

    def synthesize(self, text: str, voice: str) -> bytes:
        pcm = self.pcm(text, voice)
        if not pcm:
            raise SpeechError("eSpeak NG produced no audio")
        return encode_mp3(pcm, self.sample_rate)


class PollyEngine:
    """Amazon Polly, neural voices (de: Vicki, en: Joanna, ar: Hala are neural in eu-central-1)."""

    name = "polly"

    def synthesize(self, text: str, voice: str) -> bytes:
        from chalicelib import aws

        response = aws.polly().synthesize_speech(Text=text, VoiceId=voice, OutputFormat="mp3",
                                                 SampleRate=SAMPLE_RATE_POLLY, Engine="neural")
        audio = response["AudioStream"].read()
        if len(audio) < 100:  # moto answers 8 zero bytes; a real sentence is kilobytes
            raise SpeechError("Polly returned no usable audio")
        return audio


@functools.cache
def engine(name: str) -> SpeechEngine:
    if name == "espeak":
        return EspeakEngine()
    if name == "polly":
        return PollyEngine()
    raise ValueError(f"unknown speech engine {name!r}")


def voice_for(lang: str, engines: dict[str, str]) -> VoiceChoice:
    return VoiceChoice.parse(engines[lang])
