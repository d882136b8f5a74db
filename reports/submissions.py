"""Sending a report up: compile, write the narrative, sign off, submit; return; a new version.

    draft ──sign_off──▶ signed off ──submit──▶ submitted ──return_for_correction──▶ returned
      ▲                                           │                                   │
      └───────────────── new_version (version + 1, with a reason) ◀──────────────────┘

Every function here is a service: keyword-only and typed, it finds the report again through the
scoped QuerySet (another scope's report is refused as outside it), checks the step is allowed,
validates the whole row and saves it in one transaction as ``actor``, so that the audit log
names who did it. A refused step raises a translated ``ValidationError``, keyed by the form field
it concerns when there is one. The figures are computed by ``reports.compute.build_report`` when
the report is compiled, on request while it is a draft, and one last time when it is sent; from
then on nothing changes them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.audit import set_actor
from organizations.lineage import View
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, Position
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY, scope_for

from .compute import build_report
from .models import SIGN_OFF_PERMISSION, ReportSubmission, SubmissionStatus
from .periods import Period
from .submission_figures import freeze

Status = SubmissionStatus

ONLY_DRAFTS_CHANGE = _("Only a draft can be changed: this report has been signed off or sent.")
NOT_A_LEADER = _("Only a leader whose account may sign off reports can sign this report off.")
LATER_VERSION = _("A later version of this report exists.")
ONLY_LEVEL_ABOVE = _("Only the level above can return a report for correction.")
OWN_LEVEL_ONLY = _("Only the cadres of this unit or organization compile and send its report.")


def due_date_of(period: Period) -> datetime.date:
    """When a report of ``period`` is due at the level above: ``REPORT_DUE_DAYS`` after it ends."""
    return period.end + datetime.timedelta(days=settings.REPORT_DUE_DAYS)


def _refuse(message, field: str | None = None) -> ValidationError:
    return ValidationError({field or NON_FIELD_ERRORS: [message]})


def _figures(actor, submission: ReportSubmission) -> dict:
    """The report's figures computed now, with labels in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        report = build_report(
            scope=scope_for(actor),
            period=submission.period(),
            view=submission.view,
            unit=submission.unit if submission.unit_id else None,
            organization=submission.organization if submission.organization_id else None,
            today=timezone.localdate(),
        )
        return freeze(report)


def _save(submission: ReportSubmission, *, actor) -> ReportSubmission:
    submission.full_clean()
    with set_actor(actor):
        submission.save()
    return submission


def _own(actor, submission: ReportSubmission) -> ReportSubmission:
    """The report again, locked, if ``actor`` works at its own level; refused otherwise."""
    found = (
        ReportSubmission.objects.editable_by(actor)
        .select_for_update(of=("self",))
        .select_related("unit", "organization")
        .filter(pk=submission.pk)
        .first()
    )
    if found is None:
        visible = ReportSubmission.objects.visible_to(actor).filter(pk=submission.pk).exists()
        raise _refuse(OWN_LEVEL_ONLY if visible and scope_for(actor).can_write else OUTSIDE_SCOPE)
    return found


def _require_status(submission: ReportSubmission, allowed: tuple[str, ...], message) -> None:
    if submission.status not in allowed:
        raise _refuse(message)


def _has_later_version(submission: ReportSubmission) -> bool:
    return (
        ReportSubmission.objects.of_subject(
            unit_id=submission.unit_id, organization_id=submission.organization_id
        )
        .of_period(submission.period())
        .filter(version__gt=submission.version)
        .exists()
    )


# --- compiling --------------------------------------------------------------------------------


def start_report(
    *,
    actor,
    period: Period,
    unit: AdministrativeUnit | None = None,
    organization: Organization | None = None,
) -> ReportSubmission:
    """Compile the report of ``unit`` (or ``organization``) for ``period``: a draft, version 1, with
    the figures of today and its due date."""
    if (unit is None) == (organization is None):
        raise _refuse(_("Choose the unit or the organization whose report this is."), "unit")
    if unit is not None and not AdministrativeUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise _refuse(OUTSIDE_SCOPE, "unit")
    if (
        organization is not None
        and not Organization.objects.visible_to(actor).filter(pk=organization.pk).exists()
    ):
        raise _refuse(OUTSIDE_SCOPE, "organization")
    if not scope_for(actor).can_write:
        raise _refuse(READ_ONLY)
    if period.start > timezone.localdate():
        raise _refuse(_("This period has not begun yet."), "period")
    existing = ReportSubmission.objects.of_subject(
        unit_id=unit.pk if unit else None, organization_id=organization.pk if organization else None
    ).of_period(period)
    if existing.exists():
        raise _refuse(_("The report of this period has already been compiled: open it from your reports."))
    submission = ReportSubmission(
        unit=unit,
        organization=organization,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        view=View.AS_IT_IS,
        due_date=due_date_of(period),
        created_by=actor,
    )
    submission.full_clean()
    with transaction.atomic():
        submission.figures = _figures(actor, submission)
        submission.figures_computed_at = timezone.now()
        _save(submission, actor=actor)
        # Compiled and sent only at the subject's own level: the level above reads, never drafts.
        if not ReportSubmission.objects.editable_by(actor).filter(pk=submission.pk).exists():
            raise _refuse(OWN_LEVEL_ONLY)
    return submission


def save_narrative(
    *, actor, submission: ReportSubmission, results: str, shortcomings: str, proposals: str
) -> ReportSubmission:
    """The narrative sections of a draft: results achieved, shortcomings, proposals."""
    with transaction.atomic():
        found = _own(actor, submission)
        _require_status(found, (Status.DRAFT,), ONLY_DRAFTS_CHANGE)
        found.results, found.shortcomings, found.proposals = results, shortcomings, proposals
        return _save(found, actor=actor)


def refresh_figures(*, actor, submission: ReportSubmission) -> ReportSubmission:
    """Compute a draft's figures again (records were added or corrected since)."""
    with transaction.atomic():
        found = _own(actor, submission)
        _require_status(found, (Status.DRAFT,), ONLY_DRAFTS_CHANGE)
        found.figures = _figures(actor, found)
        found.figures_computed_at = timezone.now()
        return _save(found, actor=actor)


# --- signing off and sending --------------------------------------------------------------------


def sign_off(
    *, actor, submission: ReportSubmission, number: str, signer_name: str, signer_title: str
) -> ReportSubmission:
    """A leader signs the draft off, with the document's number and the name and title it is signed
    with. Only an account with the sign-off permission may."""
    with transaction.atomic():
        found = _own(actor, submission)
        _require_status(found, (Status.DRAFT,), _("Only a draft can be signed off."))
        if not actor.has_perm(SIGN_OFF_PERMISSION):
            raise _refuse(NOT_A_LEADER)
        errors = {}
        for field, value, message in (
            ("number", number, _("Enter the document number, e.g. 15/BC-MTTQ.")),
            ("signer_name", signer_name, _("Enter the name the report is signed with.")),
            ("signer_title", signer_title, _("Enter the title the report is signed with.")),
        ):
            if not value.strip():
                errors[field] = [message]
        if errors:
            raise ValidationError(errors)
        found.number, found.signer_name, found.signer_title = number.strip(), signer_name, signer_title
        found.signed_by, found.signed_on = actor, timezone.localdate()
        found.status = Status.SIGNED_OFF
        return _save(found, actor=actor)


def submit(*, actor, submission: ReportSubmission) -> ReportSubmission:
    """Send the signed-off report to the level above. Its figures are computed one last time and
    kept as they are: later changes of the records do not change the report sent."""
    with transaction.atomic():
        found = _own(actor, submission)
        if found.status in (Status.SUBMITTED, Status.RETURNED):
            raise _refuse(_("This report has already been sent."))
        _require_status(
            found, (Status.SIGNED_OFF,), _("A leader must sign the report off before it is sent.")
        )
        found.figures = _figures(actor, found)
        found.figures_computed_at = found.submitted_at = timezone.now()
        found.submitted_by = actor
        found.status = Status.SUBMITTED
        return _save(found, actor=actor)


# --- the level above ----------------------------------------------------------------------------


def return_for_correction(*, actor, submission: ReportSubmission, comment: str) -> ReportSubmission:
    """The level above returns a report it received, saying what to correct."""
    with transaction.atomic():
        found = (
            ReportSubmission.objects.received_by(actor, write=True)
            .select_for_update(of=("self",))
            .filter(pk=submission.pk)
            .first()
        )
        if found is None:
            received = ReportSubmission.objects.received_by(actor).filter(pk=submission.pk).exists()
            raise _refuse(READ_ONLY if received else ONLY_LEVEL_ABOVE)
        if found.status == Status.RETURNED:
            raise _refuse(_("This report has already been returned."))
        if _has_later_version(found):
            raise _refuse(LATER_VERSION)
        if not comment.strip():
            raise _refuse(_("Write what must be corrected."), "comment")
        found.status = Status.RETURNED
        found.return_comment = comment
        found.returned_by, found.returned_at = actor, timezone.now()
        return _save(found, actor=actor)


def new_version(*, actor, submission: ReportSubmission, reason: str) -> ReportSubmission:
    """A new draft of a report that was sent (returned, or to be corrected by its senders): the
    next version, with the narrative copied, today's figures and the reason it is made. The
    versions before it are kept as they were."""
    with transaction.atomic():
        found = _own(actor, submission)
        _require_status(
            found,
            (Status.SUBMITTED, Status.RETURNED),
            _("A new version is made of a report that was sent or returned."),
        )
        if _has_later_version(found):
            raise _refuse(LATER_VERSION)
        if not reason.strip():
            raise _refuse(_("Write why a new version is needed."), "reason")
        following = ReportSubmission(
            unit=found.unit,
            organization=found.organization,
            period_kind=found.period_kind,
            period_start=found.period_start,
            period_end=found.period_end,
            view=found.view,
            version=found.version + 1,
            results=found.results,
            shortcomings=found.shortcomings,
            proposals=found.proposals,
            reason=reason,
            due_date=found.due_date,
            created_by=actor,
        )
        following.figures = _figures(actor, following)
        following.figures_computed_at = timezone.now()
        return _save(following, actor=actor)


# --- what the forms start from ------------------------------------------------------------------


def signer_defaults(actor, submission: ReportSubmission) -> dict[str, str]:
    """The name and title a leader signs with: the account's person and their position today in the
    unit's Front committee (or in the organization). One query."""
    person = getattr(actor, "person", None)
    if person is None:
        return {"signer_name": actor.get_full_name() or actor.get_username(), "signer_title": ""}
    positions = Position.objects.current().filter(person=person).select_related("organization")
    if submission.unit_id:
        positions = positions.filter(
            organization__unit_id=submission.unit_id, organization__kind=OrganizationKind.FRONT_COMMITTEE
        )
    else:
        positions = positions.filter(organization_id=submission.organization_id)
    position = positions.order_by("title", "pk").first()
    return {
        "signer_name": person.full_name,
        "signer_title": position.title_label if position is not None else "",
    }
