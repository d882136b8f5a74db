"""Commitments followed to an answer: the services that add one and record its status, and the reads
that list them (the cadre list, the overdue panels, the public page of a dialogue or voter contact).

A commitment is made by an authority (its owner) at a dialogue or a voter contact, or in the answer to
a concern, in a unit, with a deadline. It stays "pending" until a cadre records what became of it
(kept, partly kept, not kept, no longer relevant) with the date and the evidence; a pending commitment
past its deadline is overdue. Every change goes through these services, in one transaction, with the
actor in the audit log; the status may be corrected later (back to pending too), and the audit log
keeps each earlier value.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, Prefetch, QuerySet, Value, When, Window
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.caching import public_content_changed
from core.services import ServiceErrors
from organizations.choices import authorities_for
from organizations.fields import authority_not_current
from organizations.models import AdministrativeUnit, Authority
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY, scope_for

from .models import Activity, ActivityKind, Commitment, CommitmentStatus, Visibility

COMMITMENT_KINDS = (ActivityKind.DIALOGUE, ActivityKind.VOTER_CONTACT)


# Checks shared by add_commitment and the activity form's commitments -------------------------


def check_commitment(
    errors: ServiceErrors,
    *,
    actor,
    owner: Authority | None,
    deadline: datetime.date | None,
    made_on: datetime.date,
    kept_owner_id: int | None = None,
    field_prefix: str = "",
) -> None:
    """A commitment names its owner, an authority the actor may choose and current on the day the
    commitment was made, and a deadline not before that day. ``kept_owner_id`` is the owner already
    saved (kept whatever it is)."""
    owner_field, deadline_field = f"{field_prefix}owner", f"{field_prefix}deadline"
    if owner is None:
        errors.add(owner_field, _("Choose the authority that made the commitment."))
    elif owner.pk != kept_owner_id:
        if not authorities_for(actor).filter(pk=owner.pk).exists():
            errors.add(owner_field, OUTSIDE_SCOPE)
        else:
            error = authority_not_current(owner, made_on)
            if error is not None:
                errors.add(owner_field, error)
    if deadline is None:
        errors.add(deadline_field, _("Enter the date by which the commitment is to be kept."))
    elif deadline < made_on:
        errors.add(deadline_field, _("The deadline cannot be before the day the commitment was made."))


def day_made(commitment: Commitment) -> datetime.date | None:
    """The day the commitment was made when the portal knows it: its dialogue's or voter contact's date."""
    if commitment.activity_id is None:
        return None
    return commitment.activity.date


# Services --------------------------------------------------------------------------------------


def add_commitment(
    *,
    actor,
    unit: AdministrativeUnit,
    owner: Authority | None,
    text: str,
    deadline: datetime.date | None,
    activity: Activity | None = None,
    made_on: datetime.date | None = None,
) -> Commitment:
    """Record a commitment made by ``owner`` in ``unit``, to be kept by ``deadline``.

    ``activity`` is the dialogue or voter contact where it was made (its unit is the commitment's
    unit, its date the day it was made), or None for a commitment made in the answer to a concern,
    on ``made_on`` (the day of the answer; today when not given). Raises a
    ``ValidationError`` keyed by these argument names and saves nothing when anything is wrong or
    outside the actor's scope. Safe to call inside the caller's own ``transaction.atomic()``.
    """
    scope = scope_for(actor)
    if not scope.can_write:
        raise ValidationError(READ_ONLY)
    errors = ServiceErrors()
    if activity is not None:
        if activity.pk is None or not Activity.objects.editable_by(actor).filter(pk=activity.pk).exists():
            raise ValidationError({"activity": OUTSIDE_SCOPE})
        if activity.kind not in COMMITMENT_KINDS:
            errors.add("activity", _("Only a dialogue or a voter contact can have commitments."))
        if unit.pk != activity.unit_id:
            errors.add("unit", _("A commitment made at a dialogue or voter contact is in its unit."))
        day = activity.date
    else:
        if not scope.is_global and unit.pk not in scope.work_unit_ids:
            raise ValidationError({"unit": OUTSIDE_SCOPE})
        today = timezone.localdate()
        day = made_on or today
        if day > today:
            errors.add("made_on", _("The date cannot be in the future."))
    check_commitment(errors, actor=actor, owner=owner, deadline=deadline, made_on=day)
    commitment = Commitment(
        activity=activity, unit=unit, owner=owner, text=(text or "").strip(), deadline=deadline
    )
    errors.collect(commitment.full_clean)
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        commitment.save()
        _public_site_changed(commitment)
    return commitment


def record_commitment_status(
    *,
    actor,
    commitment: Commitment,
    status: str,
    status_on: datetime.date | None,
    evidence: str,
) -> Commitment:
    """Record what became of a commitment: kept, partly kept, not kept or no longer relevant, on
    ``status_on`` (not in the future, not before the commitment was made), with the evidence.

    The status may be corrected, back to "pending" too (the date and evidence are then cleared);
    the audit log keeps every earlier value with who changed it. Raises a ``ValidationError`` keyed
    by ``status``, ``status_on`` and ``evidence``; another scope's commitment is outside the scope.
    """
    scope = scope_for(actor)
    if not scope.can_write:
        raise ValidationError(READ_ONLY)
    evidence = (evidence or "").strip()
    errors = ServiceErrors()
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if status == CommitmentStatus.PENDING:
        status_on, evidence = None, ""
    with transaction.atomic(), set_actor(actor):
        locked = (
            Commitment.objects.editable_by(actor)
            # Only the commitment's row: PostgreSQL refuses to lock the nullable side of an outer join.
            .select_for_update(of=("self",))
            .select_related("activity")
            .filter(pk=commitment.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(OUTSIDE_SCOPE)
        if status != CommitmentStatus.PENDING and status_on is not None:
            if status_on > timezone.localdate():
                errors.add("status_on", _("The date cannot be in the future."))
            day = day_made(locked)
            if day is not None and status_on < day:
                errors.add(
                    "status_on",
                    _("The date cannot be before the commitment was made (%(date)s).")
                    % {"date": date_format(day, "SHORT_DATE_FORMAT")},
                )
        locked.status = status
        locked.status_on = status_on
        locked.evidence = evidence
        errors.collect(locked.full_clean)
        errors.raise_if_any()
        locked.save(update_fields=["status", "status_on", "evidence"])
        _public_site_changed(locked)
    return locked


def _public_site_changed(commitment: Commitment) -> None:
    """A published dialogue's or voter contact's page shows its commitments: move the cached pages on."""
    activity = commitment.activity if commitment.activity_id is not None else None
    if activity is not None and activity.visibility == Visibility.PUBLISHED:
        public_content_changed()


# Selectors -------------------------------------------------------------------------------------


def with_overdue(queryset: QuerySet[Commitment], today: datetime.date) -> QuerySet[Commitment]:
    """Each commitment with ``is_overdue``: still pending after its deadline (in the same query)."""
    return queryset.annotate(
        is_overdue=Case(
            When(status=CommitmentStatus.PENDING, deadline__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def commitments_for_cadre(user, *, today: datetime.date | None = None) -> QuerySet[Commitment]:
    """The commitments the user may read, overdue first, then by deadline (none last), each with
    ``is_overdue`` and ``user_can_edit``, with what a list shows in the same query."""
    today = today or timezone.localdate()
    commitments = (
        Commitment.objects.visible_to(user).with_edit_flag(user).select_related("owner", "unit", "activity")
    )
    return with_overdue(commitments, today).order_by(
        F("is_overdue").desc(), F("deadline").asc(nulls_last=True), "pk"
    )


def activity_commitments(user, *, today: datetime.date | None = None) -> Prefetch:
    """The prefetch of the commitments on an activity's cadre page: with the owner, ``is_overdue``
    and ``user_can_edit``."""
    today = today or timezone.localdate()
    commitments = Commitment.objects.with_edit_flag(user).select_related("owner")
    return Prefetch("commitments", queryset=with_overdue(commitments, today).order_by("deadline", "pk"))


def overdue_commitments(user, *, today: datetime.date | None = None) -> QuerySet[Commitment]:
    """The user's commitments still pending after their deadline, the oldest deadline first."""
    return Commitment.objects.visible_to(user).overdue(today).order_by("deadline", "pk")


def overdue_summary(
    user, *, today: datetime.date | None = None, limit: int = 5
) -> tuple[int, list[Commitment]]:
    """How many of the user's commitments are overdue, and the ``limit`` oldest of them with their
    owner, unit and activity: one query (the count is a window over the same rows), none for an
    account that reads no unit."""
    rows = list(
        overdue_commitments(user, today=today)
        .select_related("owner", "unit", "activity")
        .annotate(overdue_total=Window(Count("pk")))[:limit]
    )
    for row in rows:
        row.is_overdue = True
    return (rows[0].overdue_total if rows else 0), rows


def overdue_count(user, *, today: datetime.date | None = None) -> int:
    """How many of the user's commitments are overdue (one query; none for an account that reads no unit)."""
    return overdue_commitments(user, today=today).count()


def public_commitments(
    activity_ids: Iterable[int], *, today: datetime.date | None = None
) -> dict[int, list[Commitment]]:
    """The commitments of these activities for their public pages, by activity id, each with
    ``is_overdue``: text, owner's name, deadline, status, its date and evidence, nothing else (one
    query, none without ids).

    The caller passes only published dialogues and voter contacts that have taken place."""
    ids = list(activity_ids)
    found: dict[int, list[Commitment]] = {pk: [] for pk in ids}
    if not ids:
        return found
    today = today or timezone.localdate()
    rows = (
        Commitment.objects.filter(activity_id__in=ids)
        .select_related("owner")
        .only("activity_id", "text", "deadline", "status", "status_on", "evidence", "owner__name")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )
    for commitment in rows:
        commitment.is_overdue = commitment.is_overdue_on(today)
        found[commitment.activity_id].append(commitment)
    return found
