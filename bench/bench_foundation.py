"""Foundation: cold import of `app`, warm latency of /health and an authenticated route, in-process and
over HTTP against the local stack, and the auth + session + logging overhead on its own."""

from __future__ import annotations

import http.client
import json
import threading

from bench.harness import cold_import_ms, row, start_stack, timed


def main() -> None:
    moto, endpoint, env = start_stack()
    import_ms = cold_import_ms("app", env)

    from app import app
    from chalicelib import auth
    from local.gateway import InProcessClient, create_server
    from local.resources import DEMO_PASSWORD

    client = InProcessClient(app)
    token = client.post("/api/auth/login", json_body={"username": "anna@example.org",
                                                      "password": DEMO_PASSWORD}).json()["access_token"]
    headers = {"authorization": f"Bearer {token}"}
    session_id, _ = auth.create_session("anna@example.org", DEMO_PASSWORD)

    rows = [
        row("in-process GET /health (4 dependency calls to moto)", timed(lambda: client.get("/health"), 200)),
        row("in-process GET /api/me (JWT verify + logging)",
            timed(lambda: client.get("/api/me", headers=headers), 500)),
        row("auth only: verify access token (cached JWKS)", timed(lambda: auth.verifier().verify(token), 2000)),
        row("session only: load web session (1 GetItem on moto)", timed(lambda: auth.load_session(session_id), 500)),
    ]

    server = create_server(app, "127.0.0.1", 0)
    port = server.server.server_address[1]
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    conn = http.client.HTTPConnection("127.0.0.1", port)

    def over_http(path: str, hdrs: dict[str, str] | None = None) -> None:
        conn.request("GET", path, headers=hdrs or {})
        response = conn.getresponse()
        response.read()
        if response.status >= 500:
            raise RuntimeError(f"{path} answered {response.status}")

    rows += [
        row("HTTP GET /health (local stack)", timed(lambda: over_http("/health"), 200)),
        row("HTTP GET /api/me (local stack)", timed(lambda: over_http("/api/me", headers), 500)),
    ]
    server.server.shutdown()
    moto.stop()
    print(json.dumps({"cold_import_app_ms": round(import_ms, 1)}))
    print(f"| cold import of `app` (median of 5, -X importtime) | {import_ms:.1f} ms | | 5 |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
