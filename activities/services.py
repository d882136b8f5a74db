"""Writes to the work log.

Each service checks the actor's scope, validates the activity, its kind's details, its
commitments and photos all together, and saves them in one transaction with the audit
actor set, so the audit log records who made every change; on any error nothing is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import search
from core.audit import set_actor
from core.caching import public_content_changed
from core.images import NewPhoto
from core.services import ServiceErrors
from organizations.models import AdministrativeUnit, Organization, Person, Position
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY, scope_for

from .commitments import COMMITMENT_KINDS, check_commitment
from .figures import days_of, refresh_work_days, visited_area
from .models import (
    DETAILS_MODELS,
    Activity,
    ActivityDetails,
    ActivityKind,
    ActivityPhoto,
    Commitment,
    Visibility,
    VisitDetails,
    VoterContactDetails,
)
from .photos import delete_photo_files, process_new_photos, save_new_photos


def create_activity(
    *,
    actor,
    activity: Activity,
    organizations: Iterable[Organization],
    details: ActivityDetails | None = None,
    cadres: Iterable[Person] = (),
    commitments: Sequence[Commitment] = (),
    photos: Sequence[NewPhoto] = (),
) -> Activity:
    """Log a new activity with its kind's details, a dialogue's or voter contact's commitments and photos.

    ``activity`` and ``details`` are unsaved instances; ``cadres`` are the office holders
    who went on a visit. Raises ``ValidationError`` (keyed by field name) and saves nothing
    when anything is wrong or outside the actor's scope.
    """
    if activity.pk is not None:
        raise ValueError("create_activity() takes a new activity; use update_activity().")
    organizations = list(organizations)
    cadres = list(cadres)
    errors = ServiceErrors()
    _check_scope(errors, actor=actor, activity=activity, organizations=organizations, details=details)
    _validate(
        errors,
        actor=actor,
        activity=activity,
        organizations=organizations,
        details=details,
        cadres=cadres,
        commitments=commitments,
    )
    files = process_new_photos(errors, photos)
    errors.raise_if_any()

    activity.created_by = actor
    _stamp_publication(activity)
    with transaction.atomic(), set_actor(actor):
        activity.save()
        activity.organizations.set(organizations)
        _save_details(activity, details, cadres)
        _save_commitments(activity, commitments)
        save_new_photos(activity, photos, files)
        refresh_work_days(days_of(activity, [org.pk for org in organizations], area_id=_area_of(details)))
        _update_public_site(activity, was_published=False)
    return activity


def update_activity(
    *,
    actor,
    activity: Activity,
    organizations: Iterable[Organization],
    details: ActivityDetails | None = None,
    cadres: Iterable[Person] = (),
    commitments: Sequence[Commitment] | None = None,
    photos: Sequence[NewPhoto] = (),
    kept_photos: Sequence[ActivityPhoto] | None = None,
) -> Activity:
    """Save changes to an activity the actor may edit.

    ``commitments`` and ``kept_photos``, when given, are the complete lists to keep (with
    their changes); the others are deleted. ``photos`` are added. The kind cannot change.
    """
    if activity.pk is None:
        raise ValueError("update_activity() takes a saved activity; use create_activity().")
    stored = Activity.objects.editable_by(actor).filter(pk=activity.pk).first()
    if stored is None:
        raise ValidationError(OUTSIDE_SCOPE)
    organizations = list(organizations)
    cadres = list(cadres)
    errors = ServiceErrors()
    if activity.kind != stored.kind:
        errors.add("kind", _("The kind of an activity cannot be changed."))
    _check_scope(
        errors, actor=actor, activity=activity, organizations=organizations, details=details, stored=stored
    )
    _validate(
        errors,
        actor=actor,
        activity=activity,
        organizations=organizations,
        details=details,
        cadres=cadres,
        commitments=commitments or (),
    )
    if commitments is not None:
        own = set(activity.commitments.values_list("pk", flat=True))
        if any(c.pk is not None and c.pk not in own for c in commitments):
            errors.add(None, _("A commitment of another activity cannot be kept here."))
    if kept_photos is not None and any(photo.activity_id != activity.pk for photo in kept_photos):
        errors.add("photos", _("A photo of another activity cannot be kept here."))
    files = process_new_photos(errors, photos)
    errors.raise_if_any()

    _stamp_publication(activity)
    area_before = visited_area(stored)
    with transaction.atomic(), set_actor(actor):
        activity.save()
        # The days the activity counted in before the change, and those it counts in now.
        days = days_of(stored, _sync_organizations(activity, organizations), area_id=area_before)
        days.add(
            unit_id=activity.unit_id,
            day=activity.date,
            organization_ids=(o.pk for o in organizations),
            area_id=_area_of(details) if details is not None else area_before,
        )
        _save_details(activity, details, cadres)
        refresh_work_days(days)
        if commitments is not None:
            kept = {c.pk for c in commitments if c.pk is not None}
            for old in activity.commitments.exclude(pk__in=kept):
                old.delete()
            _save_commitments(activity, commitments)
        if activity.unit_id != stored.unit_id:
            # A commitment is in the unit of its dialogue or voter contact.
            for moved in activity.commitments.exclude(unit_id=activity.unit_id):
                moved.unit_id = activity.unit_id
                moved.save(update_fields=["unit"])
        removed_files = []
        if kept_photos is not None:
            kept = {p.pk for p in kept_photos}
            for old in activity.photos.exclude(pk__in=kept):
                removed_files.append(old.image.name)
                old.delete()
            for photo in kept_photos:
                photo.save(update_fields=["caption", "people_consent"])
        save_new_photos(activity, photos, files)
        _update_public_site(activity, was_published=stored.visibility == Visibility.PUBLISHED)
        transaction.on_commit(lambda: delete_photo_files(removed_files))
    return activity


def log_visit(
    *,
    actor,
    unit: AdministrativeUnit,
    residential_area: AdministrativeUnit,
    date: datetime.date,
    households_visited: int,
    summary: str,
    organizations: Iterable[Organization],
    start_time: datetime.time | None = None,
    place: str = "",
    internal_notes: str = "",
    participants_count: int = 0,
    cadres: Iterable[Person] = (),
    other_cadres: str = "",
    visibility: str = Visibility.INTERNAL,
    photos: Sequence[NewPhoto] = (),
) -> Activity:
    """Log a grassroots visit in one call (used by the "visit with a concern" form).

    ``unit`` is the ward/commune as it was on ``date``; ``residential_area`` a village,
    quarter or street group inside it; both must be where the actor may log activities.
    Raises ``ValidationError`` keyed by these argument names; saves nothing on error. Call
    it inside your own ``transaction.atomic()`` to save the visit together with other rows.
    """
    activity = Activity(
        kind=ActivityKind.VISIT,
        date=date,
        start_time=start_time,
        unit=unit,
        place=place,
        summary=summary,
        internal_notes=internal_notes,
        participants_count=participants_count,
        visibility=visibility,
    )
    details = VisitDetails(
        residential_area=residential_area, households_visited=households_visited, other_cadres=other_cadres
    )
    return create_activity(
        actor=actor,
        activity=activity,
        organizations=organizations,
        details=details,
        cadres=cadres,
        photos=photos,
    )


# Checks ----------------------------------------------------------------------------------


def _check_scope(
    errors: ServiceErrors,
    *,
    actor,
    activity: Activity,
    organizations: list[Organization],
    details: ActivityDetails | None,
    stored: Activity | None = None,
) -> None:
    scope = scope_for(actor)
    if not scope.can_write:
        errors.add(None, READ_ONLY)
        return
    if scope.is_global:
        return
    units = scope.work_unit_ids
    unit_changed = stored is None or stored.unit_id != activity.unit_id
    if activity.unit_id is not None and unit_changed and activity.unit_id not in units:
        errors.add("unit", OUTSIDE_SCOPE)

    before = set() if stored is None else set(stored.organizations.values_list("pk", flat=True))
    after = {org.pk for org in organizations}
    changed = before ^ after
    if changed - scope.writable_org_ids:
        errors.add("organizations", OUTSIDE_SCOPE)

    stored_details = stored.details if stored is not None else None
    for field in ("residential_area", "organization", "mediation_team"):
        new_id = getattr(details, f"{field}_id", None)
        if new_id is None or new_id == getattr(stored_details, f"{field}_id", None):
            continue
        allowed = units if field == "residential_area" else scope.writable_org_ids
        if new_id not in allowed:
            errors.add(field, OUTSIDE_SCOPE)


def _validate(
    errors: ServiceErrors,
    *,
    actor,
    activity: Activity,
    organizations: list[Organization],
    details: ActivityDetails | None,
    cadres: list[Person],
    commitments: Sequence[Commitment],
) -> None:
    if isinstance(details, VoterContactDetails):
        # One count per meaning: the participants of a voter contact are its voters.
        activity.participants_count = details.voters_attending
    errors.collect(activity.full_clean)
    if not organizations:
        errors.add("organizations", _("Choose at least one organizing organization."))
    if activity.date is not None:
        for org in organizations:
            started = org.valid_from is None or org.valid_from <= activity.date
            if not started or (org.valid_to is not None and org.valid_to < activity.date):
                errors.add(
                    "organizations",
                    _("%(organization)s did not exist on the activity's date.") % {"organization": org.name},
                )

    expected = DETAILS_MODELS.get(activity.kind)
    if expected is None:
        if details is not None:
            errors.add(None, _("This kind of activity has no details."))
    elif not isinstance(details, expected):
        errors.add(None, _("The details of this kind of activity are missing."))
    else:
        errors.collect(details.full_clean, exclude=["activity"], validate_unique=False)
        errors.collect(details.clean_for, activity)

    if cadres:
        if activity.kind != ActivityKind.VISIT:
            errors.add("cadres", _("Only a visit has cadres who went."))
        else:
            _check_cadres(errors, actor=actor, activity=activity, cadres=cadres)

    if commitments and activity.kind not in COMMITMENT_KINDS:
        errors.add(None, _("Only a dialogue or a voter contact can have commitments."))
    elif commitments:
        _check_commitments(errors, actor=actor, activity=activity, commitments=commitments)


def _check_commitments(
    errors: ServiceErrors, *, actor, activity: Activity, commitments: Sequence[Commitment]
) -> None:
    """Each commitment in the activity's unit; a new one (or a changed owner or deadline) with an owner
    the actor may choose, current on the activity's date, and a deadline not before it."""
    stored = {
        row["pk"]: row
        for row in Commitment.objects.filter(pk__in=[c.pk for c in commitments if c.pk is not None]).values(
            "pk", "owner_id", "deadline"
        )
    }
    for commitment in commitments:
        commitment.unit_id = activity.unit_id
        before = stored.get(commitment.pk, {})
        changed = not before or (before["owner_id"], before["deadline"]) != (
            commitment.owner_id,
            commitment.deadline,
        )
        if changed and activity.date is not None:
            check_commitment(
                errors,
                actor=actor,
                owner=commitment.owner,
                deadline=commitment.deadline,
                made_on=activity.date,
                kept_owner_id=before.get("owner_id"),
            )
        errors.collect(commitment.full_clean, exclude=["activity", "unit", "owner"])


def _check_cadres(errors: ServiceErrors, *, actor, activity: Activity, cadres: list[Person]) -> None:
    ids = {person.pk for person in cadres}
    if ids - set(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True)):
        errors.add("cadres", OUTSIDE_SCOPE)
        return
    if activity.date is None:
        return
    holding = Position.objects.filter(person_id__in=ids, start__lte=activity.date).filter(
        Q(end__isnull=True) | Q(end__gte=activity.date)
    )
    not_holding = ids - set(holding.values_list("person_id", flat=True))
    if not_holding:
        names = sorted(person.full_name for person in cadres if person.pk in not_holding)
        errors.add(
            "cadres",
            _("Not an office holder on the visit's date: %(names)s.") % {"names": ", ".join(names)},
        )


# Saving ----------------------------------------------------------------------------------


def _stamp_publication(activity: Activity) -> None:
    if activity.visibility == Visibility.PUBLISHED:
        if activity.published_at is None:
            activity.published_at = timezone.now()
    else:
        activity.published_at = None


def _area_of(details: ActivityDetails | None) -> int | None:
    """The residential area a visit's details name (None for another kind)."""
    return details.residential_area_id if isinstance(details, VisitDetails) else None


def _sync_organizations(activity: Activity, organizations: list[Organization]) -> set[int]:
    """Set the activity's organizers; returns those it had before."""
    current = set(activity.organizations.values_list("pk", flat=True))
    wanted = {org.pk for org in organizations}
    if current != wanted:
        activity.organizations.set(organizations)
    return current


def _save_details(activity: Activity, details: ActivityDetails | None, cadres: list[Person]) -> None:
    if details is None:
        return
    details.activity = activity
    details.save()
    if isinstance(details, VisitDetails):
        current = set(details.cadres.values_list("pk", flat=True))
        if current != {person.pk for person in cadres}:
            details.cadres.set(cadres)


def _save_commitments(activity: Activity, commitments: Sequence[Commitment]) -> None:
    for commitment in commitments:
        commitment.activity = activity
        commitment.unit_id = activity.unit_id
        commitment.save()


def _update_public_site(activity: Activity, *, was_published: bool) -> None:
    """Keep the search index and the cached public pages in step with a published activity."""
    if was_published or activity.visibility == Visibility.PUBLISHED:
        search.index(activity)
        public_content_changed()


def delete_activity(*, actor, activity: Activity) -> None:
    """Delete an activity the actor may edit, with its details, commitments and photos (their
    files once the deletion is committed). Its search entry goes, and a published activity
    leaves the cached public pages at once."""
    stored = Activity.objects.editable_by(actor).filter(pk=activity.pk).first()
    if stored is None:
        raise ValidationError(OUTSIDE_SCOPE)
    pk = stored.pk
    files = [photo.image.name for photo in stored.photos.all()]
    days = days_of(stored)
    with transaction.atomic(), set_actor(actor):
        stored.delete()
        refresh_work_days(days)
        search.unindex_id(Activity, pk)
        if stored.visibility == Visibility.PUBLISHED:
            public_content_changed()
        transaction.on_commit(lambda: delete_photo_files(files))
