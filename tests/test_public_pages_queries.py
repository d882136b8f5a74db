"""Pinned query counts of the public pages of the structure (directory, unit and organization
pages): the same at 5 and at 200 more rows of every kind, on factory objects."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from organizations.models import AdministrativeUnit, Organization, Reorganization, UnitKind, UnitLineage
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, UnitFactory
from tests.helpers import organization_url, unit_url

pytestmark = pytest.mark.django_db


# --- query counts -----------------------------------------------------------------------


def reorganization(kind: str, year: int, count: int) -> Reorganization:
    return Reorganization.objects.create(
        kind=kind,
        effective_date=datetime.date(year, 1, 1),
        basis_number=f"{count}/NQ-{year}",
        basis_date=datetime.date(year - 1, 12, 1),
        basis_body="Test body",
        status="applied",
    )


def link(by: Reorganization, pairs) -> None:
    UnitLineage.objects.bulk_create(UnitLineage(reorganization=by, before=b, after=a) for b, a in pairs)


def add_rows(unit: AdministrativeUnit, organization: Organization, count: int) -> None:
    """``count`` more sub-units, sibling units, predecessors (and theirs), successors of its successor,
    organizations, branches and office holders."""
    UnitFactory.create_batch(count, parent=unit.parent)
    UnitFactory.create_batch(count, parent=unit, kind=UnitKind.QUARTER)
    merged = UnitFactory.create_batch(count, valid_to=datetime.date(2019, 12, 31), valid_from=None)
    link(reorganization("merge", 2020, count), ((old, unit) for old in merged))
    # Two reorganizations deep, both ways: the units the merged ones came from, and what the unit's
    # successor became.
    older = UnitFactory.create_batch(count, valid_to=datetime.date(2009, 12, 31), valid_from=None)
    link(reorganization("split", 2010, count), zip(older, merged, strict=True))
    successor = UnitFactory()
    link(reorganization("merge", 2030, count), [(unit, successor)])
    later = UnitFactory.create_batch(count)
    link(reorganization("split", 2031, count), ((successor, after) for after in later))
    OrganizationFactory.create_batch(count, unit=unit)
    OrganizationFactory.create_batch(count, unit=unit, valid_to=datetime.date(2019, 12, 31))
    OrganizationFactory.create_batch(count, unit=unit, parent=organization)
    person_unit = UnitFactory()
    for person in PersonFactory.create_batch(count, unit=person_unit):
        PositionFactory(person=person, organization=organization)


@pytest.fixture
def structure():
    province = UnitFactory(name="Test province", kind=UnitKind.PROVINCE)
    unit = UnitFactory(name="Test ward", parent=province)
    organization = OrganizationFactory(unit=unit, name="Test union")
    return unit, organization


# home: the current commune-level units (1). directory: current units (1), their
# current organizations (1). unit: the unit with its parent chain (1), sub-units (1),
# its lineage two reorganizations deep both ways with the reorganizations (1; subqueries, the
# diagram is drawn from the same rows), organizations (1). organization: the organization with
# its unit, unit's parent and parent organization (1), branches (1), office holders (1).
# The home page's count is pinned in tests/test_portal_queries.py (it is a cached page).
# unit: the unit, its organizations, sub-units, merges, its newest published activities;
# organization: the organization, branches, office holders, newest activities and articles.
# A member organization's page also counts its members (1; its branches are a subquery on the reach
# table).
EXPECTED_QUERIES = {"directory": 2, "unit": 5, "organization": 6}


@pytest.mark.parametrize("page", sorted(EXPECTED_QUERIES))
def test_query_counts_do_not_grow_with_the_data(client, django_assert_num_queries, structure, page):
    unit, organization = structure
    url = {
        "directory": reverse("public:directory"),
        "unit": unit_url(unit),
        "organization": organization_url(organization),
    }[page]

    add_rows(unit, organization, 5)
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        small = client.get(url)
    add_rows(unit, organization, 195)
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)
