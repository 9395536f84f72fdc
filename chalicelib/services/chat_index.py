"""What the chatbot understands: an index per language built at publish time from the FAQ entries
and content/chatbot/<lang>.yaml, loaded once per process.

A message is compared with every example (FAQ titles, search terms, utterances, small talk and out of
scope examples) by TF-IDF cosine over stemmed words and in-word character n-grams. A label's score
combines its best example with its centroid, so that one lucky example does not outvote a topic whose
examples agree. No external service and no model download: the index is a few hundred KB of JSON.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from chalicelib.text import features, normalise, words

INDEX_VERSION = 2
SMALLTALK = ("greeting", "thanks", "goodbye", "human", "insult")
OUT_OF_SCOPE = ("kindergeld", "tax", "wohngeld", "elterngeld", "pension", "visa", "general")
BEST_WEIGHT, CENTROID_WEIGHT, KNN_WEIGHT = 0.2, 0.3, 0.5
KNN = 3
USE_ANSWER_SENTENCES = True
_SENTENCE = re.compile(r"(?<=[.!?؟։።])\s+|\n+")
CHAR_WEIGHT, CHAR_SIZES = 0.3, (3, 4)


@dataclass(frozen=True)
class Scored:
    label: str
    score: float


def _vector(text: str, lang: str, synonyms: dict[str, str], idf: dict[str, float] | None) -> dict[str, float]:
    counts = features(apply_synonyms(text, lang, synonyms), lang, CHAR_WEIGHT, CHAR_SIZES)
    if idf is not None:
        counts = {t: c for t, c in counts.items() if t in idf}
        vector = {t: math.log1p(c) * idf[t] for t, c in counts.items()}
    else:
        vector = {t: math.log1p(c) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def apply_synonyms(text: str, lang: str, synonyms: dict[str, str]) -> str:
    if not synonyms:
        return text
    return " ".join(synonyms.get(word, word) for word in words(text, lang))


def _examples(lang: str, faq_entries: list[Any], knowledge: dict[str, Any]) -> list[tuple[str, str]]:
    from chalicelib.services.faq_content import plain_text

    examples: list[tuple[str, str]] = []
    for entry in faq_entries:
        examples.append((entry.id, entry.title))
        examples.extend((entry.id, term) for term in entry.search_terms)
        if USE_ANSWER_SENTENCES:
            examples.extend((entry.id, s) for s in _SENTENCE.split(plain_text(entry.answer)) if len(s) > 20)
    for topic_id, utterances in (knowledge.get("intents") or {}).items():
        examples.extend((topic_id, u) for u in utterances)
    for kind in SMALLTALK:
        examples.extend((f"smalltalk:{kind}", u) for u in (knowledge.get("smalltalk") or {}).get(kind, []))
    for kind in OUT_OF_SCOPE:
        examples.extend((f"oos:{kind}", u) for u in (knowledge.get("out_of_scope") or {}).get(kind, []))
    return [(label, str(text)) for label, text in examples if str(text).strip()]


def build_chat_index(lang: str, faq_entries: list[Any], knowledge: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.services.faq_content import plain_text

    synonyms = {normalise(str(k), lang): normalise(str(v), lang)
                for k, v in (knowledge.get("synonyms") or {}).items()}
    examples = _examples(lang, faq_entries, knowledge)
    raw = [_vector(text, lang, synonyms, None) for _, text in examples]
    df: dict[str, int] = {}
    for vector in raw:
        for term in vector:
            df[term] = df.get(term, 0) + 1
    total = len(raw)
    idf = {t: round(math.log((1 + total) / (1 + n)) + 1, 4) for t, n in df.items()}
    labels = [label for label, _ in examples]
    postings: dict[str, list[float]] = {}
    centroids: dict[str, dict[str, float]] = {}
    for number, (label, text) in enumerate(examples):
        centroid = centroids.setdefault(label, {})
        for term, weight in _vector(text, lang, synonyms, idf).items():
            postings.setdefault(term, []).extend((number, round(weight, 4)))
            centroid[term] = centroid.get(term, 0.0) + weight
    for label, centroid in centroids.items():
        norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
        centroids[label] = {t: round(v / norm, 4) for t, v in centroid.items() if v / norm >= 0.005}
    answers = {e.id: {"title": e.title, "answer": plain_text(e.answer)} for e in faq_entries}
    return {"version": INDEX_VERSION, "lang": lang, "labels": labels, "postings": postings,
            "centroids": centroids, "idf": idf, "synonyms": synonyms, "answers": answers}


def parse_index(blob: bytes) -> dict[str, Any]:
    """json.loads with the garbage collector paused: parsing creates ~100k objects, and the collector
    running over them again and again doubles the cold-start load."""
    import gc
    import json

    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(blob)
    finally:
        if enabled:
            gc.enable()


class ChatClassifier:
    def __init__(self, data: dict[str, Any]) -> None:
        self.lang: str = data["lang"]
        self.answers: dict[str, dict[str, str]] = data["answers"]
        self._labels: list[str] = data["labels"]
        self._idf: dict[str, float] = data["idf"]
        self._synonyms: dict[str, str] = data["synonyms"]
        # Postings and centroids are computed at publish time: loading is parsing, nothing more.
        self._postings: dict[str, list[float]] = data["postings"]  # flat: [example, weight, example, ...]
        self._centroids: dict[str, dict[str, float]] = data["centroids"]

    def vector(self, text: str) -> dict[str, float]:
        return _vector(text, self.lang, self._synonyms, self._idf)

    def rank(self, text: str) -> list[Scored]:
        query = self.vector(text)
        if not query:
            return []
        similarity: dict[int, float] = {}
        for term, weight in query.items():
            flat = self._postings.get(term)
            if flat:
                for number, example_weight in zip(flat[::2], flat[1::2], strict=True):
                    similarity[number] = similarity.get(number, 0.0) + weight * example_weight
        per_label: dict[str, list[float]] = {}
        for number, value in similarity.items():
            per_label.setdefault(self._labels[number], []).append(value)
        scored = []
        for label, values in per_label.items():
            values.sort(reverse=True)
            knn = sum(values[:KNN]) / KNN
            centroid = self._centroids[label]
            centroid_similarity = sum(w * centroid.get(t, 0.0) for t, w in query.items())
            score = BEST_WEIGHT * values[0] + CENTROID_WEIGHT * centroid_similarity + KNN_WEIGHT * knn
            scored.append(Scored(label, round(score, 4)))
        scored.sort(key=lambda s: (-s.score, s.label))
        return scored
