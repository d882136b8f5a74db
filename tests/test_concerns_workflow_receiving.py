"""Receiving a concern through the services: its first event and audit entry, tracking codes,
scope, the unit and area on the day, the resident's consent and phone number; and the visit
logged together with a concern. Runs against the demo structure of ``seed_demo``."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from activities.models import Activity, ActivityKind
from concerns import services
from concerns.models import (
    TRACKING_CODE_ALPHABET,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernSource,
    new_tracking_code,
)
from concerns.phones import normalize_phone
from organizations.models import OrganizationKind
from tests.concerns_common import TODAY, S, audit_entries, receive
from tests.helpers import unit

pytestmark = pytest.mark.django_db


# --- receiving ------------------------------------------------------------------------------


def test_receive_creates_the_concern_its_first_event_and_an_audit_entry(ward_cadre, phuoc_hoi_place):
    concern = receive(
        ward_cadre,
        phuoc_hoi_place,
        resident_name="Test Resident",
        resident_phone="0912 345 678",
        resident_consent=True,
    )
    assert concern.status == S.RECEIVED
    assert concern.received_by == ward_cadre
    assert concern.resident_phone == "0912345678"
    event = concern.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", S.RECEIVED, ward_cadre)
    assert [e.action for e in audit_entries(concern, ward_cadre)] == [LogEntry.Action.CREATE]
    assert len(audit_entries(event, ward_cadre)) == 1


def test_tracking_codes_are_short_unambiguous_and_unique(ward_cadre, phuoc_hoi_place):
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 10 and set(code) <= set(TRACKING_CODE_ALPHABET) for code in codes)
    assert not set("0O1I") & set(TRACKING_CODE_ALPHABET)
    first, second = receive(ward_cadre, phuoc_hoi_place), receive(ward_cadre, phuoc_hoi_place)
    assert first.tracking_code != second.tracking_code


def test_receive_outside_the_scope_is_refused(ward_cadre, la_gi_place):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, la_gi_place)
    assert "unit" in error.value.message_dict
    assert not Concern.objects.filter(unit=la_gi_place[0], summary="Đèn đường hỏng").exists()


def test_read_only_cadre_cannot_receive(demo_user, phuoc_hoi_place):
    with pytest.raises(ValidationError):
        receive(demo_user("cadre_viewer"), phuoc_hoi_place)


def test_the_residential_area_must_be_in_the_unit(ward_cadre, phuoc_hoi_place, la_gi_place):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, (phuoc_hoi_place[0], la_gi_place[1]))
    assert "residential_area" in error.value.message_dict


def test_the_unit_must_have_existed_on_the_day(ward_cadre):
    old_ward = unit("LG-PH")
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, (old_ward, None), received_on=datetime.date(2025, 8, 1))
    assert "unit" in error.value.message_dict
    concern = receive(ward_cadre, (old_ward, unit("LG-PH-KP01")), received_on=datetime.date(2024, 3, 5))
    assert concern.unit == old_ward


def test_name_or_phone_only_with_the_residents_consent(ward_cadre, phuoc_hoi_place):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, phuoc_hoi_place, resident_name="Test Resident")
    assert "resident_consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, phuoc_hoi_place, resident_phone="0912345678")
    assert "resident_consent" in error.value.message_dict


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0263 3822 123", "02633822123"),
    ],
)
def test_vietnamese_phone_numbers_are_normalised(ward_cadre, phuoc_hoi_place, raw, normalised):
    assert normalize_phone(raw) == normalised
    concern = receive(ward_cadre, phuoc_hoi_place, resident_phone=raw, resident_consent=True)
    assert concern.resident_phone == normalised


@pytest.mark.parametrize("raw", ["12345", "0112345678", "091234567", "+1 202 555 0100", "phone"])
def test_other_phone_numbers_are_refused(ward_cadre, phuoc_hoi_place, raw):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, phuoc_hoi_place, resident_phone=raw, resident_consent=True)
    assert "resident_phone" in error.value.message_dict


# --- the visit with a concern ------------------------------------------------------------------


def test_visit_with_a_concern_saves_both_in_the_commune_level_unit(ward_cadre, phuoc_hoi_place):
    before = Activity.objects.count()
    concern = services.log_visit_with_concern(
        actor=ward_cadre,
        residential_area=phuoc_hoi_place[1],
        date=TODAY,
        households_visited=7,
        visit_summary="Thăm hộ dân khu phố 1.",
        category=ConcernCategory.HEALTH,
        summary="Muỗi nhiều.",
    )
    assert Activity.objects.count() == before + 1
    visit = concern.activity
    assert (visit.kind, visit.unit, visit.date) == (ActivityKind.VISIT, phuoc_hoi_place[0], TODAY)
    assert (visit.visit_details.residential_area, visit.visit_details.households_visited) == (
        phuoc_hoi_place[1],
        7,
    )
    # Organized by the area's Front working committee when no organization is chosen.
    assert [o.kind for o in visit.organizations.all()] == [OrganizationKind.FRONT_WORKING_COMMITTEE]
    assert (concern.source, concern.unit, concern.residential_area) == (
        ConcernSource.VISIT,
        phuoc_hoi_place[0],
        phuoc_hoi_place[1],
    )
    assert concern.organization is None
    assert concern.events.count() == 1


def test_visit_with_a_concern_saves_nothing_when_either_part_is_wrong(ward_cadre, phuoc_hoi_place):
    activities, concerns, events = (
        Activity.objects.count(),
        Concern.objects.count(),
        ConcernEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        services.log_visit_with_concern(
            actor=ward_cadre,
            residential_area=phuoc_hoi_place[1],
            date=TODAY,
            households_visited=0,
            visit_summary="Thăm hộ.",
            category=ConcernCategory.HEALTH,
            summary="Muỗi.",
            resident_name="Someone",  # without consent
        )
    assert {"households_visited", "resident_consent"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        # The visit is valid, the concern is not (no category): the visit is not kept either.
        services.log_visit_with_concern(
            actor=ward_cadre,
            residential_area=phuoc_hoi_place[1],
            date=TODAY,
            households_visited=3,
            visit_summary="Thăm hộ.",
            category="",
            summary="Muỗi.",
        )
    assert (Activity.objects.count(), Concern.objects.count(), ConcernEvent.objects.count()) == (
        activities,
        concerns,
        events,
    )
