"""The concern workflow: services, allowed and forbidden steps, the timeline, the audit
entries, the overdue rule on Vietnam's calendar day, hot spots and the visit-with-a-concern
service. Runs against the demo structure of ``seed_demo``."""

import datetime
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from activities.models import Activity, ActivityKind
from concerns import services
from concerns.hotspots import detect_hotspots
from concerns.models import (
    TRACKING_CODE_ALPHABET,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernSource,
    ConcernStatus,
    new_tracking_code,
)
from concerns.phones import normalize_phone
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from tests.factories import ConcernFactory, UnitFactory

pytestmark = pytest.mark.django_db

S = ConcernStatus
TODAY = timezone.localdate()


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def ward():
    """The new Phường Phước Hội and one of its quarters (cadre_ward's scope)."""
    return unit("LD-PPHUOCHOI"), unit("LD-PPHUOCHOI-KP01")


@pytest.fixture
def other_ward():
    return unit("LD-PLAGI"), unit("LD-PLAGI-KP01")


@pytest.fixture
def ward_cadre(demo_user):
    return demo_user("cadre_ward")


def receive(actor, place, **kwargs) -> Concern:
    unit_, area = place
    values = {
        "unit": unit_,
        "residential_area": area,
        "category": ConcernCategory.INFRASTRUCTURE,
        "summary": "Đèn đường hỏng",
        "received_on": TODAY - datetime.timedelta(days=20),
        "source": ConcernSource.VISIT,
    }
    values.update(kwargs)
    return services.receive_concern(actor=actor, **values)


def forward(actor, concern, days_ago=15, due_in=15) -> Concern:
    forwarded_on = TODAY - datetime.timedelta(days=days_ago)
    return services.forward_concern(
        actor=actor,
        concern=concern,
        authority="UBND phường Phước Hội",
        document_number="12/MTTQ",
        forwarded_on=forwarded_on,
        due_date=forwarded_on + datetime.timedelta(days=due_in),
    )


def audit_entries(obj, actor) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).filter(actor=actor))


# --- receiving ------------------------------------------------------------------------------


def test_receive_creates_the_concern_its_first_event_and_an_audit_entry(ward_cadre, ward):
    concern = receive(
        ward_cadre, ward, resident_name="Test Resident", resident_phone="0912 345 678", resident_consent=True
    )
    assert concern.status == S.RECEIVED
    assert concern.received_by == ward_cadre
    assert concern.resident_phone == "0912345678"
    event = concern.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", S.RECEIVED, ward_cadre)
    assert [e.action for e in audit_entries(concern, ward_cadre)] == [LogEntry.Action.CREATE]
    assert len(audit_entries(event, ward_cadre)) == 1


def test_tracking_codes_are_short_unambiguous_and_unique(ward_cadre, ward):
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 10 and set(code) <= set(TRACKING_CODE_ALPHABET) for code in codes)
    assert not set("0O1I") & set(TRACKING_CODE_ALPHABET)
    first, second = receive(ward_cadre, ward), receive(ward_cadre, ward)
    assert first.tracking_code != second.tracking_code


def test_receive_outside_the_scope_is_refused(ward_cadre, other_ward):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, other_ward)
    assert "unit" in error.value.message_dict
    assert not Concern.objects.filter(unit=other_ward[0], summary="Đèn đường hỏng").exists()


def test_read_only_cadre_cannot_receive(demo_user, ward):
    with pytest.raises(ValidationError):
        receive(demo_user("cadre_viewer"), ward)


def test_the_residential_area_must_be_in_the_unit(ward_cadre, ward, other_ward):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, (ward[0], other_ward[1]))
    assert "residential_area" in error.value.message_dict


def test_the_unit_must_have_existed_on_the_day(ward_cadre):
    old_ward = unit("LG-PH")
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, (old_ward, None), received_on=datetime.date(2025, 8, 1))
    assert "unit" in error.value.message_dict
    concern = receive(ward_cadre, (old_ward, unit("LG-PH-KP01")), received_on=datetime.date(2024, 3, 5))
    assert concern.unit == old_ward


def test_name_or_phone_only_with_the_residents_consent(ward_cadre, ward):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, ward, resident_name="Test Resident")
    assert "resident_consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, ward, resident_phone="0912345678")
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
def test_vietnamese_phone_numbers_are_normalised(ward_cadre, ward, raw, normalised):
    assert normalize_phone(raw) == normalised
    concern = receive(ward_cadre, ward, resident_phone=raw, resident_consent=True)
    assert concern.resident_phone == normalised


@pytest.mark.parametrize("raw", ["12345", "0112345678", "091234567", "+1 202 555 0100", "phone"])
def test_other_phone_numbers_are_refused(ward_cadre, ward, raw):
    with pytest.raises(ValidationError) as error:
        receive(ward_cadre, ward, resident_phone=raw, resident_consent=True)
    assert "resident_phone" in error.value.message_dict


# --- the workflow ---------------------------------------------------------------------------


def test_the_whole_path_writes_one_event_and_audit_entries_per_step(ward_cadre, ward):
    concern = receive(ward_cadre, ward)
    concern = forward(ward_cadre, concern)
    assert (concern.status, concern.forwarded_to, concern.forward_document_number) == (
        S.FORWARDED,
        "UBND phường Phước Hội",
        "12/MTTQ",
    )
    concern = services.answer_concern(
        actor=ward_cadre,
        concern=concern,
        answer="Đã sửa đèn.",
        answered_on=TODAY - datetime.timedelta(days=3),
    )
    concern = services.mark_resident_informed(
        actor=ward_cadre, concern=concern, informed_on=TODAY - datetime.timedelta(days=1), note="Gọi điện."
    )
    concern = services.close_concern(actor=ward_cadre, concern=concern, closed_on=TODAY)
    concern.refresh_from_db()
    assert concern.status == S.CLOSED
    steps = [(e.from_status, e.to_status) for e in concern.events.order_by("at", "pk")]
    assert steps == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.FORWARDED),
        (S.FORWARDED, S.ANSWERED),
        (S.ANSWERED, S.INFORMED),
        (S.INFORMED, S.CLOSED),
    ]
    events = list(concern.events.order_by("at", "pk"))
    assert all(event.actor == ward_cadre for event in events)
    assert events[1].data["authority"] == "UBND phường Phước Hội"
    assert events[1].data["due_date"] == (TODAY + datetime.timedelta(days=0)).isoformat()
    assert events[2].data["answer"] == "Đã sửa đèn."
    assert events[3].note == "Gọi điện."
    # The concern: created, then changed at each of the four steps; each event: created.
    actions = [entry.action for entry in audit_entries(concern, ward_cadre)]
    assert actions.count(LogEntry.Action.CREATE) == 1
    assert actions.count(LogEntry.Action.UPDATE) == 4
    for event in events:
        assert len(audit_entries(event, ward_cadre)) == 1


def test_an_answer_on_the_spot_needs_no_forwarding(ward_cadre, ward):
    concern = receive(ward_cadre, ward, source=ConcernSource.VOTER_CONTACT)
    concern = services.answer_concern(
        actor=ward_cadre, concern=concern, answer="Trả lời tại chỗ.", answered_on=TODAY
    )
    assert concern.status == S.ANSWERED
    assert concern.forwarded_on is None


def test_a_concern_can_be_forwarded_again(ward_cadre, ward):
    concern = forward(ward_cadre, receive(ward_cadre, ward))
    concern = services.forward_concern(
        actor=ward_cadre,
        concern=concern,
        authority="Phòng Kinh tế",
        forwarded_on=TODAY,
        due_date=TODAY,
    )
    assert concern.forwarded_to == "Phòng Kinh tế"
    assert concern.events.filter(to_status=S.FORWARDED).count() == 2


def to_status(actor, place, status) -> Concern:
    concern = receive(actor, place)
    if status == S.RECEIVED:
        return concern
    concern = forward(actor, concern)
    if status == S.FORWARDED:
        return concern
    concern = services.answer_concern(actor=actor, concern=concern, answer="A", answered_on=TODAY)
    if status == S.ANSWERED:
        return concern
    concern = services.mark_resident_informed(actor=actor, concern=concern, informed_on=TODAY)
    if status == S.INFORMED:
        return concern
    return services.close_concern(actor=actor, concern=concern, closed_on=TODAY)


def _forward(actor, concern):
    return forward(actor, concern)


def _answer(actor, concern):
    return services.answer_concern(actor=actor, concern=concern, answer="A", answered_on=TODAY)


def _inform(actor, concern):
    return services.mark_resident_informed(actor=actor, concern=concern, informed_on=TODAY)


def _close(actor, concern):
    return services.close_concern(actor=actor, concern=concern, closed_on=TODAY)


def _not_in_scope(actor, concern):
    return services.close_as_not_in_scope(actor=actor, concern=concern, reason="Việc dân sự.")


@pytest.mark.parametrize(
    "status, step",
    [
        (S.RECEIVED, _inform),
        (S.RECEIVED, _close),
        (S.FORWARDED, _inform),
        (S.FORWARDED, _close),
        (S.ANSWERED, _forward),
        (S.ANSWERED, _answer),
        (S.ANSWERED, _close),
        (S.ANSWERED, _not_in_scope),
        (S.INFORMED, _answer),
        (S.INFORMED, _not_in_scope),
        (S.CLOSED, _forward),
        (S.CLOSED, _answer),
        (S.CLOSED, _inform),
        (S.CLOSED, _close),
        (S.CLOSED, _not_in_scope),
    ],
)
def test_forbidden_steps_raise_a_translated_error_and_change_nothing(ward_cadre, ward, status, step):
    concern = to_status(ward_cadre, ward, status)
    events_before = concern.events.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        step(ward_cadre, concern)
    assert error.value.code == "forbidden_transition"
    assert error.value.messages[0].endswith(".")
    concern.refresh_from_db()
    assert concern.status == status
    assert concern.events.count() == events_before


def test_closing_before_the_resident_is_informed_says_how_to_close_early(ward_cadre, ward):
    concern = to_status(ward_cadre, ward, S.ANSWERED)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _close(ward_cadre, concern)
    assert "duplicate or as not in scope" in error.value.messages[0]


def test_close_as_duplicate_points_to_the_original(ward_cadre, ward):
    original = receive(ward_cadre, ward)
    repeat = receive(ward_cadre, ward)
    closed = services.close_as_duplicate(
        actor=ward_cadre, concern=repeat, duplicate_of=original, reason="Cùng nội dung."
    )
    assert (closed.status, closed.duplicate_of, closed.close_reason) == (
        S.DUPLICATE,
        original,
        "Cùng nội dung.",
    )
    assert closed.closed_on == TODAY
    event = closed.events.get(to_status=S.DUPLICATE)
    assert event.data["duplicate_of"] == original.tracking_code
    with pytest.raises(ValidationError):
        services.close_as_duplicate(actor=ward_cadre, concern=original, duplicate_of=original, reason="x")


def test_a_duplicate_of_a_concern_outside_the_scope_is_refused(ward_cadre, ward, other_ward, demo_user):
    outside = receive(demo_user("cadre_area"), other_ward)
    concern = receive(ward_cadre, ward)
    with pytest.raises(ValidationError) as error:
        services.close_as_duplicate(actor=ward_cadre, concern=concern, duplicate_of=outside, reason="x")
    assert "duplicate_of" in error.value.message_dict


def test_closing_as_not_in_scope_needs_a_reason(ward_cadre, ward):
    concern = forward(ward_cadre, receive(ward_cadre, ward))
    with pytest.raises(ValidationError) as error:
        services.close_as_not_in_scope(actor=ward_cadre, concern=concern, reason="  ")
    assert "close_reason" in error.value.message_dict
    assert concern.events.count() == 2
    closed = services.close_as_not_in_scope(actor=ward_cadre, concern=concern, reason="Tranh chấp dân sự.")
    assert closed.status == S.NOT_IN_SCOPE


def test_a_due_date_before_the_forwarding_is_refused_and_nothing_is_written(ward_cadre, ward):
    concern = receive(ward_cadre, ward)
    with pytest.raises(ValidationError) as error:
        services.forward_concern(
            actor=ward_cadre,
            concern=concern,
            authority="UBND",
            forwarded_on=TODAY,
            due_date=TODAY - datetime.timedelta(days=1),
        )
    assert "due_date" in error.value.message_dict
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED
    assert concern.events.count() == 1


def test_steps_are_refused_outside_the_scope_and_for_read_only_cadres(ward_cadre, ward, demo_user):
    concern = receive(ward_cadre, ward)
    for username in ("cadre_viewer", "cadre_women"):
        with pytest.raises(ValidationError):
            forward(demo_user(username), concern)
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED


def test_an_organization_cadre_works_on_their_organizations_concerns(demo_user):
    cadre = demo_user("cadre_women")
    women = Organization.objects.get(
        kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PLAGI", valid_to__isnull=True
    )
    place = (unit("LD-PLAGI"), unit("LD-PLAGI-KP01"))
    concern = receive(cadre, place, organization=women)
    assert forward(cadre, concern).status == S.FORWARDED
    with pytest.raises(ValidationError):
        receive(cadre, place)  # not received by their organization


# --- overdue, on Vietnam's calendar -------------------------------------------------------


def test_overdue_starts_at_midnight_in_vietnam_not_in_utc(ward_cadre, ward):
    concern = receive(ward_cadre, ward, received_on=datetime.date(2026, 2, 20))
    concern = services.forward_concern(
        actor=ward_cadre,
        concern=concern,
        authority="UBND",
        forwarded_on=datetime.date(2026, 2, 25),
        due_date=datetime.date(2026, 3, 10),
    )
    answered = forward(ward_cadre, receive(ward_cadre, ward, received_on=datetime.date(2026, 2, 20)))
    services.answer_concern(
        actor=ward_cadre, concern=answered, answer="A", answered_on=datetime.date(2026, 2, 26)
    )
    Concern.objects.filter(pk=answered.pk).update(due_date=datetime.date(2026, 3, 1))
    ids = [concern.pk, answered.pk]
    utc = datetime.UTC

    # 23:59 on the 10th in Vietnam (16:59 UTC): due today, not overdue yet.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 3, 10, 16, 59, tzinfo=utc)
    ):
        assert timezone.localdate() == datetime.date(2026, 3, 10)
        assert not Concern.objects.filter(pk__in=ids).overdue().exists()
        assert not concern.is_overdue_on()
    # 00:30 on the 11th in Vietnam, still the 10th in UTC (17:30 UTC): overdue.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 3, 10, 17, 30, tzinfo=utc)
    ):
        assert timezone.now().date() == datetime.date(2026, 3, 10)
        assert timezone.localdate() == datetime.date(2026, 3, 11)
        assert list(Concern.objects.filter(pk__in=ids).overdue()) == [concern]
        assert concern.is_overdue_on()
        flagged = Concern.objects.filter(pk__in=ids).with_overdue_flag().get(pk=concern.pk)
        assert flagged.is_overdue


# --- hot spots --------------------------------------------------------------------------------

HOT_DAY = datetime.date(2026, 6, 30)


@pytest.fixture
def place():
    """A fresh unit and area, so that no demo concern counts."""
    ward_ = UnitFactory(kind="ward")
    area = UnitFactory(kind="quarter", parent=ward_)
    return ward_, area


def pile(place, count, *, days_ago=10, category=ConcernCategory.ENVIRONMENT, status=S.RECEIVED, area=True):
    ward_, area_ = place
    return [
        ConcernFactory(
            unit=ward_,
            residential_area=area_ if area else None,
            category=category,
            status=status,
            received_on=HOT_DAY - datetime.timedelta(days=days_ago),
        )
        for _ in range(count)
    ]


def spots(place, **kwargs):
    return detect_hotspots(concerns=Concern.objects.filter(unit=place[0]), today=HOT_DAY, **kwargs)


def test_a_place_reaching_the_threshold_is_a_hot_spot(place, settings):
    settings.HOTSPOT_THRESHOLD = 5
    settings.HOTSPOT_WINDOW_DAYS = 90
    concerns = pile(place, 3) + pile(place, 2, status=S.FORWARDED, days_ago=89)
    (spot,) = spots(place)
    assert (spot.place, spot.category, spot.count) == (place[1], ConcernCategory.ENVIRONMENT, 5)
    assert sorted(spot.concern_ids) == sorted(c.pk for c in concerns)


def test_just_below_the_threshold_is_no_hot_spot(place, settings):
    settings.HOTSPOT_THRESHOLD = 5
    pile(place, 4)
    pile(place, 3, status=S.ANSWERED)  # answered ones do not count
    pile(place, 2, status=S.CLOSED)
    pile(place, 1, category=ConcernCategory.HEALTH)  # another category
    assert spots(place) == []


def test_concerns_outside_the_window_do_not_count(place):
    pile(place, 4)
    pile(place, 1, days_ago=90)  # the window is the 90 days up to today, today included
    assert spots(place, threshold=5, window_days=90) == []
    assert len(spots(place, threshold=5, window_days=91)) == 1


def test_concerns_without_an_area_make_a_hot_spot_of_their_unit(place):
    pile(place, 2, area=False)
    pile(place, 2)
    assert spots(place, threshold=3) == []
    pile(place, 1, area=False)
    (spot,) = spots(place, threshold=3)
    assert (spot.place, spot.count) == (place[0], 3)


def test_hot_spots_take_two_queries_whatever_the_data(place, django_assert_num_queries):
    pile(place, 5)
    pile(place, 6, category=ConcernCategory.HEALTH)
    with django_assert_num_queries(2):  # the aggregate, the concerns behind the hot spots
        found = spots(place, threshold=5)
        assert [s.place.name for s in found] == [place[1].name, place[1].name]
    pile(place, 40, category=ConcernCategory.LAND_HOUSING)
    with django_assert_num_queries(2):
        assert len(spots(place, threshold=5)) == 3


# --- the visit with a concern ------------------------------------------------------------------


def test_visit_with_a_concern_saves_both_in_the_commune_level_unit(ward_cadre, ward):
    before = Activity.objects.count()
    concern = services.log_visit_with_concern(
        actor=ward_cadre,
        residential_area=ward[1],
        date=TODAY,
        households_visited=7,
        visit_summary="Thăm hộ dân khu phố 1.",
        category=ConcernCategory.HEALTH,
        summary="Muỗi nhiều.",
    )
    assert Activity.objects.count() == before + 1
    visit = concern.activity
    assert (visit.kind, visit.unit, visit.date) == (ActivityKind.VISIT, ward[0], TODAY)
    assert (visit.visit_details.residential_area, visit.visit_details.households_visited) == (ward[1], 7)
    # Organized by the area's Front working committee when no organization is chosen.
    assert [o.kind for o in visit.organizations.all()] == [OrganizationKind.FRONT_WORKING_COMMITTEE]
    assert (concern.source, concern.unit, concern.residential_area) == (ConcernSource.VISIT, ward[0], ward[1])
    assert concern.organization is None
    assert concern.events.count() == 1


def test_visit_with_a_concern_saves_nothing_when_either_part_is_wrong(ward_cadre, ward):
    activities, concerns, events = (
        Activity.objects.count(),
        Concern.objects.count(),
        ConcernEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        services.log_visit_with_concern(
            actor=ward_cadre,
            residential_area=ward[1],
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
            residential_area=ward[1],
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
