"""``core.counting``: a count that stops at its cap, correlated or not, and the size of a table,
counted when it is small and read from PostgreSQL's statistics when it is large."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import OuterRef

from core import counting
from core.counting import CappedCount, TableRows
from organizations.models import AdministrativeUnit, UnitReach
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _value(expression) -> int:
    return AdministrativeUnit.objects.annotate(n=expression).values_list("n", flat=True).first()


def test_a_capped_count_counts_up_to_its_cap():
    UnitFactory.create_batch(5)
    every = AdministrativeUnit.objects.all()
    assert _value(CappedCount(every, 3)) == 3
    assert _value(CappedCount(every, 1000)) == AdministrativeUnit.objects.count()


def test_a_capped_count_follows_the_outer_row():
    ward = UnitFactory(kind="ward")
    areas = UnitFactory.create_batch(4, kind="residential_area", parent=ward)
    counted = dict(
        AdministrativeUnit.objects.filter(pk__in=[ward.pk, areas[0].pk])
        .annotate(n=CappedCount(UnitReach.objects.filter(ancestor_id=OuterRef("pk")), 3))
        .values_list("pk", "n")
    )
    # The ward and its four areas are below the ward: five rows, counted up to three.
    assert counted == {ward.pk: 3, areas[0].pk: 1}


def test_a_small_table_is_counted():
    UnitFactory.create_batch(3)
    assert _value(TableRows(AdministrativeUnit)) == AdministrativeUnit.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_large_table_is_read_from_the_statistics(monkeypatch):
    UnitFactory.create_batch(3)
    with connection.cursor() as cursor:
        table = AdministrativeUnit._meta.db_table
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (estimate,) = cursor.fetchone()
    monkeypatch.setattr(counting, "ESTIMATED_FROM", 0)
    assert _value(TableRows(AdministrativeUnit)) == int(estimate)
    assert "pg_class" in str(AdministrativeUnit.objects.annotate(n=TableRows(AdministrativeUnit)).query)
