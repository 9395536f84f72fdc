"""The dialogue: language, personal-data guard, understanding, the reply, and the way to a person.

A turn costs at most one session read and one session write. The message text is never stored or
logged: the session keeps only the language, the last topic and how many misses came in a row.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chalicelib.errors import BadRequest, NotFound
from chalicelib.i18n import translate
from chalicelib.observability import logger
from chalicelib.services.chat_index import ChatClassifier, Scored, parse_index
from chalicelib.text import clean_input

MAX_MESSAGE = 1000
SESSION_IDLE_SECONDS = 30 * 60
ANSWER_THRESHOLD = 0.17   # at or above: answer with the best FAQ entry
ASK_BACK_THRESHOLD = 0.12  # between: ask back with suggestions; below: decline
SMALLTALK_THRESHOLD = 0.2
MISSES_BEFORE_HANDOFF = 2
FOLLOW_UP_BONUS = 0.03

_PERSONAL_DATA = {
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b", re.IGNORECASE),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "phone": re.compile(r"(?:\+|00)\d[\d\s/-]{7,}\d|\b0\d{2,5}[\s/-]?\d{4,}\b"),
    "tax_id": re.compile(r"\b\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b"),
    "insurance_number": re.compile(r"\b\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}\b", re.IGNORECASE),
}
_URDU_LETTERS = set("ٹڈڑںےۓ")
_PERSIAN_LETTERS = set("پچژگ")
_MARKERS = {
    "ur": {"ہے", "ہیں", "میں", "کیا", "کے", "کی", "نہیں", "مجھے", "ہوں", "کو", "سے", "کر", "ہو", "اور", "یہ"},
    "fa": {"است", "می", "چه", "را", "این", "چطور", "هست", "من", "برای", "میخوام", "دارم", "شده", "نمی", "کنم",
           "چی", "یه", "کجا", "باید"},
    "ar": {"في", "من", "على", "هل", "ما", "كيف", "انا", "أنا", "عن", "الى", "إلى", "شو", "بدي", "هذا", "لا",
           "ايش", "وين", "عندي", "اللي", "التي", "الذي"},
    "de": {"ich", "nicht", "und", "der", "die", "das", "ist", "wie", "was", "habe", "hab", "mein", "meine", "bin",
           "kann", "ein", "eine", "wann", "bekomme", "muss", "vom", "zum", "für", "mit", "auf", "wir", "geld"},
    "en": {"the", "is", "and", "my", "what", "how", "i", "can", "do", "have", "when", "get", "will", "need",
           "does", "for", "with", "am", "are", "money", "want", "you"},
}


def clean(message: str) -> str:
    """Control and direction-override characters stripped, whitespace folded."""
    return clean_input(message)


def check_message(message: str) -> str:
    text = clean(message)
    if not text:
        raise BadRequest("message_empty")
    if len(message) > MAX_MESSAGE:
        raise BadRequest("message_too_long", params={"limit": MAX_MESSAGE})
    return text


def contains_personal_data(text: str) -> str | None:
    for kind, pattern in _PERSONAL_DATA.items():
        if pattern.search(text):
            return kind
    return None


def _script(lang: str) -> str:
    return {"ti": "geez", "ar": "arabic", "fa": "arabic", "ur": "arabic"}.get(lang, "latin")


def language_for(text: str, prior: str | None) -> str:
    """The language of a message when the citizen did not choose one. Within the script of the
    conversation so far a short or unclear message keeps the conversation's language."""
    detected = detect_language(text)
    if prior is None or _script(prior) != _script(detected):
        return detected
    tokens = set(re.findall(r"\w+", text.casefold()))
    evidence = len(tokens & _MARKERS.get(detected, set())) - len(tokens & _MARKERS.get(prior, set()))
    return detected if evidence >= 2 else prior


def detect_language(text: str) -> str:
    """Script first (Ge'ez -> ti; Arabic script -> ar/fa/ur by letters and words; Latin -> de/en)."""
    letters = [c for c in text if c.isalpha()]
    if any(0x1200 <= ord(c) <= 0x137F for c in letters):
        return "ti"
    arabic = [c for c in letters if 0x0600 <= ord(c) <= 0x06FF or 0x0750 <= ord(c) <= 0x077F]
    tokens = set(re.findall(r"\w+", text.casefold()))
    if arabic and len(arabic) >= len(letters) / 3:
        if _URDU_LETTERS & set(arabic):
            return "ur"
        votes = {lang: len(tokens & _MARKERS[lang]) for lang in ("ar", "fa", "ur")}
        if _PERSIAN_LETTERS & set(arabic):
            votes["fa"] += 1
            votes["ur"] += 1
        if set("یک") & set(arabic):
            votes["fa"] += 1
        if set("يكة") & set(arabic):
            votes["ar"] += 1
        return max(("ar", "fa", "ur"), key=lambda lang: votes[lang])
    votes = {lang: len(tokens & _MARKERS[lang]) for lang in ("de", "en")}
    if re.search(r"[äöüß]", text.casefold()):
        votes["de"] += 2
    return "en" if votes["en"] > votes["de"] else "de"


@dataclass
class Reply:
    session_id: str
    lang: str
    reply: str
    faq_id: str | None = None
    confidence: float = 0.0
    suggestions: list[dict[str, str]] = field(default_factory=list)
    handoff: bool = False
    audio_url: str | None = None
    kind: str = "answer"


def confidence(score: float) -> float:
    """Scores live between about 0.05 (noise) and 0.5 (a near-verbatim example); map that onto 0..1."""
    return round(min(1.0, max(0.0, (score - 0.05) / 0.45)), 3)


def _faq_scores(ranked: list[Scored]) -> list[Scored]:
    return [s for s in ranked if ":" not in s.label]


def understand(classifier: ChatClassifier, text: str, last_topic: str | None) -> tuple[str, Scored | None,
                                                                                        list[Scored]]:
    """What the message is: ("answer"|"ask_back"|"decline"|"smalltalk", best, FAQ candidates)."""
    ranked = classifier.rank(text)
    if last_topic and len(text.split()) <= 6:
        # A short follow-up ("and if I am under 25?") leans towards the topic of the conversation.
        ranked = sorted((Scored(s.label, round(s.score + FOLLOW_UP_BONUS, 4)) if s.label == last_topic else s
                         for s in ranked), key=lambda s: (-s.score, s.label))
    candidates = _faq_scores(ranked)
    if not ranked:
        return "decline", None, []
    best = ranked[0]
    if best.label.startswith("smalltalk:") and best.score >= SMALLTALK_THRESHOLD:
        return "smalltalk", best, candidates
    if best.label.startswith("oos:"):
        return "decline", best, candidates
    top = candidates[0] if candidates else None
    if top is not None and top.score >= ANSWER_THRESHOLD:
        return "answer", top, candidates
    if top is not None and top.score >= ASK_BACK_THRESHOLD:
        return "ask_back", top, candidates
    return "decline", best, candidates


def _load_session(session_id: str | None) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.chat import ChatSession

    if not session_id or len(session_id) > 64 or not re.fullmatch(r"[A-Za-z0-9_-]+", session_id):
        return None
    try:
        session = ChatSession.get(session_id)
    except DoesNotExist:
        return None
    if time.time() - int(session.last_seen) > SESSION_IDLE_SECONDS:
        return None
    return session


def _save_session(session: Any) -> None:
    now = int(time.time())
    session.last_seen = now
    session.turns = int(session.turns or 0) + 1
    session.expires_at = datetime.fromtimestamp(now + SESSION_IDLE_SECONDS, UTC)
    session.save()


def respond(message: str, session_id: str | None = None, lang: str | None = None,
            classifiers: dict[str, ChatClassifier] | None = None) -> Reply:
    """One chat turn."""
    from chalicelib.models.chat import ChatSession
    from chalicelib.services.faq import public_audio_path

    text = check_message(message)
    if lang is not None:
        from chalicelib.services.faq import check_language

        check_language(lang)
    session = _load_session(session_id)
    if session is None:
        session = ChatSession(secrets.token_urlsafe(16), lang=lang or "de", misses=0, turns=0)
    language = lang or language_for(text, session.lang if session.turns else None)
    session.lang = language
    reply = Reply(session_id=session.session_id, lang=language, reply="")

    personal = contains_personal_data(text)
    if personal:
        logger.info("chat turn", extra={"session": session.session_id, "kind": "personal_data", "lang": language})
        reply.reply, reply.kind = translate(language, "chat.reply.personal_data"), "personal_data"
        _save_session(session)
        return reply

    classifier = (classifiers or {}).get(language) or load_classifier(language)
    kind, best, candidates = understand(classifier, text, session.last_topic)
    reply.confidence = confidence(best.score if best else 0.0)
    if kind == "answer" and best is not None:
        answer = classifier.answers[best.label]
        reply.faq_id, reply.reply = best.label, answer["answer"]
        reply.audio_url = public_audio_path(best.label, language)
        reply.suggestions = [{"id": c.label, "title": classifier.answers[c.label]["title"]}
                             for c in candidates[1:3] if c.score >= ASK_BACK_THRESHOLD]
        session.last_topic, session.misses = best.label, 0
    elif kind == "smalltalk" and best is not None:
        intent = best.label.split(":", 1)[1]
        reply.kind = f"smalltalk:{intent}"
        if intent == "human":
            reply.reply, reply.handoff = translate(language, "chat.reply.handoff"), True
        else:
            reply.reply = translate(language, f"chat.reply.{intent}")
    elif kind == "ask_back":
        reply.kind = "ask_back"
        reply.reply = translate(language, "chat.reply.ask_back")
        reply.suggestions = [{"id": c.label, "title": classifier.answers[c.label]["title"]}
                             for c in candidates[:3]]
        session.misses = int(session.misses or 0) + 1
    else:
        reply.kind = "decline"
        area = best.label.split(":", 1)[1] if best and best.label.startswith("oos:") else "general"
        key = f"chat.reply.decline.{area}" if area != "general" else "chat.reply.decline"
        reply.reply = translate(language, key)
        session.misses = int(session.misses or 0) + 1
    if int(session.misses or 0) >= MISSES_BEFORE_HANDOFF and not reply.faq_id:
        reply.handoff = True
        reply.reply += "\n\n" + translate(language, "chat.reply.handoff")
    _save_session(session)
    logger.info("chat turn", extra={"session": session.session_id, "kind": reply.kind, "lang": language,
                                    "faq_id": reply.faq_id, "confidence": reply.confidence})
    return reply


# -- the index -------------------------------------------------------------------------------------------

_CLASSIFIERS: dict[str, tuple[float, ChatClassifier]] = {}
INDEX_MAX_AGE = 300  # a running process picks up a new publish within five minutes


def chat_index_key(lang: str) -> str:
    return f"index/chat-{lang}.json"


def load_classifier(lang: str) -> ChatClassifier:
    from chalicelib import aws
    from chalicelib.config import settings

    cached = _CLASSIFIERS.get(lang)
    if cached is not None and time.monotonic() - cached[0] < INDEX_MAX_AGE:
        return cached[1]
    from chalicelib.errors import ServiceUnavailable

    s3 = aws.s3()
    try:
        body = s3.get_object(Bucket=settings().audio_bucket, Key=chat_index_key(lang))["Body"].read()
    except s3.exceptions.NoSuchKey as err:
        raise ServiceUnavailable("content_not_published") from err
    classifier = ChatClassifier(parse_index(body))
    _CLASSIFIERS[lang] = (time.monotonic(), classifier)
    return classifier


# -- callbacks ---------------------------------------------------------------------------------------------

# A phone number or an e-mail address; the API's schema uses the same pattern.
CONTACT_PATTERN = (r"^(\+?[0-9][0-9 ()/-]{5,24}[0-9]"
                   r"|[^@\s\x00-\x1f\x7f-\x9f]{1,64}@[^@\s\x00-\x1f\x7f-\x9f]{1,190}\.[^@\s\x00-\x1f\x7f-\x9f]{2,})$")
_CONTACT = re.compile(CONTACT_PATTERN)


def request_callback(contact: str, preferred_time: str, lang: str, session_id: str | None) -> str:
    from chalicelib.models.chat import CallbackRequest

    if not _CONTACT.match(contact or ""):
        raise BadRequest("contact_invalid")
    session = _load_session(session_id)
    callback_id = "cb_" + secrets.token_urlsafe(12)
    now = datetime.now(UTC)
    CallbackRequest(callback_id, status="open", created_key=f"{now.isoformat()}#{callback_id}", contact=contact,
                    preferred_time=clean(preferred_time)[:200], lang=lang,
                    topic=session.last_topic if session is not None else None).save()
    logger.info("callback requested", extra={"callback": callback_id, "lang": lang})
    return callback_id


def list_callbacks(status: str, limit: int = 50, after: str | None = None) -> tuple[list[Any], str | None]:
    from chalicelib.models.chat import CallbackRequest

    if status not in ("open", "closed"):
        raise BadRequest()
    from chalicelib import pagination

    last_key = pagination.decode(after, {"callback_id", "status", "created_key"})
    result = CallbackRequest.by_status.query(status, scan_index_forward=False, limit=limit,
                                             last_evaluated_key=last_key)
    items = list(result)
    return items, pagination.encode(result.last_evaluated_key)


def close_callback(callback_id: str, staff_subject: str) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.chat import CallbackRequest

    try:
        CallbackRequest(callback_id).update(
            actions=[CallbackRequest.status.set("closed"), CallbackRequest.closed_by.set(staff_subject)],
            condition=CallbackRequest.callback_id.exists())
    except UpdateError as err:
        raise NotFound() from err
