"""Writes of the member registers: a member with their first membership, their data, joining another
organization, leaving, and a transfer between branches (one membership closed, the next opened)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.caching import public_content_changed
from core.services import ServiceErrors
from organizations.models import Organization
from organizations.scoping import OUTSIDE_SCOPE, outside_scope_error

from ..models import LeaveReason, Member, Membership


def may_keep_register(actor, organization: Organization) -> bool:
    """May ``actor`` change the register of ``organization`` (its cadres', or its unit's)?"""
    return Organization.objects.editable_by(actor).filter(pk=organization.pk).exists()


def check_not_yet_member(membership: Membership, *, ignore: Membership | None = None) -> None:
    """At most one membership of an organization's kind over any day: no overlap with another one."""
    if membership.member_id is None or membership.joined_on is None:
        return
    same_kind = Membership.objects.filter(
        member_id=membership.member_id, organization__kind=membership.organization.kind
    ).exclude(pk__in=[pk for pk in (membership.pk, ignore and ignore.pk) if pk])
    if membership.left_on is not None:
        same_kind = same_kind.filter(joined_on__lt=membership.left_on)
    overlapping = same_kind.filter(Q(left_on__isnull=True) | Q(left_on__gt=membership.joined_on))
    if overlapping.exists():
        raise ValidationError(
            {"organization": _("This person is already a member of this organization on that date.")}
        )


def check_card_number(membership: Membership) -> None:
    """A card number belongs to one member within an organization's kind (it follows a transfer)."""
    if not membership.card_number:
        return
    taken = (
        Membership.objects.filter(
            card_number=membership.card_number, organization__kind=membership.organization.kind
        )
        .exclude(member_id=membership.member_id)
        .exists()
    )
    if taken:
        raise ValidationError({"card_number": _("Another member has this card number.")})


def _check_membership(actor, membership: Membership, errors: ServiceErrors, *, ignore=None) -> None:
    if membership.organization_id is not None and not may_keep_register(actor, membership.organization):
        errors.add("organization", OUTSIDE_SCOPE)
        return
    errors.collect(membership.full_clean, exclude=["member", "previous"])
    if "organization" not in errors.by_field:
        errors.collect(check_not_yet_member, membership, ignore=ignore)
        errors.collect(check_card_number, membership)


def _refuse_unless_editable(actor, member: Member) -> None:
    if member.pk is not None and not Member.objects.editable_by(actor).filter(pk=member.pk).exists():
        raise outside_scope_error()


def create_member(*, actor, member: Member, membership: Membership) -> Member:
    """A new member with their first membership, both or neither."""
    errors = ServiceErrors()
    errors.collect(member.full_clean)
    membership.member = member
    _check_membership(actor, membership, errors)
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        member.created_by = actor
        member.save()
        membership.member = member
        membership.created_by = actor
        membership.save()
        public_content_changed()  # the organization's public page counts its members
    return member


def save_member(*, actor, member: Member) -> Member:
    """Change a member's personal data."""
    _refuse_unless_editable(actor, member)
    member.full_clean()
    with transaction.atomic(), set_actor(actor):
        member.save()
    return member


def join_organization(*, actor, member: Member, membership: Membership) -> Membership:
    """The member joins one more organization (the Red Cross besides the Women's Union)."""
    if not Member.objects.visible_to(actor).filter(pk=member.pk).exists():
        raise outside_scope_error()
    membership.member = member
    errors = ServiceErrors()
    _check_membership(actor, membership, errors)
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        membership.created_by = actor
        membership.save()
        public_content_changed()
    return membership


def _require_editable_membership(actor, membership: Membership) -> None:
    if not Membership.objects.editable_by(actor).filter(pk=membership.pk).exists():
        raise outside_scope_error()
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."))


def leave(*, actor, membership: Membership, left_on: datetime.date, reason: str) -> Membership:
    """The member leaves the organization on ``left_on`` (moved, passed away, aged out, resigned)."""
    _require_editable_membership(actor, membership)
    if reason == LeaveReason.TRANSFERRED:
        raise ValidationError({"leave_reason": _("Use the transfer to move a member to another branch.")})
    membership.left_on, membership.leave_reason = left_on, reason
    membership.full_clean(exclude=["member", "previous"])
    with transaction.atomic(), set_actor(actor):
        membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
        public_content_changed()
    return membership


def transfer(
    *, actor, membership: Membership, to: Organization, on: datetime.date, card_number: str | None = None
) -> Membership:
    """Close ``membership`` on ``on`` and open the next one in ``to`` on the same day, linked to it.

    The member keeps their card unless a new number is given. Only between organizations of the
    same kind (a Women's Union branch to another); the actor must keep the register of the branch
    the member leaves (the one they join may be another ward's).
    """
    _require_editable_membership(actor, membership)
    errors = ServiceErrors()
    if to.kind != membership.organization.kind:
        errors.add("organization", _("A member is transferred to a branch of the same organization."))
    elif to.pk == membership.organization_id:
        errors.add("organization", _("Choose another branch."))
    membership.left_on, membership.leave_reason = on, LeaveReason.TRANSFERRED
    errors.collect(membership.full_clean, exclude=["member", "previous"])
    following = Membership(
        member=membership.member,
        organization=to,
        joined_on=on,
        card_number=membership.card_number if card_number is None else card_number,
        previous=membership,
    )
    if not errors.by_field:
        errors.collect(following.full_clean, exclude=["member", "previous"])
        errors.collect(check_not_yet_member, following, ignore=membership)
        errors.collect(check_card_number, following)
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
        following.created_by = actor
        following.save()
        public_content_changed()
    return following
