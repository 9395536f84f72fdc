"""FAQ: publish time for all entries (cold, then unchanged), search latency in-process, and the entry
GET latency next to /health. Cold publish synthesizes every answer (no local audio cache)."""

from __future__ import annotations

import os
import time

from bench.harness import row, start_stack, timed

QUERIES = {
    "de": ["hartz 4 wie viel geld", "miete zu hoch", "minijob", "widerspruch", "kaution umzug"],
    "en": ["how much money", "deposit for new flat", "i disagree with the letter", "work permit"],
    "ar": ["الايجار", "كم المبلغ", "حساب بنكي"],
    "fa": ["کرایه خانه", "حساب بانکی", "مینی جاب"],
    "ur": ["کرایہ", "بینک اکاؤنٹ", "جاب سینٹر"],
    "ti": ["ክራይ ገዛ", "ባንክ", "ጆብሰንተር"],
}


def main() -> None:
    os.environ.pop("LOCAL_AUDIO_CACHE", None)
    moto, _, _ = start_stack()
    from app import app
    from chalicelib.config import settings
    from chalicelib.services.faq_publish import publish_faq
    from chalicelib.services.faq_search import load_index
    from local.gateway import InProcessClient

    started = time.perf_counter()
    cold = publish_faq(settings())
    cold_s = time.perf_counter() - started
    started = time.perf_counter()
    unchanged = publish_faq(settings())
    unchanged_s = time.perf_counter() - started

    rows = [f"| publish cold: {cold.entries_written} entries, {cold.audio_synthesized} clips synthesized "
            f"| {cold_s:.1f} s | | 1 |",
            f"| publish unchanged: {unchanged.entries_written} writes, {unchanged.audio_synthesized} syntheses "
            f"| {unchanged_s:.2f} s | | 1 |"]
    samples = [(load_index(lang), q) for lang, qs in QUERIES.items() for q in qs]
    position = [0]

    def one_search() -> None:
        index, query = samples[position[0] % len(samples)]
        position[0] += 1
        index.search(query)

    rows.append(row("search in-process (index loaded, all six languages)", timed(one_search, 3000)))
    client = InProcessClient(app)
    rows.append(row("in-process GET /api/faq/search (whole request)",
                    timed(lambda: client.get("/api/faq/search?lang=de&q=miete%20zu%20hoch"), 500)))
    rows.append(row("in-process GET /api/faq/{id} (1 GetItem on moto)",
                    timed(lambda: client.get("/api/faq/bg-apply?lang=fa"), 500)))
    rows.append(row("in-process GET /health (for comparison)", timed(lambda: client.get("/health"), 200)))
    moto.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
