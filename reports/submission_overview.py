"""The level above's overview of a period: every unit or organization below it that is expected to
send its report, and where each one stands.

Who is expected follows the cadre's scope rows: below a province or a town, its wards and communes
(those that exist on the period's last day); below a ward or commune, its associations and unions;
below an association, its branches. Whoever sees everything is expected from every ward and
commune. Each one's state is read from what it sent (``ReportSubmission.objects.received_by``):
a draft is never read, so a unit that is writing its report is only "not sent" yet.

Sent on time or late is judged by the first version sent: a report returned for correction and
sent again was still sent on time when its first version was.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key
from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    MEMBER_ORGANIZATION_KINDS,
    AdministrativeUnit,
    Organization,
)
from organizations.scoping import scope_for

from .models import ReportSubmission, SubmissionStatus
from .periods import Period
from .submissions import due_date_of


class Standing(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent yet")
    LATE = "late", _("Late: not sent")
    ON_TIME = "on_time", _("Sent on time")
    SENT_LATE = "sent_late", _("Sent late")
    RETURNED = "returned", _("Returned for correction")


@dataclass(frozen=True)
class Expected:
    """A unit or organization expected to report, and what it sent for the period."""

    label: str
    unit: AdministrativeUnit | None
    organization: Organization | None
    standing: str
    latest: ReportSubmission | None  # the latest version sent, if any
    first_sent_at: datetime.datetime | None

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label

    @property
    def can_be_returned(self) -> bool:
        return self.latest is not None and self.latest.status == SubmissionStatus.SUBMITTED


def _valid_on(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def expected_subjects(user, period: Period) -> tuple[list[AdministrativeUnit], list[Organization]]:
    """The units and organizations expected to send ``user`` their report of ``period`` (two
    queries)."""
    scope = scope_for(user)
    day = period.end
    rows = AdministrativeUnit.objects.values_list("pk", "parent_id", "kind").order_by()
    parent_of, kind_of = {}, {}
    for pk, parent, kind in rows:
        parent_of[pk], kind_of[pk] = parent, kind
    if scope.is_global:
        unit_ids = [pk for pk, kind in kind_of.items() if kind in COMMUNE_LEVEL_KINDS]
        organizations = Organization.objects.none()
    else:
        roots = set(scope.root_unit_ids)
        unit_ids = []
        for pk, kind in kind_of.items():
            if kind not in COMMUNE_LEVEL_KINDS or pk in roots:
                continue
            ancestor, seen = parent_of.get(pk), set()
            while ancestor is not None and ancestor not in seen:
                if ancestor in roots:
                    unit_ids.append(pk)
                    break
                seen.add(ancestor)
                ancestor = parent_of.get(ancestor)
        commune_roots = [pk for pk in roots if kind_of.get(pk) in COMMUNE_LEVEL_KINDS]
        organizations = Organization.objects.filter(
            Q(parent_id__in=scope.root_org_ids)
            | Q(unit_id__in=commune_roots, parent__isnull=True, kind__in=MEMBER_ORGANIZATION_KINDS)
        ).filter(_valid_on(day))
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids).filter(_valid_on(day))
    return (
        sorted(units, key=lambda unit: natural_key(unit.name)),
        sorted(organizations, key=lambda organization: natural_key(organization.name)),
    )


def overview(user, period: Period, today: datetime.date) -> list[Expected]:
    """Every unit and organization expected to report to ``user`` for ``period``, with its standing
    (four queries, besides the scope)."""
    units, organizations = expected_subjects(user, period)
    sent = (
        ReportSubmission.objects.received_by(user)
        .of_period(period)
        .filter(Q(unit__in=units) | Q(organization__in=organizations))
        .order_by("version")
    )
    versions: dict[tuple[str, int], list[ReportSubmission]] = {}
    for submission in sent:
        key = (
            ("unit", submission.unit_id)
            if submission.unit_id
            else ("organization", submission.organization_id)
        )
        versions.setdefault(key, []).append(submission)
    due = due_date_of(period)
    found = []
    for subject in (*units, *organizations):
        is_unit = isinstance(subject, AdministrativeUnit)
        sent_versions = versions.get(("unit" if is_unit else "organization", subject.pk), [])
        found.append(
            _expected(
                subject.name,
                subject if is_unit else None,
                None if is_unit else subject,
                sent_versions,
                due,
                today,
            )
        )
    return found


def _expected(label, unit, organization, sent_versions, due, today) -> Expected:
    if not sent_versions:
        standing = Standing.LATE if today > due else Standing.NOT_SENT
        return Expected(label, unit, organization, standing, None, None)
    latest = sent_versions[-1]
    first_sent_at = min(v.submitted_at for v in sent_versions if v.submitted_at is not None)
    if latest.status == SubmissionStatus.RETURNED:
        standing = Standing.RETURNED
    elif sent_versions[0].sent_late():
        standing = Standing.SENT_LATE
    else:
        standing = Standing.ON_TIME
    return Expected(label, unit, organization, standing, latest, first_sent_at)
