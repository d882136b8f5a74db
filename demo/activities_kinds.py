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
    DISTRICT_LEVEL_END,
    Activity,
    ActivityKind,
    Commitment,
    CommitmentStatus,
    CouncilLevel,
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
from core.formatting import place, unit_in_text
from organizations.models import Organization, OrganizationKind

from .activities_commitments import voter_contact_commitments
from .activities_data import (
    COUNCIL_TERMS,
    DEFAULT_MEMBERS_WORD,
    DIALOGUES,
    DISPUTES_VI,
    DRAFTS,
    GREAT_UNITY_DAY,
    MEETING_TOPICS,
    MEMBERS_WORD,
    NA_SESSIONS,
    OTHER_SUMMARIES,
    SUPPORTS,
    VISIT_TOPICS,
    VOTER_CONTACT_AFTER_DAYS,
    VOTER_CONTACT_BEFORE_DAYS,
    SupportSpec,
    beneficiaries,
    parties,
)
from .activities_worklog import WorkLog
from .calendar import fits
from .common import MERGER, lower_first

K = OrganizationKind
# (activity, organizers, details, cadres, commitments)
Built = tuple[Activity, list[Organization], object | None, list[int], list[Commitment]]


def _hall(unit) -> str:
    """The hall of the unit's People's Committee: ``Hội trường UBND phường Phước Hội``."""
    return f"Hội trường UBND {unit_in_text(unit.name)}"


def _choose(log: WorkLog, options, on: datetime.date, text=lambda option: option):
    """One of ``options`` whose text can be dated ``on`` (``demo.calendar``), or ``None``."""
    fitting = [option for option in options if fits(text(option), on)]
    return log.rng.choice(fitting) if fitting else None


def visit(log: WorkLog, *, unit, area, front, on) -> Built | None:
    if area is None:
        return None
    topic = _choose(log, VISIT_TOPICS, on)
    if topic is None:
        return None
    committee = log.org(area, K.FRONT_WORKING_COMMITTEE, on)
    organizers = [front] + ([committee] if committee else [])
    households = log.rng.randint(4, 25)
    cadres = log.holders(front, on, 2) + (log.holders(committee, on, 1) if committee else [])
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14, 15)), 30),
        place=place(area.name, unit.name),
        summary=f"Cán bộ Mặt trận đến từng hộ ở {unit_in_text(area.name)} để {topic}; "
        f"đã thăm {households} hộ, ghi nhận ý kiến, kiến nghị chuyển đến chính quyền.",
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
    topic = _choose(log, [t for t in MEETING_TOPICS if kind in t.kinds], on, lambda t: t.text)
    if topic is None:
        return None
    return meeting_of(log, org, topic, on, area=area if org.unit_id == getattr(area, "pk", None) else None)


def meeting_of(log: WorkLog, org, topic, on, *, area=None, attendance: int | None = None) -> Built:
    """A meeting of ``org`` on ``topic``: its members counted with their word (hội viên, đoàn viên)."""
    attendance = attendance if attendance is not None else log.rng.randint(12, 60)
    members = MEMBERS_WORD.get(org.kind, DEFAULT_MEMBERS_WORD)
    unit = log.s.units[org.unit_id]
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14, 19)), 0),
        place=f"Nhà văn hóa {unit_in_text(area.name)}" if area else _hall(unit),
        summary=f"{org.name}: {lower_first(topic.text)}. Có {attendance} {members} tham dự.",
        participants_count=attendance,
    )
    details = MeetingDetails(
        organization=org, attendance=attendance, is_training=topic.is_training, topic=topic.text
    )
    return activity, [org], details, [], []


def _national_assembly_session(on: datetime.date) -> tuple[str, str] | None:
    """(timing, session) of a contact with voters before or after a session of the National Assembly."""
    for term, number, first, last in NA_SESSIONS:
        label = f"kỳ họp thứ {number}, Quốc hội khóa {term}"
        if first - datetime.timedelta(days=VOTER_CONTACT_BEFORE_DAYS) <= on < first:
            return SessionTiming.BEFORE, label
        if last < on <= last + datetime.timedelta(days=VOTER_CONTACT_AFTER_DAYS):
            return SessionTiming.AFTER, label
    return None


def _council_session_number(on: datetime.date, since: datetime.date | None) -> int:
    """About three sessions a year since the council's term (or the unit) began."""
    term_start = max((start for start in COUNCIL_TERMS if start <= on), default=COUNCIL_TERMS[0])
    if since is not None and since > term_start:
        term_start = since
    months = (on.year - term_start.year) * 12 + on.month - term_start.month
    return 1 + max(months, 0) // 4


_BEFORE_AFTER = {SessionTiming.BEFORE: "trước", SessionTiming.AFTER: "sau"}


def voter_contact(log: WorkLog, *, unit, area, front, on) -> Built | None:
    levels = [CouncilLevel.NATIONAL_ASSEMBLY, CouncilLevel.PROVINCIAL_COUNCIL, CouncilLevel.COMMUNE_COUNCIL]
    if on <= DISTRICT_LEVEL_END:
        # Until 30 June 2025 the town of La Gi had its own People's Council.
        levels.append(CouncilLevel.DISTRICT_COUNCIL)
    level = log.rng.choice(levels)
    national = _national_assembly_session(on) if level == CouncilLevel.NATIONAL_ASSEMBLY else None
    if level == CouncilLevel.NATIONAL_ASSEMBLY and national is None:
        level = CouncilLevel.COMMUNE_COUNCIL  # no session of the National Assembly near that day
    if national is not None:
        timing, session = national
        deputies = "Tổ đại biểu Quốc hội đơn vị bầu cử số 3 của tỉnh (minh họa)"
    else:
        timing = log.rng.choice(SessionTiming.values)
        if level == CouncilLevel.PROVINCIAL_COUNCIL:
            council = "HĐND tỉnh Bình Thuận" if on < MERGER else "HĐND tỉnh Lâm Đồng"
            since = None if on < MERGER else MERGER
        elif level == CouncilLevel.DISTRICT_COUNCIL:
            council, since = "HĐND thị xã La Gi", None
        else:
            council, since = f"HĐND {unit_in_text(unit.name)}", unit.valid_from
        session = f"kỳ họp thứ {_council_session_number(on, since)}, {council}"
        deputies = f"Tổ đại biểu {council} ứng cử tại đơn vị bầu cử (minh họa)"
    voters = log.rng.randint(60, 220)
    opinions = log.rng.randint(4, 25)
    activity = Activity(
        start_time=datetime.time(log.rng.choice((7, 8, 14)), 30),
        place=_hall(unit),
        summary=f"Tổ đại biểu tiếp xúc cử tri {_BEFORE_AFTER[timing]} {session}; "
        f"{voters} cử tri dự, {opinions} ý kiến, kiến nghị được ghi nhận và chuyển đến nơi có thẩm quyền.",
        participants_count=voters,
    )
    details = VoterContactDetails(
        level=level,
        timing=timing,
        session=session,
        voters_attending=voters,
        opinions_count=opinions,
        deputies_present=deputies,
    )
    return activity, [front], details, [], voter_contact_commitments(unit, on)


def dialogue(log: WorkLog, *, unit, area, front, on) -> Built | None:
    topic = _choose(log, DIALOGUES, on, lambda t: t.text)
    if topic is None:
        return None
    people = log.rng.randint(40, 150)
    activity = Activity(
        start_time=datetime.time(8, 0),
        place=_hall(unit),
        summary="Đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân về "
        f"{lower_first(topic.text)}.",
        participants_count=people,
    )
    details = DialogueDetails(
        leaders_present=f"Bí thư Đảng ủy, Chủ tịch UBND {unit_in_text(unit.name)} (minh họa)",
        topics=topic.text,
    )
    # The leaders commit to what the dialogue was about.
    commitments = [
        Commitment(
            text=text,
            deadline=on + datetime.timedelta(days=log.rng.choice((30, 60, 90))),
            # Kept or not: drawn here (the work log's sequence), settled in activities_commitments.
            status=CommitmentStatus.KEPT if log.rng.random() < 0.6 else CommitmentStatus.PENDING,
        )
        for text in log.rng.sample(topic.commitments, log.rng.randint(1, 3))
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
        place=place(area.name, unit.name),
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
    draft = _choose(log, DRAFTS, on, lambda d: f"{d[0]} {d[1]}")
    if draft is None:
        return None
    return draft_comments_on(log, draft, front=front, on=on)


def draft_comments_on(log: WorkLog, draft: tuple[str, str], *, front, on) -> Built:
    title, body = draft
    opinions = log.rng.randint(10, 80)
    sent_on = on + datetime.timedelta(days=log.rng.randint(3, 10))
    activity = Activity(
        place=f"Trụ sở {front.name}",
        summary=f"Lấy ý kiến Nhân dân góp ý {lower_first(title)}; tổng hợp {opinions} ý kiến.",
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
    spec = _choose(log, SUPPORTS, on, lambda s: s.summary)
    if spec is None:
        return None
    return support_of(log, spec, unit=unit, front=front)


def support_of(log: WorkLog, spec: SupportSpec, *, unit, front) -> Built:
    recipients = log.rng.randint(*spec.recipients)
    log.confidential_number += 1
    activity = Activity(
        place=f"Trụ sở {front.name}",
        summary=spec.summary.format(count=recipients, unit=unit_in_text(unit.name)),
        participants_count=recipients,
    )
    details = SupportDetails(
        support_type=spec.support_type,
        recipients=recipients,
        value_vnd=recipients * spec.value_each,
        beneficiaries=beneficiaries(log.confidential_number),
    )
    return activity, [front], details, [], []


def other(log: WorkLog, *, unit, area, front, on) -> Built | None:
    summary = _choose(log, OTHER_SUMMARIES, on)
    if summary is None:
        return None
    return (
        Activity(
            place=unit.name,
            summary=f"{summary} ({unit_in_text(unit.name)}).",
            participants_count=log.rng.randint(30, 300),
        ),
        [front],
        None,
        [],
        [],
    )


def great_unity_day(log: WorkLog, *, unit, area, front, on) -> Built | None:
    """The Great Unity Day of a residential area, organized by its Front working committee."""
    committee = log.org(area, K.FRONT_WORKING_COMMITTEE, on)
    if committee is None:
        return None
    return (
        Activity(
            start_time=datetime.time(7, 30),
            place=f"Nhà văn hóa {unit_in_text(area.name)}",
            summary=f"{GREAT_UNITY_DAY} ở {unit_in_text(place(area.name, unit.name))}: "
            "biểu dương gia đình văn hóa tiêu biểu, tặng quà hộ khó khăn.",
            participants_count=log.rng.randint(120, 350),
        ),
        [committee, front],
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
