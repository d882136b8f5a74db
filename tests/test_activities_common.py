"""Helpers shared by the work log tests (demo units, organizations, a valid activity per kind and
the addresses of the cadre's work log pages)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from activities.models import (
    Activity,
    ActivityKind,
    Commitment,
    DialogueDetails,
    DraftCommentDetails,
    MediationDetails,
    MeetingDetails,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)
from activities.services import create_activity
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from tests.helpers import unit

NEW_PHUOC_HOI = "LD-PPHUOCHOI"
NEW_LA_GI = "LD-PLAGI"
OLD_PHUOC_LOC = "LG-PL"
AFTER_MERGER = datetime.date(2026, 3, 2)
BEFORE_MERGER = datetime.date(2023, 5, 10)


def area(code: str, number: int = 1) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=f"{code}-KP{number:02d}")


def org(unit_code: str, kind: str = OrganizationKind.FRONT_COMMITTEE) -> Organization:
    """The top-level organization of ``kind`` in a unit (a branch when the unit is a residential area)."""
    candidates = Organization.objects.filter(unit__code=unit_code, kind=kind).order_by("pk")
    return candidates.exclude(parent__unit__code=unit_code).first()


def new_activity(
    kind: str, unit_code: str = NEW_PHUOC_HOI, date: datetime.date = AFTER_MERGER, **fields
) -> Activity:
    values = {
        "kind": kind,
        "date": date,
        "start_time": datetime.time(8, 0),
        "unit": unit(unit_code),
        "place": "Nhà văn hóa khu phố 1",
        "summary": "Test summary",
    }
    values.update(fields)
    return Activity(**values)


def new_details(kind: str, unit_code: str = NEW_PHUOC_HOI, **fields):
    """Valid details of ``kind`` for an activity in ``unit_code`` (a ward with quarters)."""
    the_area = area(unit_code)
    defaults = {
        ActivityKind.VISIT: lambda: VisitDetails(residential_area=the_area, households_visited=6),
        ActivityKind.MEETING: lambda: MeetingDetails(
            organization=org(the_area.code, OrganizationKind.WOMENS_UNION),
            attendance=20,
            topic="Sinh hoạt quý",
        ),
        ActivityKind.VOTER_CONTACT: lambda: VoterContactDetails(
            level="national_assembly",
            timing="before",
            session="kỳ họp thứ 10, Quốc hội khóa XV",
            voters_attending=120,
            opinions_count=8,
        ),
        ActivityKind.DIALOGUE: lambda: DialogueDetails(leaders_present="Chủ tịch UBND", topics="Đất đai"),
        ActivityKind.MEDIATION: lambda: MediationDetails(
            mediation_team=org(the_area.code, OrganizationKind.MEDIATION_TEAM),
            dispute_type="land",
            parties_count=2,
            parties="Test parties",
            sessions=1,
            outcome="successful",
        ),
        ActivityKind.DRAFT_COMMENTS: lambda: DraftCommentDetails(
            document_title="Dự thảo Luật Đất đai", drafting_body="Bộ", opinions_gathered=12
        ),
        ActivityKind.SUPPORT: lambda: SupportDetails(
            support_type="tet_gifts", recipients=10, value_vnd=5_000_000, beneficiaries="Test beneficiaries"
        ),
    }
    if kind not in defaults:
        return None
    details = defaults[kind]()
    for name, value in fields.items():
        setattr(details, name, value)
    return details


def commitment(text: str = "Nạo vét cống", **fields) -> Commitment:
    """A commitment for a dialogue or voter contact of Phường Phước Hội (the service sets its unit)."""
    from tests.commitments_common import authority

    fields.setdefault("owner", authority())
    fields.setdefault("deadline", datetime.date(2026, 6, 30))
    return Commitment(text=text, **fields)


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), *, gps: bool = False, orientation: int | None = None
) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 40.0, 0.0), 3: "E", 4: (107.0, 46.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def create(actor, kind: str, *, activity=None, details="default", organizations=None, **kwargs) -> Activity:
    activity = activity or new_activity(kind)
    if details == "default":
        details = new_details(kind, activity.unit.code if activity.unit.code != NEW_LA_GI else NEW_LA_GI)
    return create_activity(
        actor=actor,
        activity=activity,
        organizations=organizations if organizations is not None else [org(activity.unit.code)],
        details=details,
        **kwargs,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# The cadre's work log pages.
LIST = reverse("activities:list")
CHOOSE = reverse("activities:create")


def kind_url(kind: str) -> str:
    return reverse("activities:create_kind", args=[kind])


def detail_url(activity: Activity) -> str:
    return reverse("activities:detail", args=[activity.pk])


def edit_url(activity: Activity) -> str:
    return reverse("activities:edit", args=[activity.pk])


@pytest.mark.django_db
def test_the_demo_structure_the_tests_rely_on_exists():
    assert unit(NEW_PHUOC_HOI).valid_from == datetime.date(2025, 7, 1)
    assert unit(OLD_PHUOC_LOC).valid_to == datetime.date(2025, 6, 30)
    assert area(NEW_PHUOC_HOI).parent.code == NEW_PHUOC_HOI
    assert org(area(NEW_PHUOC_HOI).code, OrganizationKind.MEDIATION_TEAM) is not None
    assert org(area(NEW_PHUOC_HOI).code, OrganizationKind.WOMENS_UNION).parent is not None
