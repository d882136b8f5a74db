"""axe-core finds no serious or critical accessibility violation on the residents' pages.

axe-core comes from npm (package.json, ``npm ci``; ``make test-browser`` runs it when npm is
installed) and is injected into each page as a phone shows it (360 x 740, Vietnamese). Without
node_modules/axe-core the tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from activities.models import Activity
from organizations.models import AdministrativeUnit

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def _newest_published_activity() -> int:
    pk = Activity.objects.published().newest_first().values_list("pk", flat=True).first()
    assert pk is not None, "the demo data has no published activity"
    return pk


def _new_phuoc_hoi() -> int:
    return AdministrativeUnit.objects.get(code="LD-PPHUOCHOI").pk


# Each page: how to build its path. A URL name that no longer resolves fails the test: the page
# was renamed or removed, and this list must follow.
PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: reverse("public:home"),
    "activity-list": lambda: reverse("portal:activity_list"),
    "activity": lambda: reverse("portal:activity_detail", args=[_newest_published_activity()]),
    "search": lambda: reverse("portal:search") + "?q=phuoc+hoi",
    "concern-form": lambda: reverse("concerns_public:raise"),
    # A unit formed by the 2025 reorganization: its history and lineage diagram.
    "unit": lambda: reverse("public:unit_detail", args=[_new_phuoc_hoi()]),
    # The accountability loop and the reports (#13, #12).
    "voter-contact": lambda: reverse("portal:activity_detail", args=[_past_voter_contact()]),
    "authorities": lambda: reverse("portal:authorities"),
    "authority": lambda: reverse("portal:authority", args=[_ph_committee()]),
    "reports": lambda: reverse("reports_public:list"),
    "unit-report": lambda: reverse("reports_public:unit_year", args=[_new_phuoc_hoi(), 2025]),
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


# --- cadre pages, logged in (the start pages by role, concerns, oversight, the account screen) ------


def _past_voter_contact() -> int:
    return (
        Activity.objects.published()
        .filter(kind="voter_contact", concerns__isnull=False, date__lt=datetime.date.today())
        .newest_first()
        .values_list("pk", flat=True)
        .first()
    )


def _ph_committee() -> int:
    from organizations.models import Authority

    return Authority.objects.filter(unit__code="LD-PPHUOCHOI", kind="peoples_committee").values_list(
        "pk", flat=True
    )[0]


def _voter_contact_of_ph() -> int:
    return (
        Activity.objects.filter(
            kind="voter_contact", unit__code="LD-PPHUOCHOI", date__lt=datetime.date.today()
        )
        .order_by("-date", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _ph_concern() -> int:
    from concerns.models import Concern

    return (
        Concern.objects.filter(unit__code="LD-PPHUOCHOI").order_by("pk").values_list("pk", flat=True).first()
    )


def _project() -> int:
    from organizations.models import Scope
    from oversight.models import Project

    board = Scope.objects.get(user__username="board_member").organization_id
    return Project.objects.filter(board_id=board).order_by("pk").values_list("pk", flat=True).first()


def _cadre_ward() -> int:
    from organizations.models import User

    return User.objects.get(username="cadre_ward").pk


# Each page: the demo account that opens it, and its path.
CADRE_PAGES: dict[str, tuple[str, Callable[[], str]]] = {
    "dashboard-ward": ("cadre_ward", lambda: reverse("cadre:dashboard")),
    "dashboard-board": ("board_member", lambda: reverse("cadre:dashboard")),
    # The figures of the scope (#12): charts beside their tables, for a ward and for the whole area.
    "dashboard-figures-ward": ("cadre_ward", lambda: reverse("cadre:dashboard") + "?tab=figures"),
    "dashboard-figures-area": ("cadre_area", lambda: reverse("cadre:dashboard") + "?tab=figures"),
    "concern-inbox": ("cadre_ward", lambda: reverse("concerns:inbox")),
    "concern": ("cadre_ward", lambda: reverse("concerns:detail", args=[_ph_concern()])),
    "recommendations": ("cadre_ward", lambda: reverse("oversight:recommendation_inbox")),
    "projects": ("board_member", lambda: reverse("oversight:project_list")),
    "project": ("board_member", lambda: reverse("oversight:project_detail", args=[_project()])),
    "accounts": ("admin", lambda: reverse("accounts:list")),
    "account": ("admin", lambda: reverse("accounts:detail", args=[_cadre_ward()])),
    "account-create": ("admin", lambda: reverse("accounts:create")),
    # The cadre forms (#19): the organizer list, the narrowed area lists, the counters.
    "activity-voter-contact": (
        "cadre_ward",
        lambda: reverse("activities:create_kind", args=["voter_contact"]),
    ),
    "activity-visit": ("cadre_ward", lambda: reverse("activities:create_kind", args=["visit"])),
    "activity-mediation": ("cadre_ward", lambda: reverse("activities:create_kind", args=["mediation"])),
    "visit-form": ("cadre_ward", lambda: reverse("concerns:visit_log")),
    "concern-create": ("cadre_ward", lambda: reverse("concerns:create")),
    # The accountability loop and the reports (#13, #12).
    "opinion-form": ("cadre_ward", lambda: reverse("concerns:opinion_create", args=[_voter_contact_of_ph()])),
    "petition-form": ("cadre_ward", lambda: reverse("concerns:petition_create")),
    "commitments": ("cadre_ward", lambda: reverse("commitments:list")),
    "report": ("cadre_ward", lambda: reverse("reports:report")),
    "report-authorities": (
        "cadre_ward",
        lambda: f"{reverse('reports:authorities')}?unit={_new_phuoc_hoi()}&kind=year&year=2026",
    ),
    "report-submissions": ("cadre_ward", lambda: reverse("reports:submission_list")),
    "report-overview": ("cadre_area", lambda: reverse("reports:submission_overview")),
}


# What a page loads into itself after it has loaded (htmx): the report's answers by authority.
LOADED_AFTER = {"report": "#report-authorities-answers:not([hx-get])"}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", CADRE_PAGES)
def test_no_serious_accessibility_violation_on_cadre_pages(
    name: str, width: int, page, log_in, request
) -> None:
    axe_source: str = request.getfixturevalue("axe_source")
    username, path_of = CADRE_PAGES[name]
    page.set_viewport_size({"width": width, "height": 740})
    log_in(username)
    path = path_of()
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    if name in LOADED_AFTER:  # checked with what the page loads into itself
        page.locator(LOADED_AFTER[name]).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {path} as {username} at {width} px:\n{_describe(blocking)}"
