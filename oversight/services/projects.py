"""Writes of investment projects and monitoring sessions (with their findings and recommendation)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.scoping import scope_for

from ..models import MonitoringFinding, MonitoringSession, Project, Recommendation, RecommendationStatus
from .common import atomic_as, can_work_for_board, public_pages_changed, refuse, require_editable, save
from .recommendations import _check_concern, prepare_sending


def save_project(*, actor, project: Project) -> Project:
    """Register or change a project of a ward or commune the actor may change."""
    require_editable(actor, project)
    if not scope_for(actor).can_write_unit(project.unit_id):
        raise refuse("unit")
    if project.pk is None:
        project.created_by = actor
    save(project, actor=actor)
    if project.board_id is not None:
        public_pages_changed()
    return project


def _check_session_access(actor, project: Project) -> None:
    if not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        raise refuse()
    if project.board_id is None:
        raise ValidationError(_("This project has no monitoring board yet."), code="no_board")
    if not (can_work_for_board(actor, project.board) or scope_for(actor).can_write_unit(project.unit_id)):
        raise refuse()


def record_session(
    *,
    actor,
    session: MonitoringSession,
    findings: Iterable[MonitoringFinding] = (),
    recommendation: Recommendation | None = None,
) -> MonitoringSession:
    """Record a monitoring session of ``session.project`` with its findings and, optionally, a recommendation.

    The recommendation is sent at once when it has a date sent; otherwise it stays a draft.
    Everything is saved in one transaction, or nothing.
    """
    project = session.project
    _check_session_access(actor, project)
    session.board = project.board
    session.created_by = actor
    if session.is_published and not session.published_on:
        session.published_on = timezone.localdate()
    findings = list(findings)
    with atomic_as(actor):
        save(session, actor=actor)
        for finding in findings:
            finding.session = session
            save(finding, actor=actor)
        if recommendation is not None:
            _check_concern(actor, recommendation.concern)
            recommendation.session = session
            recommendation.created_by = actor
            recommendation.take_place_from_origin()
            recommendation.status = (
                RecommendationStatus.SENT if recommendation.sent_on else RecommendationStatus.DRAFT
            )
            prepare_sending(recommendation)
            save(recommendation, actor=actor)
    if session.is_published:
        public_pages_changed()
    return session


def update_session(
    *,
    actor,
    session: MonitoringSession,
    findings: Iterable[MonitoringFinding] = (),
    removed_findings: Iterable[MonitoringFinding] = (),
) -> MonitoringSession:
    """Change a session and its findings (new, changed and removed ones) in one transaction."""
    require_editable(actor, session)
    findings, removed_findings = list(findings), list(removed_findings)
    for finding in [*findings, *removed_findings]:
        if finding.pk is not None and finding.session_id != session.pk:
            raise refuse()
    was_published = MonitoringSession.objects.filter(pk=session.pk, is_published=True).exists()
    if session.is_published and not session.published_on:
        session.published_on = timezone.localdate()
    if not session.is_published:
        session.published_on = None
    with atomic_as(actor):
        save(session, actor=actor)
        for finding in findings:
            finding.session = session
            save(finding, actor=actor)
        for finding in removed_findings:
            if finding.pk is not None:
                finding.delete()
    if session.is_published or was_published:
        public_pages_changed()
    return session


def publish_session(
    *, actor, session: MonitoringSession, publish: bool, on: datetime.date | None = None
) -> MonitoringSession:
    """Show (or stop showing) the session's public findings and recommendations on the project's page."""
    require_editable(actor, session)
    session.is_published = publish
    session.published_on = (on or timezone.localdate()) if publish else None
    save(session, actor=actor)
    public_pages_changed()
    return session
