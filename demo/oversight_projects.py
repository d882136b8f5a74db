"""Demo projects in the investment monitoring register, with their monitoring sessions.

One project per entry of ``oversight_data.PROJECTS``: its sessions with findings (some kept
internal) and recommendations, one of them about the hot-spot concerns of its area. Sessions
in the area of the ``board_member`` account are recorded by that account.
"""

from __future__ import annotations

import datetime

from concerns.models import Concern, ConcernCategory, ConcernStatus
from organizations.models import AdministrativeUnit, Organization, User
from oversight.models import MonitoringFinding, MonitoringSession, Project

from . import oversight_data as data
from .oversight_boards import BOARD_MEMBER_AREA, BOARD_MEMBER_USERNAME
from .oversight_work import OversightWork


def seed_projects(work: OversightWork) -> None:
    board_member = User.objects.filter(username=BOARD_MEMBER_USERNAME).first()
    for spec in data.PROJECTS:
        area = _area(spec.area)
        board = work.boards[spec.area] if spec.monitored else None
        project = Project.objects.create(
            name=spec.name,
            description=spec.description,
            investor=spec.investor,
            funding_source=spec.funding,
            total_investment_vnd=spec.total_vnd,
            approving_decision=spec.decision,
            unit=area.parent,
            residential_area=area,
            planned_start=spec.planned[0],
            planned_end=spec.planned[1],
            actual_start=spec.actual[0],
            actual_end=spec.actual[1],
            stage=spec.stage,
            progress=spec.progress,
            board=board,
            created_by=work.recorder(area.parent),
            is_demo=True,
        )
        recorder = board_member if spec.area == BOARD_MEMBER_AREA else work.recorder(area.parent)
        for number, session_spec in enumerate(spec.sessions, start=1):
            _session(work, project, board, session_spec, recorder, number)


def _session(work: OversightWork, project: Project, board: Organization, spec, recorder, number: int) -> None:
    held_on = work.day(spec.held_on)
    session = MonitoringSession.objects.create(
        project=project,
        board=board,
        held_on=held_on,
        stage=spec.stage,
        aspects=list(spec.aspects),
        summary=f"{data.MINUTES_MARKER}{project.pk:02d}{number}: Đoàn giám sát gồm các thành viên Ban, "
        "đại diện chủ đầu tư và đơn vị thi công; đã kiểm tra thực địa và hồ sơ (minh họa).",
        internal_notes=spec.internal_note,
        savings_vnd=spec.savings_vnd,
        is_published=spec.published,
        published_on=held_on + datetime.timedelta(days=2) if spec.published else None,
        created_by=recorder,
        is_demo=True,
    )
    if session.published_on and session.published_on > work.today:
        session.published_on = work.today
        session.save(update_fields=["published_on"])
    MonitoringFinding.objects.bulk_create(
        MonitoringFinding(session=session, aspect=aspect, text=text, is_public=public)
        for aspect, text, public in spec.findings
    )
    for rec in spec.recommendations:
        concern = _hotspot_concern(project.residential_area) if rec.hotspot_concern else None
        work.recommendation(rec, recorder, session=session, concern=concern)


def _hotspot_concern(area: AdministrativeUnit) -> Concern | None:
    return (
        Concern.objects.filter(
            residential_area=area,
            category=ConcernCategory.INFRASTRUCTURE,
            status__in=(ConcernStatus.RECEIVED, ConcernStatus.FORWARDED),
        )
        .order_by("received_on", "pk")
        .first()
    )


def _area(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(code=code)
