"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every test in this folder is marked ``browser`` (also when its module forgets to say so) and
runs in its own pytest process (``make test-browser``, i.e. ``pytest -m browser``): the live
server needs transactional test databases, which are emptied after each test and would take the
demo data away from the rest of the suite, seeded once per process. Here the demo data is loaded
again at the start of each test that finds the database empty, so every browser test sees the
same accounts and structure as ``make run``.

No browser is ever downloaded: the tests use /usr/bin/chromium (``apt-get install chromium``).
Without it they are skipped, except in CI (the ``CI`` environment variable set), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    # Nothing on the test machine should reach out to the network on its own.
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}
BROWSER_TESTS_DIR = Path(__file__).resolve().parent


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m "not browser"` deselects.
    for item in items:
        if BROWSER_TESTS_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def demo_data(transactional_db) -> None:
    """The demo data, loaded again when an earlier browser test's clean-up emptied the database."""
    from organizations.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not CHROMIUM.exists():
        message = "Chromium not installed: apt-get install chromium"
        if _running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls that the
    # tests and fixtures make there are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# What Chromium writes to the console when a page breaks its Content-Security-Policy or its
# Permissions-Policy (the portal sends both; tests/test_attacks_files_and_headers.py).
POLICY_VIOLATIONS = (
    "Content Security Policy",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Permissions policy",
)


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh page (own cookies) on a 360 x 740 phone screen, in Vietnamese, at the live server.

    The pages are served with their Content-Security-Policy and Permissions-Policy; a violation
    that Chromium reports in the console fails the test."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    violations: list[str] = []
    try:
        new_page = context.new_page()
        new_page.on(
            "console",
            lambda message: (
                violations.append(f"{new_page.url}: {message.text}")
                if any(marker in message.text for marker in POLICY_VIOLATIONS)
                else None
            ),
        )
        yield new_page
    finally:
        context.close()
    assert not violations, violations


@pytest.fixture
def log_in(page) -> Callable[[str], None]:
    """Log in through the login form as a demo account and wait for the page after it."""

    def log_in_as(username: str) -> None:
        login_url = reverse("login")
        page.goto(login_url)
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        assert not page.url.endswith(login_url), f"{username} could not log in"

    return log_in_as


@pytest.fixture
def assert_fits_screen(page) -> Callable[[], None]:
    """Assert the current page does not scroll sideways on the phone screen."""

    def check() -> None:
        # After a click that navigates, the next page may still be loading: measure it once it has.
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE_VIEWPORT["width"], (
            f"{page.url} is {scroll_width}px wide on a {PHONE_VIEWPORT['width']}px screen"
        )

    return check
