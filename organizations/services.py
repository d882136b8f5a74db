"""Writes to the organization structure.

Each service checks the actor's scope, validates the whole object, saves in a
transaction and leaves exactly one audit entry (who, when, old and new values), written
by the audit log for the registered models with the actor set here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import search
from core.audit import set_actor
from core.caching import public_content_changed

from .models import (
    BOARD_KINDS,
    MEMBER_ORGANIZATION_KINDS,
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Term,
    User,
)
from .reach import rebuild_reach
from .scoping import BOARD_MEMBERS_ELSEWHERE, OUTSIDE_SCOPE, UNIT_KEEPS_RECORD, forget_scope, scope_for


def lock_units(unit_ids: Iterable[int], organization_ids: Iterable[int] = ()) -> None:
    """Lock these units (and the units of these organizations), in one query and in id order, for
    the rest of the transaction: two writes of figures kept per unit (``activities.figures``,
    ``concerns.figures``) take turns, so the second recomputes with the first one's records
    committed instead of colliding with its rows (on SQLite, which writes one transaction at a
    time, there is nothing to lock). ``FOR NO KEY UPDATE``: the inserts of the same transaction
    (an activity, a concern) hold key-share locks on these units, which a plain ``FOR UPDATE`` of
    another transaction waits for while that one waits for ours (a deadlock under load)."""
    condition = Q(pk__in=set(unit_ids))
    organization_ids = set(organization_ids)
    if organization_ids:
        condition |= Q(pk__in=Organization.objects.filter(pk__in=organization_ids).values("unit_id"))
    list(
        AdministrativeUnit.objects.select_for_update(no_key=True)
        .filter(condition)
        .order_by("pk")
        .values_list("pk")
    )


def audited_save(instance: models.Model, *, actor) -> models.Model:
    """Validate and save ``instance`` as ``actor``; the audit log records the change."""
    instance.full_clean()
    with transaction.atomic(), set_actor(actor):
        instance.save()
    return instance


def audited_delete(instance: models.Model, *, actor) -> None:
    with transaction.atomic(), set_actor(actor):
        instance.delete()


def _public_change(instance):
    """Refresh the search entry of a unit or organization and the cached public pages."""
    search.index(instance)
    public_content_changed()
    return instance


_UNSET = object()


def _save_in_tree(
    instance: AdministrativeUnit | Organization, *, actor, parent_before=_UNSET
) -> AdministrativeUnit | Organization:
    """Save a unit or an organization (audited) and keep the reach of the scopes in line: a new
    one, or one moved under another parent, gets its rows and those of everything below it, in
    the same transaction. ``parent_before``: the parent as stored, when the caller has read it."""
    model = type(instance)
    if instance.pk is None:
        stored = None
    elif parent_before is _UNSET:
        stored = model.objects.filter(pk=instance.pk).values_list("parent_id").first()
    else:
        stored = (parent_before,)
    with transaction.atomic():
        audited_save(instance, actor=actor)
        if stored is None or stored[0] != instance.parent_id:
            if model is AdministrativeUnit:
                rebuild_reach(unit_ids=[instance.pk])
            else:
                rebuild_reach(organization_ids=[instance.pk])
    return _public_change(instance)


def save_unit(*, actor, unit: AdministrativeUnit) -> AdministrativeUnit:
    if not scope_for(actor).is_global:
        raise ValidationError(_("Only administrators can change administrative units."))
    return _save_in_tree(unit, actor=actor)


def save_organization(*, actor, organization: Organization) -> Organization:
    """Save an organization within the actor's scope.

    A new organization (or a move to another unit or parent) must land in a unit the actor
    may write, or under a parent organization the actor may write and in a unit where the
    actor's organizations work. An organization the actor may write can always be edited
    in place, which is how the cadre of an organization scope edits its top organization.

    Through an organization scope (not the unit's), only member organizations are kept, and only
    as what they are: a Women's Union cadre adds and edits Women's Union branches, never a Front
    committee or a board, and a board member cannot rename or re-kind the board.
    """
    scope = scope_for(actor)
    outside = OUTSIDE_SCOPE
    parent_before = _UNSET
    if organization.pk is not None:
        if not scope.can_write_org(organization.pk):
            raise ValidationError(outside)
        unit_id, parent_id, kind = Organization.objects.values_list("unit_id", "parent_id", "kind").get(
            pk=organization.pk
        )
        if not scope.can_write_unit(unit_id):
            _check_organization_scoped_kind(kind, organization.kind)
        parent_before = parent_id
        if (unit_id, parent_id) == (organization.unit_id, organization.parent_id):
            return _save_in_tree(organization, actor=actor, parent_before=parent_id)
    if scope.can_write_unit(organization.unit_id):
        if organization.parent_id is not None and not scope.can_read_org(organization.parent_id):
            raise ValidationError({"parent": outside})
        return _save_in_tree(organization, actor=actor, parent_before=parent_before)
    if organization.parent_id is not None and scope.can_write_org(organization.parent_id):
        if organization.unit_id not in scope.writable_org_unit_ids:
            raise ValidationError({"unit": outside})
        parent_unit_id, parent_kind = Organization.objects.values_list("unit_id", "kind").get(
            pk=organization.parent_id
        )
        if not scope.can_write_unit(parent_unit_id):
            _check_organization_scoped_kind(parent_kind, organization.kind)
        return _save_in_tree(organization, actor=actor, parent_before=parent_before)
    raise ValidationError({"parent" if organization.parent_id else "unit": outside})


def create_organization(*, actor, organization: Organization, head: Position | None = None) -> Organization:
    """A new organization and, when named, its head's position, in one transaction: both or
    neither (a head outside the actor's scope refuses the whole form)."""
    with transaction.atomic():
        saved = save_organization(actor=actor, organization=organization)
        if head is not None:
            forget_scope(actor)  # the scope was computed before the organization existed
            head.organization = saved
            try:
                save_position(actor=actor, position=head)
            except ValidationError as error:
                raise ValidationError({"head": error.messages}) from error
    return saved


def _check_organization_scoped_kind(allowed_kind: str, kind: str) -> None:
    """Refuse, to a write through an organization scope, any kind but ``allowed_kind`` (the kind of
    the organization edited, or of the parent of a new branch), and any kind that is not a member
    organization's."""
    if allowed_kind not in MEMBER_ORGANIZATION_KINDS:
        raise ValidationError(UNIT_KEEPS_RECORD, code="organization_scope_kind")
    if kind != allowed_kind:
        raise ValidationError(
            {"kind": _("Your account may add and change only branches of its own kind of association.")},
            code="organization_scope_kind",
        )


def _require_record_editable(actor, organization_id: int, field: str | None = "organization") -> None:
    """Refuse unless the actor may change the organization's record (its terms and positions)."""
    if not Organization.objects.record_editable_by(actor).filter(pk=organization_id).exists():
        raise ValidationError({field: OUTSIDE_SCOPE} if field else OUTSIDE_SCOPE)


def save_person(*, actor, person: Person) -> Person:
    scope = scope_for(actor)
    if person.pk is None:
        if not scope.can_write_unit(person.unit_id):
            raise ValidationError({"unit": OUTSIDE_SCOPE})
    else:
        if not Person.objects.editable_by(actor).filter(pk=person.pk).exists():
            raise ValidationError(OUTSIDE_SCOPE)
        original_unit_id = Person.objects.values_list("unit_id", flat=True).get(pk=person.pk)
        if person.unit_id != original_unit_id and not scope.can_write_unit(person.unit_id):
            raise ValidationError({"unit": OUTSIDE_SCOPE})
    # An office holder's name is on the public organization pages.
    audited_save(person, actor=actor)
    public_content_changed()
    return person


def save_term(*, actor, term: Term) -> Term:
    _require_record_editable(actor, term.organization_id)
    audited_save(term, actor=actor)
    public_content_changed()
    return term


def save_position(*, actor, position: Position, new_person: Person | None = None) -> Position:
    """Save a position; with ``new_person``, create that person first, in the same transaction.

    Who sits on a board is kept in the oversight screens (``save_board_position``), not here.
    """
    kind = Organization.objects.filter(pk=position.organization_id).values_list("kind", flat=True).first()
    if kind in BOARD_KINDS:
        raise ValidationError({"organization": BOARD_MEMBERS_ELSEWHERE}, code="board_position")
    _require_record_editable(actor, position.organization_id)
    return _save_position(actor=actor, position=position, new_person=new_person)


def save_board_position(*, actor, position: Position, new_person: Person | None = None) -> Position:
    """The position of a board member, for the oversight services only (``save_board_member``,
    which writes what oversight records about the member in the same transaction). Kept by the
    cadres of the board's unit, never through an organization scope (a board member's own)."""
    board = Organization.objects.filter(pk=position.organization_id).values_list("unit_id", "kind").first()
    if board is None or board[1] not in BOARD_KINDS or not scope_for(actor).can_write_unit(board[0]):
        raise ValidationError({"organization": OUTSIDE_SCOPE})
    return _save_position(actor=actor, position=position, new_person=new_person)


def _save_position(*, actor, position: Position, new_person: Person | None) -> Position:
    with transaction.atomic():
        if new_person is not None:
            if new_person.unit_id is None:
                new_person.unit_id = position.organization.unit_id
            audited_save(new_person, actor=actor)
            position.person = new_person
        elif not Person.objects.visible_to(actor).filter(pk=position.person_id).exists():
            raise ValidationError({"person": OUTSIDE_SCOPE})
        audited_save(position, actor=actor)
    # The public organization pages list the office holders.
    public_content_changed()
    return position


def end_all_sessions(*, actor) -> None:
    """End every session of the actor's account, on every device ("log out everywhere"): each
    session's check (``User._get_session_auth_hash``) covers the generation moved on here."""
    with transaction.atomic(), set_actor(actor):
        User.objects.filter(pk=actor.pk).update(session_generation=models.F("session_generation") + 1)


# Deletes (the admin's) ---------------------------------------------------------------------


def delete_unit(*, actor, unit: AdministrativeUnit) -> None:
    """Delete a unit entered by mistake (a unit that ends is closed, not deleted), with its search
    entry. The database refuses while anything still points to the unit."""
    if not scope_for(actor).is_global:
        raise ValidationError(_("Only administrators can change administrative units."))
    _public_delete(unit, actor=actor)


def delete_organization(*, actor, organization: Organization) -> None:
    """Delete an organization in a unit, or under a parent organization, that the actor may
    change, with its search entry; its terms and positions go with it. The database refuses
    while branches, activities, articles or other records still point to it."""
    scope = scope_for(actor)
    under_parent = organization.parent_id is not None and scope.can_write_org(organization.parent_id)
    if not (scope.can_write_unit(organization.unit_id) or under_parent):
        raise ValidationError(OUTSIDE_SCOPE)
    _public_delete(organization, actor=actor)


def delete_person(*, actor, person: Person) -> None:
    """Delete a person the actor may change. A person who holds or held a position cannot be
    deleted (the database refuses), so no public page shows the person."""
    if not Person.objects.editable_by(actor).filter(pk=person.pk).exists():
        raise ValidationError(OUTSIDE_SCOPE)
    audited_delete(person, actor=actor)


def delete_term(*, actor, term: Term) -> None:
    """Delete a term of office; its positions stay, without a term. The organization's public
    page is rebuilt."""
    _require_record_editable(actor, term.organization_id, field=None)
    with transaction.atomic():
        audited_delete(term, actor=actor)
        public_content_changed()


def delete_position(*, actor, position: Position) -> None:
    """Delete a position; the organization's public page no longer lists its holder."""
    _require_record_editable(actor, position.organization_id, field=None)
    with transaction.atomic():
        audited_delete(position, actor=actor)
        public_content_changed()


def _public_delete(instance: AdministrativeUnit | Organization, *, actor) -> None:
    """Delete a unit or an organization with its search entry; the public pages are rebuilt."""
    model, pk = type(instance), instance.pk
    with transaction.atomic():
        audited_delete(instance, actor=actor)
        search.unindex_id(model, pk)
        public_content_changed()
