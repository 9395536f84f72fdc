"""Offers: the content catalogue's first load, the public list and detail, the pages, and one registration
of interest (rate-limit counter + registration + place in one transaction) in-process on moto."""

from __future__ import annotations

import itertools
import statistics
import time

from bench.harness import row, start_stack, timed


def main() -> None:
    moto, _, _ = start_stack()
    from app import app
    from chalicelib.services import offer_interest, offers
    from local.gateway import InProcessClient

    client = InProcessClient(app)
    loads = []
    for _ in range(5):
        offers.catalogue.cache_clear()
        started = time.perf_counter()
        offers.catalogue()
        loads.append((time.perf_counter() - started) * 1000)
    offer_interest.RATE_LIMIT = 10**9  # the bench is one client; the limit itself is one UpdateItem, measured below
    phones = (f"0171 9{n:06d}" for n in itertools.count())

    def register() -> None:
        response = client.post("/api/offers/sprechstunde-gefluechtete/interest",
                                json_body={"name": "Bench", "contact": next(phones), "consent": True})
        if response.status != 202:
            raise RuntimeError(response.text)

    rows = [
        f"| first load of the catalogue (8 YAML files, median of 5) | {statistics.median(loads):.1f} ms | | 5 |",
        row("in-process GET /api/offers (cached catalogue, no AWS call)",
            timed(lambda: client.get("/api/offers"), 1000)),
        row("in-process GET /api/offers?kind=course&language=ar",
            timed(lambda: client.get("/api/offers?kind=course&language=ar"), 1000)),
        row("in-process GET /api/offers/{id} (1 GetItem: places left)",
            timed(lambda: client.get("/api/offers/buergerwerkstatt-website"), 300)),
        row("in-process GET /offers?lang=ar page (HTML)", timed(lambda: client.get("/offers?lang=ar"), 500)),
        row("in-process POST /api/offers/{id}/interest, phone, no capacity (rate-limit update, put, get, update)",
            timed(register, 200)),
    ]
    moto.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
