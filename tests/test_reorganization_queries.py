"""Pinned query counts of the reorganization preview page and of carrying it out: the same with 10
and with 1,000 activities logged in the units that end (the records are never read or written:
they reach today's units through the lineage)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from activities.models import Activity
from organizations.models import AdministrativeUnit, ReorganizationStatus
from tests.factories import AuthorityFactory, ScopeFactory
from tests.reorganization_common import make_town, new_unit, reorganization

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]

# Session, user; the draft; then the preview: every unit's parent, the units the plan names, the
# sub-units of the units that end and those of their areas, the codes taken by the new unit and
# by the new areas, the organizations, the last term numbers, the terms and the positions that end,
# the scopes on what ends (with their accounts), the authorities of the units that end. Nothing per
# area, organization, authority or record.
PREVIEW = 15
# Session, user; the draft; the preview for the boxes (12); then in the service: the plan saved
# with its audit entry (3), the preview again (12), the writes of ``apply`` in bulk (units closed,
# opened and their lineage; the authorities made and ended; organizations, terms, positions; today's
# units recomputed: 16), what
# the scopes cover rebuilt (units and organizations: what is affected, old rows out, new rows in: 6), the
# draft marked carried out with its audit entry (3), the search index of units and organizations
# rebuilt (a delete, a read and batched inserts each), the form key; and the savepoints; then the
# session saved with its count of writes (in a savepoint: core/private_pages.py). The index is
# inserted in batches as large as the database takes parameters: more batches on SQLite.
CARRY_OUT = {"sqlite": 85, "postgresql": 78}


@pytest.fixture
def merge(request):
    town = make_town()
    ScopeFactory(unit=town["a"])
    for unit in (town["a"], town["b"]):
        for kind in ("peoples_committee", "police"):
            AuthorityFactory(kind=kind, unit=unit)
    logged_in = [town["a"], town["a1"], town["b"], town["b1"]]
    Activity.objects.bulk_create(
        Activity(
            kind="other",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 500),
            unit=logged_in[n % 4],
            place="Hội trường",
            summary=f"Hoạt động {n}",
        )
        for n in range(request.param)
    )
    r = reorganization("merge", [town["a"], town["b"]], [new_unit("u0", "Phường Cát", "C", town["province"])])
    return r


@pytest.mark.parametrize("merge", SIZES, indirect=True)
def test_the_preview_costs_the_same_at_any_number_of_records(merge, login_as, django_assert_num_queries):
    client = login_as("admin")
    url = reverse("cadre:reorganization_preview", args=[merge.pk])
    client.get(url)  # the scope and the session warm up
    with django_assert_num_queries(PREVIEW):
        response = client.get(url)
    assert response.status_code == 200 and "Phường Cát" in response.content.decode()


@pytest.mark.parametrize("merge", SIZES, indirect=True)
def test_carrying_out_costs_the_same_at_any_number_of_records(merge, login_as, django_assert_num_queries):
    client = login_as("admin")
    url = reverse("cadre:reorganization_apply", args=[merge.pk])
    with django_assert_num_queries(CARRY_OUT[connection.vendor]):
        response = client.post(url, {"form_key": "7b0c8f0e-2a51-4b7a-9d6e-0c5b3f1d2e4a"})
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.status == ReorganizationStatus.APPLIED
    assert AdministrativeUnit.objects.filter(code="C").exists()
