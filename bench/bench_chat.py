"""Chatbot: understanding on the development set (top-1, top-3, out of scope declined, language
detection) and speed: index load at cold start, a turn in-process (classification only), and a whole
POST /api/chat in-process against moto (one session read, one session write)."""

from __future__ import annotations

import os

from bench.chat_eval import evaluate
from bench.harness import row, start_stack, timed


def main() -> None:
    rows = evaluate()
    os.environ.setdefault("LOCAL_AUDIO_CACHE", ".cache/audio")
    moto, _, _ = start_stack()
    from app import app
    from chalicelib.config import settings
    from chalicelib.services.faq_publish import publish_faq
    from local.gateway import InProcessClient

    publish_faq(settings())
    client = InProcessClient(app)
    session = client.post("/api/chat", json_body={"message": "hallo", "lang": "de"}).json()["session_id"]
    messages = ["hab nen minijob darf ich das behalten", "miete zu hoch", "wann kommt das geld",
                "wie wird das wetter", "ich bin schwanger und hab keine babysachen"]
    position = [0]

    def turn() -> None:
        position[0] += 1
        client.post("/api/chat", json_body={"message": messages[position[0] % len(messages)],
                                            "session_id": session, "lang": "de"})

    api = timed(turn, 300)
    moto.stop()
    print("\n".join(rows))
    print()
    print("| measurement | p50 | p95 | n |\n| --- | --- | --- | --- |")
    print(row("in-process POST /api/chat (session read + write on moto, classification, logging)", api))


if __name__ == "__main__":
    main()
