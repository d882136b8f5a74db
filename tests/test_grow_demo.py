"""``grow_demo`` grows the demo work log for load tests: realistic, idempotent, nothing confidential."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from activities.models import DETAILS_MODELS, Activity, MediationDetails, SupportDetails
from demo.activities import CONFIDENTIAL_MARKERS

pytestmark = pytest.mark.django_db


def _grow(count: int) -> str:
    out = io.StringIO()
    call_command("grow_demo", activities=count, stdout=out)
    return out.getvalue()


def test_grows_up_to_the_number_and_only_once() -> None:
    before = set(Activity.objects.values_list("pk", flat=True))
    published_before = Activity.objects.published().count()
    wanted = published_before + 400

    assert "Created 400 published activities" in _grow(wanted)
    assert Activity.objects.published().count() == wanted
    assert Activity.objects.count() == len(before) + 400

    assert "nothing to do" in _grow(wanted)
    assert "nothing to do" in _grow(published_before)
    assert Activity.objects.count() == len(before) + 400


def test_copies_are_realistic_and_carry_nothing_confidential() -> None:
    before = set(Activity.objects.values_list("pk", flat=True))
    _grow(Activity.objects.published().count() + 600)
    grown = Activity.objects.exclude(pk__in=before).select_related("unit")

    kinds = set(grown.values_list("kind", flat=True))
    assert len(kinds) >= 6, kinds
    assert grown.values("unit").distinct().count() >= 6
    years = {activity.date.year for activity in grown}
    assert min(years) == 2020 and len(years) >= 6
    for activity in grown:
        unit = activity.unit
        assert unit.valid_from is None or unit.valid_from <= activity.date, (activity.pk, unit)
        assert unit.valid_to is None or activity.date <= unit.valid_to, (activity.pk, unit)
        assert activity.published_at is not None and activity.published_at.date() >= activity.date
        assert activity.is_demo and not activity.internal_notes

    without_organizer = grown.annotate(n=Count("organizations")).filter(n=0)
    assert not without_organizer.exists()
    for kind, model in DETAILS_MODELS.items():
        assert model.objects.filter(activity__in=grown).count() == grown.filter(kind=kind).count(), kind

    markers = Q()
    for marker in CONFIDENTIAL_MARKERS:
        markers |= Q(summary__contains=marker) | Q(place__contains=marker)
    assert not grown.filter(markers).exists()
    for marker in CONFIDENTIAL_MARKERS:
        assert not MediationDetails.objects.filter(activity__in=grown, parties__contains=marker).exists()
        assert not SupportDetails.objects.filter(activity__in=grown, beneficiaries__contains=marker).exists()


def test_refuses_a_negative_number() -> None:
    with pytest.raises(CommandError):
        _grow(-1)
