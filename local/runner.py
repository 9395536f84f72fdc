"""`make run`: embedded AWS, provisioning, content, event pump and the app on http://127.0.0.1:8000."""

from __future__ import annotations

import logging
import os
import threading

from local.embedded import start_moto
from local.provision import provision
from local.resources import DEMO_PASSWORD, DEMO_USERS


def pump_routes(env: dict[str, str]) -> list:
    from functions.registry import FUNCTIONS
    from local.pump import QueueRoute

    routes = []
    for spec in FUNCTIONS:
        if spec.queue is None:
            continue
        url = env[f"{spec.queue.upper()}_QUEUE_URL"] + ("-dlq" if spec.dead_letters else "")
        routes.append(QueueRoute(queue_url=url, handler=spec.load(), function_name=spec.name,
                                 batch_size=spec.batch_size))
    return routes


def run_schedules(stop: threading.Event, every: float = 60.0) -> None:
    """EventBridge schedules of the local stage: each scheduled function once a minute."""
    from functions.registry import FUNCTIONS
    from local.pump import LambdaContext

    scheduled = [spec for spec in FUNCTIONS if spec.schedule]
    while not stop.wait(every):
        for spec in scheduled:
            try:
                spec.load()({"source": "aws.events", "detail-type": "Scheduled Event"}, LambdaContext(spec.name))
            except Exception:  # noqa: BLE001 - a failed run is retried at the next tick, as with EventBridge
                logging.getLogger("local.schedules").exception("scheduled function %s failed", spec.name)


def main() -> None:
    aws_port = int(os.environ.get("AWS_LOCAL_PORT", "5000"))
    port = int(os.environ.get("PORT", "8000"))
    moto, endpoint = start_moto(aws_port)
    print(f"Embedded AWS (moto) on {endpoint}")
    env = provision(endpoint, "local", public_base_url=f"http://127.0.0.1:{port}")
    print("Provisioned tables, buckets, queues (with DLQs), SES sender and the user pool.")

    from local.publish import publish_content

    os.environ.setdefault("LOCAL_AUDIO_CACHE", ".cache/audio")

    print(publish_content())

    from local.pump import EventPump

    stop = threading.Event()
    pump = EventPump(pump_routes(env), endpoint)
    threading.Thread(target=pump.run, args=(stop,), name="event-pump", daemon=True).start()
    threading.Thread(target=run_schedules, args=(stop,), name="schedules", daemon=True).start()
    print(f"Event pump polling {len(pump.routes)} queue(s).")

    from app import app
    from local.gateway import create_server

    server = create_server(app, "127.0.0.1", port)
    print(f"\nKreisjobcenter digital services: http://127.0.0.1:{port}")
    print(f"Local mail outbox (sent e-mails): {endpoint}/moto-api/data.json  (or: make outbox)")
    print("Demo sign-ins (local stage only), password " + DEMO_PASSWORD)
    for user in DEMO_USERS:
        print(f"  {user.email:<22} {', '.join(user.groups)}")
    print("Ctrl-C stops everything.")
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopping.")
    finally:
        stop.set()
        server.server.server_close()
        moto.stop()


if __name__ == "__main__":
    main()
