"""Demo concerns for the La Gi structure (2020 to today), invented and marked as demo data.

``seed(rng)`` is called by ``seed_demo`` after the units, organizations, people and the demo
activities exist. Concerns raised at a demo visit, voter contact or dialogue point to it;
the others come from petitions, the public form, phone calls. Before 1 July 2025 they are
in the old wards and communes, later in the three new units. Most old ones are answered and
closed, some are overdue, recent ones are still open, and khu phố 2 of Phường Phước Hội has
a pile of unanswered drainage concerns so that the hot-spot warning shows.

The confidential values (residents' names and phones, confidential details) are invented,
carry markers that appear in no other demo text (``CONFIDENTIAL_MARKERS``), and are listed
exactly by ``confidential_demo_values()`` for privacy tests.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityKind
from concerns.models import (
    TRACKING_CODE_ALPHABET,
    TRACKING_CODE_LENGTH,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernSource,
    ConcernStatus,
)
from organizations.models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    UnitKind,
    User,
)

START = datetime.date(2020, 1, 1)
MERGER = datetime.date(2025, 7, 1)
PER_MONTH = (1, 3)  # concerns not raised at a logged activity (petitions, phone calls...)
HOTSPOT_AREA_CODE = "LD-PPHUOCHOI-KP02"
HOTSPOT_CATEGORY = ConcernCategory.INFRASTRUCTURE
CADRE_WARD_UNITS = frozenset({"LD-PPHUOCHOI", "LG-PH", "LG-PL", "LG-TP"})

# Markers of the invented confidential values. They appear in no other demo text.
DETAIL_MARKER = "PA-BIMAT-"
NAME_MARKER = "Dân-PA"
PHONE_PREFIX = "03990"
CONFIDENTIAL_MARKERS = (DETAIL_MARKER, NAME_MARKER, PHONE_PREFIX)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thanh")

C = ConcernCategory
S = ConcernStatus
SUMMARIES: dict[str, tuple[str, ...]] = {
    C.LAND_HOUSING: (
        "Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất cho hộ đã ở ổn định lâu năm.",
        "Phản ánh chậm giải quyết hồ sơ tách thửa đất ở.",
        "Đề nghị công khai quy hoạch khu dân cư mới trong khu vực.",
        "Hỏi về mức bồi thường khi thu hồi đất làm đường.",
    ),
    C.ENVIRONMENT: (
        "Phản ánh rác thải tồn đọng tại bãi đất trống gần khu dân cư.",
        "Đề nghị xử lý mùi hôi từ cơ sở chế biến hải sản.",
        "Bờ biển bị sạt lở, đề nghị sớm có biện pháp gia cố.",
        "Đề nghị tăng tần suất thu gom rác trong mùa du lịch.",
    ),
    C.INFRASTRUCTURE: (
        "Đường nội khu phố xuống cấp, nhiều ổ gà, đề nghị sửa chữa.",
        "Đề nghị lắp đặt đèn chiếu sáng công cộng trên tuyến hẻm.",
        "Mương thoát nước bị tắc, nước tràn vào nhà dân khi mưa lớn.",
        "Đề nghị nạo vét cống thoát nước trước mùa mưa.",
    ),
    C.SOCIAL_POLICY: (
        "Đề nghị xem xét hỗ trợ hộ cận nghèo có người bệnh nặng.",
        "Hỏi về chế độ trợ cấp cho người cao tuổi neo đơn.",
        "Đề nghị rà soát lại danh sách hộ nghèo năm nay.",
        "Đề nghị hỗ trợ sửa chữa nhà cho gia đình chính sách.",
    ),
    C.SECURITY_ORDER: (
        "Phản ánh tình trạng thanh thiếu niên tụ tập, chạy xe gây ồn ào ban đêm.",
        "Đề nghị tăng cường tuần tra khu vực chợ vào buổi tối.",
        "Phản ánh lấn chiếm vỉa hè để buôn bán.",
    ),
    C.HEALTH: (
        "Đề nghị phun thuốc phòng chống sốt xuất huyết trong khu phố.",
        "Hỏi về thủ tục gia hạn thẻ bảo hiểm y tế cho hộ gia đình.",
        "Đề nghị trạm y tế bố trí thêm buổi khám vào cuối tuần.",
    ),
    C.EDUCATION: (
        "Đề nghị bố trí đường đi an toàn cho học sinh trước cổng trường.",
        "Hỏi về chính sách miễn giảm học phí cho học sinh hộ nghèo.",
        "Đề nghị sửa chữa phòng học bị dột.",
    ),
    C.ADMINISTRATIVE: (
        "Phản ánh thời gian chờ giải quyết thủ tục hành chính còn dài.",
        "Đề nghị hướng dẫn thủ tục chứng thực sau khi sắp xếp đơn vị hành chính.",
        "Hỏi nơi nộp hồ sơ sau khi sáp nhập phường.",
    ),
    C.OTHER: (
        "Đề nghị tổ chức thêm hoạt động văn hóa, thể thao cho thanh niên.",
        "Góp ý về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc.",
    ),
}
HOTSPOT_SUMMARIES = (
    "Mương thoát nước bị tắc, nước tràn vào nhà dân khi mưa lớn.",
    "Đường hẻm ngập sâu sau mỗi trận mưa, học sinh đi lại khó khăn.",
    "Cống thoát nước bị vỡ nắp, nguy hiểm cho người đi đường.",
    "Đề nghị nạo vét mương thoát nước, nước đọng gây mùi hôi.",
    "Nước mưa từ đường chính tràn vào hẻm, ngập nhà dân.",
    "Đề nghị làm lại rãnh thoát nước dọc tuyến đường nội khu phố.",
)
ANSWERS: dict[str, str] = {
    C.LAND_HOUSING: "Văn phòng đăng ký đất đai đã hướng dẫn hồ sơ; hộ dân bổ sung giấy tờ để được xem xét.",
    C.ENVIRONMENT: "Đơn vị thu gom đã xử lý; UBND giao kiểm tra định kỳ.",
    C.INFRASTRUCTURE: "Đã đưa vào kế hoạch sửa chữa trong năm; tạm thời đã khắc phục điểm hư hỏng.",
    C.SOCIAL_POLICY: "Đã rà soát theo quy định; hộ dân được hướng dẫn hồ sơ đề nghị hỗ trợ.",
    C.SECURITY_ORDER: "Công an đã tăng cường tuần tra, nhắc nhở các trường hợp vi phạm.",
    C.HEALTH: "Trạm y tế đã tổ chức phun thuốc và hướng dẫn người dân phòng bệnh.",
    C.EDUCATION: "Nhà trường và địa phương đã phối hợp khắc phục.",
    C.ADMINISTRATIVE: "Bộ phận một cửa đã giải thích quy trình và rút ngắn thời gian hẹn trả kết quả.",
    C.OTHER: "Ban Thường trực đã tiếp thu, đưa vào chương trình hoạt động.",
}
NOT_IN_SCOPE_REASON = "Tranh chấp dân sự giữa các hộ; đã hướng dẫn người dân liên hệ Tòa án nhân dân khu vực."
DUPLICATE_REASON = "Cùng nội dung với phản ánh đã tiếp nhận trước đó."
# Category → which authority is asked, besides the People's Committee of the unit.
AUTHORITIES: dict[str, str] = {
    C.LAND_HOUSING: "Văn phòng Đăng ký đất đai, chi nhánh La Gi",
    C.ENVIRONMENT: "UBND {unit}",
    C.INFRASTRUCTURE: "UBND {unit}",
    C.SOCIAL_POLICY: "UBND {unit}",
    C.SECURITY_ORDER: "Công an {unit}",
    C.HEALTH: "Trạm Y tế {unit}",
    C.EDUCATION: "UBND {unit}",
    C.ADMINISTRATIVE: "UBND {unit}",
    C.OTHER: "Ban Thường trực Ủy ban MTTQ {unit}",
}
VISIT_SHARE = 0.4
ACTIVITY_SOURCES = {
    ActivityKind.VISIT: ConcernSource.VISIT,
    ActivityKind.VOTER_CONTACT: ConcernSource.VOTER_CONTACT,
    ActivityKind.DIALOGUE: ConcernSource.DIALOGUE,
}


def resident_name(number: int) -> str:
    return f"{SURNAMES[number % 8]} {MIDDLE_NAMES[number % 4]} {NAME_MARKER}{number:03d}"


def resident_phone(number: int) -> str:
    return f"{PHONE_PREFIX}{number:05d}"


def confidential_detail(number: int) -> str:
    return (
        f"{DETAIL_MARKER}{number:03d}: nhà ở cuối hẻm, cạnh nhà văn hóa; "
        "người dân đề nghị không nêu tên khi trao đổi (minh họa)."
    )


def confidential_demo_values(count: int = 600) -> list[str]:
    """The invented confidential values (the first ``count`` of each), for privacy tests."""
    values = []
    for number in range(1, count + 1):
        values += [resident_name(number), resident_phone(number), confidential_detail(number)]
    return values


@dataclass
class _Spec:
    concern: Concern
    events: list[ConcernEvent] = field(default_factory=list)
    duplicate_of_index: int | None = None


@dataclass
class _Structure:
    units: dict[int, AdministrativeUnit]
    commune_level: list[AdministrativeUnit]
    areas_by_parent: dict[int, list[AdministrativeUnit]]
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]]
    accounts: dict[str, User]
    activities: list[Activity]

    @property
    def accounts_by_pk(self) -> dict[int, User]:
        return {user.pk: user for user in self.accounts.values()}


def _valid(obj, on: datetime.date) -> bool:
    return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)


def _load_structure() -> _Structure:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    commune_level = sorted(
        (u for u in units.values() if u.kind in (UnitKind.WARD, UnitKind.COMMUNE)),
        key=lambda u: u.code,
    )
    areas_by_parent: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in sorted(units.values(), key=lambda u: u.code):
        if unit.kind in RESIDENTIAL_AREA_KINDS and unit.parent_id is not None:
            areas_by_parent[unit.parent_id].append(unit)
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]] = defaultdict(list)
    for org in Organization.objects.order_by("pk"):
        orgs_by_unit_kind[(org.unit_id, org.kind)].append(org)
    accounts = {
        u.username: u for u in User.objects.filter(username__in=["cadre_area", "cadre_ward", "cadre_women"])
    }
    activities = list(
        # Concerns are raised at activities that took place, not at the coming ones.
        Activity.objects.filter(is_demo=True, kind__in=list(ACTIVITY_SOURCES), date__lte=timezone.localdate())
        .select_related("visit_details")
        .order_by("date", "pk")
    )
    return _Structure(units, commune_level, areas_by_parent, orgs_by_unit_kind, accounts, activities)


class _Builder:
    def __init__(self, rng: random.Random, structure: _Structure, today: datetime.date) -> None:
        self.rng = rng
        self.s = structure
        self.today = today
        self.specs: list[_Spec] = []
        self.codes: set[str] = set(Concern.objects.values_list("tracking_code", flat=True))
        self.confidential_number = 0
        self.category_turn = 0
        self.accounts_by_pk = structure.accounts_by_pk

    # -- helpers
    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(TRACKING_CODE_ALPHABET) for _i in range(TRACKING_CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def at(self, on: datetime.date, hour: int) -> datetime.datetime:
        moment = datetime.datetime.combine(on, datetime.time(hour, self.rng.randrange(0, 60)))
        return timezone.make_aware(moment)

    def org(self, unit: AdministrativeUnit, kind: str, on: datetime.date) -> Organization | None:
        options = [o for o in self.s.orgs_by_unit_kind.get((unit.pk, kind), []) if _valid(o, on)]
        return options[0] if options else None

    def recorder(self, unit: AdministrativeUnit) -> User | None:
        if unit.code in CADRE_WARD_UNITS and self.rng.random() < 0.6:
            return self.s.accounts.get("cadre_ward")
        return self.s.accounts.get("cadre_area")

    def next_category(self) -> str:
        # The first concerns go round every category, then by weight.
        if self.category_turn < len(C.values):
            self.category_turn += 1
            return C.values[self.category_turn - 1]
        weights = (14, 14, 22, 12, 10, 8, 6, 10, 4)
        return self.rng.choices(C.values, weights=weights)[0]

    # -- building
    def build(self) -> None:
        for activity in self.s.activities:
            share = VISIT_SHARE if activity.kind == ActivityKind.VISIT else 0.7
            if self.rng.random() < share:
                self.from_activity(activity)
        month = START
        while month <= self.today:
            for _ in range(self.rng.randint(*PER_MONTH)):
                day = month.replace(day=self.rng.randint(1, 28))
                if day <= self.today:
                    self.standalone(day)
            month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        self.hotspot()

    def from_activity(self, activity: Activity) -> None:
        unit = self.s.units[activity.unit_id]
        details = getattr(activity, "visit_details", None) if activity.kind == ActivityKind.VISIT else None
        area = self.s.units.get(details.residential_area_id) if details is not None else None
        recorder = self.accounts_by_pk.get(activity.created_by_id) if activity.created_by_id else None
        self.add(
            unit=unit,
            area=area,
            on=activity.date,
            source=ACTIVITY_SOURCES[activity.kind],
            activity=activity,
            recorder=recorder or self.recorder(unit),
            on_the_spot=activity.kind != ActivityKind.VISIT and self.rng.random() < 0.35,
        )

    def standalone(self, on: datetime.date) -> None:
        units = [u for u in self.s.commune_level if _valid(u, on)]
        if not units:
            return
        unit = self.rng.choice(units)
        areas = [a for a in self.s.areas_by_parent.get(unit.pk, []) if _valid(a, on)]
        area = self.rng.choice(areas) if areas and self.rng.random() < 0.8 else None
        source = self.rng.choices(
            (ConcernSource.PETITION, ConcernSource.PUBLIC_FORM, ConcernSource.OTHER), weights=(5, 2, 3)
        )[0]
        organization = None
        if self.rng.random() < 0.3:
            kind = self.rng.choice(
                (
                    OrganizationKind.WOMENS_UNION,
                    OrganizationKind.FARMERS_ASSOCIATION,
                    OrganizationKind.VETERANS_ASSOCIATION,
                    OrganizationKind.YOUTH_UNION,
                )
            )
            organization = self.org(unit, kind, on)
        self.add(
            unit=unit,
            area=area,
            on=on,
            source=source,
            organization=organization,
            recorder=self.recorder(unit),
        )

    def hotspot(self) -> None:
        """Six unanswered drainage concerns in one area within the last two months."""
        area = next((u for u in self.s.units.values() if u.code == HOTSPOT_AREA_CODE), None)
        if area is None or area.parent_id is None:
            return
        unit = self.s.units[area.parent_id]
        for index, summary in enumerate(HOTSPOT_SUMMARIES):
            on = self.today - datetime.timedelta(days=8 + index * 9)
            self.add(
                unit=unit,
                area=area,
                on=on,
                source=ConcernSource.VISIT if index % 2 else ConcernSource.PETITION,
                recorder=self.s.accounts.get("cadre_ward"),
                category=HOTSPOT_CATEGORY,
                summary=summary,
                target=S.FORWARDED if index >= 3 else S.RECEIVED,
            )

    def target_status(self, on: datetime.date) -> str:
        age = (self.today - on).days
        if age > 180:
            options = {S.CLOSED: 60, S.INFORMED: 12, S.ANSWERED: 8, S.DUPLICATE: 5, S.NOT_IN_SCOPE: 5}
            options[S.FORWARDED] = 2
        elif age > 45:
            options = {S.CLOSED: 20, S.INFORMED: 15, S.ANSWERED: 20, S.FORWARDED: 35, S.DUPLICATE: 3}
            options.update({S.NOT_IN_SCOPE: 3, S.RECEIVED: 4})
        else:
            options = {S.RECEIVED: 45, S.FORWARDED: 35, S.ANSWERED: 15, S.NOT_IN_SCOPE: 5}
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def add(
        self,
        *,
        unit: AdministrativeUnit,
        area: AdministrativeUnit | None,
        on: datetime.date,
        source: str,
        recorder: User | None,
        activity: Activity | None = None,
        organization: Organization | None = None,
        on_the_spot: bool = False,
        category: str | None = None,
        summary: str | None = None,
        target: str | None = None,
    ) -> None:
        category = category or self.next_category()
        concern = Concern(
            tracking_code=self.code(),
            source=source,
            activity=activity,
            unit=unit,
            residential_area=area,
            organization=organization,
            category=category,
            summary=summary or self.rng.choice(SUMMARIES[category]),
            received_on=on,
            received_by=recorder,
            status=S.RECEIVED,
            is_demo=True,
        )
        if self.rng.random() < 0.55:
            self.confidential_number += 1
            number = self.confidential_number
            concern.detail = confidential_detail(number)
            if self.rng.random() < 0.7:
                concern.resident_name = resident_name(number)
                concern.resident_phone = resident_phone(number)
                concern.resident_consent = True
        spec = _Spec(concern)
        spec.events.append(self.event(concern, "", S.RECEIVED, on, recorder, {"received_on": on.isoformat()}))
        self.specs.append(spec)
        self.progress(spec, target or self.target_status(on), recorder, on_the_spot)

    def event(
        self,
        concern: Concern,
        from_status: str,
        to_status: str,
        on: datetime.date,
        actor,
        data: dict,
        note="",
    ) -> ConcernEvent:
        return ConcernEvent(
            concern=concern,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            at=self.at(on, self.rng.randint(7, 16)),
            note=note,
            data=data,
        )

    def progress(self, spec: _Spec, target: str, actor, on_the_spot: bool) -> None:
        """Walk the workflow towards ``target``, stopping where a date would be after today."""
        concern = spec.concern
        day = concern.received_on
        if target in (S.DUPLICATE, S.NOT_IN_SCOPE):
            closed = day + datetime.timedelta(days=self.rng.randint(1, 10))
            if closed > self.today:
                return
            earlier = [
                i
                for i, other in enumerate(self.specs[:-1])
                if other.concern.unit_id == concern.unit_id and other.concern.received_on <= day
            ]
            if target == S.DUPLICATE and earlier:
                spec.duplicate_of_index = self.rng.choice(earlier[-20:])
                original = self.specs[spec.duplicate_of_index].concern
                concern.close_reason = DUPLICATE_REASON
                data = {"duplicate_of": original.tracking_code, "reason": DUPLICATE_REASON}
                self.step(spec, S.DUPLICATE, closed, actor, {**data, "closed_on": closed.isoformat()})
            else:
                concern.close_reason = NOT_IN_SCOPE_REASON
                data = {"reason": NOT_IN_SCOPE_REASON, "closed_on": closed.isoformat()}
                self.step(spec, S.NOT_IN_SCOPE, closed, actor, data)
            concern.closed_on = closed
            return
        if target == S.RECEIVED:
            return
        order = [S.FORWARDED, S.ANSWERED, S.INFORMED, S.CLOSED]
        wanted = order[: order.index(target) + 1]
        if on_the_spot and target != S.FORWARDED:
            wanted = [s for s in wanted if s != S.FORWARDED]
        unit_name = self.s.units[concern.unit_id].name
        for status in wanted:
            if status == S.FORWARDED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 7))
                if day > self.today:
                    return
                due = day + datetime.timedelta(days=self.rng.choice((15, 30)))
                concern.forwarded_to = AUTHORITIES[concern.category].format(unit=unit_name)
                concern.forward_document_number = f"{self.rng.randint(10, 480)}/MTTQ-BTT (minh họa)"
                concern.forwarded_on, concern.due_date = day, due
                data = {
                    "authority": concern.forwarded_to,
                    "document_number": concern.forward_document_number,
                    "forwarded_on": day.isoformat(),
                    "due_date": due.isoformat(),
                }
            elif status == S.ANSWERED:
                if concern.forwarded_on is not None:
                    day = day + datetime.timedelta(days=self.rng.randint(5, 40))
                if day > self.today:
                    return
                concern.answer = ANSWERS[concern.category]
                concern.answered_on = day
                data = {"answer": concern.answer, "answered_on": day.isoformat()}
            elif status == S.INFORMED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 10))
                if day > self.today:
                    return
                concern.informed_on = day
                data = {"informed_on": day.isoformat()}
            else:
                day = day + datetime.timedelta(days=self.rng.randint(0, 5))
                if day > self.today:
                    return
                concern.closed_on = day
                data = {"closed_on": day.isoformat()}
            self.step(spec, status, day, actor, data)

    def step(self, spec: _Spec, status: str, on: datetime.date, actor, data: dict) -> None:
        event = self.event(spec.concern, spec.concern.status, status, on, actor, data)
        # Two steps on one day keep their order in the timeline.
        event.at = max(event.at, spec.events[-1].at + datetime.timedelta(minutes=20))
        spec.events.append(event)
        spec.concern.status = status


def seed(rng: random.Random) -> int:
    """Create the demo concerns; do nothing if demo concerns exist. Returns how many were made."""
    if Concern.objects.filter(is_demo=True).exists():
        return 0
    builder = _Builder(rng, _load_structure(), timezone.localdate())
    builder.build()
    specs = builder.specs
    with transaction.atomic(), disable_auditlog():
        created = Concern.objects.bulk_create([spec.concern for spec in specs], batch_size=500)
        duplicates = []
        for spec in specs:
            if spec.duplicate_of_index is not None:
                spec.concern.duplicate_of = specs[spec.duplicate_of_index].concern
                duplicates.append(spec.concern)
        Concern.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=500)
        events = []
        for spec in specs:
            for event in spec.events:
                event.concern = spec.concern
                events.append(event)
        ConcernEvent.objects.bulk_create(events, batch_size=1000)
    return len(created)
