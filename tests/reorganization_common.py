"""Helpers of the reorganization tests (services, screens, queries): a small town of two wards
with their areas, unions, terms and records, and drafts of reorganizations over it."""

from __future__ import annotations

import datetime

from organizations.models import Reorganization
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    PositionFactory,
    TermFactory,
    UnitFactory,
)

EFFECTIVE = datetime.date(2025, 7, 1)
LAST = datetime.date(2025, 6, 30)
BASIS = {
    "basis_number": "1671/NQ-UBTVQH15",
    "basis_date": datetime.date(2025, 6, 16),
    "basis_body": "Ủy ban Thường vụ Quốc hội",
}


def make_town() -> dict:
    """A province; under it ward A (areas A1, A2) and ward B (area B1), each with a Women's Union,
    its branches, a term and a chair; a 2023 activity in A1 and a 2024 one in A itself."""
    province = UnitFactory(code="P", name="Tỉnh Thử", kind="province")
    a = UnitFactory(code="A", name="Phường An", parent=province)
    b = UnitFactory(code="B", name="Phường Bình", parent=province)
    a1 = UnitFactory(code="A-1", name="Khu phố 1", kind="quarter", parent=a)
    a2 = UnitFactory(code="A-2", name="Khu phố 2", kind="quarter", parent=a)
    b1 = UnitFactory(code="B-1", name="Khu phố 7", kind="quarter", parent=b)
    union_a = OrganizationFactory(name="Hội Liên hiệp Phụ nữ phường An", unit=a)
    union_b = OrganizationFactory(name="Hội Liên hiệp Phụ nữ phường Bình", unit=b)
    branch_a1 = OrganizationFactory(name="Chi hội Phụ nữ khu phố 1", unit=a1, parent=union_a)
    branch_b1 = OrganizationFactory(name="Chi hội Phụ nữ khu phố 7", unit=b1, parent=union_b)
    term_a = TermFactory(organization=union_a, ordinal=4, start=datetime.date(2021, 6, 1), end=None)
    TermFactory(organization=union_b, ordinal=9, start=datetime.date(2021, 6, 1), end=None)
    chair = PositionFactory(organization=union_a, term=term_a, title="chair", start=datetime.date(2021, 6, 1))
    old_record = ActivityFactory(unit=a1, date=datetime.date(2023, 5, 2), organizations=[branch_a1])
    ward_record = ActivityFactory(unit=a, date=datetime.date(2024, 5, 2), organizations=[union_a])
    return locals()


def reorganization(kind: str, before, after, **plan) -> Reorganization:
    return Reorganization.objects.create(
        kind=kind,
        effective_date=plan.pop("effective", EFFECTIVE),
        **BASIS,
        plan={"before": [u.pk for u in before], "after": after, **plan},
    )


def new_unit(key: str, name: str, code: str, parent, kind: str = "ward") -> dict:
    return {"key": key, "name": name, "code": code, "kind": kind, "parent": parent.pk}
