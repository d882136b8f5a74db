"""Demo activities for the La Gi structure (2020 to today), invented and marked as demo data.

``seed(rng)`` is called by ``seed_demo`` after the units, organizations and people exist.
Activities before 1 July 2025 are logged in the old wards and communes of thị xã La Gi,
later ones in the three new units. Confidential values (mediation parties, beneficiaries,
internal notes) carry markers that appear nowhere else, so privacy tests can search every
public page for ``CONFIDENTIAL_MARKERS`` / ``confidential_demo_values()``.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

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
    SupportType,
    Visibility,
    VisitDetails,
    VoterContactDetails,
)
from organizations.models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Position,
    UnitKind,
    User,
)

START = datetime.date(2020, 1, 1)
MERGER = datetime.date(2025, 7, 1)
PER_MONTH = (3, 5)
K = OrganizationKind

# Markers of the invented confidential values. They appear in no other demo text.
PARTIES_MARKER = "HG-BIMAT-"
BENEFICIARIES_MARKER = "HT-BIMAT-"
INTERNAL_NOTES_MARKER = "NB-NOIBO-"
CONFIDENTIAL_MARKERS = (PARTIES_MARKER, BENEFICIARIES_MARKER, INTERNAL_NOTES_MARKER)

KIND_WEIGHTS = {
    ActivityKind.VISIT: 34,
    ActivityKind.MEETING: 20,
    ActivityKind.VOTER_CONTACT: 6,
    ActivityKind.DIALOGUE: 6,
    ActivityKind.MEDIATION: 10,
    ActivityKind.DRAFT_COMMENTS: 6,
    ActivityKind.SUPPORT: 12,
    ActivityKind.OTHER: 6,
}
# Units of the cadre_ward demo account: part of their activities are logged by that account.
CADRE_WARD_UNITS = frozenset({"LD-PPHUOCHOI", "LG-PH", "LG-PL", "LG-TP"})

VISIT_TOPICS = (
    "nắm tình hình đời sống, tâm tư nguyện vọng của nhân dân",
    "vận động thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường",
    "tuyên truyền phòng, chống tác hại của ma túy",
    "vận động hội viên tham gia bảo hiểm y tế hộ gia đình",
    "thăm hỏi gia đình chính sách, người cao tuổi neo đơn",
    "nắm ý kiến về tình hình an ninh trật tự và đường giao thông nông thôn",
    "tuyên truyền chính sách về sắp xếp đơn vị hành chính",
    "vận động ngư dân chấp hành quy định chống khai thác hải sản bất hợp pháp (IUU)",
)
MEETING_TOPICS = (
    ("Sinh hoạt định kỳ quý, triển khai nhiệm vụ trọng tâm", False),
    ("Tập huấn kỹ thuật trồng thanh long theo hướng VietGAP", True),
    ("Tập huấn kỹ năng tuyên truyền trên mạng xã hội", True),
    ("Sinh hoạt chuyên đề phòng, chống bạo lực gia đình", False),
    ("Chuyển giao kỹ thuật nuôi tôm thẻ chân trắng", True),
    ("Sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", False),
    ("Tập huấn quản lý tổ tiết kiệm và vay vốn", True),
)
DIALOGUE_TOPICS = (
    "Giải phóng mặt bằng, bồi thường dự án đường ven biển",
    "Cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng",
    "Ngập úng mùa mưa ở các tuyến đường nội thị",
    "Ô nhiễm môi trường từ cơ sở chế biến hải sản",
    "Thủ tục hành chính sau sắp xếp đơn vị hành chính",
)
COMMITMENTS = (
    "Khảo sát, nạo vét hệ thống thoát nước trước mùa mưa",
    "Trả lời bằng văn bản cho các hộ có kiến nghị về đất đai",
    "Tổ chức kiểm tra cơ sở gây ô nhiễm và công khai kết quả",
    "Hướng dẫn người dân làm thủ tục cấp đổi giấy tờ",
    "Lắp đặt đèn chiếu sáng tuyến đường liên khu phố",
)
DRAFTS = (
    ("Dự thảo sửa đổi, bổ sung Hiến pháp năm 2013", "Ủy ban dự thảo sửa đổi Hiến pháp"),
    ("Dự thảo Luật Đất đai (sửa đổi)", "Bộ Tài nguyên và Môi trường"),
    ("Dự thảo văn kiện Đại hội Đảng bộ", "Ban Thường vụ Đảng ủy"),
    ("Dự thảo Nghị quyết về chính sách hỗ trợ hộ nghèo của tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Dự thảo quy chế dân chủ ở cơ sở", "Ủy ban nhân dân cấp xã"),
)
SUPPORTS = (
    (
        SupportType.TET_GIFTS,
        "Trao quà Tết cho hộ nghèo, hộ cận nghèo và gia đình chính sách",
        (20, 120),
        400_000,
    ),
    (
        SupportType.SCHOLARSHIPS,
        "Trao học bổng cho học sinh có hoàn cảnh khó khăn, vượt khó học giỏi",
        (5, 30),
        1_000_000,
    ),
    (SupportType.GREAT_UNITY_HOUSE, "Bàn giao nhà Đại đoàn kết cho hộ nghèo", (1, 2), 60_000_000),
    (SupportType.DISASTER_RELIEF, "Hỗ trợ các hộ bị thiệt hại do mưa lớn, triều cường", (5, 40), 1_000_000),
    (SupportType.FUND_FOR_THE_POOR, "Chi Quỹ Vì người nghèo hỗ trợ sinh kế", (3, 15), 3_000_000),
)
OTHER_SUMMARIES = (
    "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
    "Ra quân dọn vệ sinh bãi biển, trồng cây xanh",
    "Hội thao chào mừng ngày thành lập Mặt trận Tổ quốc Việt Nam",
    "Tuyên dương mô hình “Dân vận khéo” tiêu biểu",
)
DISPUTES_VI = {
    DisputeType.LAND: "tranh chấp ranh giới đất",
    DisputeType.FAMILY: "mâu thuẫn hôn nhân và gia đình",
    DisputeType.NEIGHBOURS: "mâu thuẫn giữa hàng xóm",
    DisputeType.CIVIL: "tranh chấp dân sự (vay mượn tiền)",
    DisputeType.OTHER: "mâu thuẫn khác trong cộng đồng",
}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")


# Public events in the coming weeks, as (days from the seeding day, kind).
UPCOMING = (
    (3, "dialogue"),
    (6, "voter_contact"),
    (9, "meeting"),
    (15, "dialogue"),
    (21, "meeting"),
    (28, "voter_contact"),
)


@dataclass
class _Structure:
    units: dict[int, AdministrativeUnit]
    commune_level: list[AdministrativeUnit]
    areas_by_parent: dict[int, list[AdministrativeUnit]]
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]]
    holders_by_org: dict[int, list[tuple[int, datetime.date, datetime.date | None]]]
    accounts: dict[str, int]


def confidential_demo_values(count: int = 120) -> list[str]:
    """The invented confidential texts (the first ``count`` of each), for privacy tests."""
    values = []
    for number in range(1, count + 1):
        values.append(_parties(number))
        values.append(_beneficiaries(number))
    return values


def _parties(number: int) -> str:
    return (
        f"{PARTIES_MARKER}{number:03d}: ông {SURNAMES[number % 8]} Văn Tranh{number} "
        f"và bà {SURNAMES[(number + 3) % 8]} Thị Chấp{number} (minh họa)"
    )


def _beneficiaries(number: int) -> str:
    return (
        f"{BENEFICIARIES_MARKER}{number:03d}: hộ bà {SURNAMES[number % 8]} Thị Nhận{number}, "
        f"hộ ông {SURNAMES[(number + 5) % 8]} Văn Trợ{number} (minh họa)"
    )


def _internal_note(number: int) -> str:
    return f"{INTERNAL_NOTES_MARKER}{number:03d}: ghi chú nội bộ, không công khai (minh họa)."


def _lower_first(text: str) -> str:
    """``Thôn Bình Hưng`` → ``thôn Bình Hưng``, to continue a sentence."""
    return text[:1].lower() + text[1:]


def _valid(obj, on: datetime.date) -> bool:
    return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)


def _load_structure() -> _Structure:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    commune_level = [u for u in units.values() if u.kind in (UnitKind.WARD, UnitKind.COMMUNE, UnitKind.TOWN)]
    areas_by_parent: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in units.values():
        if unit.kind in RESIDENTIAL_AREA_KINDS and unit.parent_id is not None:
            areas_by_parent[unit.parent_id].append(unit)
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]] = defaultdict(list)
    org_units = dict(Organization.objects.values_list("pk", "unit_id"))
    for org in Organization.objects.order_by("pk"):
        # A branch, not one of the groups under it (groups sit in the same area as their branch).
        if org.parent_id is not None and org_units.get(org.parent_id) == org.unit_id:
            continue
        orgs_by_unit_kind[(org.unit_id, org.kind)].append(org)
    holders_by_org: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    for person_id, org_id, start, end in Position.objects.values_list(
        "person_id", "organization_id", "start", "end"
    ):
        holders_by_org[org_id].append((person_id, start, end))
    accounts = dict(
        User.objects.filter(username__in=["cadre_area", "cadre_ward", "cadre_women"]).values_list(
            "username", "pk"
        )
    )
    return _Structure(
        units,
        sorted(commune_level, key=lambda u: u.code),
        areas_by_parent,
        orgs_by_unit_kind,
        holders_by_org,
        accounts,
    )


class _Builder:
    def __init__(self, rng: random.Random, structure: _Structure) -> None:
        self.rng = rng
        self.s = structure
        self.activities: list[Activity] = []
        self.organizers: list[list[int]] = []
        self.details: list[object | None] = []
        self.cadres: list[list[int]] = []
        self.commitments: list[list[DialogueCommitment]] = []
        self.confidential_number = 0

    def org(self, unit: AdministrativeUnit, kind: str, on: datetime.date) -> Organization | None:
        options = [o for o in self.s.orgs_by_unit_kind.get((unit.pk, kind), []) if _valid(o, on)]
        return options[0] if options else None

    def holders(self, org: Organization, on: datetime.date, count: int) -> list[int]:
        people = [
            p
            for p, start, end in self.s.holders_by_org.get(org.pk, [])
            if start <= on and (end is None or end >= on)
        ]
        people = sorted(set(people))
        return self.rng.sample(people, min(count, len(people)))

    def created_by(self, unit: AdministrativeUnit) -> int | None:
        if unit.code in CADRE_WARD_UNITS and self.rng.random() < 0.6:
            return self.s.accounts.get("cadre_ward")
        return self.s.accounts.get("cadre_area")

    def build(self, today: datetime.date) -> None:
        month = START
        while month <= today:
            for _ in range(self.rng.randint(*PER_MONTH)):
                day = month.replace(day=self.rng.randint(1, 28))
                if day <= today:
                    self.one(day)
            month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        self.womens_union_meetings(today)
        self.upcoming(today)

    def upcoming(self, today: datetime.date) -> None:
        """A few published dialogues, voter contacts and meetings in the coming weeks (calendar, home)."""
        for days, kind in UPCOMING:
            self.one(today + datetime.timedelta(days=days), kind=kind, publish=True)

    def one(self, on: datetime.date, *, kind: str | None = None, publish: bool | None = None) -> None:
        units = [u for u in self.s.commune_level if _valid(u, on) and u.kind != UnitKind.TOWN]
        unit = self.rng.choice(units)
        if kind is None:
            kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
            kind = self.rng.choices(kinds, weights=weights)[0]
        front = self.org(unit, K.FRONT_COMMITTEE, on)
        if front is None:
            return
        areas = [a for a in self.s.areas_by_parent.get(unit.pk, []) if _valid(a, on)]
        area = self.rng.choice(areas) if areas else None
        builder = getattr(self, f"_{kind}")
        built = builder(unit=unit, area=area, front=front, on=on)
        if built is None:
            return
        activity, organizers, details, cadres, commitments = built
        activity.kind = kind
        activity.date = on
        activity.is_demo = True
        if activity.unit_id is None:
            activity.unit = unit
        if self.rng.random() < 0.3:
            self.confidential_number += 1
            activity.internal_notes = _internal_note(self.confidential_number)
        if publish if publish is not None else self.rng.random() < 0.45:
            activity.visibility = Visibility.PUBLISHED
            moment = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time(9, 0))
            activity.published_at = min(timezone.make_aware(moment), timezone.now())
        activity.created_by_id = self.created_by(unit)
        self.activities.append(activity)
        self.organizers.append([o.pk for o in organizers])
        self.details.append(details)
        self.cadres.append(cadres)
        self.commitments.append(commitments)

    # One builder per kind: (activity, organizers, details, cadres, commitments) -------------

    def _visit(self, *, unit, area, front, on):
        if area is None:
            return None
        committee = self.org(area, K.FRONT_WORKING_COMMITTEE, on)
        organizers = [front] + ([committee] if committee else [])
        households = self.rng.randint(4, 25)
        topic = self.rng.choice(VISIT_TOPICS)
        cadres = self.holders(front, on, 2) + (self.holders(committee, on, 1) if committee else [])
        activity = Activity(
            start_time=datetime.time(self.rng.choice((7, 8, 14, 15)), 30),
            place=f"{area.name}, {unit.name}",
            summary=f"Cán bộ Mặt trận đến từng hộ ở {_lower_first(area.name)} để {topic}; "
            f"đã thăm {households} hộ, ghi nhận ý kiến chuyển đến chính quyền.",
            participants_count=len(cadres) + households,
        )
        details = VisitDetails(residential_area=area, households_visited=households)
        return activity, organizers, details, cadres, []

    def _meeting(self, *, unit, area, front, on):
        kind = self.rng.choice((K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.VETERANS_ASSOCIATION, K.YOUTH_UNION))
        org = self.org(area, kind, on) if area else None
        org = org or self.org(unit, kind, on)
        if org is None:
            return None
        topic, is_training = self.rng.choice(MEETING_TOPICS)
        attendance = self.rng.randint(12, 60)
        activity = Activity(
            start_time=datetime.time(self.rng.choice((7, 8, 14, 19)), 0),
            place=f"Nhà văn hóa {_lower_first(area.name)}" if area else f"Hội trường {unit.name}",
            summary=f"{org.name}: {_lower_first(topic)}. Có {attendance} hội viên tham dự.",
            participants_count=attendance,
        )
        details = MeetingDetails(
            organization=org, attendance=attendance, is_training=is_training, topic=topic
        )
        return activity, [org], details, [], []

    def _voter_contact(self, *, unit, area, front, on):
        level = self.rng.choice(CouncilLevel.values)
        timing = self.rng.choice(SessionTiming.values)
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
            term = f"HĐND {_lower_first(unit.name)}"
        session = f"kỳ họp thứ {self.rng.randint(1, 10)}, {term}"
        voters = self.rng.randint(60, 220)
        opinions = self.rng.randint(4, 25)
        activity = Activity(
            start_time=datetime.time(self.rng.choice((7, 8, 14)), 30),
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

    def _dialogue(self, *, unit, area, front, on):
        topic = self.rng.choice(DIALOGUE_TOPICS)
        people = self.rng.randint(40, 150)
        activity = Activity(
            start_time=datetime.time(8, 0),
            place=f"Hội trường {unit.name}",
            summary=f"Đối thoại giữa lãnh đạo cấp ủy, chính quyền với nhân dân về: {_lower_first(topic)}.",
            participants_count=people,
        )
        details = DialogueDetails(
            leaders_present=f"Bí thư Đảng ủy, Chủ tịch UBND {unit.name} (minh họa)", topics=topic
        )
        commitments = [
            DialogueCommitment(
                text=text,
                deadline=on + datetime.timedelta(days=self.rng.choice((30, 60, 90))),
                fulfilled=self.rng.random() < 0.6,
            )
            for text in self.rng.sample(COMMITMENTS, self.rng.randint(1, 3))
        ]
        return activity, [front], details, [], commitments

    def _mediation(self, *, unit, area, front, on):
        team = self.org(area, K.MEDIATION_TEAM, on) if area else None
        if team is None:
            return None
        self.confidential_number += 1
        outcome = self.rng.choices(MediationOutcome.values, weights=(6, 2, 1, 1))[0]
        sessions = self.rng.randint(1, 4) if outcome != MediationOutcome.PENDING else self.rng.randint(0, 2)
        dispute = self.rng.choice(DisputeType.values)
        activity = Activity(
            place=f"{area.name}, {unit.name}",
            summary=f"{team.name} hòa giải một vụ việc {DISPUTES_VI[dispute]}.",
            participants_count=self.rng.randint(3, 8),
        )
        details = MediationDetails(
            mediation_team=team,
            dispute_type=dispute,
            parties_count=2,
            sessions=sessions,
            outcome=outcome,
            parties=_parties(self.confidential_number),
        )
        return activity, [team], details, [], []

    def _draft_comments(self, *, unit, area, front, on):
        title, body = self.rng.choice(DRAFTS)
        opinions = self.rng.randint(10, 80)
        sent_on = on + datetime.timedelta(days=self.rng.randint(3, 10))
        activity = Activity(
            place=f"Trụ sở {front.name}",
            summary=f"Lấy ý kiến nhân dân góp ý {_lower_first(title)}; tổng hợp {opinions} ý kiến.",
            participants_count=self.rng.randint(25, 70),
        )
        details = DraftCommentDetails(
            document_title=title,
            drafting_body=body,
            opinions_gathered=opinions,
            sent_document_number=f"{self.rng.randint(10, 250)}/BC-MTTQ",
            sent_document_date=sent_on,
            accepted_or_explained="Cơ quan soạn thảo đã tiếp thu phần lớn ý kiến (minh họa)."
            if self.rng.random() < 0.5
            else "",
        )
        return activity, [front], details, [], []

    def _support(self, *, unit, area, front, on):
        support_type, what, (low, high), unit_value = self.rng.choice(SUPPORTS)
        recipients = self.rng.randint(low, high)
        self.confidential_number += 1
        activity = Activity(
            place=f"Trụ sở {front.name}",
            summary=f"{what} ở {_lower_first(unit.name)}: {recipients} suất.",
            participants_count=recipients,
        )
        details = SupportDetails(
            support_type=support_type,
            recipients=recipients,
            value_vnd=recipients * unit_value,
            beneficiaries=_beneficiaries(self.confidential_number),
        )
        return activity, [front], details, [], []

    def _other(self, *, unit, area, front, on):
        summary = self.rng.choice(OTHER_SUMMARIES)
        return (
            Activity(
                place=unit.name,
                summary=f"{summary} ({unit.name}).",
                participants_count=self.rng.randint(30, 300),
            ),
            [front],
            None,
            [],
            [],
        )

    def womens_union_meetings(self, today: datetime.date) -> None:
        """Branch meetings of the Women's Union of Phường La Gi, logged by its chair's account."""
        ward = next((u for u in self.s.commune_level if u.code == "LD-PLAGI"), None)
        if ward is None:
            return
        on = MERGER + datetime.timedelta(days=20)
        for area in self.s.areas_by_parent.get(ward.pk, [])[:6]:
            if on > today:
                break
            branch = self.org(area, K.WOMENS_UNION, on)
            if branch is None:
                continue
            topic, is_training = MEETING_TOPICS[3]
            attendance = self.rng.randint(15, 40)
            self.activities.append(
                Activity(
                    kind=ActivityKind.MEETING,
                    date=on,
                    start_time=datetime.time(19, 0),
                    unit=ward,
                    place=f"Nhà văn hóa {_lower_first(area.name)}",
                    summary=f"{branch.name}: {_lower_first(topic)}.",
                    participants_count=attendance,
                    is_demo=True,
                    created_by_id=self.s.accounts.get("cadre_women"),
                )
            )
            self.organizers.append([branch.pk])
            self.details.append(
                MeetingDetails(
                    organization=branch, attendance=attendance, is_training=is_training, topic=topic
                )
            )
            self.cadres.append([])
            self.commitments.append([])
            on += datetime.timedelta(days=17)


@transaction.atomic
def seed(rng: random.Random) -> int:
    """Create the demo activities; do nothing if any activity exists. Returns how many were made."""
    if Activity.objects.exists():
        return 0
    builder = _Builder(rng, _load_structure())
    builder.build(timezone.localdate())
    created = Activity.objects.bulk_create(builder.activities)
    through = Activity.organizations.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, organization_id=o)
            for a, orgs in zip(created, builder.organizers, strict=True)
            for o in orgs
        ]
    )
    by_model: dict[type, list] = defaultdict(list)
    for activity, details in zip(created, builder.details, strict=True):
        if details is not None:
            details.activity = activity
            by_model[type(details)].append(details)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    cadres_through = VisitDetails.cadres.through
    cadres_through.objects.bulk_create(
        [
            cadres_through(visitdetails_id=a.pk, person_id=p)
            for a, people in zip(created, builder.cadres, strict=True)
            for p in people
        ]
    )
    commitments = []
    for activity, rows in zip(created, builder.commitments, strict=True):
        for row in rows:
            row.activity = activity
            commitments.append(row)
    DialogueCommitment.objects.bulk_create(commitments)
    return len(created)
