"""Pinned query counts of the cadre screens of the organization structure: the lists, the pages
of an organization and a person, and the dashboard cost the same at 5 and at 200 extra rows in the
cadre's scope. Runs against the demo data of ``seed_demo``."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import AdministrativeUnit, Organization, Person
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, TermFactory

pytestmark = pytest.mark.django_db


# Query counts: the same at 5 and at 200 extra rows in the cadre's scope.


def add_organizations(unit: AdministrativeUnit, n: int) -> None:
    for i in range(n):
        OrganizationFactory(unit=unit, name=f"Tổ thử {i:03d}")


def add_positions(organization: Organization, n: int, person: Person | None = None) -> None:
    for i in range(n):
        PositionFactory(
            organization=organization,
            person=person or PersonFactory(unit=organization.unit, full_name=f"Người thử {i:03d}"),
            start=datetime.date(2020 + i % 6, 1, 1),
            end=None if i % 2 else datetime.date(2024, 12, 31),
        )


# Each count: session, user, the account's scope rows, the one read of the reach below them when
# the page needs the ids in memory (a filter's choices, a check), plus the page's own queries
# listed below. (Before the reach was stored, the scope cost three queries: scopes, units,
# organizations.)
PAGES = {
    # filter's unit choices, page of organizations (unit and parent joined; not counted)
    "organization_list": 5,
    # organization, branches, terms, positions (person and term joined), can-edit is in memory
    "organization_detail": 7,
    # count, page of people, their current positions (organization joined)
    "person_list": 6,
    # person, positions, the audit log's access entry, can-edit
    "person_detail": 7,
    # scopes, organizations of the unit scopes, sub-units, and the concern panels: overdue list,
    # overdue count, counts by status, hot spots (aggregate, their places, the newest concerns); the
    # residential areas the cadre answers for (1), their households reached and figures (2) and
    # last visits (1); the overdue commitments panel (its rows and their count in one query)
    "dashboard": 17,
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_the_rows(
    page, login_as, phuoc_hoi_womens_union, django_assert_num_queries
):
    client = login_as("cadre_ward")
    person = PersonFactory(unit=phuoc_hoi_womens_union.unit)
    url = {
        "organization_list": reverse("cadre:organization_list"),
        "organization_detail": reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk]),
        "person_list": reverse("cadre:person_list"),
        "person_detail": reverse("cadre:person_detail", args=[person.pk]),
        "dashboard": reverse("cadre:dashboard"),
    }[page]

    def grow(n: int) -> None:
        if page in ("organization_list", "dashboard"):
            add_organizations(phuoc_hoi_womens_union.unit, n)
        elif page == "organization_detail":
            add_positions(phuoc_hoi_womens_union, n)
            for i in range(max(1, n // 20)):
                OrganizationFactory(unit=phuoc_hoi_womens_union.unit, parent=phuoc_hoi_womens_union)
                TermFactory(organization=phuoc_hoi_womens_union, ordinal=100 + n + i)
        elif page == "person_list":
            add_positions(phuoc_hoi_womens_union, n)
        else:
            add_positions(phuoc_hoi_womens_union, n, person=person)

    assert client.get(url).status_code == 200  # warm the content-type cache
    grow(5)
    with django_assert_num_queries(PAGES[page]):
        assert client.get(url).status_code == 200
    grow(195)
    with django_assert_num_queries(PAGES[page]):
        assert client.get(url).status_code == 200
