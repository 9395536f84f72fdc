"""Applications: submit latency in-process (validation, receipt PDF, S3, conditional update, confirmation
letter queued) and the receipt PDF render time per language."""

from __future__ import annotations

import copy
import datetime as dt
import statistics
import time

from bench.harness import row, start_stack, timed


def main() -> None:
    moto, _, _ = start_stack()
    from app import app
    from chalicelib.services import applications, forms
    from local.gateway import InProcessClient
    from local.resources import DEMO_PASSWORD
    from tests.functional.test_applications import VALID

    client = InProcessClient(app)
    token = client.post("/api/auth/login", json_body={"username": "anna@example.org",
                                                      "password": DEMO_PASSWORD}).json()["access_token"]
    auth = {"authorization": f"Bearer {token}"}
    drafts = []
    for _ in range(60):
        draft = client.post("/api/applications", headers=auth, json_body={"form_id": "erstantrag"}).json()
        client.request("PUT", f"/api/applications/{draft['id']}", headers=auth, json_body={"answers": VALID})
        drafts.append(draft["id"])
    position = [0]

    def submit() -> None:
        response = client.post(f"/api/applications/{drafts[position[0]]}/submit", headers=auth)
        position[0] += 1
        if response.status != 200:
            raise RuntimeError(response.text)

    rows = [row("in-process POST /api/applications/{id}/submit (whole request)", timed(submit, 50, warmup=10))]
    form = forms.load_form("erstantrag")
    cleaned, _ = forms.validate(form, copy.deepcopy(VALID), "de", complete=True)
    for lang in ("de", "ar", "ur", "ti"):
        samples = []
        for _ in range(10):
            started = time.perf_counter()
            applications.render_receipt(form, cleaned, "KJC-7K4M-Q2XD", dt.datetime.now(dt.UTC), lang)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        median = statistics.median(samples)
        rows.append(f"| receipt PDF render ({lang}, in the worker) | {median:.1f} ms | {samples[-1]:.1f} ms | 10 |")
    moto.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
