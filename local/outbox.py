"""`make outbox`: the e-mails the local stage "sent" through SES (moto keeps them; nothing leaves)."""

from __future__ import annotations

import json
import os
import urllib.request


def sent_messages(endpoint: str) -> list[dict]:
    """Every e-mail sent through the local SES: {"id", "source", "destinations", "subject", "body"}."""
    with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=5) as response:  # noqa: S310 - local moto
        data = json.load(response)
    return list((data.get("ses") or {}).get("Message") or [])


def main() -> None:
    endpoint = f"http://127.0.0.1:{os.environ.get('AWS_LOCAL_PORT', '5000')}"
    messages = sent_messages(endpoint)
    if not messages:
        print(f"No e-mails sent yet ({endpoint}/moto-api/data.json).")
    for message in messages:
        print(json.dumps(message, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
