"""Permission-matrix cases beyond one row per URL: the same URL on the objects an attacker aimed at.

Each case names a URL of the project, the object it is opened on and the status of every role
(tests/test_permission_matrix.py runs them with the URL rows). They hold the rules of who keeps a
record, which the services enforce again: through an organization scope only the record of a
member organization changes (never a board's or a Front committee's), who sits on a board changes
only in the oversight screens, and a person's private fields change only for the cadres of their
home unit or of the organizations that hold all of their current positions.
"""

from __future__ import annotations

from organizations.models import BOARD_KINDS, Organization, OrganizationKind, Person, Position
from tests import matrix_reports
from tests.helpers import la_gi_womens_union
from tests.matrix import Row, statuses


def monitoring_board() -> Organization:
    """The board_member account's board (a Community Investment Monitoring Board of khu phố 2)."""
    from organizations.models import Scope

    return Scope.objects.get(user__username="board_member").organization


def board_member_on_front_committee() -> Person:
    """A member of that board who also sits, today, on a Front body of Phường Phước Hội."""
    board = monitoring_board()
    on_board = Position.objects.current().filter(organization=board).values("person_id")
    return (
        Person.objects.filter(pk__in=on_board)
        .filter(
            pk__in=Position.objects.current()
            .filter(organization__kind=OrganizationKind.FRONT_COMMITTEE)
            .values("person_id")
        )
        .order_by("pk")
        .first()
    )


def womens_chair_and_front_vice_chair() -> Person:
    """The chair of the Women's Union of Phường La Gi, vice-chair of the ward's Front committee."""
    union = la_gi_womens_union()
    chairs = Position.objects.current().filter(organization=union, title="chair").values("person_id")
    return (
        Person.objects.filter(pk__in=chairs)
        .filter(
            pk__in=Position.objects.current()
            .filter(organization__kind=OrganizationKind.FRONT_COMMITTEE)
            .values("person_id")
        )
        .get()
    )


def board_position() -> Position:
    return Position.objects.filter(
        organization__kind__in=BOARD_KINDS, organization=monitoring_board()
    ).first()


def _pk(get):
    return lambda: {"pk": get().pk}


# The board member's own board: read, never kept through the cadre screens of the structure.
BOARD_RECORD = statuses(cadre_women=404, cadre_viewer=403, board_member=403)
# Positions on a board: only through the oversight screens, for every role.
BOARD_POSITIONS = statuses(
    cadre_area=403, cadre_ward=403, admin=403, cadre_women=404, cadre_viewer=403, board_member=403
)

CASES: dict[str, tuple[str, Row]] = {
    "the board's record": ("cadre:organization_edit", Row(BOARD_RECORD, _pk(monitoring_board))),
    "a term of the board": ("cadre:term_create", Row(BOARD_RECORD, _pk(monitoring_board))),
    "a position on the board": ("cadre:position_create", Row(BOARD_POSITIONS, _pk(monitoring_board))),
    "a board member's position": ("cadre:position_edit", Row(BOARD_POSITIONS, _pk(board_position))),
    "a board member who sits on the Front committee": (
        "cadre:person_edit",
        Row(
            statuses(cadre_women=404, cadre_viewer=403, board_member=403),
            _pk(board_member_on_front_committee),
        ),
    ),
    "the Women's Union chair, vice-chair of the Front": (
        "cadre:person_edit",
        Row(
            statuses(cadre_ward=404, cadre_viewer=403, cadre_women=403, board_member=404),
            _pk(womens_chair_and_front_vice_chair),
        ),
    ),
}

# The report page opened on another scope's unit or organization (tests/matrix_reports.py).
CASES.update(matrix_reports.CASES)
