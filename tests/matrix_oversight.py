"""Permission-matrix rows for the oversight app's URLs (see tests/matrix.py).

Every row gives the status of the ``board_member`` demo account explicitly (a write scope on the
monitoring board of khu phố 2, Phường Phước Hội): it reads and records the work of its own
board (200), reads but does not keep the commune's register of projects or the list of who
sits on the board (403), and sees nothing else (404).

``oversight_demo`` loads the oversight demo data once per test process (a no-op once
``seed_demo`` calls ``demo.oversight.seed``); test modules import it to use it.
"""

from __future__ import annotations

import random

import pytest

from organizations.models import Organization, OrganizationKind, Position
from oversight.models import (
    Inspection,
    InspectionReport,
    InspectionWorkPlan,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
)
from tests.matrix import PUBLIC, Row, statuses

PH = "LD-PPHUOCHOI"


@pytest.fixture(scope="module", autouse=True)
def oversight_demo(django_db_setup, django_db_blocker) -> None:
    from demo.oversight import seed

    with django_db_blocker.unblock():
        seed(random.Random(2027))


def expect(board_member: int, **overrides: int) -> dict[str, int]:
    """The statuses of ``tests.matrix.statuses``, with the board member's given explicitly."""
    return statuses(**overrides, board_member=board_member)


CADRE = expect(200)
# Objects of Phường Phước Hội, outside the Women's Union scope.
PH_READ = expect(200, cadre_women=404)
PH_WRITE = expect(200, cadre_women=404, cadre_viewer=403)


def ph_project() -> Project:
    """The seawall project of khu phố 2, monitored by the board member's board."""
    return (
        Project.objects.filter(unit__code=PH, residential_area__code=f"{PH}-KP02", board__isnull=False)
        .order_by("pk")
        .first()
    )


def ph_board() -> Organization:
    return ph_project().board


def ph_session() -> MonitoringSession:
    return MonitoringSession.objects.filter(project=ph_project()).order_by("pk").first()


def ph_recommendation() -> Recommendation:
    return Recommendation.objects.filter(session__project=ph_project()).order_by("pk").first()


def ph_inspection_board() -> Organization:
    return Organization.objects.get(kind=OrganizationKind.INSPECTION_BOARD, unit__code=PH)


def ph_inspection() -> Inspection:
    return Inspection.objects.filter(board=ph_inspection_board()).order_by("pk").first()


def ph_supervision() -> Supervision:
    return Supervision.objects.filter(unit__code=PH).order_by("pk").first()


def _pk(getter):
    return lambda: {"pk": getter().pk}


ROWS: dict[str, Row] = {
    # Recommendations
    "oversight:recommendation_inbox": Row(CADRE),
    "oversight:recommendation_detail": Row(PH_READ, _pk(ph_recommendation)),
    **{
        f"oversight:recommendation_{step}": Row(PH_WRITE, _pk(ph_recommendation))
        for step in ("send", "reply", "implementation", "close")
    },
    "oversight:recommendation_resupervise": Row(
        expect(403, cadre_women=404, cadre_viewer=403), _pk(ph_recommendation)
    ),
    # Supervisions (of the Front of Phường Phước Hội)
    "oversight:supervision_list": Row(CADRE),
    "oversight:supervision_create": Row(expect(403, cadre_viewer=403)),
    "oversight:supervision_detail": Row(expect(404, cadre_women=404), _pk(ph_supervision)),
    "oversight:supervision_edit": Row(expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_supervision)),
    "oversight:supervision_recommend": Row(
        expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_supervision)
    ),
    # Inspections (of the People's Inspection Board of Phường Phước Hội)
    "oversight:inspection_list": Row(CADRE),
    "oversight:inspection_create": Row(expect(403, cadre_women=403, cadre_viewer=403)),
    "oversight:inspection_detail": Row(expect(404, cadre_women=404), _pk(ph_inspection)),
    "oversight:inspection_edit": Row(expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_inspection)),
    "oversight:inspection_recommend": Row(expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_inspection)),
    # Investment projects and monitoring sessions
    "oversight:project_list": Row(CADRE),
    "oversight:project_create": Row(expect(403, cadre_women=403, cadre_viewer=403)),
    "oversight:project_detail": Row(PH_READ, _pk(ph_project)),
    "oversight:project_edit": Row(expect(403, cadre_women=404, cadre_viewer=403), _pk(ph_project)),
    "oversight:session_create": Row(PH_WRITE, _pk(ph_project)),
    "oversight:session_detail": Row(PH_READ, _pk(ph_session)),
    "oversight:session_edit": Row(PH_WRITE, _pk(ph_session)),
    "oversight:session_recommend": Row(PH_WRITE, _pk(ph_session)),
    "oversight:session_publish": Row(
        expect(302, cadre_area=302, cadre_ward=302, admin=302, cadre_women=404, cadre_viewer=403),
        _pk(ph_session),
        method="post",
        data={"publish": "1"},
    ),
    # Boards
    "oversight:board_list": Row(CADRE),
    "oversight:board_detail": Row(PH_READ, _pk(ph_board)),
    "oversight:board_edit": Row(expect(403, cadre_women=404, cadre_viewer=403), _pk(ph_board)),
    "oversight:member_create": Row(expect(403, cadre_women=404, cadre_viewer=403), _pk(ph_board)),
    "oversight:member_edit": Row(
        expect(403, cadre_women=404, cadre_viewer=403),
        lambda: {"pk": Position.objects.filter(organization=ph_board()).order_by("pk").first().pk},
    ),
    "oversight:plan_create": Row(expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_inspection_board)),
    "oversight:plan_edit": Row(
        expect(404, cadre_women=404, cadre_viewer=403),
        lambda: {
            "pk": InspectionWorkPlan.objects.filter(board=ph_inspection_board()).order_by("pk").first().pk
        },
    ),
    "oversight:report_create": Row(expect(404, cadre_women=404, cadre_viewer=403), _pk(ph_inspection_board)),
    "oversight:report_edit": Row(
        expect(404, cadre_women=404, cadre_viewer=403),
        lambda: {
            "pk": InspectionReport.objects.filter(board=ph_inspection_board()).order_by("pk").first().pk
        },
    ),
    # Public pages
    "oversight_public:project_list": Row(PUBLIC),
    "oversight_public:project_detail": Row(PUBLIC, _pk(ph_project)),
    "oversight_public:board_list": Row(PUBLIC),
    "oversight_public:board_detail": Row(PUBLIC, _pk(ph_inspection_board)),
}
