"""Career pass: request paths a young person waits on (pass, list of experiences, add one, JSON export),
the PDF portfolio (render alone, and render + S3 + link), and its size, against moto in-process."""

from __future__ import annotations

import tracemalloc

from bench.harness import row, start_stack, timed

EXPERIENCE = {"kind": "internship", "title": "Praktikum in der Kfz-Werkstatt", "place": "Autohaus Muster",
              "start": "2026-03-02", "end": "2026-03-13", "did": "Reifen gewechselt, Öl geprüft. " * 8,
              "learned": "Pünktlich sein, im Team arbeiten. " * 8}


def main() -> None:
    moto, _endpoint, _env = start_stack()
    from app import app
    from chalicelib.services import career_pdf, careers
    from local.gateway import InProcessClient
    from local.resources import DEMO_PASSWORD

    client = InProcessClient(app)
    token = client.post("/api/auth/login", json_body={"username": "tom@example.org",
                                                      "password": DEMO_PASSWORD}).json()["access_token"]
    auth = {"authorization": f"Bearer {token}"}
    owner = client.get("/api/me", headers=auth).json()["subject"]
    client.get("/api/careers/pass", headers=auth)
    strengths = {s["id"]: 3 for s in careers.catalogue()["strengths"]}
    client.request("PUT", "/api/careers/strengths", headers=auth, json_body={"levels": strengths, "interests": []})
    rows = [row("POST /api/careers/experiences (validate, one conditional put)",
                timed(lambda: client.post("/api/careers/experiences", headers=auth, json_body=EXPERIENCE), 30,
                      warmup=10))]
    for n in range(3):
        client.post("/api/careers/goals", headers=auth, json_body={"title": f"Ziel {n}", "steps": [
            {"title": "Bewerbung schreiben", "kind": "application", "due": "2027-01-15"}] * 3})
    rows.append(row("GET /api/careers/pass", timed(lambda: client.get("/api/careers/pass", headers=auth), 50)))
    rows.append(row("GET /api/careers/experiences (40 entries, one query)",
                    timed(lambda: client.get("/api/careers/experiences", headers=auth), 30)))
    rows.append(row("GET /api/careers/export (JSON, everything)",
                    timed(lambda: client.get("/api/careers/export", headers=auth), 20, warmup=5)))
    small = "bench-small-pass"
    from chalicelib.models.career import CareerPass

    CareerPass(small, birthdate="2008-01-01", consent="not_needed", strengths=strengths).save()
    for _ in range(5):
        careers.add_entry(small, "experience", careers.ExperienceIn.model_validate(EXPERIENCE))
    for lang in ("de", "ar", "ti"):
        rows.append(row(f"PDF portfolio render only, typical pass: 5 experiences ({lang})",
                        timed(lambda lang=lang: career_pdf.render_portfolio(small, lang), 5, warmup=1)))
    for lang in ("de", "ar", "ti"):
        rows.append(row(f"PDF portfolio render only, 40 experiences ({lang})",
                        timed(lambda lang=lang: career_pdf.render_portfolio(owner, lang), 5, warmup=1)))
    rows.append(row("GET /api/careers/export/pdf (render, put to S3, 5-minute link; de)",
                    timed(lambda: client.get("/api/careers/export/pdf?lang=de", headers=auth), 5, warmup=1)))
    size = len(career_pdf.render_portfolio(owner, "de"))
    tracemalloc.start()
    career_pdf.render_portfolio(owner, "ar")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append(f"| PDF size, 40 experiences (de) | {size / 1024:.0f} KB | | 1 |")
    rows.append(f"| peak Python memory while rendering (ar) | {peak / 1e6:.1f} MB | | 1 |")
    moto.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
