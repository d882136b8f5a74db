"""The import of a member register sheet: upload, map the columns, check every row, then save all or nothing.

The write is bulk (a ward's register holds thousands of members): a few queries to read what the
check needs (branches, areas, card numbers, the members already on the registers), then batched
inserts, whatever the number of rows. Bulk writes leave no audit entry per row; the import itself
is recorded (``MemberImport``, audited, with the actor) and each membership names its import.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.caching import public_content_changed
from core.search import normalize
from organizations.models import MEMBER_ORGANIZATION_KINDS, AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import organizations_below_query, outside_scope_error, units_below_query

from ..member_sheet import ReadSheet, Register, RowError, person_key, read_sheet
from ..models import Member, MemberImport, Membership
from .register import may_keep_register

BATCH = 500


@dataclass(frozen=True)
class ImportResult:
    errors: list[RowError]
    member_import: MemberImport | None = None

    @property
    def saved(self) -> bool:
        return not self.errors and self.member_import is not None


def upload_member_sheet(*, actor, organization: Organization, content: bytes, file_name: str) -> MemberImport:
    """Keep the uploaded sheet until its columns are mapped and it is imported (only its uploader sees it).

    The uploader's earlier sheet that was never imported is deleted.
    """
    if organization.kind not in MEMBER_ORGANIZATION_KINDS:
        raise ValidationError({"organization": _("Choose an association, a union or one of their branches.")})
    if not may_keep_register(actor, organization):
        raise outside_scope_error("organization")
    with transaction.atomic(), set_actor(actor):
        # A sheet uploaded and never imported holds personal data for nothing: one at a time.
        MemberImport.objects.filter(created_by=actor, imported_at__isnull=True).delete()
        return MemberImport.objects.create(
            file_name=file_name[:255], organization=organization, content=content, created_by=actor
        )


def register_for(actor, organization: Organization) -> Register:
    """What the check of a sheet for ``organization`` needs, read in a fixed number of queries."""
    today = timezone.localdate()
    branches = list(
        Organization.objects.editable_by(actor)
        .filter(pk__in=organizations_below_query(organization.pk), kind=organization.kind)
        .select_related("unit")
        .order_by("valid_to", "pk")
    )
    units = units_below_query(organization.unit_id)
    areas: dict[str, int] = {}
    # Ended areas first, so that today's area of the same name wins.
    for area in (
        AdministrativeUnit.objects.residential_areas().filter(pk__in=units).order_by("-valid_to", "pk")
    ):
        if area.valid_to is None or area.valid_to >= today or normalize(area.name) not in areas:
            areas[normalize(area.name)] = area.pk
    by_name: dict[str, int] = {"": organization.pk}
    branch_areas: dict[int, int] = {}
    for branch in branches:
        by_name[normalize(branch.name)] = branch.pk
        if branch.unit.is_residential_area:
            branch_areas[branch.pk] = branch.unit_id
            if branch.parent_id == organization.pk:
                by_name.setdefault(normalize(branch.unit.name), branch.pk)
    register = Register(
        branches=by_name,
        areas=areas,
        branch_areas=branch_areas,
        youth=organization.kind == OrganizationKind.YOUTH_UNION,
    )
    same_kind = Membership.objects.filter(organization__kind=organization.kind)
    register.cards = dict(same_kind.exclude(card_number="").values_list("card_number", "member_id"))
    for pk, name, year, area_id in Member.objects.visible_to(actor).values_list(
        "pk", "full_name", "birth_year", "residential_area_id"
    ):
        register.people[person_key(name, year, area_id)] = pk
    for member_id, joined, left in same_kind.filter(member_id__in=register.people.values()).values_list(
        "member_id", "joined_on", "left_on"
    ):
        register.periods.setdefault(member_id, []).append((joined, left))
    return register


def import_member_sheet(
    *, actor, member_import: MemberImport, header_row: int, mapping: dict[str, int]
) -> ImportResult:
    """Check every row of the sheet; save the members and their memberships only if no row has an error.

    A person already on a register the actor sees (same name, year of birth and area) is not
    added twice: the new membership is theirs.
    """
    organization = member_import.organization
    if not may_keep_register(actor, organization) or member_import.created_by_id != actor.pk:
        raise outside_scope_error()
    register = register_for(actor, organization)
    sheet: ReadSheet = read_sheet(bytes(member_import.content), header_row, mapping, register)
    if sheet.errors:
        return ImportResult(errors=sheet.errors)
    if not sheet.rows:
        return ImportResult(errors=[RowError(0, "", "", _("The sheet has no rows of members."))])

    with transaction.atomic(), set_actor(actor):
        new_members: dict[tuple, Member] = {}
        for row in sheet.rows:
            if row.person not in register.people:
                new_members[row.person] = Member(
                    full_name=row.full_name,
                    birth_year=row.birth_year,
                    gender=row.gender,
                    ethnicity=row.ethnicity,
                    residential_area_id=row.area_id,
                    phone=row.phone,
                    created_by=actor,
                )
        Member.objects.bulk_create(new_members.values(), batch_size=BATCH)
        member_ids = register.people | {key: member.pk for key, member in new_members.items()}
        Membership.objects.bulk_create(
            [
                Membership(
                    member_id=member_ids[row.person],
                    organization_id=row.organization_id,
                    joined_on=row.joined_on,
                    left_on=row.left_on,
                    leave_reason=row.leave_reason,
                    card_number=row.card_number,
                    member_import=member_import,
                    created_by=actor,
                )
                for row in sheet.rows
            ],
            batch_size=BATCH,
        )
        member_import.rows = len(sheet.rows)
        member_import.members_created = len(new_members)
        member_import.imported_at = timezone.now()
        member_import.content = b""
        member_import.save(update_fields=["rows", "members_created", "imported_at", "content", "updated_at"])
        public_content_changed()
    return ImportResult(errors=[], member_import=member_import)
