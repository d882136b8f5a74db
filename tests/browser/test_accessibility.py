"""axe-core finds no serious or critical accessibility violation on the residents' pages.

axe-core comes from npm (package.json, ``npm ci``; ``make test-browser`` runs it when npm is
installed) and is injected into each page as a phone shows it (360 x 740, Vietnamese). Without
node_modules/axe-core the tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from activities.models import Activity

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def _newest_published_activity() -> int:
    pk = Activity.objects.published().newest_first().values_list("pk", flat=True).first()
    assert pk is not None, "the demo data has no published activity"
    return pk


# Each page: how to build its path. A URL name that no longer resolves fails the test: the page
# was renamed or removed, and this list must follow.
PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: reverse("public:home"),
    "activity-list": lambda: reverse("portal:activity_list"),
    "activity": lambda: reverse("portal:activity_detail", args=[_newest_published_activity()]),
    "search": lambda: reverse("portal:search") + "?q=phuoc+hoi",
    "concern-form": lambda: reverse("concerns_public:raise"),
}


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        message = "axe-core is not installed: run `npm ci` (make test-browser does it when npm is installed)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(name: str, page, request, assert_fits_screen) -> None:
    try:
        path = PAGES[name]()
    except NoReverseMatch as error:
        pytest.fail(f"the {name} page's URL does not resolve ({error}): update PAGES", pytrace=False)
    # Only once the page's URL resolved: without axe-core the test is skipped, not the URL check.
    axe_source: str = request.getfixturevalue("axe_source")

    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    assert_fits_screen()
    # Evaluated by the browser's automation channel, not as an inline <script>: the pages' CSP
    # (no inline scripts) stays on and must report nothing.
    page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {path}:\n{_describe(blocking)}"
