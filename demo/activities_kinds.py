"""One builder per kind of demo activity: what a visit, a meeting, a mediation ... looks like.

Each takes the work log, the unit, the residential area (or ``None``), the unit's Front
committee and the day, and returns ``(activity, organizers, details, cadres, commitments)``,
or ``None`` when the kind cannot take place there that day (e.g. no mediation team).
``BY_KIND`` maps an activity kind to its builder.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from activities.models import (
    Activity,
    ActivityKind,
    CouncilLevel,
    DialogueCommitment,
    DialogueDetails,
    DisputeType,
    DraftCommentDetails,
    MediationDetails,
    MediationOutcome,
    MeetingDetails,
    SessionTiming,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)
from organizations.models import Organization, OrganizationKind

from .activities_data import (
    COMMITMENTS,
    DIALOGUE_TOPICS,
    DISPUTES_VI,
    DRAFTS,
    MEETING_TOPICS,
    OTHER_SUMMARIES,
    SUPPORTS,
    VISIT_TOPICS,
    beneficiaries,
    parties,
)
from .activities_worklog import WorkLog
from .common import MERGER, lower_first

K = OrganizationKind
# (activity, organizers, details, cadres, commitments)
Built = tuple[Activity, list[Organization], object | None, list[int], list[DialogueCommitment]]


def visit(log: WorkLog, *, unit, area, front, on) -> Built | None:
    if area is None:
        return None
    committee = log.org(area, K.FRONT_WORKING_COMMITTEE, on)
    organizers = [front] + ([committee] if committee else [])
    households = log.rng.randint(4, 25)
    topic = log.rng.choice(VISIT_TOPICS)
    cadres = log.holders(front, on, 2) + (log.holders(committee, on, 1) if committee else [])
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14, 15)), 30),
        place=f"{area.name}, {unit.name}",
        summary=f"Cán bộ Mặt trận đến từng hộ ở {lower_first(area.name)} để {topic}; "
        f"đã thăm {households} hộ, ghi nhận ý kiến chuyển đến chính quyền.",
        participants_count=len(cadres) + households,
    )
    details = VisitDetails(residential_area=area, households_visited=households)
    return activity, organizers, details, cadres, []


def meeting(log: WorkLog, *, unit, area, front, on) -> Built | None:
    kind = log.rng.choice((K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.VETERANS_ASSOCIATION, K.YOUTH_UNION))
    org = log.org(area, kind, on) if area else None
    org = org or log.org(unit, kind, on)
    if org is None:
        return None
    topic, is_training = log.rng.choice(MEETING_TOPICS)
    attendance = log.rng.randint(12, 60)
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14, 19)), 0),
        place=f"Nhà văn hóa {lower_first(area.name)}" if area else f"Hội trường {unit.name}",
        summary=f"{org.name}: {lower_first(topic)}. Có {attendance} hội viên tham dự.",
        participants_count=attendance,
    )
    details = MeetingDetails(organization=org, attendance=attendance, is_training=is_training, topic=topic)
    return activity, [org], details, [], []


def voter_contact(log: WorkLog, *, unit, area, front, on) -> Built | None:
    level = log.rng.choice(CouncilLevel.values)
    timing = log.rng.choice(SessionTiming.values)
    if level == CouncilLevel.NATIONAL_ASSEMBLY:
        term = (
            "Quốc hội khóa XIV"
            if on.year < 2021
            else "Quốc hội khóa XV"
            if on.year < 2026
            else "Quốc hội khóa XVI"
        )
    elif level == CouncilLevel.PROVINCIAL_COUNCIL:
        term = "HĐND tỉnh Bình Thuận" if on < MERGER else "HĐND tỉnh Lâm Đồng"
    else:
        term = f"HĐND {lower_first(unit.name)}"
    session = f"kỳ họp thứ {log.rng.randint(1, 10)}, {term}"
    voters = log.rng.randint(60, 220)
    opinions = log.rng.randint(4, 25)
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14)), 30),
        place=f"Hội trường {unit.name}",
        summary=f"Tổ đại biểu tiếp xúc cử tri {'trước' if timing == 'before' else 'sau'} {session}; "
        f"{voters} cử tri dự, {opinions} ý kiến, kiến nghị được ghi nhận và chuyển nơi có thẩm quyền.",
        participants_count=voters,
    )
    details = VoterContactDetails(
        level=level,
        timing=timing,
        session=session,
        voters_attending=voters,
        opinions_count=opinions,
        deputies_present="Tổ đại biểu ứng cử tại đơn vị bầu cử (minh họa)",
    )
    return activity, [front], details, [], []


def dialogue(log: WorkLog, *, unit, area, front, on) -> Built | None:
    topic = log.rng.choice(DIALOGUE_TOPICS)
    people = log.rng.randint(40, 150)
    activity = Activity(
        start_time=datetime.time(8, 0),
        place=f"Hội trường {unit.name}",
        summary=f"Đối thoại giữa lãnh đạo cấp ủy, chính quyền với nhân dân về: {lower_first(topic)}.",
        participants_count=people,
    )
    details = DialogueDetails(
        leaders_present=f"Bí thư Đảng ủy, Chủ tịch UBND {unit.name} (minh họa)", topics=topic
    )
    commitments = [
        DialogueCommitment(
            text=text,
            deadline=on + datetime.timedelta(days=log.rng.choice((30, 60, 90))),
            fulfilled=log.rng.random() < 0.6,
        )
        for text in log.rng.sample(COMMITMENTS, log.rng.randint(1, 3))
    ]
    return activity, [front], details, [], commitments


def mediation(log: WorkLog, *, unit, area, front, on) -> Built | None:
    team = log.org(area, K.MEDIATION_TEAM, on) if area else None
    if team is None:
        return None
    log.confidential_number += 1
    outcome = log.rng.choices(MediationOutcome.values, weights=(6, 2, 1, 1))[0]
    sessions = log.rng.randint(1, 4) if outcome != MediationOutcome.PENDING else log.rng.randint(0, 2)
    dispute = log.rng.choice(DisputeType.values)
    activity = Activity(
        place=f"{area.name}, {unit.name}",
        summary=f"{team.name} hòa giải một vụ việc {DISPUTES_VI[dispute]}.",
        participants_count=log.rng.randint(3, 8),
    )
    details = MediationDetails(
        mediation_team=team,
        dispute_type=dispute,
        parties_count=2,
        sessions=sessions,
        outcome=outcome,
        parties=parties(log.confidential_number),
    )
    return activity, [team], details, [], []


def draft_comments(log: WorkLog, *, unit, area, front, on) -> Built | None:
    title, body = log.rng.choice(DRAFTS)
    opinions = log.rng.randint(10, 80)
    sent_on = on + datetime.timedelta(days=log.rng.randint(3, 10))
    activity = Activity(
        place=f"Trụ sở {front.name}",
        summary=f"Lấy ý kiến nhân dân góp ý {lower_first(title)}; tổng hợp {opinions} ý kiến.",
        participants_count=log.rng.randint(25, 70),
    )
    details = DraftCommentDetails(
        document_title=title,
        drafting_body=body,
        opinions_gathered=opinions,
        sent_document_number=f"{log.rng.randint(10, 250)}/BC-MTTQ",
        sent_document_date=sent_on,
        accepted_or_explained="Cơ quan soạn thảo đã tiếp thu phần lớn ý kiến (minh họa)."
        if log.rng.random() < 0.5
        else "",
    )
    return activity, [front], details, [], []


def support(log: WorkLog, *, unit, area, front, on) -> Built | None:
    support_type, what, (low, high), unit_value = log.rng.choice(SUPPORTS)
    recipients = log.rng.randint(low, high)
    log.confidential_number += 1
    activity = Activity(
        place=f"Trụ sở {front.name}",
        summary=f"{what} ở {lower_first(unit.name)}: {recipients} suất.",
        participants_count=recipients,
    )
    details = SupportDetails(
        support_type=support_type,
        recipients=recipients,
        value_vnd=recipients * unit_value,
        beneficiaries=beneficiaries(log.confidential_number),
    )
    return activity, [front], details, [], []


def other(log: WorkLog, *, unit, area, front, on) -> Built | None:
    summary = log.rng.choice(OTHER_SUMMARIES)
    return (
        Activity(
            place=unit.name,
            summary=f"{summary} ({unit.name}).",
            participants_count=log.rng.randint(30, 300),
        ),
        [front],
        None,
        [],
        [],
    )


BY_KIND: dict[str, Callable[..., Built | None]] = {
    ActivityKind.VISIT: visit,
    ActivityKind.MEETING: meeting,
    ActivityKind.VOTER_CONTACT: voter_contact,
    ActivityKind.DIALOGUE: dialogue,
    ActivityKind.MEDIATION: mediation,
    ActivityKind.DRAFT_COMMENTS: draft_comments,
    ActivityKind.SUPPORT: support,
    ActivityKind.OTHER: other,
}
