"""Permission-matrix rows for the members app's URLs and the coverage page (see tests/matrix.py).

The objects are the demo's, in Phường Phước Hội (the ward cadre's own; outside the Women's Union of
Phường La Gi, so a 404 for cadre_women and the board member): a member of a Phước Hội branch and
their open membership, a household figure and an assignment of a Phước Hội quarter. An import in
progress is its uploader's only (cadre_ward's here): a 404 for everybody else, the administrator
too. Adding a member needs a register to keep (not a read-only cadre, not a board member); a
household figure needs a unit to keep (not an organization's cadre).
"""

from __future__ import annotations

from members.models import Assignment, HouseholdFigure, MemberImport, Membership
from members.views_import import SAMPLE_SHEET
from organizations.models import Organization, OrganizationKind, User
from tests.matrix import CADRE, PH_READ, PH_WRITE, ROLES, Row, statuses

PH = "LD-PPHUOCHOI"
NO_REGISTER = statuses(cadre_viewer=403, board_member=403)
NO_UNIT = statuses(cadre_viewer=403, cadre_women=403, board_member=403)


def ph_membership() -> Membership:
    return (
        Membership.objects.filter(organization__unit__parent__code=PH, left_on__isnull=True, is_demo=True)
        .order_by("pk")
        .first()
    )


def ph_member() -> dict:
    return {"pk": ph_membership().member_id}


def ph_import() -> dict:
    organization = Organization.objects.get(unit__code=PH, kind=OrganizationKind.WOMENS_UNION, parent=None)
    member_import = MemberImport.objects.create(
        file_name="hoi-vien.xlsx",
        organization=organization,
        content=SAMPLE_SHEET.read_bytes(),
        created_by=User.objects.get(username="cadre_ward"),
    )
    return {"pk": member_import.pk}


ROWS: dict[str, Row] = {
    "members:register": Row(CADRE),
    "members:member_create": Row(NO_REGISTER),
    "members:member_detail": Row(PH_READ, ph_member),
    "members:member_edit": Row(PH_WRITE, ph_member),
    "members:membership_add": Row(PH_WRITE, ph_member),
    "members:membership_leave": Row(PH_WRITE, lambda: {"pk": ph_membership().pk}),
    "members:membership_transfer": Row(PH_WRITE, lambda: {"pk": ph_membership().pk}),
    "members:sheet_upload": Row(statuses(cadre_viewer=403)),
    "members:sheet_map": Row(
        dict.fromkeys(ROLES, 404) | {"anonymous": 302, "cadre_viewer": 403, "cadre_ward": 200}, ph_import
    ),
    "members:sheet_sample": Row(CADRE),
    "members:figure_list": Row(CADRE),
    "members:figure_create": Row(NO_UNIT),
    "members:figure_edit": Row(
        PH_WRITE,
        lambda: {
            "pk": HouseholdFigure.objects.filter(residential_area__parent__code=PH).order_by("pk").first().pk
        },
    ),
    "members:assignment_list": Row(CADRE),
    "members:assignment_create": Row(statuses(cadre_viewer=403)),
    "members:assignment_edit": Row(
        PH_WRITE,
        lambda: {
            "pk": Assignment.objects.filter(residential_area__parent__code=PH).order_by("pk").first().pk
        },
    ),
    "cadre:coverage": Row(CADRE),
}
