"""Demo social policy data: savings-and-loan groups with quarterly loan figures since 2020, Great Unity
houses (those handed over at the demo's support activities, and some still being built), the Fund
for the Poor of each Front committee, exemplary models and commendations. Invented, marked as demo
data; ``confidential_demo_values()`` lists the confidential values for the privacy tests.

``seed(rng)`` runs after the activities seed and creates everything once: running it again
changes nothing. Groups sit in today's residential areas; their figures before 1 July 2025 are
kept with the old areas (``social.models.area_on``). The houses of a support activity of the
"Great Unity house" type are linked to it, so that they are counted once, from the register.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityKind, SupportType
from organizations.lineage import came_from_map
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationKind
from social.models import (
    GreatUnityHouse,
    GroupRating,
    HouseStatus,
    HouseWork,
    LoanSnapshot,
    LoanSnapshotLine,
    SavingsGroup,
    SnapshotSource,
    area_on,
)

from . import social_fund, social_models
from .common import valid_on
from .social_data import (
    CONFIDENTIAL_MARKERS,
    FIRST_SNAPSHOT,
    GROUP_ASSOCIATIONS,
    PROGRAMME_SHARES,
    confidential_demo_values,
    household,
    leader,
    quarter_ends,
)

__all__ = ["CONFIDENTIAL_MARKERS", "confidential_demo_values", "seed"]

K = OrganizationKind
NEW_UNITS = ("LD-PLAGI", "LD-PPHUOCHOI", "LD-XTANHAI")


def seed(rng: random.Random) -> int:
    """Create the demo social data once; returns how many groups were created (0 when it exists)."""
    with transaction.atomic(), disable_auditlog():
        if SavingsGroup.objects.filter(is_demo=True).exists():
            return 0
        today = timezone.localdate()
        groups = seed_groups(rng, today)
        houses = seed_houses(rng, today)
        social_fund.seed_fund(rng, today, houses)
        social_models.seed_models(today)
        return len(groups)


def _branches() -> dict[tuple[int, str], Organization]:
    """The association branch of each residential area, by area and kind."""
    branches = {}
    for org in (
        Organization.objects.filter(
            unit__kind__in=RESIDENTIAL_AREA_KINDS, kind__in=[kind for kind, _s, _n in GROUP_ASSOCIATIONS]
        )
        .select_related("parent")
        .order_by("pk")
    ):
        if org.parent_id is not None and org.parent.unit_id != org.unit_id:
            branches.setdefault((org.unit_id, org.kind), org)
    return branches


def seed_groups(rng: random.Random, today: datetime.date) -> list[SavingsGroup]:
    """Groups in today's residential areas: every area a Women's Union group, some areas more."""
    areas = [
        area
        for area in AdministrativeUnit.objects.filter(
            parent__code__in=NEW_UNITS, kind__in=RESIDENTIAL_AREA_KINDS
        )
        .select_related("parent")
        .order_by("parent__code", "code")
        if valid_on(area, today)  # not a quarter split since
    ]
    branches = _branches()
    groups = []
    number = 0
    for index, area in enumerate(areas):
        for position, (kind, short, label) in enumerate(GROUP_ASSOCIATIONS):
            wanted = position == 0 or (position == 1 and index % 2 == 0) or (position == 2 and index % 3 == 0)
            wanted = wanted or (position == 3 and index % 5 == 0)
            branch = branches.get((area.pk, kind))
            if not wanted or branch is None:
                continue
            number += 1
            closed = datetime.date(2023, 6, 30) if number % 17 == 0 else None
            groups.append(
                SavingsGroup(
                    code=f"TK-{area.code}-{short}",
                    name=f"Tổ TK&VV {label} {area.name.lower()}",
                    unit=area,
                    association=branch,
                    leader=leader(number),
                    members=rng.randint(25, 55),
                    founded_on=datetime.date(rng.randint(2012, 2019), rng.choice((1, 4, 7, 10)), 1),
                    rating=rng.choices(GroupRating.values, weights=(60, 25, 10, 5))[0],
                    closed_on=closed,
                    is_demo=True,
                )
            )
    groups = SavingsGroup.objects.bulk_create(groups)
    _seed_snapshots(rng, groups, today)
    return groups


def _seed_snapshots(rng: random.Random, groups: list[SavingsGroup], today: datetime.date) -> None:
    predecessors = came_from_map()
    snapshots, lines = [], []
    for group in groups:
        programmes = [p for p in PROGRAMME_SHARES if p[1] >= 0.25 or rng.random() < 0.5]
        balance = rng.randint(300, 900) * 1_000_000
        overdue_share = {"good": 0.0, "fair": 0.01, "average": 0.03, "weak": 0.08}[group.rating]
        last = group.closed_on or today
        for end in quarter_ends(max(FIRST_SNAPSHOT, group.founded_on), last):
            balance = max(100_000_000, int(balance * rng.uniform(0.97, 1.06)) // 1_000_000 * 1_000_000)
            group_lines = []
            for programme, share in programmes:
                outstanding = int(balance * share) // 100_000 * 100_000
                overdue = int(outstanding * overdue_share * rng.uniform(0, 2)) // 100_000 * 100_000
                frozen = outstanding // 20 if group.rating == "weak" and programme == "poor" else 0
                group_lines.append(
                    LoanSnapshotLine(
                        programme=programme,
                        outstanding_vnd=outstanding,
                        overdue_vnd=min(overdue, outstanding),
                        frozen_vnd=frozen,
                        borrowers=max(1, outstanding // 35_000_000),
                    )
                )
            snapshot = LoanSnapshot(
                group=group,
                date=end,
                unit=area_on(group, end, predecessors),
                source=SnapshotSource.IMPORT,
                outstanding_vnd=sum(line.outstanding_vnd for line in group_lines),
                overdue_vnd=sum(line.overdue_vnd for line in group_lines),
                frozen_vnd=sum(line.frozen_vnd for line in group_lines),
                borrowers=sum(line.borrowers for line in group_lines),
                is_demo=True,
            )
            snapshots.append(snapshot)
            lines.append(group_lines)
    LoanSnapshot.objects.bulk_create(snapshots)
    for snapshot, group_lines in zip(snapshots, lines, strict=True):
        for line in group_lines:
            line.snapshot_id = snapshot.pk
    LoanSnapshotLine.objects.bulk_create([line for group_lines in lines for line in group_lines])


def _cost(rng: random.Random, work: str) -> dict[str, int]:
    """A house's cost by source, in round hundreds of thousands of đồng."""
    million = 1_000_000
    if work == HouseWork.NEW_BUILD:
        return {
            "cost_fund_vnd": rng.choice((40, 45, 50, 60)) * million,
            "cost_state_vnd": rng.choice((0, 0, 20, 40)) * million,
            "cost_donors_vnd": rng.choice((0, 5, 10, 15)) * million,
            "cost_family_vnd": rng.choice((5, 10, 20, 30)) * million,
        }
    return {
        "cost_fund_vnd": rng.choice((20, 25, 30)) * million,
        "cost_state_vnd": 0,
        "cost_donors_vnd": rng.choice((0, 5)) * million,
        "cost_family_vnd": rng.choice((3, 5, 10)) * million,
    }


def seed_houses(rng: random.Random, today: datetime.date) -> list[GreatUnityHouse]:
    """The houses handed over at the demo's "Great Unity house" support activities, and a few still
    being built in today's units."""
    areas_by_parent: dict[int, list] = defaultdict(list)
    for area in AdministrativeUnit.objects.filter(kind__in=RESIDENTIAL_AREA_KINDS).order_by("code"):
        areas_by_parent[area.parent_id].append(area)
    fronts = {org.unit_id: org for org in Organization.objects.filter(kind=K.FRONT_COMMITTEE).order_by("pk")}
    activities = (
        Activity.objects.filter(
            kind=ActivityKind.SUPPORT, support_details__support_type=SupportType.GREAT_UNITY_HOUSE
        )
        .filter(great_unity_houses__isnull=True)
        .select_related("support_details", "unit")
        .order_by("date", "pk")
    )
    houses: list[GreatUnityHouse] = []
    for activity in activities:
        areas = [a for a in areas_by_parent.get(activity.unit_id, []) if valid_on(a, activity.date)]
        front = fronts.get(activity.unit_id)
        if not areas or front is None:
            continue
        for _ in range(max(1, activity.support_details.recipients)):
            work = HouseWork.REPAIR if rng.random() < 0.25 else HouseWork.NEW_BUILD
            houses.append(
                GreatUnityHouse(
                    household=household(len(houses) + 1),
                    unit=rng.choice(areas),
                    organization=front,
                    work=work,
                    status=HouseStatus.HANDED_OVER,
                    labour_days=rng.randint(15, 90),
                    started_on=activity.date - datetime.timedelta(days=rng.randint(45, 120)),
                    handed_over_on=activity.date,
                    handover_activity=activity,
                    is_demo=True,
                    **_cost(rng, work),
                )
            )
    for code in NEW_UNITS:
        unit = AdministrativeUnit.objects.get(code=code)
        for status in (HouseStatus.BUILDING, HouseStatus.PLANNED):
            work = HouseWork.NEW_BUILD
            houses.append(
                GreatUnityHouse(
                    household=household(len(houses) + 1),
                    unit=rng.choice([a for a in areas_by_parent[unit.pk] if valid_on(a, today)]),
                    organization=fronts[unit.pk],
                    work=work,
                    status=status,
                    started_on=today - datetime.timedelta(days=30)
                    if status == HouseStatus.BUILDING
                    else None,
                    is_demo=True,
                    **_cost(rng, work),
                )
            )
    return GreatUnityHouse.objects.bulk_create(houses)
