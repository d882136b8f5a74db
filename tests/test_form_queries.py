"""Pinned query counts of the cadre and residents' forms whose choices #19 reworked (the organizer
list grouped by unit, the areas in natural order, the defaults) and of the endpoints behind their
narrowed choices: the same with the demo data and with 60 more organizations in the unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db


def _phuoc_hoi() -> str:
    return f"?parent={unit('LD-PPHUOCHOI').pk}"


# Every cadre page: session, user, and the scope (its rows, and the reach below them that the
# choices need), then the page's own queries listed here; each field with a chosen value (a default)
# also reads its chosen option, whatever the length of its list (organizations.choosers).
CADRE_FORMS = {
    # the last entry, the cadre's units of today, the default organizer, the organizations the
    # form may take, the organizers offered (unit and parent joined), the units, and the authorities
    # offered as owners of its commitments (one query for all the rows)
    "activities:create_kind:voter_contact": (
        lambda: reverse("activities:create_kind", args=["voter_contact"]),
        11,
    ),
    # ... and the residential areas, the cadres who can go on a visit
    "activities:create_kind:visit": (lambda: reverse("activities:create_kind", args=["visit"]), 12),
    # ... and the mediation teams
    "activities:create_kind:mediation": (lambda: reverse("activities:create_kind", args=["mediation"]), 11),
    # units, residential areas, organizations
    "concerns:create": (lambda: reverse("concerns:create"), 7),
    # the last visit and its organizers, residential areas, organizations
    "concerns:visit_log": (lambda: reverse("concerns:visit_log"), 9),
    # the unit in scope, its areas / the organizers offered
    "cadre:area_options": (lambda: reverse("cadre:area_options") + _phuoc_hoi(), 5),
    "cadre:organizer_options": (lambda: reverse("cadre:organizer_options") + _phuoc_hoi(), 5),
}
# Anonymous: today's wards and communes, their residential areas.
PUBLIC_FORMS = {
    "concerns_public:raise": (lambda: reverse("concerns_public:raise"), 2),
    "concerns_public:area_options": (lambda: reverse("concerns_public:area_options") + _phuoc_hoi(), 2),
}


@pytest.mark.parametrize("name", list(CADRE_FORMS) + list(PUBLIC_FORMS))
def test_a_form_costs_the_same_with_more_organizations(name, login_as, django_assert_num_queries):
    url_of, expected = CADRE_FORMS.get(name) or PUBLIC_FORMS[name]
    client = login_as("cadre_ward" if name in CADRE_FORMS else None)
    url = url_of()
    assert client.get(url).status_code == 200  # warm the content-type cache
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    ward = unit("LD-PPHUOCHOI")
    for i in range(60):
        OrganizationFactory(unit=ward, name=f"Tổ thử {i:03d}")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
