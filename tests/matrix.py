"""The building blocks of the permission matrix (tests/test_permission_matrix.py).

Each app's rows live in ``tests/matrix_<app>.py`` as ``ROWS: dict[str, Row]``; the matrix test
merges them, and fails for any URL of the project that has no row. ``ROLES`` lists each role
once (anonymous visitors and the demo accounts) and every row gives one status per role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from activities.models import Activity
from concerns.models import Concern
from organizations.models import Organization, Person, Position

ROLES = ("anonymous", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer", "board_member", "admin")


def statuses(**overrides: int) -> dict[str, int]:
    """Logged-in roles get 200 and anonymous visitors are sent to login, unless overridden."""
    expected = {role: 200 for role in ROLES if role != "board_member"}
    expected["anonymous"] = 302
    expected.update(overrides)
    # A member of a monitoring board is, outside their board, as narrow as an organization-scoped
    # cadre: what cadre_women may not see they may not see either.
    expected.setdefault("board_member", expected["cadre_women"])
    return expected


PUBLIC = dict.fromkeys(ROLES, 200)
CADRE = statuses()
WRITE = statuses(cadre_viewer=403)
# An object of Phường Phước Hội: the ward cadre's own; outside the Women's Union scope.
PH_READ = statuses(cadre_women=404)
PH_WRITE = statuses(cadre_women=404, cadre_viewer=403)
# An object of the Women's Union of Phường La Gi: outside the ward cadre's scope.
WOMEN_READ = statuses(cadre_ward=404, board_member=404)
WOMEN_WRITE = statuses(cadre_ward=404, cadre_viewer=403, board_member=404)
# Staff only: everyone else is sent to the admin login.
STAFF = dict.fromkeys(ROLES, 302) | {"admin": 200}


def ph_organization() -> Organization:
    return Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")


def ph_person() -> Person:
    return Position.objects.filter(organization=ph_organization()).select_related("person").first().person


def ph_activity() -> Activity:
    return Activity.objects.filter(unit__code="LD-PPHUOCHOI").order_by("pk").first()


def ph_concern(status: str | None = None) -> Concern:
    concerns = Concern.objects.filter(unit__code="LD-PPHUOCHOI").order_by("pk")
    if status:
        concerns = concerns.filter(status=status)
    return concerns.first()


@dataclass
class Row:
    expected: dict[str, int]
    kwargs: Callable[[], dict] = dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    # A query string, or a function that makes it (when it names a demo object's id).
    query: str | Callable[[], str] = ""

    def query_string(self) -> str:
        return self.query() if callable(self.query) else self.query
