"""The demo's reorganizations, carried out through organizations.reorganizing: the 2025 merger of La Gi
(Resolution 1671/NQ-UBTVQH15), the end of the town, Bình Thuận into Lâm Đồng, and the invented 2026
split of khu phố 7 of Phường Phước Hội; what the accounts see through the lineage; records in units
that existed on their dates."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F, Q

from activities.models import Activity, VisitDetails
from concerns.models import Concern
from organizations.lineage import View, unit_condition
from organizations.models import (
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
    Scope,
    UnitLineage,
)
from tests.factories import ActivityFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db

OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)
SPLIT_START = datetime.date(2026, 3, 1)
NEW_UNITS = {
    "LD-PLAGI": {"LG-TA", "LG-TT", "LG-BT", "LG-TB"},
    "LD-PPHUOCHOI": {"LG-PH", "LG-PL", "LG-TP"},
    "LD-XTANHAI": {"LG-TH", "LG-TTI"},
}


def test_the_reorganizations_are_recorded_with_their_legal_basis_and_kind():
    found = [
        (
            r.kind,
            r.effective_date,
            r.basis_number,
            r.basis_date,
            r.basis_body,
            r.status,
            r.created_by.username,
        )
        for r in Reorganization.objects.select_related("created_by").order_by("pk")
    ]
    resolution_1671 = ("1671/NQ-UBTVQH15", datetime.date(2025, 6, 16), "Ủy ban Thường vụ Quốc hội")
    applied = (ReorganizationStatus.APPLIED, "admin")
    assert found == [
        *[(ReorganizationKind.MERGE, NEW_START, *resolution_1671, *applied)] * 3,
        (ReorganizationKind.DISSOLVE, NEW_START, *resolution_1671, *applied),
        (
            ReorganizationKind.MERGE,
            NEW_START,
            "202/2025/QH15",
            datetime.date(2025, 6, 12),
            "Quốc hội",
            *applied,
        ),
        (
            ReorganizationKind.SPLIT,
            SPLIT_START,
            "245/QĐ-UBND",
            datetime.date(2026, 2, 10),
            "Ủy ban nhân dân tỉnh Lâm Đồng",
            *applied,
        ),
    ]
    town_end = Reorganization.objects.get(kind=ReorganizationKind.DISSOLVE)
    assert "1671/NQ-UBTVQH15" in town_end.note and "cấp huyện" in town_end.note
    assert "không có thật" in Reorganization.objects.get(kind=ReorganizationKind.SPLIT).note


def test_the_old_units_close_on_30_06_2025_and_the_new_ones_open_on_01_07_2025_with_lineage():
    for new_code, old_codes in NEW_UNITS.items():
        new = unit(new_code)
        assert (new.valid_from, new.valid_to, new.parent.code) == (NEW_START, None, "LD")
        assert set(new.came_from.values_list("before__code", flat=True)) == old_codes
        for old in AdministrativeUnit.objects.filter(code__in=old_codes):
            assert old.valid_to == OLD_END and old.current_unit == new
            for area in old.children.all():
                assert area.valid_to == OLD_END
                (row,) = UnitLineage.objects.filter(before=area).select_related("after")
                assert row.after.parent == new and row.after.valid_from == NEW_START
    assert unit("BT-LAGI").valid_to == OLD_END and not unit("BT-LAGI").became.exists()
    assert unit("BT").valid_to == OLD_END and unit("BT").current_unit == unit("LD")
    assert unit("LD").valid_to is None


def test_the_units_of_today_were_opened_by_the_reorganizations_not_written_by_the_demo():
    opened = {
        code
        for r in Reorganization.objects.all()
        for code in AdministrativeUnit.objects.filter(pk__in=r.changes["units_created"]).values_list(
            "code", flat=True
        )
    }
    today = AdministrativeUnit.objects.filter(code__startswith="LD-")
    assert set(today.values_list("code", flat=True)) == opened
    # One Women's Union of Phường La Gi, opened by the merger, continuing the four it replaced.
    (union,) = Organization.objects.filter(name="Hội Liên hiệp Phụ nữ phường La Gi")
    assert union.came_from.count() == 4 and union.terms.get().ordinal == 10


def test_a_cadre_of_the_new_phuoc_hoi_sees_the_old_phuoc_hoi_phuoc_loc_and_tan_phuoc_records_with_one_scope(
    demo_user,
):
    user = demo_user("cadre_ward")
    assert Scope.objects.filter(user=user).count() == 1
    old = ("LG-PH", "LG-PL", "LG-TP")
    for model in (Activity, Concern):
        visible = model.objects.visible_to(user)
        for code in old:
            assert visible.filter(unit__code=code).exists(), (model, code)
            assert visible.filter(unit__code=code).count() == model.objects.filter(unit__code=code).count()
        assert not visible.filter(unit__code="LG-TA").exists()


def _organized_by_union(union: Organization) -> Q:
    """Activities organized by the union or one of its branches."""
    return Q(organizations=union) | Q(organizations__parent=union)


def test_cadre_women_sees_the_activities_of_the_four_unions_it_replaced(demo_user):
    visible = Activity.objects.visible_to(demo_user("cadre_women"))
    for ward in ("phường Tân An", "phường Tân Thiện", "phường Bình Tân", "xã Tân Bình"):
        union = Organization.objects.get(name=f"Hội Liên hiệp Phụ nữ {ward}")
        organized = set(Activity.objects.filter(_organized_by_union(union)))
        assert organized, ward
        assert set(visible.filter(_organized_by_union(union))) == organized, ward
    phuoc_hoi = Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường Phước Hội", unit__code="LG-PH")
    assert not visible.filter(_organized_by_union(phuoc_hoi)).exists()


def test_a_2023_record_of_the_split_quarter_reaches_its_quarter_of_today_through_two_reorganizations(
    demo_user,
):
    old_area, split, part = unit("LG-PL-KP03"), unit("LD-PPHUOCHOI-KP07"), unit("LD-PPHUOCHOI-KP07A")
    assert split.valid_to == SPLIT_START - datetime.timedelta(days=1)
    assert old_area.current_unit == part and split.current_unit == part
    record = ActivityFactory(unit=old_area, date=datetime.date(2023, 4, 12), organizations=[])
    assert record in Activity.objects.filter(unit_condition("unit", part, View.AS_IT_IS))
    assert record not in Activity.objects.filter(unit_condition("unit", part, View.AS_IT_WAS))
    assert record in Activity.objects.visible_to(demo_user("cadre_ward"))
    # The quarter's organizations closed with it; both parts opened their own.
    for area in (unit("LD-PPHUOCHOI-KP07A"), unit("LD-PPHUOCHOI-KP07B")):
        kinds = set(Organization.objects.filter(unit=area).values_list("kind", flat=True))
        assert {OrganizationKind.FRONT_WORKING_COMMITTEE, OrganizationKind.WOMENS_UNION} <= kinds
        assert area.valid_from == SPLIT_START and area.parent.code == "LD-PPHUOCHOI"
    assert not Organization.objects.filter(unit=split, valid_to__isnull=True).exists()


def _outside(field: str, date: str) -> Q:
    """Records whose ``field`` (a unit) did not exist on their ``date``."""
    return Q(**{f"{field}__valid_from__gt": F(date)}) | Q(**{f"{field}__valid_to__lt": F(date)})


def test_no_demo_record_is_dated_outside_the_life_of_its_unit():
    assert Activity.objects.filter(is_demo=True).exists() and Concern.objects.filter(is_demo=True).exists()
    assert not Activity.objects.filter(_outside("unit", "date")).exists()
    assert not VisitDetails.objects.filter(_outside("residential_area", "activity__date")).exists()
    assert not Concern.objects.filter(_outside("unit", "received_on")).exists()
    assert not Concern.objects.filter(_outside("residential_area", "received_on")).exists()
