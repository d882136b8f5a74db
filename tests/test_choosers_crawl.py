"""No cadre page renders more than about 100 ``<option>``s, whatever the size of the scope.

The list, filter and form pages a ward cadre and a province cadre open (every GET page of the
permission matrix in the cadre area that answers them 200, and the form of each kind of activity)
are crawled after 300 more units and 300 more organizations (and people and authorities) were
added to their scope: a unit, organization, person or authority field with a long list is a
chooser that renders only its chosen options (organizations/choosers.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from activities.models import ActivityKind
from organizations.models import AdministrativeUnit, AuthorityKind, OrganizationKind, UnitKind
from tests.factories import AuthorityFactory, OrganizationFactory, PersonFactory, UnitFactory
from tests.helpers import unit
from tests.matrix import Row
from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

MAX_OPTIONS = 100
EXTRA = 300
CADRE_NAMESPACES = (
    "activities",
    "articles_cadre",
    "cadre",
    "commitments",
    "concerns",
    "members",
    "oversight",
    "reports",
    "social",
)
# Every kind of organization a form may list (member organizations, committees, boards, teams).
KINDS = [kind for kind, _label in OrganizationKind.choices]
# The pages allowed past 100, with their limit and why ("about 100"). Each is a list that is not
# a unit, organization, person or authority of the scope, or a list just under the threshold.
ALLOWED = {
    # Eleven fields, each offering the columns of the uploaded sheet: bounded by the sheet.
    "members:sheet_map": (150, "the sheet's columns for each field"),
    # The latest support activities (at most 300, social.forms_common.LINKABLE_ACTIVITIES) and the
    # houses of the scope are not choosers (yet): 87 and 27 for the demo province.
    "social:spending_create": (200, "support activities and houses"),
    "social:spending_edit": (200, "support activities and houses"),
    # The province's 90 mediation teams, under the threshold, and the form's fixed lists.
    "activities:create_kind:mediation": (115, "teams under the threshold and fixed lists"),
}


def _crowd(root: AdministrativeUnit, *, commune_level: bool) -> None:
    """``EXTRA`` units below ``root`` (half of them wards, when ``root`` is above wards, the others
    residential areas), ``EXTRA`` organizations of every kind in them, a person in every other one,
    and an authority for every ward."""
    units = []
    for number in range(EXTRA):
        if commune_level and number % 2 == 0:
            units.append(UnitFactory(name=f"Phường Thêm {number}", kind=UnitKind.WARD, parent=root))
        else:
            parent = units[-1] if commune_level else root
            units.append(UnitFactory(name=f"Khu phố thêm {number}", kind=UnitKind.QUARTER, parent=parent))
    for number, place in enumerate(units):
        OrganizationFactory(name=f"Tổ chức thêm {number}", kind=KINDS[number % len(KINDS)], unit=place)
        if number % 2 == 0:
            PersonFactory(full_name=f"Người Thêm {number}", unit=place)
        if place.kind == UnitKind.WARD:
            AuthorityFactory(name=f"UBND {place.name}", kind=AuthorityKind.PEOPLES_COMMITTEE, unit=place)


def _pages(role: str) -> list[tuple[str, Row]]:
    pages = [
        (name, row)
        for name, row in sorted(MATRIX.items())
        if name.split(":")[0] in CADRE_NAMESPACES and row.method == "get" and row.expected[role] == 200
    ]
    create_kind = MATRIX["activities:create_kind"]
    for kind in ActivityKind.values:
        pages.append(
            (f"activities:create_kind:{kind}", Row(create_kind.expected, lambda kind=kind: {"kind": kind}))
        )
    return pages


@pytest.mark.parametrize(
    ("role", "root", "commune_level"),
    [("cadre_ward", "LD-PPHUOCHOI", False), ("cadre_area", "LD-PPHUOCHOI", True)],
)
def test_no_page_renders_more_than_100_options(login_as, role, root, commune_level):
    ward = unit(root)
    # A province cadre's scope grows below the province, a ward cadre's below the ward.
    _crowd(ward.parent if commune_level else ward, commune_level=commune_level)
    client = login_as(role)
    crowded, crawled = {}, 0
    for name, row in _pages(role):
        url_name = name if name.count(":") == 1 else name.rsplit(":", 1)[0]
        url = reverse(url_name, kwargs=row.kwargs() or None) + row.query_string()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        crawled += 1
        options = len(re.findall(r"<option[\s>]", response.content.decode()))
        if options > ALLOWED.get(name, (MAX_OPTIONS, ""))[0]:
            crowded[url] = options
    assert crawled > 40, f"only {crawled} pages crawled"
    assert not crowded, f"pages with more than {MAX_OPTIONS} options as {role}: {crowded}"
