"""Playwright drives Debian's Chromium (/usr/bin/chromium); Playwright's own browser download is
not possible on these machines. The app runs over real HTTP against moto's server."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `apt-get install chromium` (make test does it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: str) -> dict[str, Any]:
    # A small phone: the pages must work at 360 px.
    return {**browser_context_args, "base_url": live_server, "viewport": {"width": 360, "height": 740}}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def serious_violations(axe: Axe, page: Any) -> list[str]:
    results = axe.run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


@pytest.fixture(scope="module")
def running_pump(stack_env: dict[str, str], aws_endpoint: str) -> Any:
    """The event pump in the background, as `make run` has it; stopped after the module so that it does
    not race the functional tests' own pumps."""
    from local.pump import EventPump
    from local.runner import pump_routes

    stop = threading.Event()
    thread = threading.Thread(target=EventPump(pump_routes(stack_env), aws_endpoint).run, args=(stop, 0.2),
                              daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(5)


def sign_in(page: Page, email: str) -> None:
    from local.resources import DEMO_PASSWORD

    page.goto("/login?lang=de")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Bereich")
