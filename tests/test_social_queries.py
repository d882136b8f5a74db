"""Query counts of the social lists and public pages, pinned, and the same at 5 and at 500 rows.

The public pages are measured with the page cache empty (a local-memory cache, so that only the
page's own queries are counted); the cadre pages as the ward cadre of Phước Hội (whose scope costs
three queries per request) or the administrator.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import caching
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from social.models import (
    AwardForm,
    Commendation,
    CommendationLevel,
    EmulationMovement,
    ExemplaryModel,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    HousePhoto,
    HouseStatus,
    LoanSnapshot,
    LoanSnapshotLine,
    ModelField,
    SpendingPurpose,
)
from tests.social_common import make_groups

pytestmark = pytest.mark.django_db

PH = "LD-PPHUOCHOI"
D = datetime.date


def empty_caches():
    cache.clear()
    caching.forget_local_cache()


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }
    empty_caches()
    yield
    empty_caches()


def committee() -> Organization:
    return Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code=PH)


def farmers() -> Organization:
    return Organization.objects.get(kind=OrganizationKind.FARMERS_ASSOCIATION, unit__code=PH, parent=None)


def add_groups(count: int, start: int) -> None:
    groups = make_groups(count, prefix=f"Q{start}-", area_code=f"{PH}-KP03")
    snapshots = LoanSnapshot.objects.bulk_create(
        [
            LoanSnapshot(group=g, date=D(2026, 3, 31), unit=g.unit, outstanding_vnd=10, overdue_vnd=1)
            for g in groups
        ]
    )
    LoanSnapshotLine.objects.bulk_create(
        [LoanSnapshotLine(snapshot=s, programme="poor", outstanding_vnd=10, overdue_vnd=1) for s in snapshots]
    )


def the_group():
    return make_groups(1, prefix="QG", area_code=f"{PH}-KP03")[0]


def add_snapshots(count: int, start: int) -> None:
    group = the_group_cached()
    snapshots = LoanSnapshot.objects.bulk_create(
        [
            LoanSnapshot(
                group=group, date=D(2000, 1, 1) + datetime.timedelta(days=start + n), unit=group.unit
            )
            for n in range(count)
        ]
    )
    LoanSnapshotLine.objects.bulk_create(
        [LoanSnapshotLine(snapshot=s, programme=p) for s in snapshots for p in ("poor", "water")]
    )


_group = {}


def the_group_cached():
    if "group" not in _group or not type(_group["group"]).objects.filter(pk=_group["group"].pk).exists():
        _group["group"] = the_group()
    return _group["group"]


def add_houses(count: int, start: int) -> None:
    area = AdministrativeUnit.objects.get(code=f"{PH}-KP03")
    houses = GreatUnityHouse.objects.bulk_create(
        [
            GreatUnityHouse(
                unit=area,
                organization=committee(),
                status=HouseStatus.HANDED_OVER,
                handed_over_on=D(2026, 1, 1),
                cost_fund_vnd=1,
            )
            for _ in range(count)
        ]
    )
    HousePhoto.objects.bulk_create(
        [
            HousePhoto(house=h, image=f"social/houses/q{h.pk}.jpg", people_consent=True, width=8, height=6)
            for h in houses
        ]
    )


def add_receipts(count: int, start: int) -> None:
    FundReceipt.objects.bulk_create(
        [
            FundReceipt(committee=committee(), date=D(2025, 5, 1), amount_vnd=1000, donor_name="Thử")
            for _ in range(count)
        ]
    )
    FundSpending.objects.bulk_create(
        [
            FundSpending(
                committee=committee(), date=D(2025, 6, 1), purpose=SpendingPurpose.OTHER, amount_vnd=10
            )
            for _ in range(count)
        ]
    )


def add_models(count: int, start: int) -> None:
    movement = EmulationMovement.objects.filter(organization=farmers()).first()
    models = ExemplaryModel.objects.bulk_create(
        [
            ExemplaryModel(
                name=f"Mô hình {start + n}",
                field=ModelField.ECONOMY,
                organization=farmers(),
                year=2026,
                is_published=True,
                story="Câu chuyện.",
            )
            for n in range(count)
        ]
    )
    through = ExemplaryModel.movements.through
    through.objects.bulk_create(
        [through(exemplarymodel_id=m.pk, emulationmovement_id=movement.pk) for m in models]
    )
    Commendation.objects.bulk_create(
        [
            Commendation(
                recipient_name="Thử",
                organization=farmers(),
                exemplary_model=models[0],
                level=CommendationLevel.COMMUNE,
                form=AwardForm.OTHER,
                decision_number="1",
                decision_date=D(2026, 1, 1),
                is_published=True,
                movement=movement,
            )
            for _ in range(count)
        ]
    )
    EmulationMovement.objects.bulk_create(
        [EmulationMovement(name=f"Phong trào {start + n}", organization=farmers()) for n in range(count)]
    )


def model_url() -> str:
    model = ExemplaryModel.objects.filter(name="Mô hình 0").first()
    return reverse("social_public:model_detail", args=[model.pk])


def group_url() -> str:
    return reverse("social:group_detail", args=[the_group_cached().pk])


def fund_url(name: str) -> str:
    return reverse(f"social_public:{name}", args=[committee().pk]) + "?year=2025"


@dataclass(frozen=True)
class Page:
    url: Callable[[], str]
    add: Callable[[int, int], None]
    user: str | None = "cadre_ward"


PAGES = {
    "group_list": Page(lambda: reverse("social:group_list"), add_groups),
    "group_detail": Page(group_url, add_snapshots),
    "house_list": Page(lambda: reverse("social:house_list"), add_houses),
    "fund_overview": Page(lambda: reverse("social:fund_overview"), add_receipts),
    "receipt_list": Page(lambda: reverse("social:receipt_list"), add_receipts),
    "spending_list": Page(lambda: reverse("social:spending_list") + "?year=2025", add_receipts),
    "model_list": Page(lambda: reverse("social:model_list"), add_models),
    "commendation_list": Page(lambda: reverse("social:commendation_list"), add_models),
    "movement_list": Page(lambda: reverse("social:movement_list"), add_models),
    "overview": Page(lambda: reverse("social:overview"), add_groups, "admin"),
    "public_fund_list": Page(lambda: reverse("social_public:fund_list"), add_receipts, None),
    "public_fund_detail": Page(lambda: fund_url("fund_detail"), add_receipts, None),
    "public_fund_notice": Page(lambda: fund_url("fund_notice"), add_receipts, None),
    "public_house_list": Page(lambda: reverse("social_public:house_list"), add_houses, None),
    "public_model_list": Page(lambda: reverse("social_public:model_list"), add_models, None),
    "public_model_detail": Page(model_url, add_models, None),
}
# A cadre page starts with the session, the user and the scope's rows (three queries), and reads the
# reach below them once when it needs the ids in memory (the filter's units: group and house list). Then:
# group list: the filter's units, the count, the page (its latest figures in subqueries), "may create";
# group detail: the group, the count, the page of figures, their programme lines;
# house list: the filter's units, the count, the page, "may create";
# fund overview: the count and page of committees (sums in subqueries), the campaigns, "may create";
# receipts and spending: the filter's committees, the count, the page, "may create";
# models, commendations, movements: the count, the page, "may create";
# overview (administrator, no scope query): loans by association and by unit, the fund's two sums,
# the houses, the models by field and the commendations by level.
# Public pages: the fund list one query; a fund's disclosure the committee, five aggregates (receipts
# and spending before and during the period, receipts by donor and by quarter, spending by purpose
# and quarter), the count and page of receipts and of spending; the notice the same with one list
# each; the houses the filter's units, the count, the page, its consented photos; the models the
# count, the page, their movements, the commendations; a model (with its count), its movements and
# its commendations.
EXPECTED: dict[str, int] = {
    "group_list": 7,
    "group_detail": 7,
    "house_list": 7,
    "fund_overview": 7,
    "receipt_list": 7,
    "spending_list": 7,
    "model_list": 6,
    "commendation_list": 6,
    "movement_list": 6,
    "overview": 9,
    "public_fund_list": 1,
    "public_fund_detail": 10,
    "public_fund_notice": 8,
    "public_house_list": 4,
    "public_model_list": 4,
    "public_model_detail": 3,
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_counts_are_the_same_at_5_and_500_rows(page, login_as, django_assert_num_queries):
    _group.clear()
    spec = PAGES[page]
    client = login_as(spec.user)
    spec.add(5, 0)
    url = spec.url()
    with django_assert_num_queries(EXPECTED[page]):
        small = client.get(url)
    spec.add(495, 5)
    empty_caches()
    with django_assert_num_queries(EXPECTED[page]):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
