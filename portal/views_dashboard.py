"""The cadre's dashboard: their work first (visits, concerns, the panels of the other apps, their
residential areas), their scopes and the organizations each one covers; and, on its second tab
(``?tab=figures``), the figures of their scope (``dashboard_figures``).

The other cadre screens live in ``views_cadre_organizations``, ``views_cadre_positions``
and ``views_cadre_people``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from activities.models import Activity
from concerns.selectors import dashboard_context
from core.panels import dashboard_panels
from core.private_pages import cache_private_page
from organizations.fields import view_of
from organizations.models import AdministrativeUnit, Organization, Scope
from organizations.scoping import scope_for
from oversight.models import BOARD_KINDS

from .coverage import area_rows
from .dashboard_figures import dashboard_figures
from .views_coverage import my_areas

# The tabs of the dashboard: the cadre's work (the default, what a phone shows first) and the
# figures of their scope.
WORK, FIGURES = "work", "figures"


@dataclass
class ScopeCard:
    """One scope of the cadre, with what it opens."""

    scope: Scope
    organizations: list[Organization] = field(default_factory=list)
    sub_units: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def is_unit_scope(self) -> bool:
        return self.scope.unit_id is not None


def scope_cards(user) -> list[ScopeCard]:
    """The user's scopes with their organizations, in four queries whatever their number.

    For a unit scope: the organizations of that unit and its direct sub-units. For an
    organization scope: the organization itself and its branches.
    """
    scopes = list(
        Scope.objects.filter(user=user)
        .select_related("unit", "unit__parent", "organization", "organization__unit")
        .order_by(
            "-access", F("unit__valid_to").desc(nulls_first=True), "unit__name", "organization__name", "pk"
        )
    )
    unit_ids = [s.unit_id for s in scopes if s.unit_id]
    org_ids = [s.organization_id for s in scopes if s.organization_id]
    orgs_by_unit: dict[int, list[Organization]] = defaultdict(list)
    sub_units: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    branches: dict[int, list[Organization]] = defaultdict(list)
    if unit_ids:
        for organization in Organization.objects.filter(unit_id__in=unit_ids).order_by("name", "pk"):
            orgs_by_unit[organization.unit_id].append(organization)
        for unit in AdministrativeUnit.objects.filter(parent_id__in=unit_ids).order_by("code"):
            sub_units[unit.parent_id].append(unit)
    if org_ids:
        for branch in (
            Organization.objects.filter(parent_id__in=org_ids).select_related("unit").order_by("name", "pk")
        ):
            branches[branch.parent_id].append(branch)
    cards = []
    for scope in scopes:
        if scope.unit_id:
            cards.append(
                ScopeCard(
                    scope, organizations=orgs_by_unit[scope.unit_id], sub_units=sub_units[scope.unit_id]
                )
            )
        else:
            cards.append(
                ScopeCard(scope, organizations=[scope.organization, *branches[scope.organization_id]])
            )
    return cards


RECENT_WORK_LIMIT = 5


def start_role(scope, cards: list[ScopeCard]) -> str:
    """Which work the start page leads to: ``"unit"`` (a unit's cadre, an administrator, an account
    without scope: visits and concerns first), ``"board"`` (a member of a monitoring or inspection
    board: its projects) or ``"association"`` (an organization's cadre: its work)."""
    if scope.is_global or not cards or any(card.is_unit_scope for card in cards):
        return "unit"
    if all(card.scope.organization.kind in BOARD_KINDS for card in cards):
        return "board"
    return "association"


@login_required
@cache_private_page
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    today = timezone.localdate()
    if request.GET.get("tab") == FIGURES and not scope.is_empty:
        context = {"scope": scope, "tab": FIGURES, **dashboard_figures(request.user, today=today)}
        return render(request, "portal/dashboard.html", context)
    cards = [] if scope.is_global else scope_cards(request.user)
    role = start_role(scope, cards)
    recent_work = []
    if role == "association":
        recent_work = list(
            Activity.objects.visible_to(request.user)
            .select_related("unit")
            .newest_first()[:RECENT_WORK_LIMIT]
        )
    context = {
        "scope": scope,
        "tab": WORK,
        "scope_cards": cards,
        "role": role,
        "recent_work": recent_work,
        "dashboard_panels": dashboard_panels(request),
        "area_rows": area_rows(my_areas(request.user, today), today),
        "year": today.year,
        **dashboard_context(request.user, view=view_of(request.GET)),
    }
    return render(request, "portal/dashboard.html", context)
