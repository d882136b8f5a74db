"""People's Inspection Boards and Community Investment Monitoring Boards.

A board is an ``Organization`` of kind ``inspection_board`` or ``investment_monitoring_board``;
who sits on it is a ``Position`` there. This module adds what oversight needs on top: the
residential area each member represents and the recognising decision (``BoardMember``), and
the founding decision of a monitoring board and whether it is constituted (``MonitoringBoard``).
The Inspection Board's work plans, inspections and reports are in ``inspections``.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DemoFlag
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, Position
from organizations.scoping import ScopedQuerySet

from .common import raise_errors

MIN_RESIDENT_MEMBERS = 5
MAX_RESIDENT_MEMBERS = 7


def require_kind(errors: dict, field: str, organization: Organization | None, kind: str, message) -> None:
    if organization is not None and organization.kind != kind:
        errors.setdefault(field, []).append(message)


class BoardMemberQuerySet(ScopedQuerySet):
    unit_lookups = ("position__organization__unit_id",)
    org_lookups = ("position__organization_id",)
    # Who sits on a board is decided by the commune: its cadres keep the list, not the members.
    write_org_lookups = ()


class BoardMember(DemoFlag):
    """What oversight records about a position on a board: the area represented, the decision."""

    position = models.OneToOneField(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="board_member"
    )
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(
        _("recognising decision number"),
        max_length=60,
        blank=True,
        help_text=_("The decision that recognised (or appointed) the member."),
    )
    decision_date = models.DateField(_("date of the recognising decision"), null=True, blank=True)
    is_front_representative = models.BooleanField(
        _("Front representative"),
        default=False,
        help_text=_("The member sent by the Fatherland Front committee, not a resident member."),
    )

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")

    def __str__(self) -> str:
        return str(self.position)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        position = self.position if self.position_id else None
        if position is not None and position.organization.kind not in (
            OrganizationKind.INSPECTION_BOARD,
            OrganizationKind.INVESTMENT_MONITORING_BOARD,
        ):
            errors.setdefault("position", []).append(_("This position is not on a board."))
        if self.residential_area_id is not None:
            area = self.residential_area
            if not area.is_residential_area:
                errors.setdefault("residential_area", []).append(
                    _("Choose a village, quarter or street group.")
                )
            elif position is not None and area.parent_id != position.organization.unit_id:
                errors.setdefault("residential_area", []).append(
                    _("The residential area must be in the board's ward or commune.")
                )
        raise_errors(errors)


def resident_member_count(board: Organization, on: datetime.date | None = None) -> int:
    """Members of ``board`` who are residents (not the Front representative), on ``on``.

    By default on today, or on the board's last day if it has ended.
    """
    if on is None:
        on = timezone.localdate()
        if board.valid_to is not None and board.valid_to < on:
            on = board.valid_to
    return (
        Position.objects.filter(organization=board)
        .current(on)
        .exclude(board_member__is_front_representative=True)
        .count()
    )


class MonitoringBoardQuerySet(ScopedQuerySet):
    unit_lookups = ("organization__unit_id",)
    org_lookups = ("organization_id",)
    write_org_lookups = ()


class MonitoringBoard(DemoFlag):
    """The founding decision of a Community Investment Monitoring Board and whether it is constituted."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("board"),
        on_delete=models.CASCADE,
        related_name="monitoring_board",
        limit_choices_to={"kind": OrganizationKind.INVESTMENT_MONITORING_BOARD},
    )
    decision_number = models.CharField(_("founding decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    decided_by = models.CharField(
        _("decided by"), max_length=255, blank=True, help_text=_("Usually the commune's Front committee.")
    )
    is_constituted = models.BooleanField(
        _("constituted"),
        default=False,
        help_text=_("The board has its 5 to 7 resident members and may start monitoring."),
    )

    objects = MonitoringBoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring board")
        verbose_name_plural = _("monitoring boards")

    def __str__(self) -> str:
        return str(self.organization)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        organization = self.organization if self.organization_id else None
        require_kind(
            errors,
            "organization",
            organization,
            OrganizationKind.INVESTMENT_MONITORING_BOARD,
            _("Choose a Community Investment Monitoring Board."),
        )
        if self.is_constituted and organization is not None and not errors:
            if not self.decision_number or not self.decision_date:
                errors.setdefault("decision_number", []).append(
                    _("Record the founding decision before marking the board constituted.")
                )
            residents = resident_member_count(organization)
            if residents < MIN_RESIDENT_MEMBERS:
                errors.setdefault("is_constituted", []).append(
                    _(
                        "A board with fewer than %(min)s resident members cannot be marked constituted "
                        "(it has %(count)s)."
                    )
                    % {"min": MIN_RESIDENT_MEMBERS, "count": residents}
                )
            elif residents > MAX_RESIDENT_MEMBERS:
                errors.setdefault("is_constituted", []).append(
                    _("A board has at most %(max)s resident members (it has %(count)s).")
                    % {"max": MAX_RESIDENT_MEMBERS, "count": residents}
                )
        raise_errors(errors)
