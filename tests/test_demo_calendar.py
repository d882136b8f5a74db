"""The demo data keeps to the calendar a La Gi office knows (the windows of ``demo.calendar``).

Every seeded activity's topic, every concern's summary and closing reason, falls in the window
of each phrase it carries: Tết gifts in January–February, the Great Unity Day from 1 to 18
November, comments on the Constitution amendment in May–June 2025 and on the draft Land Law in
January–March 2023, nothing "after the reorganization" before 1 July 2025, no town council or
ministry after it ceased to exist.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, ActivityKind, CouncilLevel, SupportType, VoterContactDetails
from concerns.models import Concern
from demo import calendar
from demo.activities_data import DIALOGUES, NA_SESSIONS

pytestmark = pytest.mark.django_db


def _activity_text(activity: Activity) -> str:
    """The summary, place and the details' own words (topic, draft, drafting body, session ...)."""
    parts = [activity.summary, activity.place]
    details = activity.details
    if details is not None:
        for field in ("topic", "topics", "document_title", "drafting_body", "session", "leaders_present"):
            parts.append(str(getattr(details, field, "") or ""))
    parts += [commitment.text for commitment in activity.commitments.all()]
    return " ".join(parts)


@pytest.fixture(scope="module")
def demo_activities(django_db_setup, django_db_blocker) -> list[Activity]:
    """The seeded activities with their details, read once for the module."""
    with django_db_blocker.unblock():
        return list(
            Activity.objects.filter(is_demo=True)
            .select_related(
                "visit_details",
                "meeting_details",
                "voter_contact_details",
                "dialogue_details",
                "mediation_details",
                "draft_comment_details",
                "support_details",
            )
            .prefetch_related("commitments")
            .order_by("date", "pk")
        )


def test_every_seeded_activity_falls_in_the_window_of_its_topic(demo_activities):
    misplaced = [
        f"{activity.date:%d/%m/%Y} {activity.get_kind_display()}: {activity.summary!r}: {reason}"
        for activity in demo_activities
        for reason in calendar.misplaced(_activity_text(activity), activity.date)
    ]
    assert not misplaced, f"{len(misplaced)} demo activities out of their window:\n" + "\n".join(
        misplaced[:30]
    )


def test_the_calendar_topics_are_in_the_demo(demo_activities):
    """The windows are not vacuous: the seed holds each yearly event and each draft put to the people."""
    texts = [(_activity_text(a).casefold(), a.date) for a in demo_activities]
    for phrase in ("quà Tết", "Ngày hội Đại đoàn kết", "Hiến pháp", "Luật Đất đai"):
        dates = [day for text, day in texts if phrase.casefold() in text]
        assert dates, f"no demo activity about {phrase!r}"
    tet = {
        a.date.year
        for a in demo_activities
        if a.kind == ActivityKind.SUPPORT and a.support_details.support_type == SupportType.TET_GIFTS
    }
    today = datetime.date.today()
    assert tet >= set(range(2020, today.year + 1)), "Tết gifts every year"


def test_the_windows_hold_the_dates_the_issue_names():
    day = datetime.date
    assert calendar.fits("Trao 40 suất quà Tết", day(2024, 1, 20))
    assert not calendar.fits("Trao 40 suất quà Tết", day(2024, 7, 20))
    assert calendar.fits("Ngày hội Đại đoàn kết toàn dân tộc", day(2025, 11, 18))
    assert not calendar.fits("Ngày hội Đại đoàn kết toàn dân tộc", day(2025, 11, 19))
    assert calendar.fits("góp ý dự thảo sửa đổi Hiến pháp", day(2025, 5, 20))
    assert not calendar.fits("góp ý dự thảo sửa đổi Hiến pháp", day(2021, 5, 20))
    assert calendar.fits("Dự thảo Luật Đất đai (sửa đổi)", day(2023, 2, 15))
    assert not calendar.fits("Dự thảo Luật Đất đai (sửa đổi)", day(2024, 2, 15))
    assert not calendar.fits("Thủ tục hành chính sau sắp xếp đơn vị hành chính", day(2025, 6, 30))
    assert calendar.fits("Thủ tục hành chính sau sắp xếp đơn vị hành chính", day(2025, 7, 1))
    assert not calendar.fits("Bộ Tài nguyên và Môi trường", day(2025, 3, 1))


def test_every_demo_concern_falls_in_its_window():
    misplaced = []
    for summary, received, reason, closed, answer, answered in Concern.objects.filter(
        is_demo=True
    ).values_list("summary", "received_on", "close_reason", "closed_on", "answer", "answered_on"):
        misplaced += [f"{received}: {summary!r}: {why}" for why in calendar.misplaced(summary, received)]
        if answer and answered:
            misplaced += [f"{answered}: {answer!r}: {why}" for why in calendar.misplaced(answer, answered)]
        if reason and closed:
            misplaced += [f"{closed}: {reason!r}: {why}" for why in calendar.misplaced(reason, closed)]
    assert not misplaced, "\n".join(misplaced[:30])


def test_dialogue_commitments_are_about_the_dialogues_topic(demo_activities):
    commitments = {topic.text: set(topic.commitments) for topic in DIALOGUES}
    dialogues = [a for a in demo_activities if a.kind == ActivityKind.DIALOGUE]
    assert dialogues
    for dialogue in dialogues:
        topic = dialogue.dialogue_details.topics
        assert {c.text for c in dialogue.commitments.all()} <= commitments[topic], dialogue


def test_voter_contacts_keep_to_the_sessions_and_the_councils_of_their_day(demo_activities):
    contacts = [a for a in demo_activities if a.kind == ActivityKind.VOTER_CONTACT]
    assert {a.voter_contact_details.level for a in contacts if a.date < calendar.REORGANIZED} >= {
        CouncilLevel.DISTRICT_COUNCIL
    }, "before July 2025 some voter contacts are with the town People's Council"
    for contact in contacts:
        details = contact.voter_contact_details
        if contact.date >= calendar.REORGANIZED:
            assert details.level != CouncilLevel.DISTRICT_COUNCIL, contact
        if details.level == CouncilLevel.NATIONAL_ASSEMBLY:
            near = [
                (first, last)
                for term, number, first, last in NA_SESSIONS
                if details.session == f"kỳ họp thứ {number}, Quốc hội khóa {term}"
            ]
            assert near, details.session
            first, last = near[0]
            assert (
                first - datetime.timedelta(days=40) <= contact.date <= last + datetime.timedelta(days=45)
            ), contact


def test_counting_words(demo_activities):
    """A house is counted in căn, relief in hộ, Youth Union members are đoàn viên."""
    for activity in demo_activities:
        if activity.kind == ActivityKind.SUPPORT:
            support_type = activity.support_details.support_type
            word = {SupportType.GREAT_UNITY_HOUSE: "căn", SupportType.DISASTER_RELIEF: "hộ"}.get(support_type)
            if word:
                assert f"{activity.support_details.recipients} {word} " in activity.summary, activity.summary
        if (
            activity.kind == ActivityKind.MEETING
            and activity.meeting_details.organization.kind == "youth_union"
        ):
            assert "đoàn viên" in activity.summary and "hội viên" not in activity.summary, activity.summary


def test_a_contact_with_the_town_council_is_refused_after_the_district_level_ended():
    details = VoterContactDetails(
        level=CouncilLevel.DISTRICT_COUNCIL, timing="before", session="kỳ họp thứ 3"
    )
    details.clean_for(Activity(date=datetime.date(2025, 6, 30)))
    with pytest.raises(ValidationError) as refused:
        details.clean_for(Activity(date=datetime.date(2025, 7, 1)))
    assert "level" in refused.value.message_dict
