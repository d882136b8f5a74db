"""The demo social policy data: groups with quarterly figures since 2020, houses in the old and the new
units, each fund with receipts and spending, models and commendations; a second run changes nothing."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command

from demo import social as social_demo
from social import models as social_models
from social.models import (
    Commendation,
    ExemplaryModel,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    LoanSnapshot,
    SavingsGroup,
)

pytestmark = pytest.mark.django_db

MODELS = [
    model
    for model in vars(social_models).values()
    if isinstance(model, type) and hasattr(model, "_meta") and not model._meta.abstract
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_running_the_seed_again_changes_nothing():
    before = counts()
    assert social_demo.seed(random.Random(1)) == 0
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_groups_have_quarterly_figures_from_2020_kept_with_the_units_of_their_day():
    assert SavingsGroup.objects.filter(is_demo=True).count() >= 40
    kinds = set(SavingsGroup.objects.values_list("association__kind", flat=True))
    assert kinds == {"womens_union", "farmers_association", "veterans_association", "youth_union"}
    group = SavingsGroup.objects.get(code="TK-LD-PLAGI-KP01-PN")
    dates = list(group.snapshots.order_by("date").values_list("date", flat=True))
    assert dates[0] == datetime.date(2020, 3, 31)
    assert all(
        (later - earlier).days in range(89, 93) for earlier, later in zip(dates, dates[1:], strict=False)
    )
    assert dates[-1].year == 2026
    units = dict(group.snapshots.values_list("date", "unit__valid_to"))
    assert units[datetime.date(2025, 3, 31)] == datetime.date(2025, 6, 30)  # the old area
    assert units[datetime.date(2025, 9, 30)] is None  # today's
    assert SavingsGroup.objects.filter(closed_on__isnull=False).exists()
    assert not LoanSnapshot.objects.filter(overdue_vnd__gt=0, outstanding_vnd__lt=1).exists()


def test_houses_funds_models_and_commendations():
    houses = GreatUnityHouse.objects.handed_over()
    assert (
        houses.filter(unit__valid_to__isnull=False).exists()
        and houses.filter(unit__valid_to__isnull=True).exists()
    )
    assert GreatUnityHouse.objects.exclude(status="handed_over").exists()
    assert FundReceipt.objects.filter(donor_consent=False).exists() and FundReceipt.objects.filter(
        donor_consent=True
    )
    assert (
        FundSpending.objects.filter(house__isnull=False).count() == houses.filter(cost_fund_vnd__gt=0).count()
    )
    assert ExemplaryModel.objects.published().filter(name_consent=False).exclude(person_name="").exists()
    assert Commendation.objects.filter(recipient_kind="person", name_consent=False).exists()
