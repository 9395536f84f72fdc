"""FAQ search: a TF-IDF index over title, search terms and answer, built at publish time.

The index of a language is one JSON object in S3, loaded once per process on the first search in
that language. Searching is pure Python over at most a few dozen entries: no table access at all.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chalicelib.text import features

FIELD_WEIGHTS = {"title": 2.0, "search_terms": 2.5, "answer": 1.0, "details": 0.5}
MIN_SCORE = 0.08
INDEX_VERSION = 1


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    score: float


def _weighted(counts: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    vector = {t: math.log1p(c) * idf[t] for t, c in counts.items() if c > 0 and t in idf}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def build_index(lang: str, entries: Iterable[Any]) -> dict[str, Any]:
    """The search index of one language's entries (objects with id, title, answer, ...)."""
    docs, counts_per_doc = [], []
    for entry in entries:
        counts: dict[str, float] = {}
        fields = {"title": entry.title, "search_terms": " . ".join(entry.search_terms),
                  "answer": entry.answer, "details": entry.details}
        for name, text in fields.items():
            for term, count in features(text, lang).items():
                counts[term] = counts.get(term, 0.0) + count * FIELD_WEIGHTS[name]
        docs.append({"id": entry.id, "title": entry.title})
        counts_per_doc.append(counts)
    document_frequency: dict[str, int] = {}
    for counts in counts_per_doc:
        for term in counts:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    total = len(docs)
    idf = {t: round(math.log((1 + total) / (1 + df)) + 1, 4) for t, df in document_frequency.items()}
    vectors = [{t: round(v, 5) for t, v in _weighted(c, idf).items()} for c in counts_per_doc]
    return {"version": INDEX_VERSION, "lang": lang, "docs": docs, "idf": idf, "vectors": vectors}


class SearchIndex:
    def __init__(self, data: dict[str, Any]) -> None:
        self.lang = data["lang"]
        self._docs = data["docs"]
        self._idf = data["idf"]
        # An inverted list per term: a query touches only the entries that share a term with it.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for number, vector in enumerate(data["vectors"]):
            for term, weight in vector.items():
                self._postings.setdefault(term, []).append((number, weight))

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        query_vector = _weighted(features(query, self.lang), self._idf)
        scores: dict[int, float] = {}
        for term, weight in query_vector.items():
            for number, doc_weight in self._postings.get(term, ()):
                scores[number] = scores.get(number, 0.0) + weight * doc_weight
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [Hit(self._docs[n]["id"], self._docs[n]["title"], round(score, 4))
                for n, score in ranked[:limit] if score >= MIN_SCORE]


def index_key(lang: str) -> str:
    return f"index/faq-{lang}.json"


@functools.lru_cache(maxsize=8)
def load_index(lang: str) -> SearchIndex:
    from chalicelib import aws
    from chalicelib.config import settings
    from chalicelib.errors import ServiceUnavailable

    s3 = aws.s3()
    try:
        body = s3.get_object(Bucket=settings().audio_bucket, Key=index_key(lang))["Body"].read()
    except s3.exceptions.NoSuchKey as err:
        raise ServiceUnavailable("content_not_published") from err
    return SearchIndex(json.loads(body))
