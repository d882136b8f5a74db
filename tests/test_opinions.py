"""Opinions of a voter contact and questions of a dialogue through the services: recorded on the
activity's day in its ward, answered on the spot or followed by the concern workflow itself
(forwarded to an authority of the register, answered with its reply document and a commitment,
voters informed, closed), refused steps with their message, overdue after the authority's days
to answer, the rules of the model, the scope, and the count of the voter contact's minutes."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from activities.models import ActivityKind, Commitment, CommitmentStatus, VoterContactDetails
from concerns import services
from concerns.models import Concern, ConcernSource, ConcernStatus, InformedHow, PetitionType
from organizations.models import AuthorityKind
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY
from tests.concerns_common import register_authority
from tests.factories import AuthorityFactory
from tests.helpers import unit
from tests.opinions_common import DAY, PH, TODAY, meeting, opinion

pytestmark = pytest.mark.django_db

S = ConcernStatus


@pytest.fixture
def in_english():
    """The services' messages in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def cadre(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def voter_contact(cadre):
    return meeting(cadre)


@pytest.fixture
def committee():
    return register_authority()


def steps(concern: Concern) -> list[tuple[str, str]]:
    return [(e.from_status, e.to_status) for e in concern.events.order_by("at", "pk")]


def refused(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


# --- recording -----------------------------------------------------------------------------------


def test_an_opinion_is_a_concern_of_the_voter_contact_on_its_day_in_its_ward(cadre, voter_contact):
    area = unit(f"{PH}-KP03")
    concern = opinion(
        cadre,
        voter_contact,
        residential_area=area,
        publishable=True,
        resident_name="Cử tri Thử",
        resident_phone="0912 000 444",
        resident_consent=True,
    )
    assert (concern.source, concern.activity, concern.unit, concern.residential_area) == (
        ConcernSource.VOTER_CONTACT,
        voter_contact,
        unit(PH),
        area,
    )
    assert (concern.received_on, concern.status, concern.topic, concern.publishable) == (
        voter_contact.date,
        S.RECEIVED,
        "Ngập đường 23/4",
        True,
    )
    assert (concern.resident_phone, concern.received_by) == ("0912000444", cadre)
    assert steps(concern) == [("", S.RECEIVED)]


def test_a_question_of_a_dialogue_is_a_concern_of_the_dialogue(cadre):
    dialogue = meeting(cadre, ActivityKind.DIALOGUE)
    question = opinion(cadre, dialogue, summary="Khi nào làm lại đường?")
    assert (question.source, question.activity) == (ConcernSource.DIALOGUE, dialogue)


def test_an_answer_on_the_spot_is_the_workflow_s_answer_step_without_forwarding(
    cadre, voter_contact, committee
):
    concern = opinion(
        cadre,
        voter_contact,
        answered_on_spot=True,
        answered_by="Chủ tịch UBND phường",
        authority=committee,
        answer="Phường sẽ nạo vét cống trong tháng.",
    )
    assert (concern.status, concern.answered_on_spot, concern.answered_by, concern.authority) == (
        S.ANSWERED,
        True,
        "Chủ tịch UBND phường",
        committee,
    )
    assert (concern.answered_on, concern.forwarded_on, concern.due_date) == (voter_contact.date, None, None)
    assert steps(concern) == [("", S.RECEIVED), (S.RECEIVED, S.ANSWERED)]
    answered = concern.events.get(to_status=S.ANSWERED)
    assert answered.data["answered_by"] == "Chủ tịch UBND phường"
    # Then the voters are told at the next contact, and it is closed: the same workflow.
    concern = services.mark_resident_informed(
        actor=cadre, concern=concern, informed_on=TODAY, how=InformedHow.NEXT_CONTACT
    )
    assert (concern.status, concern.informed_how) == (S.INFORMED, InformedHow.NEXT_CONTACT)
    assert concern.events.get(to_status=S.INFORMED).data["informed_how"] == InformedHow.NEXT_CONTACT
    concern = services.close_concern(actor=cadre, concern=concern, closed_on=TODAY)
    assert concern.status == S.CLOSED


def test_an_answer_on_the_spot_needs_the_answer_and_who_gave_it(cadre, voter_contact):
    errors = refused(lambda: opinion(cadre, voter_contact, answered_on_spot=True)).message_dict
    assert set(errors) == {"answer", "answered_by"}
    errors = refused(lambda: opinion(cadre, voter_contact, answer="Đã trả lời.")).message_dict
    assert set(errors) == {"answered_on_spot"}
    assert not Concern.objects.filter(activity=voter_contact).exists()


def test_the_authority_of_an_answer_on_the_spot_existed_that_day(cadre, voter_contact):
    ended = AuthorityFactory(valid_to=voter_contact.date - DAY)
    errors = refused(
        lambda: opinion(
            cadre, voter_contact, answered_on_spot=True, answered_by="Chủ tịch", answer="A", authority=ended
        )
    ).message_dict
    assert "authority" in errors
    assert not Concern.objects.filter(activity=voter_contact).exists()


# --- the later steps: the concern workflow, reused -------------------------------------------------


def test_a_forwarded_opinion_walks_the_workflow_to_closed(cadre, voter_contact):
    authority = AuthorityFactory(name="Phòng Quản lý đô thị (thử)", unit=unit(PH), answer_days=20)
    concern = opinion(cadre, voter_contact)
    forwarded_on = voter_contact.date + DAY
    concern = services.forward_concern(
        actor=cadre, concern=concern, authority=authority, forwarded_on=forwarded_on, document_number="9/MTTQ"
    )
    # The due date comes from the authority's days to answer.
    assert (concern.status, concern.authority, concern.due_date) == (
        S.FORWARDED,
        authority,
        forwarded_on + datetime.timedelta(days=20),
    )
    event = concern.events.get(to_status=S.FORWARDED)
    assert (event.data["authority"], event.data["authority_id"]) == (authority.name, authority.pk)
    concern = services.answer_concern(
        actor=cadre,
        concern=concern,
        answer="Đã đưa vào kế hoạch nạo vét.",
        answered_on=TODAY,
        reply_document_number="125/UBND-VP",
        commitment_text="Nạo vét mương đường 23/4",
        commitment_deadline=TODAY + 30 * DAY,
    )
    commitment = concern.commitment
    assert concern.reply_document_number == "125/UBND-VP"
    assert (commitment.text, commitment.owner, commitment.activity, commitment.unit) == (
        "Nạo vét mương đường 23/4",
        authority,
        voter_contact,
        voter_contact.unit,
    )
    assert (commitment.deadline, commitment.status) == (TODAY + 30 * DAY, CommitmentStatus.PENDING)
    answered = concern.events.get(to_status=S.ANSWERED)
    assert (answered.data["reply_document_number"], answered.data["commitment"]) == (
        "125/UBND-VP",
        "Nạo vét mương đường 23/4",
    )
    concern = services.mark_resident_informed(
        actor=cadre, concern=concern, informed_on=TODAY, how=InformedHow.BY_FRONT
    )
    concern = services.close_concern(actor=cadre, concern=concern, closed_on=TODAY)
    assert steps(concern) == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.FORWARDED),
        (S.FORWARDED, S.ANSWERED),
        (S.ANSWERED, S.INFORMED),
        (S.INFORMED, S.CLOSED),
    ]


def test_a_commitment_that_cannot_be_made_saves_neither_it_nor_the_answer(cadre, voter_contact, committee):
    concern = services.forward_concern(
        actor=cadre, concern=opinion(cadre, voter_contact), authority=committee, forwarded_on=TODAY
    )
    commitments = Commitment.objects.count()
    errors = refused(
        lambda: services.answer_concern(
            actor=cadre, concern=concern, answer="A", answered_on=TODAY, commitment_text="Làm đường"
        )
    ).message_dict
    assert "commitment_deadline" in errors
    errors = refused(
        lambda: services.answer_concern(
            actor=cadre, concern=concern, answer="", answered_on=TODAY, commitment_deadline=TODAY
        )
    ).message_dict
    assert {"answer", "commitment_text"} <= set(errors)
    concern.refresh_from_db()
    assert (concern.status, concern.commitment, Commitment.objects.count()) == (
        S.FORWARDED,
        None,
        commitments,
    )


def test_a_commitment_needs_the_authority_that_made_it(cadre, voter_contact):
    # Answered directly by the Front, never forwarded: no authority to own a commitment.
    concern = opinion(cadre, voter_contact)
    errors = refused(
        lambda: services.answer_concern(
            actor=cadre,
            concern=concern,
            answer="A",
            answered_on=TODAY,
            commitment_text="Làm đường",
            commitment_deadline=TODAY + DAY,
        )
    ).message_dict
    assert "commitment_text" in errors


@pytest.mark.parametrize(
    "step, message",
    [
        ("forward", "Only a concern that is still waiting for an answer can be forwarded."),
        ("answer", "Only a concern that is still waiting for an answer can be answered."),
        ("close", "A concern is closed only after the resident has been informed of the answer"),
    ],
)
def test_an_opinion_answered_on_the_spot_refuses_steps_out_of_order(
    cadre, voter_contact, committee, step, message, in_english
):
    concern = opinion(
        cadre, voter_contact, answered_on_spot=True, answered_by="Chủ tịch", answer="Đã trả lời."
    )
    calls = {
        "forward": lambda: services.forward_concern(
            actor=cadre, concern=concern, authority=committee, forwarded_on=TODAY
        ),
        "answer": lambda: services.answer_concern(
            actor=cadre, concern=concern, answer="B", answered_on=TODAY
        ),
        "close": lambda: services.close_concern(actor=cadre, concern=concern, closed_on=TODAY),
    }
    error = refused(calls[step])
    assert error.code == "forbidden_transition"
    assert message in error.messages[0]
    concern.refresh_from_db()
    assert concern.status == S.ANSWERED and concern.events.count() == 2


def test_informing_the_voters_before_the_answer_is_refused(cadre, voter_contact, in_english):
    concern = opinion(cadre, voter_contact)
    error = refused(
        lambda: services.mark_resident_informed(
            actor=cadre, concern=concern, informed_on=TODAY, how=InformedHow.BY_FRONT
        )
    )
    assert error.messages == ["The resident can be informed only once the concern has been answered."]


def test_a_forwarded_opinion_is_overdue_after_the_authority_s_days_to_answer(cadre):
    contact = meeting(cadre, on=TODAY - 20 * DAY)
    authority = AuthorityFactory(unit=unit(PH), answer_days=10)
    on_time = services.forward_concern(
        actor=cadre, concern=opinion(cadre, contact), authority=authority, forwarded_on=TODAY - 10 * DAY
    )
    late = services.forward_concern(
        actor=cadre, concern=opinion(cadre, contact), authority=authority, forwarded_on=TODAY - 11 * DAY
    )
    assert on_time.due_date == TODAY and late.due_date == TODAY - DAY
    overdue = Concern.objects.filter(activity=contact).overdue(TODAY)
    assert list(overdue) == [late]
    assert late.is_overdue_on(TODAY) and not on_time.is_overdue_on(TODAY)
    # The next day the other one is late too.
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY + DAY):
        assert set(Concern.objects.filter(activity=contact).overdue()) == {on_time, late}


def test_forwarding_to_an_authority_that_had_ended_is_refused(cadre, voter_contact):
    ended = AuthorityFactory(valid_to=TODAY - 2 * DAY)
    concern = opinion(cadre, voter_contact)
    errors = refused(
        lambda: services.forward_concern(actor=cadre, concern=concern, authority=ended, forwarded_on=TODAY)
    ).message_dict
    assert "authority" in errors
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED


def test_forwarding_needs_an_authority(cadre, voter_contact):
    concern = opinion(cadre, voter_contact)
    errors = refused(
        lambda: services.forward_concern(actor=cadre, concern=concern, authority=None, forwarded_on=TODAY)
    ).message_dict
    assert "authority" in errors


# --- what is refused -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ActivityKind.MEETING, ActivityKind.VISIT, ActivityKind.MEDIATION])
def test_only_a_voter_contact_or_a_dialogue_has_opinions(cadre, kind, in_english):
    activity = meeting(cadre, kind)
    errors = refused(lambda: opinion(cadre, activity)).message_dict
    assert errors["activity"] == [
        "Opinions are recorded at a voter contact and questions at a dialogue; this activity is neither."
    ]
    assert not Concern.objects.filter(activity=activity).exists()


def test_opinions_are_recorded_once_the_meeting_has_taken_place(cadre, in_english):
    coming = meeting(cadre, on=TODAY + 5 * DAY)
    errors = refused(lambda: opinion(cadre, coming)).message_dict
    assert errors["activity"] == ["Opinions are recorded once the voter contact or dialogue has taken place."]


def test_opinions_are_recorded_only_by_the_cadres_who_may_change_the_activity(
    cadre, voter_contact, demo_user
):
    assert refused(lambda: opinion(demo_user("cadre_viewer"), voter_contact)).messages == [str(READ_ONLY)]
    assert refused(lambda: opinion(demo_user("cadre_women"), voter_contact)).message_dict == {
        "activity": [str(OUTSIDE_SCOPE)]
    }
    assert opinion(demo_user("cadre_area"), voter_contact).unit == unit(PH)
    assert Concern.objects.filter(activity=voter_contact).count() == 1


def test_another_scope_cannot_take_the_next_step(cadre, voter_contact, committee, demo_user):
    concern = opinion(cadre, voter_contact)
    for username in ("cadre_women", "cadre_viewer"):
        refused(
            lambda username=username: services.forward_concern(
                actor=demo_user(username), concern=concern, authority=committee, forwarded_on=TODAY
            )
        )
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED


# --- the model's rules -----------------------------------------------------------------------------


def test_the_model_keeps_an_answer_on_the_spot_apart_from_a_forwarding(cadre, voter_contact, committee):
    concern = opinion(
        cadre, voter_contact, answered_on_spot=True, answered_by="Chủ tịch", answer="Đã trả lời."
    )
    concern.forwarded_on, concern.forward_document_number = TODAY, "1/MT"
    assert "answered_on_spot" in refused(concern.full_clean).message_dict
    concern.refresh_from_db()
    concern.answered_by = ""
    assert "answered_by" in refused(concern.full_clean).message_dict
    received = opinion(cadre, voter_contact)
    received.answered_on_spot = True
    errors = refused(received.full_clean).message_dict
    assert {"answered_on_spot", "answer", "answered_by"} <= set(errors)
    received.refresh_from_db()
    received.answered_by = "Chủ tịch"  # who answered on the spot, for an answer not on the spot
    assert "answered_by" in refused(received.full_clean).message_dict


def test_only_a_petition_has_a_kind_and_a_channel(cadre, voter_contact):
    concern = opinion(cadre, voter_contact)
    concern.petition_type = PetitionType.COMPLAINT
    concern.petition_channel = "by_post"
    assert {"petition_type", "petition_channel"} <= set(refused(concern.full_clean).message_dict)
    concern.refresh_from_db()
    concern.publishable = True  # allowed on any concern, shown only on the activity's page
    concern.full_clean()


# --- the voter contact's count -------------------------------------------------------------------


def test_the_count_of_the_minutes_is_at_least_the_opinions_recorded(cadre):
    contact = meeting(cadre, opinions_count=1)
    opinion(cadre, contact)
    assert VoterContactDetails.objects.get(activity=contact).opinions_count == 1
    opinion(cadre, contact, summary="Đèn đường hỏng")
    opinion(cadre, contact, summary="Rác tồn đọng")
    assert VoterContactDetails.objects.get(activity=contact).opinions_count == 3
    bigger = meeting(cadre, opinions_count=25)
    opinion(cadre, bigger)
    assert VoterContactDetails.objects.get(activity=bigger).opinions_count == 25


def test_an_opinion_of_a_town_meeting_goes_to_the_ward_of_its_area(demo_user):
    """Before 1 July 2025 a voter contact could be the town's: the opinion is in the ward of the area."""
    cadre = demo_user("cadre_area")
    contact = meeting(cadre, on=datetime.date(2024, 11, 20), unit_code="BT-LAGI")
    area = unit("LG-PH-KP01")
    concern = opinion(cadre, contact, residential_area=area)
    assert (concern.unit, concern.residential_area, concern.received_on) == (
        unit("LG-PH"),
        area,
        datetime.date(2024, 11, 20),
    )


def test_the_police_can_be_chosen_too(cadre, voter_contact):
    police = register_authority(kind=AuthorityKind.POLICE)
    concern = services.forward_concern(
        actor=cadre,
        concern=opinion(cadre, voter_contact),
        authority=police,
        forwarded_on=timezone.localdate(),
    )
    assert concern.due_date == police.due_date_from(TODAY)
