"""The recommendation lifecycle: draft → sent → replied → implemented → closed; forbidden steps;
overdue (incl. the day boundary in Vietnam time); re-supervision; scope and audit of each step."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from oversight import services
from oversight.models import Recommendation, Supervision
from tests.factories import (
    AuthorityFactory,
    MonitoringSessionFactory,
    OrganizationFactory,
    RecommendationFactory,
    ScopeFactory,
    SupervisionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)


@pytest.fixture
def outsider():
    return ScopeFactory(unit=UnitFactory(kind="ward"), access="write").user


@pytest.fixture
def session(made_up_ward):
    return MonitoringSessionFactory(project__unit=made_up_ward)


@pytest.fixture
def committee():
    return AuthorityFactory(name="Ủy ban nhân dân phường Thử", answer_days=30)


def _draft(writer, session, **kwargs) -> Recommendation:
    kwargs.setdefault("authority", AuthorityFactory(name="Ủy ban nhân dân phường Thử"))
    return services.create_recommendation(
        actor=writer, origin=session, content="Đề nghị sửa mặt đường.", **kwargs
    )


def _send(
    writer,
    recommendation,
    sent_on=datetime.date(2026, 4, 1),
    due_date=datetime.date(2026, 4, 30),
    authority=None,
):
    return services.send_recommendation(
        actor=writer,
        recommendation=recommendation,
        authority=authority or recommendation.authority or AuthorityFactory(),
        sent_on=sent_on,
        due_date=due_date,
        document_number="12/KN-BGS",
    )


def test_a_recommendation_goes_from_draft_to_sent_replied_implemented_and_closed(writer, session):
    recommendation = _draft(writer, session)
    assert recommendation.status == "draft"
    assert recommendation.unit_id == session.project.unit_id
    assert recommendation.organization_id == session.board_id

    recommendation = _send(writer, recommendation)
    assert (recommendation.status, recommendation.document_number) == ("sent", "12/KN-BGS")

    recommendation = services.record_reply(
        actor=writer,
        recommendation=recommendation,
        reply_on=datetime.date(2026, 4, 20),
        reply_text="Đã giao nhà thầu sửa.",
        outcome="accepted",
    )
    assert (recommendation.status, recommendation.reply_outcome) == ("replied", "accepted")
    assert recommendation.implementation == "not_started"

    recommendation = services.record_implementation(
        actor=writer,
        recommendation=recommendation,
        implementation="implemented",
        checked_on=datetime.date(2026, 5, 10),
        note="Đã sửa xong.",
    )
    assert recommendation.implementation == "implemented"

    recommendation = services.close_recommendation(
        actor=writer, recommendation=recommendation, closed_on=datetime.date(2026, 5, 12)
    )
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.status, stored.implementation, stored.closed_on) == (
        "closed",
        "implemented",
        datetime.date(2026, 5, 12),
    )


def test_every_step_is_audited_with_its_actor(writer, session):
    recommendation = _send(writer, _draft(writer, session))

    entries = LogEntry.objects.get_for_object(recommendation)
    assert entries.count() == 2
    assert set(entries.values_list("actor_id", flat=True)) == {writer.pk}


def test_a_recommendation_can_be_recorded_as_sent_at_once(writer, session):
    recommendation = _draft(
        writer, session, sent_on=datetime.date(2026, 4, 1), due_date=datetime.date(2026, 4, 15)
    )

    assert recommendation.status == "sent"
    assert recommendation.due_date == datetime.date(2026, 4, 15)


def test_a_rejected_recommendation_is_marked_not_implemented(writer, session):
    recommendation = _send(writer, _draft(writer, session))

    recommendation = services.record_reply(
        actor=writer,
        recommendation=recommendation,
        reply_on=datetime.date(2026, 4, 10),
        reply_text="Không có kinh phí.",
        outcome="rejected",
    )

    assert recommendation.implementation == "not_implemented"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("reply", "A reply can be recorded only for a recommendation that was sent and not yet answered."),
        ("implementation", "Implementation is followed once the authority has replied."),
        ("close", "A recommendation is closed only after the authority has replied."),
    ],
)
def test_steps_out_of_order_are_refused_with_a_translated_message(writer, session, step, message):
    recommendation = _draft(writer, session)
    calls = {
        "reply": lambda: services.record_reply(
            actor=writer,
            recommendation=recommendation,
            reply_on=datetime.date(2026, 4, 10),
            reply_text="x",
            outcome="accepted",
        ),
        "implementation": lambda: services.record_implementation(
            actor=writer, recommendation=recommendation, implementation="implemented", checked_on=TODAY
        ),
        "close": lambda: services.close_recommendation(
            actor=writer, recommendation=recommendation, closed_on=datetime.date(2026, 4, 10)
        ),
    }

    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            calls[step]()
        assert error.value.messages == [message]

    assert error.value.code == "forbidden_transition"
    assert Recommendation.objects.get(pk=recommendation.pk).status == "draft"


def test_a_recommendation_is_sent_only_once(writer, session):
    recommendation = _send(writer, _draft(writer, session))

    with translation.override("en"), pytest.raises(ValidationError) as error:
        _send(writer, recommendation, sent_on=datetime.date(2026, 4, 2))

    assert error.value.messages == ["Only a draft recommendation can be sent."]
    assert Recommendation.objects.get(pk=recommendation.pk).sent_on == datetime.date(2026, 4, 1)


def test_a_closed_recommendation_takes_no_more_steps(writer, session):
    recommendation = _send(writer, _draft(writer, session))
    recommendation = services.record_reply(
        actor=writer,
        recommendation=recommendation,
        reply_on=datetime.date(2026, 4, 3),
        reply_text="x",
        outcome="accepted",
    )
    recommendation = services.close_recommendation(
        actor=writer, recommendation=recommendation, closed_on=datetime.date(2026, 4, 4)
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_implementation(
            actor=writer, recommendation=recommendation, implementation="implemented", checked_on=TODAY
        )

    assert error.value.messages == ["This recommendation is already closed."]


def test_the_due_date_cannot_be_before_the_date_sent(writer, session):
    recommendation = _draft(writer, session)

    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            _send(
                writer, recommendation, sent_on=datetime.date(2026, 4, 10), due_date=datetime.date(2026, 4, 9)
            )
        assert error.value.message_dict["due_date"] == [
            "The reply cannot be due before the recommendation was sent."
        ]
    assert Recommendation.objects.get(pk=recommendation.pk).status == "draft"


# --- overdue ----------------------------------------------------------------------------


def test_overdue_when_the_due_date_has_passed_without_a_reply(writer, session):
    recommendation = _send(writer, _draft(writer, session), due_date=datetime.date(2026, 4, 30))

    assert not recommendation.is_overdue_on(datetime.date(2026, 4, 30))
    assert recommendation.is_overdue_on(datetime.date(2026, 5, 1))
    assert set(Recommendation.objects.overdue(datetime.date(2026, 5, 1))) >= {recommendation}
    assert recommendation not in Recommendation.objects.overdue(datetime.date(2026, 4, 30))


def test_a_replied_or_draft_recommendation_is_never_overdue(writer, session):
    draft = _draft(writer, session)
    replied = services.record_reply(
        actor=writer,
        recommendation=_send(writer, _draft(writer, session)),
        reply_on=datetime.date(2026, 5, 15),
        reply_text="Đã trả lời muộn.",
        outcome="partly_accepted",
    )

    later = datetime.date(2026, 6, 1)
    assert not draft.is_overdue_on(later) and not replied.is_overdue_on(later)
    assert not Recommendation.objects.overdue(later).filter(pk__in=[draft.pk, replied.pk]).exists()


@pytest.mark.parametrize(
    ("utc_moment", "overdue"),
    [
        # 23:59 on 30 April in Vietnam (UTC+7): the reply is still due today.
        (datetime.datetime(2026, 4, 30, 16, 59, tzinfo=datetime.UTC), False),
        # 00:01 on 1 May in Vietnam, still 30 April in UTC: now it is overdue.
        (datetime.datetime(2026, 4, 30, 17, 1, tzinfo=datetime.UTC), True),
    ],
)
def test_overdue_follows_the_day_in_vietnam(writer, session, utc_moment, overdue):
    recommendation = _send(writer, _draft(writer, session), due_date=datetime.date(2026, 4, 30))

    with mock.patch("django.utils.timezone.now", return_value=utc_moment):
        assert recommendation.is_overdue_on() is overdue
        assert Recommendation.objects.overdue().filter(pk=recommendation.pk).exists() is overdue
        flagged = Recommendation.objects.with_overdue_flag().get(pk=recommendation.pk)
        assert flagged.is_overdue is overdue


def test_the_inbox_order_puts_overdue_first(writer, session):
    waiting = _send(writer, _draft(writer, session), due_date=datetime.date(2026, 6, 30))
    overdue = _send(writer, _draft(writer, session), due_date=datetime.date(2026, 5, 1))
    draft = _draft(writer, session)

    ordered = list(
        Recommendation.objects.filter(pk__in=[waiting.pk, overdue.pk, draft.pk]).inbox_order(TODAY)
    )

    assert ordered == [overdue, waiting, draft]


# --- re-supervision ---------------------------------------------------------------------


def test_a_re_supervision_follows_the_recommendation_and_its_supervision(made_up_ward, writer):
    front = OrganizationFactory(kind="front_committee", unit=made_up_ward)
    earlier = SupervisionFactory(organization=front, start=datetime.date(2026, 1, 10))
    recommendation = _send(
        writer,
        services.create_recommendation(actor=writer, origin=earlier, content="Đề nghị công khai danh sách."),
    )

    follow_up = services.start_resupervision(
        actor=writer,
        recommendation=recommendation,
        supervision=Supervision(
            organization=front, subject="Tái giám sát", content="Kiểm tra kết quả.", form="team", start=TODAY
        ),
    )

    follow_up.refresh_from_db()
    assert follow_up.follows == earlier
    assert follow_up.follows_recommendation == recommendation
    assert follow_up.unit == made_up_ward
    assert list(recommendation.resupervisions.all()) == [follow_up]
    assert list(earlier.follow_ups.all()) == [follow_up]


def test_a_re_supervision_cannot_start_before_the_supervision_it_follows(made_up_ward, writer):
    front = OrganizationFactory(kind="front_committee", unit=made_up_ward)
    earlier = SupervisionFactory(organization=front, start=datetime.date(2026, 3, 10))
    recommendation = _send(writer, services.create_recommendation(actor=writer, origin=earlier, content="x"))

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.start_resupervision(
            actor=writer,
            recommendation=recommendation,
            supervision=Supervision(
                organization=front,
                subject="Tái giám sát",
                content="x",
                form="team",
                start=datetime.date(2026, 3, 1),
            ),
        )

    assert "start" in error.value.message_dict


def test_a_draft_recommendation_cannot_be_re_supervised(made_up_ward, writer, session):
    front = OrganizationFactory(kind="front_committee", unit=made_up_ward)
    draft = _draft(writer, session)

    with pytest.raises(ValidationError) as error:
        services.start_resupervision(
            actor=writer,
            recommendation=draft,
            supervision=Supervision(organization=front, subject="x", content="x", form="team", start=TODAY),
        )

    assert error.value.code == "forbidden_transition"
    assert not Supervision.objects.filter(follows_recommendation=draft).exists()


# --- scope ------------------------------------------------------------------------------


def test_an_outsider_cannot_take_a_step(writer, outsider, session):
    recommendation = _draft(writer, session)

    with pytest.raises(ValidationError) as error:
        _send(outsider, recommendation)

    assert error.value.code == "outside_scope"
    assert Recommendation.objects.get(pk=recommendation.pk).status == "draft"


def test_a_read_only_cadre_cannot_take_a_step_nor_recommend(writer, reader, session):
    recommendation = _draft(writer, session)

    with pytest.raises(ValidationError):
        _send(reader, recommendation)
    with pytest.raises(ValidationError):
        _draft(reader, session)

    assert Recommendation.objects.filter(session=session).count() == 1


def test_a_concern_outside_the_scope_cannot_be_linked(writer, session):
    from tests.factories import ConcernFactory

    foreign = ConcernFactory()

    with pytest.raises(ValidationError) as error:
        _draft(writer, session, concern=foreign)

    assert "concern" in error.value.message_dict


# --- public pages -----------------------------------------------------------------------


def test_changes_to_a_published_session_s_recommendation_refresh_the_public_pages(writer, session):
    recommendation = _draft(writer, session)
    with mock.patch("oversight.services.common.public_content_changed") as changed:
        _send(writer, recommendation)
    assert not changed.called  # not published: no public page shows it

    services.publish_session(actor=writer, session=session, publish=True, on=TODAY)
    with mock.patch("oversight.services.common.public_content_changed") as changed:
        services.record_reply(
            actor=writer,
            recommendation=recommendation,
            reply_on=datetime.date(2026, 4, 9),
            reply_text="Đã tiếp thu.",
            outcome="accepted",
        )
    assert changed.called


def test_recommendation_factory_makes_a_valid_draft():
    recommendation = RecommendationFactory()

    recommendation.full_clean()
    assert recommendation.status == "draft"
    assert timezone.localdate() >= recommendation.session.held_on


def test_the_reply_is_due_after_the_authority_s_days_to_answer_when_no_date_is_given(writer, session):
    quick = AuthorityFactory(name="Công an phường Thử", kind="police", answer_days=15)
    sent = _send(writer, _draft(writer, session), due_date=None, authority=quick)
    assert (sent.authority, sent.due_date) == (quick, datetime.date(2026, 4, 16))

    at_once = _draft(writer, session, sent_on=datetime.date(2026, 4, 1), authority=quick)
    assert at_once.due_date == datetime.date(2026, 4, 16)
    chosen = _draft(
        writer,
        session,
        sent_on=datetime.date(2026, 4, 1),
        due_date=datetime.date(2026, 5, 5),
        authority=quick,
    )
    assert chosen.due_date == datetime.date(2026, 5, 5)


def test_an_authority_that_did_not_exist_on_the_day_sent_is_refused(writer, session):
    ended = AuthorityFactory(valid_to=datetime.date(2025, 6, 30))
    draft = _draft(writer, session, authority=ended)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _send(writer, draft, authority=ended)
    assert refused.value.message_dict == {"authority": ["This authority did not exist on 01/04/2026."]}
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_sent_recommendation_needs_an_authority(writer, session):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _draft(
            writer,
            session,
            authority=None,
            sent_on=datetime.date(2026, 4, 1),
            due_date=datetime.date(2026, 5, 1),
        )
    with translation.override("en"):
        assert refused.value.message_dict == {
            "authority": ["Choose the authority the recommendation is sent to."]
        }
