"""The oversight bodies of the demo, brought in line at every run of ``seed_demo``.

The monitoring board of each project area (found among the organizations seed's boards),
a ``BoardMember`` (area represented, recognising decision) for every position on a board,
the founding decision of each monitoring board, and the ``board_member`` demo account: write
access to the board of khu phố 2, Phường Phước Hội, linked to the head of that board.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth.hashers import make_password

from core.formatting import unit_in_text
from organizations.models import (
    Access,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Position,
    PositionTitle,
    Scope,
    User,
)
from oversight.models import BoardMember, MonitoringBoard

from .common import MERGER
from .structure import PASSWORD

K = OrganizationKind
T = PositionTitle
BOARD_MEMBER_USERNAME = "board_member"
BOARD_MEMBER_AREA = "LD-PPHUOCHOI-KP02"


def refresh() -> dict[str, Organization]:
    """Bring the boards, their members and the demo account in line; return the monitoring boards."""
    boards = monitoring_boards()
    _board_members()
    _foundings(boards)
    _account(boards)
    return boards


def monitoring_boards() -> dict[str, Organization]:
    """The monitoring board of each project area (the organizations seed's boards), by area code.

    A board is found through its head, who heads the Front working committee of the area.
    """
    found: dict[str, Organization] = {}
    heads = Position.objects.filter(
        organization__kind=K.INVESTMENT_MONITORING_BOARD, title=T.HEAD
    ).select_related("organization")
    committee_areas = _committee_areas()
    areas = {area.pk: area for area in AdministrativeUnit.objects.residential_areas()}
    for head in heads.order_by("pk"):
        for area_id in committee_areas.get(head.person_id, ()):
            area = areas.get(area_id)
            if area is not None and area.parent_id == head.organization.unit_id:
                found.setdefault(area.code, head.organization)
    return found


def _committee_areas() -> dict[int, list[int]]:
    """Person → the residential areas whose Front working committee they sit on."""
    areas: dict[int, list[int]] = defaultdict(list)
    for person_id, unit_id in Position.objects.filter(
        organization__kind=K.FRONT_WORKING_COMMITTEE
    ).values_list("person_id", "organization__unit_id"):
        areas[person_id].append(unit_id)
    return areas


def _board_members() -> None:
    """A ``BoardMember`` for every position on a board: the area represented, the decision."""
    positions = list(
        Position.objects.filter(organization__kind__in=(K.INSPECTION_BOARD, K.INVESTMENT_MONITORING_BOARD))
        .filter(board_member__isnull=True)
        .select_related("organization")
        .order_by("pk")
    )
    if not positions:
        return
    committee_areas = _committee_areas()
    parents = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    front_people = set(
        Position.objects.filter(organization__kind=K.FRONT_COMMITTEE).values_list("person_id", flat=True)
    )
    members = []
    for position in positions:
        board = position.organization
        area_id = next(
            (a for a in committee_areas.get(position.person_id, ()) if parents.get(a) == board.unit_id), None
        )
        is_front = area_id is None and position.person_id in front_people
        issuer = "UBND" if board.kind == K.INSPECTION_BOARD else "MTTQ"
        members.append(
            BoardMember(
                position=position,
                residential_area_id=area_id,
                decision_number=f"{100 + (position.pk % 150)}/QĐ-{issuer}",
                decision_date=position.start,
                is_front_representative=is_front,
                is_demo=True,
            )
        )
    BoardMember.objects.bulk_create(members)


def _foundings(boards: dict[str, Organization]) -> None:
    have = set(MonitoringBoard.objects.values_list("organization_id", flat=True))
    rows = []
    for board in sorted(boards.values(), key=lambda b: b.pk):
        if board.pk in have:
            continue
        start = board.valid_from or MERGER
        rows.append(
            MonitoringBoard(
                organization=board,
                decision_number=f"{10 + board.pk % 80}/QĐ-MTTQ",
                decision_date=start - datetime.timedelta(days=10),
                decided_by=f"Ban Thường trực Ủy ban MTTQ Việt Nam {unit_in_text(board.unit.name)}",
                is_constituted=True,
                is_demo=True,
            )
        )
    MonitoringBoard.objects.bulk_create(rows)


def _account(boards: dict[str, Organization]) -> None:
    """The ``board_member`` account: write access to the board of khu phố 2, Phường Phước Hội."""
    board = boards[BOARD_MEMBER_AREA]
    head = (
        Position.objects.filter(organization=board, title=T.HEAD)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    user = User.objects.filter(username=BOARD_MEMBER_USERNAME).first()
    if user is None:
        user = User(username=BOARD_MEMBER_USERNAME, password=make_password(PASSWORD))
    person = head.person if head is not None else None
    if person is not None and User.objects.filter(person=person).exclude(pk=user.pk).exists():
        person = None
    family, _space, given = (person.full_name if person else "").partition(" ")
    values = {
        "person": person,
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        "first_name": given,
        "last_name": family,
        "email": person.email if person and person.email else f"{BOARD_MEMBER_USERNAME}@example.vn",
    }
    changed = user.pk is None
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if changed:
        user.save()
    wanted = (None, board.pk, Access.WRITE)
    scopes = list(Scope.objects.filter(user=user))
    if [(s.unit_id, s.organization_id, s.access) for s in scopes] != [wanted]:
        Scope.objects.filter(user=user).delete()
        Scope.objects.create(user=user, organization=board, access=Access.WRITE)
