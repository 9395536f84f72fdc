"""The chatbot on its development set (bench/chatbot_devset), through the same decision as the API:
top-1 (answered with the expected entry), top-3 (expected among the answer and suggestions),
out-of-scope declined (no faq_id), language detection, and latency. No AWS needed.

    .venv/bin/python -m bench.chat_eval [-v]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import yaml

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.services.chat import detect_language, understand
from chalicelib.services.chat_index import ChatClassifier, build_chat_index, parse_index
from chalicelib.services.faq_content import load_faq
from chalicelib.services.faq_publish import chat_knowledge

DEVSET = Path(__file__).resolve().parent / "chatbot_devset"


def classifiers() -> tuple[dict[str, ChatClassifier], dict[str, float]]:
    faq = load_faq()
    result, load_ms = {}, {}
    for lang in SUPPORTED_LANGUAGES:
        entries = sorted((e for (_, entry_lang), e in faq.entries.items() if entry_lang == lang),
                         key=lambda e: e.position)
        data = build_chat_index(lang, entries, chat_knowledge(lang))
        blob = json.dumps(data).encode()
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            result[lang] = ChatClassifier(parse_index(blob))
            samples.append((time.perf_counter() - started) * 1000)
        load_ms[lang] = statistics.median(samples)
    return result, load_ms


def evaluate(verbose: bool = False) -> list[str]:
    models, load_ms = classifiers()
    rows = ["| lang | messages | top-1 | top-3 | out of scope declined | language detected | p50 | p95 "
            "| index load (median of 5) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for lang in SUPPORTED_LANGUAGES:
        messages = yaml.safe_load((DEVSET / f"{lang}.yaml").read_text(encoding="utf-8"))["messages"]
        top1 = top3 = n = oos = oos_declined = detected = 0
        latencies = []
        for message in messages:
            text, expected = message["text"], message["expected"]
            detected += detect_language(text) == lang
            started = time.perf_counter()
            kind, best, candidates = understand(models[lang], text, None)
            latencies.append((time.perf_counter() - started) * 1000)
            answered = best.label if kind == "answer" and best else None
            offered = ([answered] if answered else []) + [c.label for c in candidates[:3]]
            if expected is None:
                oos += 1
                oos_declined += answered is None
                if verbose and answered:
                    print(f"  {lang} OOS ANSWERED {text!r}: {answered} {best.score}")
                continue
            n += 1
            top1 += answered == expected
            top3 += expected in offered[:3]
            if verbose and answered != expected:
                got = [(c.label, c.score) for c in candidates[:3]]
                print(f"  {lang} MISS {text!r}: want {expected}, got {kind} {got}")
        latencies.sort()
        rows.append(f"| {lang} | {n} + {oos} out of scope | {top1 / n:.0%} | {top3 / n:.0%} | "
                    f"{oos_declined}/{oos} | {detected / len(messages):.0%} | {statistics.median(latencies):.2f} ms | "
                    f"{latencies[int(len(latencies) * 0.95) - 1]:.2f} ms | {load_ms[lang]:.0f} ms |")
    return rows


if __name__ == "__main__":
    print("\n".join(evaluate("-v" in sys.argv)))
