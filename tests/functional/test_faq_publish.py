"""Publishing: entries, search index and audio; unchanged content costs no writes and no synthesis."""

import dataclasses
import io

import boto3
import pytest
from mutagen.mp3 import MP3

from chalicelib.config import settings
from chalicelib.models.faq import FaqEntryRecord
from chalicelib.services import faq_publish, speech
from chalicelib.services.faq_content import load_faq


class CountingEngine:
    """Counts calls and delegates to the real engine: the audio stays real."""

    def __init__(self, name):
        self.name = name
        self.calls = []
        self._real = speech.engine(name)

    def synthesize(self, text, voice):
        self.calls.append(voice)
        return self._real.synthesize(text, voice)


@pytest.fixture
def counting():
    return {"espeak": CountingEngine("espeak")}


def test_unchanged_content_publishes_without_writes_or_synthesis(published_faq, counting):
    report = faq_publish.publish_faq(settings(), engines=counting)
    assert report.entries_written == 0 and report.indexes_written == 0
    assert report.entries_unchanged == 240
    assert counting["espeak"].calls == []


def test_a_changed_answer_is_written_and_synthesized_once(published_faq, counting, monkeypatch):
    monkeypatch.delenv("LOCAL_AUDIO_CACHE", raising=False)  # the on-disk cache would turn synthesis into reuse
    faq = load_faq()
    entry = faq.entries[("bg-payment-date", "fa")]
    faq.entries[("bg-payment-date", "fa")] = dataclasses.replace(entry, answer=entry.answer + "\n\nتست.")
    report = faq_publish.publish_faq(settings(), faq=faq, engines=counting)
    # One entry, one clip, and that language's two indexes (search and chat).
    assert (report.entries_written, report.audio_synthesized, report.indexes_written) == (1, 1, 2)
    assert counting["espeak"].calls == ["fa"]
    # Back to the original text: its audio still exists under its hash, so nothing is synthesized.
    report = faq_publish.publish_faq(settings(), engines=counting)
    assert (report.entries_written, report.audio_synthesized, report.audio_reused) == (1, 0, 1)
    assert counting["espeak"].calls == ["fa"]


def test_a_human_recording_overrides_the_engine(published_faq, counting, tmp_path, monkeypatch):
    recording = tmp_path / "bg-contact.mp3"
    recording.write_bytes(speech.engine("espeak").synthesize("Eine Aufnahme von Menschen.", "de"))
    original = faq_publish.recording_path
    monkeypatch.setattr(faq_publish, "recording_path", lambda entry: recording if (
        entry.id, entry.lang) == ("bg-contact", "de") else original(entry))
    report = faq_publish.publish_faq(settings(), engines=counting)
    assert (report.entries_written, report.audio_recordings, report.audio_synthesized) == (1, 1, 0)
    assert FaqEntryRecord.get("de", "bg-contact").audio_key.startswith("audio/de/human-")
    monkeypatch.undo()
    faq_publish.publish_faq(settings(), engines=counting)
    assert not FaqEntryRecord.get("de", "bg-contact").audio_key.startswith("audio/de/human-")


@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_stored_audio_is_real_speech_of_plausible_length(published_faq, aws_endpoint, lang):
    record = FaqEntryRecord.get(lang, "bg-apply")
    s3 = boto3.client("s3", endpoint_url=aws_endpoint, region_name=settings().region)
    obj = s3.get_object(Bucket=settings().audio_bucket, Key=record.audio_key)
    assert obj["ContentType"] == "audio/mpeg"
    info = MP3(io.BytesIO(obj["Body"].read())).info
    words = len((record.title + " " + record.answer).split())
    assert 0.15 * words < info.length < 1.5 * words


def test_entries_are_keyed_for_one_query_per_list_and_one_get_per_entry(published_faq):
    assert FaqEntryRecord.get("ur", "bg-renewal").group == "buergergeld"
    corona = list(FaqEntryRecord.by_language_group.query("en#corona"))
    assert [r.entry_id for r in corona][:2] == ["corona-simplified-access", "corona-self-employed"]
    assert len(corona) == 7
