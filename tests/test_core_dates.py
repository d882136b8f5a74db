"""``core.dates.DaysBetween``: whole days between two date columns, an integer on either database,
across month ends, leap days and years, and negative when the first is the earlier."""

from __future__ import annotations

import datetime

import pytest

from concerns.models import Concern
from core.dates import DaysBetween
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("received_on", "answered_on", "days"),
    [
        (D(2025, 3, 14), D(2025, 3, 14), 0),
        (D(2025, 1, 31), D(2025, 3, 1), 29),
        (D(2024, 2, 28), D(2024, 3, 1), 2),  # a leap day between
        (D(2024, 12, 20), D(2025, 1, 10), 21),
        (D(2020, 1, 1), D(2026, 1, 1), 2192),
        (D(2025, 5, 2), D(2025, 4, 30), -2),
    ],
)
def test_days_between_two_dates_is_a_whole_number(received_on, answered_on, days):
    concern = ConcernFactory(received_on=received_on, answered_on=answered_on)
    found = (
        Concern.objects.filter(pk=concern.pk)
        .annotate(delay=DaysBetween("answered_on", "received_on"))
        .values_list("delay", flat=True)
        .get()
    )
    assert found == days and isinstance(found, int)
