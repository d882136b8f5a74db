"""The steps of the concern workflow through the services: the whole path with its timeline and
audit entries, forbidden steps (a translated error, nothing changed), closing early, scope, and
the overdue rule on Vietnam's calendar day. Runs against the demo structure of ``seed_demo``."""

import datetime
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from concerns import services
from concerns.models import Concern, ConcernSource
from organizations.models import AuthorityKind, Organization, OrganizationKind
from tests.concerns_common import TODAY, S, audit_entries, forward, receive, register_authority
from tests.helpers import unit

pytestmark = pytest.mark.django_db


# --- the workflow ---------------------------------------------------------------------------


def test_the_whole_path_writes_one_event_and_audit_entries_per_step(ward_cadre, phuoc_hoi_place):
    concern = receive(ward_cadre, phuoc_hoi_place)
    concern = forward(ward_cadre, concern)
    committee = register_authority()
    assert (concern.status, concern.authority, concern.forward_document_number) == (
        S.FORWARDED,
        committee,
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
    assert (events[1].data["authority"], events[1].data["authority_id"]) == (committee.name, committee.pk)
    assert events[1].data["due_date"] == (TODAY + datetime.timedelta(days=0)).isoformat()
    assert events[2].data["answer"] == "Đã sửa đèn."
    assert events[3].note == "Gọi điện."
    # The concern: created, then changed at each of the four steps; each event: created.
    actions = [entry.action for entry in audit_entries(concern, ward_cadre)]
    assert actions.count(LogEntry.Action.CREATE) == 1
    assert actions.count(LogEntry.Action.UPDATE) == 4
    for event in events:
        assert len(audit_entries(event, ward_cadre)) == 1


def test_an_answer_on_the_spot_needs_no_forwarding(ward_cadre, phuoc_hoi_place):
    concern = receive(ward_cadre, phuoc_hoi_place, source=ConcernSource.VOTER_CONTACT)
    concern = services.answer_concern(
        actor=ward_cadre, concern=concern, answer="Trả lời tại chỗ.", answered_on=TODAY
    )
    assert concern.status == S.ANSWERED
    assert concern.forwarded_on is None


def test_a_concern_can_be_forwarded_again(ward_cadre, phuoc_hoi_place):
    police = register_authority(kind=AuthorityKind.POLICE)
    concern = forward(ward_cadre, receive(ward_cadre, phuoc_hoi_place))
    concern = services.forward_concern(
        actor=ward_cadre,
        concern=concern,
        authority=police,
        forwarded_on=TODAY,
        due_date=TODAY,
    )
    assert concern.authority == police
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
def test_forbidden_steps_raise_a_translated_error_and_change_nothing(
    ward_cadre, phuoc_hoi_place, status, step
):
    concern = to_status(ward_cadre, phuoc_hoi_place, status)
    events_before = concern.events.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        step(ward_cadre, concern)
    assert error.value.code == "forbidden_transition"
    assert error.value.messages[0].endswith(".")
    concern.refresh_from_db()
    assert concern.status == status
    assert concern.events.count() == events_before


def test_closing_before_the_resident_is_informed_says_how_to_close_early(ward_cadre, phuoc_hoi_place):
    concern = to_status(ward_cadre, phuoc_hoi_place, S.ANSWERED)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _close(ward_cadre, concern)
    assert "duplicate or as not in scope" in error.value.messages[0]


def test_close_as_duplicate_points_to_the_original(ward_cadre, phuoc_hoi_place):
    original = receive(ward_cadre, phuoc_hoi_place)
    repeat = receive(ward_cadre, phuoc_hoi_place)
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


def test_a_duplicate_of_a_concern_outside_the_scope_is_refused(
    ward_cadre, phuoc_hoi_place, la_gi_place, demo_user
):
    outside = receive(demo_user("cadre_area"), la_gi_place)
    concern = receive(ward_cadre, phuoc_hoi_place)
    with pytest.raises(ValidationError) as error:
        services.close_as_duplicate(actor=ward_cadre, concern=concern, duplicate_of=outside, reason="x")
    assert "duplicate_of" in error.value.message_dict


def test_closing_as_not_in_scope_needs_a_reason(ward_cadre, phuoc_hoi_place):
    concern = forward(ward_cadre, receive(ward_cadre, phuoc_hoi_place))
    with pytest.raises(ValidationError) as error:
        services.close_as_not_in_scope(actor=ward_cadre, concern=concern, reason="  ")
    assert "close_reason" in error.value.message_dict
    assert concern.events.count() == 2
    closed = services.close_as_not_in_scope(actor=ward_cadre, concern=concern, reason="Tranh chấp dân sự.")
    assert closed.status == S.NOT_IN_SCOPE


def test_a_due_date_before_the_forwarding_is_refused_and_nothing_is_written(ward_cadre, phuoc_hoi_place):
    concern = receive(ward_cadre, phuoc_hoi_place)
    with pytest.raises(ValidationError) as error:
        services.forward_concern(
            actor=ward_cadre,
            concern=concern,
            authority=register_authority(),
            forwarded_on=TODAY,
            due_date=TODAY - datetime.timedelta(days=1),
        )
    assert "due_date" in error.value.message_dict
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED
    assert concern.events.count() == 1


def test_steps_are_refused_outside_the_scope_and_for_read_only_cadres(ward_cadre, phuoc_hoi_place, demo_user):
    concern = receive(ward_cadre, phuoc_hoi_place)
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


def test_overdue_starts_at_midnight_in_vietnam_not_in_utc(ward_cadre, phuoc_hoi_place):
    concern = receive(ward_cadre, phuoc_hoi_place, received_on=datetime.date(2026, 2, 20))
    concern = services.forward_concern(
        actor=ward_cadre,
        concern=concern,
        authority=register_authority(),
        forwarded_on=datetime.date(2026, 2, 25),
        due_date=datetime.date(2026, 3, 10),
    )
    answered = forward(
        ward_cadre, receive(ward_cadre, phuoc_hoi_place, received_on=datetime.date(2026, 2, 20))
    )
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
