"""The reports bench (bench/reports.py, bench/reports_data.py) at a tiny size, so that it cannot rot.

The loader writes with PostgreSQL's ``COPY``: on the seeded test database it adds 500 activities and
100 concerns that are valid for the models (``full_clean``, the details' own checks), each activity
with its organizers, and a report built afterwards counts them. The result table of the bench line
is checked on both databases.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from activities.models import DETAILS_MODELS, Activity
from bench import reports
from bench.reports_data import START, load
from concerns.models import Concern
from organizations.lineage import View
from organizations.models import AdministrativeUnit
from reports.compute import build_report
from reports.periods import Period

ACTIVITIES = 500
CONCERNS = 100
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the loader writes with COPY")


def totals(view: str) -> tuple[int, int]:
    report = build_report(
        scope=None,
        unit=AdministrativeUnit.objects.get(code=reports.WIDEST_UNIT),
        period=Period.between(START, timezone.localdate()),
        view=view,
        indicators=["activities", "concerns_raised"],
    )
    return report.total("activities"), report.total("concerns_raised")


@postgresql_only
@pytest.mark.django_db
def test_the_loader_writes_valid_records_that_the_reports_count():
    before = {view: totals(view) for view in View.values}
    details_before = {kind: model.objects.count() for kind, model in DETAILS_MODELS.items()}
    last_activity = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()
    last_concern = Concern.objects.order_by("-pk").values_list("pk", flat=True).first()

    result = load(activities=ACTIVITIES, concerns=CONCERNS)

    assert result["tables"]["activities"]["rows"] == ACTIVITIES
    assert result["tables"]["concerns"]["rows"] == CONCERNS
    activities = Activity.objects.filter(pk__gt=last_activity)
    concerns = Concern.objects.filter(pk__gt=last_concern)
    assert activities.count() == ACTIVITIES
    assert concerns.count() == CONCERNS
    assert not activities.filter(is_demo=False).exists() and not concerns.filter(is_demo=False).exists()
    assert not activities.filter(organizations__isnull=True).exists()
    for kind, model in DETAILS_MODELS.items():
        written = result["tables"][f"{kind} details"]["rows"]
        assert model.objects.count() - details_before[kind] == written
        assert written == activities.filter(kind=kind).count(), kind
    for activity in activities.select_related("unit").order_by("pk")[:100]:
        activity.full_clean()
        if activity.details is not None:
            activity.details.full_clean()
            activity.details.clean_for(activity)
    for concern in concerns:
        concern.full_clean()
    assert len(set(concerns.values_list("status", flat=True))) >= 3  # a workflow, not one status

    for view in View.values:
        activities_before, concerns_before = before[view]
        assert totals(view) == (activities_before + ACTIVITIES, concerns_before + CONCERNS)
    # The tables' own ids come after the loader's.
    last_loaded = activities.order_by("-pk").first()
    made = Activity.objects.create(
        kind="other", date=datetime.date(2026, 1, 5), unit=last_loaded.unit, summary="Sau"
    )
    assert made.pk > last_loaded.pk


def test_the_reports_database_is_beside_the_benchs():
    url = "postgres://bench@127.0.0.1:5432/lagi_bench"
    assert reports.database_url(url) == "postgres://bench@127.0.0.1:5432/lagi_bench_reports"
    assert reports.is_postgresql(url) and not reports.is_postgresql("sqlite:///var/bench/bench.sqlite3")


def test_the_result_passes_only_when_every_case_is_under_the_target():
    def result(p95: float) -> dict:
        case = {"name": "a report", "median_ms": 100.0, "p95_ms": p95, "queries": 29}
        load = {"seconds": 120.0, "analyze_seconds": 3.0, "tables": {}}
        return {"runs": 20, "warmup": 3, "activities": 10, "concerns": 5, "load": load, "cases": [case]}

    text, passed = reports.text(result(120.0))
    assert passed and "| a report | 100 | 120 | 29 | PASS |" in text
    text, passed = reports.text(result(reports.MAX_MS + 1))
    assert not passed and "FAIL" in text
