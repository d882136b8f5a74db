"""Demo member registers, household figures, households visited and assignments. All invented.

``seed(rng)`` runs after the activities seed and creates everything once: running it again changes
nothing. About 130 members per new ward or commune, who joined from 2020 on: a member who joined
before 1 July 2025 joined the association of the old ward and was transferred on that day to the
branch of their residential area in the new one (the history kept as two linked memberships).
Some left since: moved away, passed away, resigned, or aged out of the Youth Union. Every member's
name carries ``MEMBER_MARKER`` so that the privacy tests can look for it on the public pages.

Household figures: one per today's residential area for 2024, 2025 and 2026, with an invented
source. The households reached: each demo doorstep visit of 2026 lists households by number, some
listed by two visits (counted once). Assignments: the demo cadres answer for a few areas, and each
area's Front working committee head for theirs.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from activities.models import VisitDetails
from core.formatting import unit_in_text
from members.models import (
    Assignment,
    AssignmentRole,
    Ethnicity,
    Household,
    HouseholdFigure,
    HouseholdVisit,
    LeaveReason,
    Member,
    Membership,
)
from organizations.models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Position,
    PositionTitle,
    User,
)

from .people import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from .structure import NEW_LAGI, NEW_PHUOCHOI, NEW_START, NEW_TANHAI, OLD_UNITS

K = OrganizationKind
MEMBER_MARKER = "HV·"
MEMBERS_PER_UNIT = 130
FIRST_JOINED = datetime.date(2020, 1, 1)
NEW_UNITS = (NEW_LAGI, NEW_PHUOCHOI, NEW_TANHAI)
# The associations whose registers are seeded, with the share of members of each.
KINDS = (
    (K.WOMENS_UNION, 30),
    (K.FARMERS_ASSOCIATION, 20),
    (K.YOUTH_UNION, 15),
    (K.VETERANS_ASSOCIATION, 10),
    (K.ELDERLY_ASSOCIATION, 15),
    (K.RED_CROSS, 5),
    (K.STUDY_PROMOTION, 5),
)
CARD_PREFIXES = {K.YOUTH_UNION: "ĐV", K.VETERANS_ASSOCIATION: "CCB", K.WOMENS_UNION: "PN"}
ETHNICITY_WEIGHTS = ((Ethnicity.KINH, 88), (Ethnicity.HOA, 6), (Ethnicity.CHAM, 3), (Ethnicity.RAGLAI, 3))
# Areas the demo cadres answer for (the first few of their ward's areas).
CADRE_AREAS = {"cadre_ward": (NEW_PHUOCHOI, 3), "cadre_area": (NEW_TANHAI, 2), "cadre_women": (NEW_LAGI, 2)}
FIGURE_YEARS = (2024, 2025, 2026)


def member_name(number: int, rng: random.Random, gender: str) -> str:
    words = (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[gender]), rng.choice(GIVEN_NAMES[gender]))
    return f"{' '.join(words)} {MEMBER_MARKER}{number:03d}"


def member_phone(number: int) -> str:
    return f"0990{number:06d}"


def confidential_demo_values(count: int = MEMBERS_PER_UNIT * len(NEW_UNITS)) -> list[str]:
    """The phones of the demo members (their names are found by ``MEMBER_MARKER``)."""
    return [member_phone(number) for number in range(1, count + 1)]


def seed(rng: random.Random) -> int:
    """Create the demo registers and area data once; returns how many members were created."""
    with transaction.atomic(), disable_auditlog():
        if Member.objects.filter(is_demo=True).exists():
            return 0
        today = timezone.localdate()
        areas = list(
            # The areas open today (a 2026 split closed one of the new wards' areas).
            AdministrativeUnit.objects.filter(parent__code__in=NEW_UNITS, kind__in=RESIDENTIAL_AREA_KINDS)
            .current(today)
            .select_related("parent")
            .order_by("parent__code", "code")
        )
        count = _seed_registers(rng, today, areas)
        _seed_figures(rng, areas)
        _seed_households_visited(rng, today)
        _seed_assignments(areas)
        return count


def _associations() -> tuple[dict, dict, dict]:
    """Ward-level associations by (unit code, kind), and today's area branches by (area, kind)."""
    top = {}
    for org in Organization.objects.filter(
        parent__isnull=True, kind__in=[k for k, _w in KINDS]
    ).select_related("unit"):
        top.setdefault((org.unit.code, org.kind), org)
    branches: dict[tuple[int, str], Organization] = {}
    for org in Organization.objects.filter(
        unit__kind__in=RESIDENTIAL_AREA_KINDS, parent__parent__isnull=True, kind__in=[k for k, _w in KINDS]
    ).order_by("pk"):
        branches.setdefault((org.unit_id, org.kind), org)
    old_of: dict[str, list[str]] = defaultdict(list)
    for unit in OLD_UNITS:
        old_of[unit.successor].append(unit.code)
    return top, branches, old_of


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _seed_registers(rng: random.Random, today: datetime.date, areas: list[AdministrativeUnit]) -> int:
    """The members and their memberships, in three bulk inserts."""
    top, branches, old_of = _associations()
    areas_of: dict[str, list[AdministrativeUnit]] = defaultdict(list)
    for area in areas:
        areas_of[area.parent.code].append(area)
    members: list[Member] = []
    plans: list[tuple[Member, str, str, list]] = []  # member, unit code, kind, [(joined, left, reason)]
    number = 0
    for unit_code in NEW_UNITS:
        for _index in range(MEMBERS_PER_UNIT):
            number += 1
            kind = rng.choices([k for k, _w in KINDS], weights=[w for _k, w in KINDS])[0]
            gender = "female" if kind == K.WOMENS_UNION or rng.random() < 0.45 else "male"
            if kind == K.VETERANS_ASSOCIATION:
                gender = "male"
            joined = _random_date(rng, FIRST_JOINED, today)
            if kind == K.YOUTH_UNION:
                birth_year = joined.year - rng.randint(16, 28)
            elif kind == K.ELDERLY_ASSOCIATION:
                birth_year = rng.randint(1940, joined.year - 60)
            else:
                birth_year = rng.randint(1955, 2000)
            member = Member(
                full_name=member_name(number, rng, gender),
                birth_year=birth_year,
                gender=gender,
                ethnicity=rng.choices([e for e, _w in ETHNICITY_WEIGHTS], [w for _e, w in ETHNICITY_WEIGHTS])[
                    0
                ],
                residential_area=rng.choice(areas_of[unit_code]),
                phone=member_phone(number) if rng.random() < 0.7 else "",
                is_demo=True,
            )
            left, reason = None, ""
            if kind == K.YOUTH_UNION and datetime.date(birth_year + 31, 1, 1) <= today:
                left, reason = datetime.date(birth_year + 31, 1, 1), LeaveReason.AGED_OUT
            elif rng.random() < 0.12:
                left = _random_date(rng, joined + datetime.timedelta(days=90), today)
                reason = rng.choice(
                    (LeaveReason.MOVED, LeaveReason.MOVED, LeaveReason.DECEASED, LeaveReason.RESIGNED)
                )
            if left is not None and left <= joined:
                left, reason = None, ""
            members.append(member)
            plans.append((member, unit_code, kind, [joined, left, reason]))
            if number % 6 == 0 and kind != K.RED_CROSS:
                # A second organization: the Red Cross.
                second = _random_date(rng, max(joined, FIRST_JOINED), today)
                plans.append((member, unit_code, K.RED_CROSS, [second, None, ""]))
    Member.objects.bulk_create(members)
    memberships: list[Membership] = []
    transfers: list[tuple[Membership, Membership]] = []
    cards: dict[str, int] = defaultdict(int)
    for member, unit_code, kind, (joined, left, reason) in plans:
        branch = branches.get((member.residential_area_id, kind)) or top.get((unit_code, kind))
        if branch is None:
            continue
        card = ""
        if kind in CARD_PREFIXES:
            cards[kind] += 1
            card = f"{CARD_PREFIXES[kind]}-{unit_code[-4:]}-{cards[kind]:04d}"
        old = [top[(code, kind)] for code in old_of[unit_code] if (code, kind) in top]
        if joined < NEW_START and not old:
            # No such association before the reorganization: the member joined the new one.
            joined = _random_date(rng, NEW_START, today)
            if left is not None and left <= joined:
                left, reason = None, ""
        if joined < NEW_START and old and (left is None or left > NEW_START):
            before = Membership(
                member=member,
                organization=old[member.pk % len(old)],
                joined_on=joined,
                left_on=NEW_START,
                leave_reason=LeaveReason.TRANSFERRED,
                card_number=card,
                is_demo=True,
            )
            after = Membership(
                member=member,
                organization=branch,
                joined_on=NEW_START,
                left_on=left,
                leave_reason=reason,
                card_number=card,
                is_demo=True,
            )
            transfers.append((before, after))
            memberships.append(before)
            continue
        if joined < NEW_START and old:
            branch = old[member.pk % len(old)]
        memberships.append(
            Membership(
                member=member,
                organization=branch,
                joined_on=joined,
                left_on=left,
                leave_reason=reason,
                card_number=card,
                is_demo=True,
            )
        )
    Membership.objects.bulk_create(memberships)
    for before, after in transfers:
        after.previous_id = before.pk
    Membership.objects.bulk_create([after for _before, after in transfers])
    return len(members)


def _seed_figures(rng: random.Random, areas: list[AdministrativeUnit]) -> None:
    figures = []
    for area in areas:
        households = rng.randint(250, 650)
        for year in FIGURE_YEARS:
            households += rng.randint(0, 12)
            figures.append(
                HouseholdFigure(
                    residential_area=area,
                    year=year,
                    households=households,
                    residents=households * rng.randint(34, 41) // 10,
                    source=f"Số liệu Công an {unit_in_text(area.parent.name)} ngày 01/01/{year} (minh họa)",
                    is_demo=True,
                )
            )
    HouseholdFigure.objects.bulk_create(figures)


def _seed_households_visited(rng: random.Random, today: datetime.date) -> None:
    """Each demo visit of this year lists households by number; a tenth of them were visited before."""
    visits = list(
        VisitDetails.objects.filter(activity__date__year=today.year, activity__date__lte=today)
        .select_related("activity")
        .order_by("activity__date", "pk")
    )
    listed: dict[int, list[str]] = defaultdict(list)
    rows: dict[tuple[int, str], Household] = {}
    days: list[tuple[int, str, datetime.date]] = []
    for visit in visits:
        area_id = visit.residential_area_id
        count = min(visit.households_visited, 40)
        codes = []
        for _n in range(count):
            if listed[area_id] and rng.random() < 0.1:
                codes.append(rng.choice(listed[area_id]))
            else:
                codes.append(str(len(listed[area_id]) + 1))
                listed[area_id].append(codes[-1])
        for code in dict.fromkeys(codes):
            rows.setdefault((area_id, code), Household(residential_area_id=area_id, code=code, is_demo=True))
            days.append((area_id, code, visit.activity.date))
    Household.objects.bulk_create(rows.values())
    HouseholdVisit.objects.bulk_create(
        [
            HouseholdVisit(household=rows[(a, c)], visited_on=d, is_demo=True)
            for a, c, d in dict.fromkeys(days)
        ],
        ignore_conflicts=True,
    )


def _seed_assignments(areas: list[AdministrativeUnit]) -> None:
    assignments = []
    by_unit: dict[str, list[AdministrativeUnit]] = defaultdict(list)
    for area in areas:
        by_unit[area.parent.code].append(area)
    women = {
        org.unit_id: org
        for org in Organization.objects.filter(
            kind=K.WOMENS_UNION, unit__in=areas, parent__parent__isnull=True
        )
    }
    for username, person_id in User.objects.filter(username__in=CADRE_AREAS).values_list(
        "username", "person_id"
    ):
        unit_code, count = CADRE_AREAS[username]
        for area in by_unit[unit_code][:count]:
            branch = women.get(area.pk) if username == "cadre_women" else None
            assignments.append(
                Assignment(
                    person_id=person_id,
                    residential_area=area,
                    organization=branch,
                    start=NEW_START,
                    is_demo=True,
                )
            )
    heads = (
        Position.objects.current()
        .filter(
            organization__kind=K.FRONT_WORKING_COMMITTEE,
            organization__unit__in=areas,
            title=PositionTitle.HEAD,
        )
        .values_list("person_id", "organization__unit_id", "start")
    )
    for person_id, area_id, start in heads:
        assignments.append(
            Assignment(
                person_id=person_id,
                residential_area_id=area_id,
                role=AssignmentRole.WORKING_COMMITTEE,
                start=start,
                is_demo=True,
            )
        )
    Assignment.objects.bulk_create(assignments)
