"""``make bench``'s "merge over 100,000 records": how long carrying out a merge takes.

Run inside ``manage.py shell`` on the bench database (bench/run.py). Outside the timing, two wards
are made under a province of their own, each with residential areas, a Women's Union with a branch
per area, a term and a chair, and ``activities`` activities logged in them (``bulk_create``); then
``organizations.reorganizing.apply`` of their merge is timed. Everything is made and carried out
in one transaction that is rolled back, so the bench database is left as it was.
"""

from __future__ import annotations

import datetime
import time

from django.db import transaction

AREAS_PER_WARD = 8
BATCH = 5000


def measure(activities: int) -> dict:
    from activities.models import Activity
    from organizations.models import (
        AdministrativeUnit,
        Organization,
        Person,
        Position,
        Reorganization,
        Term,
        User,
    )
    from organizations.reach import rebuild_reach
    from organizations.reorganizing import apply

    start = datetime.date(2020, 1, 1)

    def place(code: str, name: str, kind: str, parent, organization: str, over=None):
        """A unit with a Women's Union (or its branch, under ``over``), both open since 2020."""
        unit = AdministrativeUnit.objects.create(
            code=code, name=name, kind=kind, parent=parent, valid_from=start
        )
        union = Organization.objects.create(
            name=organization, kind="womens_union", unit=unit, parent=over, valid_from=start
        )
        return unit, union

    with transaction.atomic():
        province = AdministrativeUnit.objects.create(
            code="BENCH-P", name="Tỉnh Đo", kind="province", valid_from=start
        )
        wards, places = [], []
        for letter in "AB":
            ward, union = place(
                f"BENCH-{letter}", f"Phường Đo {letter}", "ward", province, f"Hội LHPN phường Đo {letter}"
            )
            term = Term.objects.create(organization=union, ordinal=3, start=start)
            person = Person.objects.create(full_name=f"Chủ tịch {letter}", unit=ward)
            Position.objects.create(organization=union, term=term, person=person, title="chair", start=start)
            wards.append(ward)
            places.append(ward)
            for n in range(1, AREAS_PER_WARD + 1):
                area, _branch = place(
                    f"BENCH-{letter}-{n:02d}",
                    f"Khu phố {n}",
                    "quarter",
                    ward,
                    f"Chi hội Phụ nữ khu phố {n}",
                    union,
                )
                places.append(area)
        rows = (
            Activity(
                kind="other",
                date=start + datetime.timedelta(days=n % 1900),
                unit=places[n % len(places)],
                place="Hội trường",
                summary=f"Hoạt động đo {n}",
            )
            for n in range(activities)
        )
        Activity.objects.bulk_create(rows, batch_size=BATCH)
        # What the scopes cover, for the units and organizations written here.
        unions = Organization.objects.filter(unit__in=places).values_list("pk", flat=True)
        rebuild_reach(unit_ids=[province.pk], organization_ids=list(unions))
        admin = User.objects.create(username="bench-merge-admin", is_staff=True, is_superuser=True)
        merge = Reorganization.objects.create(
            kind="merge",
            effective_date=datetime.date(2027, 1, 1),
            basis_number="BENCH/NQ",
            basis_date=datetime.date(2026, 12, 1),
            basis_body="Bench",
            plan={
                "before": [ward.pk for ward in wards],
                "after": [
                    {
                        "key": "u0",
                        "name": "Phường Đo",
                        "code": "BENCH-C",
                        "kind": "ward",
                        "parent": province.pk,
                    }
                ],
            },
        )
        logged = Activity.objects.filter(unit__in=places).count()
        began = time.perf_counter()
        outcome = apply(merge, actor=admin)
        seconds = time.perf_counter() - began
        result = {
            "seconds": seconds,
            "records": logged,
            "units_closed": len(outcome.units_closed) + len(outcome.areas_closed),
            "organizations_closed": len(outcome.organizations_closed),
        }
        transaction.set_rollback(True)
    return result
