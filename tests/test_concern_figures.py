"""The concerns' figures by half-month (``concerns.figures``): every period a report offers is a run of
whole half-months; the figures give, for such a period, exactly what counting the concerns gives,
by place and by organization; the services keep them current through every step and correction;
the rebuild command writes them again; a period that ends today is counted from the concerns."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concerns import services
from concerns.figures import rebuild_concern_halves
from concerns.models import (
    Concern,
    ConcernCategory,
    ConcernHalfMonth,
    ConcernOverdueSpan,
    ConcernSource,
    ConcernStatus,
)
from core.halfmonths import half_end, half_of, half_start, halves_of
from organizations.models import UnitKind
from reports.periods import CALENDAR, FIFTEENTH, Period, PeriodKind, containing
from reports.sources.common import ORGANIZATION, UNIT, Grouping
from reports.sources.concerns import _from_concerns, _from_halves, concerns
from tests.concerns_common import TODAY, forward, receive
from tests.factories import ConcernFactory, OrganizationFactory, UnitFactory, count_concerns
from tests.helpers import unit

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


# --- half-months ------------------------------------------------------------------------------


def test_a_day_falls_in_one_half_month_and_its_bounds_hold_it():
    day = D(2023, 12, 20)
    while day <= D(2025, 3, 5):
        half = half_of(day)
        assert half_start(half) <= day <= half_end(half)
        assert half_of(half_start(half)) == half_of(half_end(half)) == half
        assert half_end(half) + DAY == half_start(half + 1)
        day += DAY
    assert half_end(half_of(D(2024, 2, 20))) == D(2024, 2, 29)  # a leap year's February
    assert half_end(half_of(D(2025, 2, 3))) == D(2025, 2, 14)


@pytest.mark.parametrize("cutoff", [CALENDAR, FIFTEENTH])
def test_every_period_a_report_offers_is_a_run_of_whole_half_months(cutoff):
    for year in (2024, 2025, 2026):
        periods = [
            Period.of_year(year, cutoff),
            Period.of_nine_months(year, cutoff),
            Period.of_term_block(year, cutoff),
        ]
        periods += [Period.of_half(year, number, cutoff) for number in (1, 2)]
        periods += [Period.of_quarter(year, number, cutoff) for number in (1, 2, 3, 4)]
        periods += [Period.of_month(year, month, cutoff) for month in range(1, 13)]
        for period in periods:
            assert halves_of(period.start, period.end) is not None, period
            assert halves_of(period.previous().start, period.previous().end) is not None
    # A period that ends today (or a range of days) is not, unless it falls on the bounds.
    assert halves_of(D(2026, 12, 1), D(2026, 12, 7)) is None
    assert halves_of(D(2026, 12, 2), D(2026, 12, 14)) is None
    assert halves_of(D(2026, 12, 1), D(2026, 12, 14)) == (half_of(D(2026, 12, 1)),) * 2


# --- the figures give what the concerns give ------------------------------------------------------


def _random_concerns(rng: random.Random) -> tuple[list[int], list[int]]:
    """Concerns of two wards (one with two areas) and two organizations, over 2024–2026, through every
    way a concern goes: answered in time or late, never answered, closed as a duplicate or not in
    scope (before or after its due date), forwarded without a due date."""
    ward_a, ward_b = UnitFactory(), UnitFactory()
    areas = [UnitFactory(kind=UnitKind.QUARTER, parent=ward_a) for _ in range(2)]
    organizations = [OrganizationFactory(unit=ward_a), OrganizationFactory(unit=ward_b)]
    sources = list(ConcernSource)
    for _ in range(160):
        received_on = D(2024, 1, 1) + rng.randrange(0, 1000) * DAY
        ward = rng.choice([ward_a, ward_b])
        fields = {
            "unit": ward,
            "residential_area": rng.choice([*areas, None]) if ward == ward_a else None,
            "organization": rng.choice([*organizations, None]),
            "category": rng.choice(list(ConcernCategory)),
            "source": rng.choice(sources),
            "received_on": received_on,
            "answered_on_spot": rng.random() < 0.2,
            "status": ConcernStatus.RECEIVED,
        }
        if rng.random() < 0.75:
            fields["forwarded_on"] = received_on + rng.randrange(0, 10) * DAY
            fields["status"] = ConcernStatus.FORWARDED
            if rng.random() < 0.9:
                fields["due_date"] = fields["forwarded_on"] + rng.randrange(5, 40) * DAY
        fate = rng.random()
        if fate < 0.55:
            fields["answered_on"] = received_on + rng.randrange(0, 120) * DAY
            fields["status"] = ConcernStatus.ANSWERED
        elif fate < 0.7:
            fields["status"] = rng.choice([ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE])
            fields["closed_on"] = received_on + rng.randrange(0, 150) * DAY
        ConcernFactory(**fields)
    places = [ward_a.pk, ward_b.pk, *(area.pk for area in areas)]
    return places, [organization.pk for organization in organizations]


def _periods() -> list[Period]:
    periods = []
    for cutoff in (CALENDAR, FIFTEENTH):
        for year in (2024, 2025, 2026):
            periods += [Period.of_year(year, cutoff), Period.of_half(year, 2, cutoff)]
            periods += [Period.of_quarter(year, number, cutoff) for number in (1, 2, 3, 4)]
            periods += [Period.of_month(year, month, cutoff) for month in (1, 2, 3, 6, 7, 11, 12)]
    periods.append(Period.between(D(2024, 3, 15), D(2025, 8, 14)))
    return periods


def _nonzero(parts: dict) -> dict:
    """The parts without the groups and the numbers that are nothing (the two ways of counting may
    name a group with nothing in it, or leave it out)."""
    found = {}
    for group, numbers in parts.items():
        kept = {name: number for name, number in numbers.items() if number}
        if kept:
            found[group] = kept
    return found


def _rows() -> tuple[list, list]:
    halves = sorted(ConcernHalfMonth.objects.values_list(*_HALF_FIELDS), key=repr)
    spans = sorted(ConcernOverdueSpan.objects.values_list(*_SPAN_FIELDS), key=repr)
    return halves, spans


_HALF_FIELDS = [field.attname for field in ConcernHalfMonth._meta.concrete_fields if field.name != "id"]
_SPAN_FIELDS = [field.attname for field in ConcernOverdueSpan._meta.concrete_fields if field.name != "id"]


def test_the_figures_by_half_month_count_what_the_concerns_count():
    places, organizations = _random_concerns(random.Random(12))
    today = D(2027, 2, 1)  # every period has ended
    periods = _periods()
    runs = [halves_of(period.start, min(period.end, today)) for period in periods]
    assert all(run is not None for run in runs)
    for by, ids in ((UNIT, places), (ORGANIZATION, organizations)):
        grouping = Grouping(by=by, ids=frozenset(ids), today=today)
        from_figures = _from_halves(grouping, runs)
        from_concerns = _from_concerns(grouping, periods)
        for period, figures, counted in zip(periods, from_figures, from_concerns, strict=True):
            assert _nonzero(figures) == _nonzero(counted), (by, period)
        # Something of every kind was counted, so the comparison compared something.
        totals = {
            name for parts in from_concerns for numbers in parts.values() for name, n in numbers.items() if n
        }
        assert {"concerns_raised", "concerns_answered", "concerns_overdue", "opinions_overdue"} <= totals
        assert {"petitions", "opinions_answered_on_spot", "opinions_answered"} <= totals


def test_concerns_made_one_by_one_leave_the_rows_a_rebuild_writes():
    _random_concerns(random.Random(3))
    kept = _rows()
    assert kept[0] and kept[1]
    written = rebuild_concern_halves()
    assert _rows() == kept
    assert written == len(kept[0]) + len(kept[1])


def test_a_period_that_ends_today_is_counted_from_the_concerns():
    places, _organizations = _random_concerns(random.Random(5))
    today = D(2026, 12, 7)
    this_month = containing(PeriodKind.MONTH, today, CALENDAR)
    last_month = this_month.previous()
    grouping = Grouping(by=UNIT, ids=frozenset(places), today=today)
    with CaptureQueriesContext(connection) as asked:
        found = concerns(grouping, [this_month, last_month])
    tables = [query["sql"].split(" FROM ")[1].split()[0] for query in asked.captured_queries]
    # This month up to today from the concerns; last month from the figures.
    assert sorted(tables) == sorted(
        [
            '"concerns_concern"',
            '"concerns_concern"',
            '"concerns_concernhalfmonth"',
            '"concerns_concernoverduespan"',
        ]
    )
    assert found[0] == _from_concerns(grouping, [this_month])[0]
    assert _nonzero(found[1]) == _nonzero(_from_concerns(grouping, [last_month])[0])


# --- kept current by the services -----------------------------------------------------------------


def _as_rebuilt() -> tuple[list, list]:
    """The rows as they are, and as a rebuild from the concerns writes them."""
    kept = _rows()
    rebuild_concern_halves()
    return kept, _rows()


def test_every_step_and_correction_through_the_services_keeps_the_figures_current(ward_cadre):
    ward = unit("LD-PPHUOCHOI")
    areas = ward.children.filter(kind=UnitKind.QUARTER, valid_to__isnull=True).order_by("pk")
    area, other_area = areas.first(), areas.last()
    rebuild_concern_halves()
    before = _rows()
    concern = receive(
        ward_cadre, (ward, area), source=ConcernSource.VOTER_CONTACT, received_on=TODAY - 60 * DAY
    )
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt != before
    forward(ward_cadre, concern, days_ago=55, due_in=10)  # overdue since 45 days ago
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt
    assert ConcernOverdueSpan.objects.filter(place=area, overdue_until__isnull=True).exists()
    concern.refresh_from_db()
    services.answer_concern(actor=ward_cadre, concern=concern, answer="Đã sửa.", answered_on=TODAY - 2 * DAY)
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt
    assert not ConcernOverdueSpan.objects.filter(place=area, overdue_until__isnull=True).exists()
    # A correction that moves the concern to another area.
    concern.refresh_from_db()
    services.edit_concern(
        actor=ward_cadre,
        concern=concern,
        category=ConcernCategory.ENVIRONMENT,
        summary=concern.summary,
        detail=concern.detail,
        unit=ward,
        residential_area=other_area,
    )
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt
    moved = ConcernHalfMonth.objects.get(
        place=other_area, received_half=half_of(TODAY - 60 * DAY), environment=1
    )
    assert moved.answered_half == half_of(TODAY - 2 * DAY) and moved.opinions == 1
    # A second concern, closed as a duplicate of the first.
    second = receive(ward_cadre, (ward, area), received_on=TODAY - 30 * DAY)
    services.close_as_duplicate(actor=ward_cadre, concern=second, duplicate_of=concern, reason="Trùng.")
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt


def test_a_concern_raised_by_a_resident_is_counted():
    from concerns.services.public import receive_public_concern

    ward = unit("LD-PPHUOCHOI")
    area = ward.children.filter(kind=UnitKind.QUARTER, valid_to__isnull=True).order_by("pk").first()
    rebuild_concern_halves()
    receive_public_concern(
        category=ConcernCategory.INFRASTRUCTURE,
        unit=ward,
        residential_area=area,
        description="Đèn đường ở khu phố bị hỏng nhiều ngày, xin sửa giúp.",
    )
    kept, rebuilt = _as_rebuilt()
    assert kept == rebuilt
    assert ConcernHalfMonth.objects.filter(
        place=area, received_half=half_of(TODAY), infrastructure=1
    ).exists()


def test_a_concern_changed_around_the_services_is_counted_again_by_the_helper_or_the_command():
    concern = ConcernFactory(received_on=D(2025, 3, 20))
    Concern.objects.filter(pk=concern.pk).update(answered_on=D(2025, 4, 2), status=ConcernStatus.ANSWERED)
    row = ConcernHalfMonth.objects.get(place=concern.unit)
    assert row.answered_half is None  # around the services: not seen yet
    count_concerns(concern)
    assert ConcernHalfMonth.objects.get(place=concern.unit).answered_half == half_of(D(2025, 4, 2))
    Concern.objects.filter(pk=concern.pk).update(category=ConcernCategory.HEALTH)
    call_command("rebuild_concern_figures", verbosity=0)
    assert ConcernHalfMonth.objects.get(place=concern.unit).health == 1
