"""Test session: moto's server starts before any client exists, then everything is provisioned from
the same definitions `make run` uses. Tests talk to it through real boto3 over HTTP."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.embedded import free_port, start_moto

_MOTO: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    # Before collection imports any app module: clients and models read the environment once.
    server, endpoint = start_moto(free_port())
    app_port = free_port()
    from local.provision import provision

    env = provision(endpoint, "local", public_base_url=f"http://127.0.0.1:{app_port}")
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"  # keep EMF lines out of test output
    # Synthesized audio is cached on disk under its content hash (as `make run` does), so only the
    # first session on a machine pays for synthesizing every FAQ answer.
    os.environ.setdefault("LOCAL_AUDIO_CACHE", str(Path(__file__).resolve().parent.parent / ".cache" / "audio"))
    _MOTO.update(server=server, endpoint=endpoint, env=env, app_port=app_port)


def pytest_unconfigure(config: pytest.Config) -> None:
    if "server" in _MOTO:
        _MOTO["server"].stop()


@pytest.fixture(scope="session")
def aws_endpoint() -> str:
    return _MOTO["endpoint"]


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    return dict(_MOTO["env"])


@pytest.fixture(scope="session")
def published_faq() -> Any:
    """The FAQ content published into the test stack once per session."""
    from chalicelib.config import settings
    from chalicelib.services.faq_publish import publish_faq

    return publish_faq(settings())


@pytest.fixture(scope="session")
def app() -> Any:
    from app import app as chalice_app

    return chalice_app


@pytest.fixture(scope="session")
def client(app: Any) -> Any:
    """The app in-process behind the same API Gateway emulation the local server uses."""
    from local.gateway import InProcessClient

    return InProcessClient(app)


@pytest.fixture(scope="session")
def live_server(app: Any) -> Iterator[str]:
    """The app over real HTTP on 127.0.0.1, as `make run` serves it."""
    from local.gateway import create_server

    server = create_server(app, "127.0.0.1", _MOTO["app_port"])
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_MOTO['app_port']}"
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="session")
def tokens(client: Any) -> dict[str, str]:
    """Access tokens of the demo users, signed by the local user pool."""
    from local.resources import DEMO_PASSWORD

    result = {}
    for name, email in (("anna", "anna@example.org"), ("bilal", "bilal@example.org"),
                        ("staff", "staff@example.org"), ("jana", "jana@example.org"), ("tom", "tom@example.org")):
        response = client.post("/api/auth/login", json_body={"username": email, "password": DEMO_PASSWORD})
        assert response.status == 200, response.text
        result[name] = response.json()["access_token"]
    return result


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}
