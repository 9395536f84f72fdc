"""Publishing the FAQ: entries into DynamoDB, the search index and the read-aloud audio into S3.

Everything is keyed by content: an entry is written only when its hash changed, audio is synthesized
only when no object exists under the hash of text + engine + voice, an index is written only when its
bytes changed. Publishing unchanged content therefore writes nothing and synthesizes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from chalicelib import aws
from chalicelib.config import SUPPORTED_LANGUAGES, Settings
from chalicelib.content import content_dir
from chalicelib.observability import logger
from chalicelib.services import speech
from chalicelib.services.chat import chat_index_key
from chalicelib.services.chat_index import build_chat_index
from chalicelib.services.faq_content import Entry, Faq, load_faq
from chalicelib.services.faq_search import build_index, index_key

HASH_METADATA = "content-sha256"


@dataclass
class PublishReport:
    entries_written: int = 0
    entries_unchanged: int = 0
    entries_deleted: int = 0
    audio_synthesized: int = 0
    audio_recordings: int = 0
    audio_reused: int = 0
    indexes_written: int = 0
    engine_calls: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return ("FAQ: {entries_written} entries written, {entries_unchanged} unchanged, {entries_deleted} "
                "deleted; audio {audio_synthesized} synthesized, {audio_recordings} recordings, {audio_reused} "
                "reused; {indexes_written} indexes written").format(**asdict(self))


def recording_path(entry: Entry) -> Path:
    return content_dir() / "audio" / entry.lang / f"{entry.id}.mp3"


def audio_key_for(entry: Entry, config: Settings) -> tuple[str, bytes | None]:
    """The S3 key of an entry's audio; with the recording's bytes when a human recording exists."""
    recording = recording_path(entry)
    if recording.is_file():
        data = recording.read_bytes()
        return f"audio/{entry.lang}/human-{hashlib.sha256(data).hexdigest()[:40]}.mp3", data
    voice = speech.voice_for(entry.lang, config.speech_engines)
    digest = hashlib.sha256(f"{voice.engine}\x00{voice.voice}\x00{entry.spoken_text()}".encode()).hexdigest()
    return f"audio/{entry.lang}/{digest[:40]}.mp3", None


def _local_cache(key: str) -> Path | None:
    """Local stage only: moto's S3 starts empty on every `make run`, so synthesized audio is kept in a
    folder (LOCAL_AUDIO_CACHE) under the same content-hash key and copied instead of synthesized again."""
    folder = os.environ.get("LOCAL_AUDIO_CACHE")
    return Path(folder) / key if folder else None


def _object_exists(bucket: str, key: str) -> bool:
    s3 = aws.s3()
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError as err:
        if err.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    return True


def _ensure_audio(entry: Entry, config: Settings, report: PublishReport,
                  engines: dict[str, speech.SpeechEngine] | None) -> str:
    key, recording = audio_key_for(entry, config)
    if _object_exists(config.audio_bucket, key):
        report.audio_reused += 1
        return key
    cached = _local_cache(key)
    if recording is not None:
        audio = recording
        report.audio_recordings += 1
    elif cached is not None and cached.is_file():
        audio = cached.read_bytes()
        report.audio_reused += 1
    else:
        voice = speech.voice_for(entry.lang, config.speech_engines)
        engine = (engines or {}).get(voice.engine) or speech.engine(voice.engine)
        audio = engine.synthesize(entry.spoken_text(), voice.voice)
        report.audio_synthesized += 1
        report.engine_calls[voice.engine] = report.engine_calls.get(voice.engine, 0) + 1
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(audio)
    aws.s3().put_object(Bucket=config.audio_bucket, Key=key, Body=audio, ContentType="audio/mpeg",
                        CacheControl="public, max-age=31536000, immutable")
    return key


def _write_entry(entry: Entry, audio_key: str, content_hash: str) -> None:
    from chalicelib.models.faq import FaqEntryRecord

    FaqEntryRecord(
        entry.lang, entry.id, group=entry.group, lang_group=f"{entry.lang}#{entry.group}",
        position=entry.position, title=entry.title, answer=entry.answer, details=entry.details,
        search_terms=list(entry.search_terms), checked_on=entry.checked_on, translation=entry.translation,
        sources_json=json.dumps([asdict(s) for s in entry.sources], ensure_ascii=False), link=entry.link,
        review=entry.review, audio_key=audio_key, content_hash=content_hash,
    ).save()


def _put_if_changed(config: Settings, key: str, document: dict) -> bool:
    """Store a JSON document unless the stored one has the same bytes (compared by hash metadata)."""
    body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
    digest = hashlib.sha256(body).hexdigest()
    s3 = aws.s3()
    try:
        current = s3.head_object(Bucket=config.audio_bucket, Key=key)["Metadata"].get(HASH_METADATA)
    except s3.exceptions.ClientError:
        current = None
    if current == digest:
        return False
    s3.put_object(Bucket=config.audio_bucket, Key=key, Body=body, ContentType="application/json",
                  Metadata={HASH_METADATA: digest})
    return True


def _publish_indexes(lang: str, faq: Faq, config: Settings, report: PublishReport) -> None:
    entries = sorted((e for (_, entry_lang), e in faq.entries.items() if entry_lang == lang),
                     key=lambda e: e.position)
    report.indexes_written += _put_if_changed(config, index_key(lang), build_index(lang, entries))
    report.indexes_written += _put_if_changed(config, chat_index_key(lang),
                                              build_chat_index(lang, entries, chat_knowledge(lang)))


def chat_knowledge(lang: str) -> dict:
    path = content_dir() / "chatbot" / f"{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def publish_faq(config: Settings, faq: Faq | None = None,
                engines: dict[str, speech.SpeechEngine] | None = None) -> PublishReport:
    """Publish every language version. `engines` replaces the configured engine objects (benchmarks and
    tests pass counting wrappers around the real engines)."""
    from chalicelib.models.faq import FaqEntryRecord

    faq = faq or load_faq()
    report = PublishReport()
    for lang in SUPPORTED_LANGUAGES:
        published = {r.entry_id: r for r in FaqEntryRecord.query(lang)}
        for (topic_id, entry_lang), entry in sorted(faq.entries.items()):
            if entry_lang != lang:
                continue
            content_hash = hashlib.sha256(
                (entry.content_hash() + audio_key_for(entry, config)[0]).encode()).hexdigest()
            current = published.pop(topic_id, None)
            if current is not None and current.content_hash == content_hash:
                report.entries_unchanged += 1
                continue
            _write_entry(entry, _ensure_audio(entry, config, report, engines), content_hash)
            report.entries_written += 1
        for stale in published.values():
            stale.delete()
            report.entries_deleted += 1
        _publish_indexes(lang, faq, config, report)
    logger.info("faq published", extra=asdict(report))
    return report
