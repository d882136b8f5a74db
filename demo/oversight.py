"""Demo oversight data for the La Gi structure, invented and marked as demo data.

``seed(rng)`` runs after the organizations, activities and concerns seeds. Every run makes
sure that the board members carry their area and recognising decision, that the monitoring
boards have their founding decision, and that the ``board_member`` demo account exists
(a write scope on the monitoring board of khu phố 2, Phường Phước Hội, linked to the head
of that board). Projects, sessions, inspections, reports and supervisions are created once,
in the old units (before 1 July 2025) and in the new ones.

The confidential values (members' phones and e-mails, internal notes, findings kept
internal) are listed by ``confidential_demo_values()`` for privacy tests.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from concerns.models import Concern, ConcernCategory, ConcernStatus
from demo.structure import PASSWORD
from organizations.models import (
    Access,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Person,
    Position,
    PositionTitle,
    Scope,
    User,
)
from oversight.models import (
    BoardMember,
    Inspection,
    InspectionReport,
    InspectionTrigger,
    InspectionWorkPlan,
    MonitoringBoard,
    MonitoringFinding,
    MonitoringSession,
    Project,
    Recommendation,
    RecommendationStatus,
    ReplyOutcome,
    ReportPeriod,
    Supervision,
)

from . import oversight_data as data

K = OrganizationKind
T = PositionTitle
BOARD_MEMBER_USERNAME = "board_member"
BOARD_MEMBER_AREA = "LD-PPHUOCHOI-KP02"
MERGER = datetime.date(2025, 7, 1)


def confidential_demo_values() -> list[str]:
    """Private values of the board members and the markers of the internal demo texts."""
    people = Person.objects.filter(
        positions__organization__kind__in=(K.INSPECTION_BOARD, K.INVESTMENT_MONITORING_BOARD)
    )
    values: set[str] = set()
    for phone, email in people.values_list("phone", "email"):
        values.update(v for v in (phone, email) if v)
    return sorted(values) + [data.INTERNAL_NOTE_MARKER, data.HIDDEN_FINDING_MARKER, data.MINUTES_MARKER]


def seed(rng: random.Random) -> int:
    """Create or refresh the demo oversight data; returns how many projects were created."""
    with transaction.atomic(), disable_auditlog():
        today = timezone.localdate()
        boards = _monitoring_boards()
        _board_members()
        _foundings(boards)
        _account(boards)
        if Project.objects.filter(is_demo=True).exists():
            return 0
        builder = _Builder(rng, today, boards)
        builder.projects()
        builder.inspections()
        builder.supervisions()
        return len(data.PROJECTS)


# --- boards and the demo account (checked at every run) ----------------------------------


def _area(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(code=code)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _monitoring_boards() -> dict[str, Organization]:
    """The monitoring board of each project area (the organizations seed's boards), by area code.

    A board is found through its head, who heads the Front working committee of the area.
    """
    found: dict[str, Organization] = {}
    heads = Position.objects.filter(
        organization__kind=K.INVESTMENT_MONITORING_BOARD, title=T.HEAD
    ).select_related("organization")
    committee_areas = _committee_areas()
    areas = {area.pk: area for area in AdministrativeUnit.objects.residential_areas()}
    for head in heads.order_by("pk"):
        for area_id in committee_areas.get(head.person_id, ()):
            area = areas.get(area_id)
            if area is not None and area.parent_id == head.organization.unit_id:
                found.setdefault(area.code, head.organization)
    return found


def _committee_areas() -> dict[int, list[int]]:
    """Person → the residential areas whose Front working committee they sit on."""
    areas: dict[int, list[int]] = defaultdict(list)
    for person_id, unit_id in Position.objects.filter(
        organization__kind=K.FRONT_WORKING_COMMITTEE
    ).values_list("person_id", "organization__unit_id"):
        areas[person_id].append(unit_id)
    return areas


ASSOCIATION_KINDS = (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION)


def _board_members() -> None:
    """A ``BoardMember`` for every position on a board: the area represented, the decision."""
    positions = list(
        Position.objects.filter(organization__kind__in=(K.INSPECTION_BOARD, K.INVESTMENT_MONITORING_BOARD))
        .filter(board_member__isnull=True)
        .select_related("organization")
        .order_by("pk")
    )
    if not positions:
        return
    committee_areas = _committee_areas()
    parents = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    front_people = set(
        Position.objects.filter(organization__kind=K.FRONT_COMMITTEE).values_list("person_id", flat=True)
    )
    members = []
    for position in positions:
        board = position.organization
        area_id = next(
            (a for a in committee_areas.get(position.person_id, ()) if parents.get(a) == board.unit_id), None
        )
        is_front = area_id is None and position.person_id in front_people
        issuer = "UBND" if board.kind == K.INSPECTION_BOARD else "MTTQ"
        members.append(
            BoardMember(
                position=position,
                residential_area_id=area_id,
                decision_number=f"{100 + (position.pk % 150)}/QĐ-{issuer}",
                decision_date=position.start,
                is_front_representative=is_front,
                is_demo=True,
            )
        )
    BoardMember.objects.bulk_create(members)


def _foundings(boards: dict[str, Organization]) -> None:
    have = set(MonitoringBoard.objects.values_list("organization_id", flat=True))
    rows = []
    for board in sorted(boards.values(), key=lambda b: b.pk):
        if board.pk in have:
            continue
        start = board.valid_from or MERGER
        rows.append(
            MonitoringBoard(
                organization=board,
                decision_number=f"{10 + board.pk % 80}/QĐ-MTTQ",
                decision_date=start - datetime.timedelta(days=10),
                decided_by=f"Ban Thường trực Ủy ban MTTQ Việt Nam {_lower_first(board.unit.name)}",
                is_constituted=True,
                is_demo=True,
            )
        )
    MonitoringBoard.objects.bulk_create(rows)


def _account(boards: dict[str, Organization]) -> None:
    """The ``board_member`` account: write access to the board of khu phố 2, Phường Phước Hội."""
    board = boards[BOARD_MEMBER_AREA]
    head = (
        Position.objects.filter(organization=board, title=T.HEAD)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    user = User.objects.filter(username=BOARD_MEMBER_USERNAME).first()
    if user is None:
        user = User(username=BOARD_MEMBER_USERNAME, password=make_password(PASSWORD))
    person = head.person if head is not None else None
    if person is not None and User.objects.filter(person=person).exclude(pk=user.pk).exists():
        person = None
    family, _space, given = (person.full_name if person else "").partition(" ")
    values = {
        "person": person,
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        "first_name": given,
        "last_name": family,
        "email": person.email if person and person.email else f"{BOARD_MEMBER_USERNAME}@example.vn",
    }
    changed = user.pk is None
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if changed:
        user.save()
    wanted = (None, board.pk, Access.WRITE)
    scopes = list(Scope.objects.filter(user=user))
    if [(s.unit_id, s.organization_id, s.access) for s in scopes] != [wanted]:
        Scope.objects.filter(user=user).delete()
        Scope.objects.create(user=user, organization=board, access=Access.WRITE)


# --- the work (created once) ---------------------------------------------------------------


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date, boards: dict[str, Organization]) -> None:
        self.rng = rng
        self.today = today
        self.boards = boards
        self.accounts = {
            u.username: u for u in User.objects.filter(username__in=("cadre_area", "cadre_ward"))
        }

    def day(self, value: datetime.date | int | None) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            return value
        return self.today - datetime.timedelta(days=value)

    def recorder(self, unit: AdministrativeUnit) -> User | None:
        codes = {"LD-PPHUOCHOI", "LG-PH", "LG-PL", "LG-TP"}
        if unit.code in codes:
            return self.accounts.get("cadre_ward")
        return self.accounts.get("cadre_area")

    # -- projects, sessions, findings, recommendations
    def projects(self) -> None:
        board_member = User.objects.filter(username=BOARD_MEMBER_USERNAME).first()
        for spec in data.PROJECTS:
            area = _area(spec.area)
            board = self.boards[spec.area] if spec.monitored else None
            project = Project.objects.create(
                name=spec.name,
                description=spec.description,
                investor=spec.investor,
                funding_source=spec.funding,
                total_investment_vnd=spec.total_vnd,
                approving_decision=spec.decision,
                unit=area.parent,
                residential_area=area,
                planned_start=spec.planned[0],
                planned_end=spec.planned[1],
                actual_start=spec.actual[0],
                actual_end=spec.actual[1],
                stage=spec.stage,
                progress=spec.progress,
                board=board,
                created_by=self.recorder(area.parent),
                is_demo=True,
            )
            recorder = board_member if spec.area == BOARD_MEMBER_AREA else self.recorder(area.parent)
            for number, session_spec in enumerate(spec.sessions, start=1):
                self.session(project, board, session_spec, recorder, number)

    def session(self, project: Project, board: Organization, spec, recorder, number: int) -> None:
        held_on = self.day(spec.held_on)
        session = MonitoringSession.objects.create(
            project=project,
            board=board,
            held_on=held_on,
            stage=spec.stage,
            aspects=list(spec.aspects),
            summary=f"{data.MINUTES_MARKER}{project.pk:02d}{number}: Đoàn giám sát gồm các thành viên Ban, "
            "đại diện chủ đầu tư và đơn vị thi công; đã kiểm tra thực địa và hồ sơ (minh họa).",
            internal_notes=spec.internal_note,
            savings_vnd=spec.savings_vnd,
            is_published=spec.published,
            published_on=held_on + datetime.timedelta(days=2) if spec.published else None,
            created_by=recorder,
            is_demo=True,
        )
        if session.published_on and session.published_on > self.today:
            session.published_on = self.today
            session.save(update_fields=["published_on"])
        MonitoringFinding.objects.bulk_create(
            MonitoringFinding(session=session, aspect=aspect, text=text, is_public=public)
            for aspect, text, public in spec.findings
        )
        for rec in spec.recommendations:
            concern = self.hotspot_concern(project.residential_area) if rec.hotspot_concern else None
            self.recommendation(rec, recorder, session=session, concern=concern)

    def hotspot_concern(self, area: AdministrativeUnit) -> Concern | None:
        return (
            Concern.objects.filter(
                residential_area=area,
                category=ConcernCategory.INFRASTRUCTURE,
                status__in=(ConcernStatus.RECEIVED, ConcernStatus.FORWARDED),
            )
            .order_by("received_on", "pk")
            .first()
        )

    def recommendation(self, spec, recorder, *, concern: Concern | None = None, **origin) -> Recommendation:
        recommendation = Recommendation(
            content=spec.content,
            addressee=spec.addressee,
            concern=concern,
            created_by=recorder,
            is_demo=True,
            **origin,
        )
        recommendation.take_place_from_origin()
        sent = self.day(spec.sent)
        if sent is not None:
            recommendation.status = RecommendationStatus.SENT
            recommendation.sent_on = sent
            recommendation.due_date = sent + datetime.timedelta(days=spec.due_after_days)
            recommendation.document_number = f"{self.rng.randint(5, 95)}/KN-{_issuer(recommendation)}"
            if spec.reply is not None:
                after, text, outcome = spec.reply
                reply_on = min(sent + datetime.timedelta(days=after), self.today)
                recommendation.status = RecommendationStatus.REPLIED
                recommendation.reply_on = reply_on
                recommendation.reply_text = text
                recommendation.reply_outcome = outcome
                recommendation.implementation = spec.implementation
                recommendation.implementation_on = reply_on if spec.implementation != "not_started" else None
                if spec.closed:
                    recommendation.status = RecommendationStatus.CLOSED
                    recommendation.closed_on = min(reply_on + datetime.timedelta(days=30), self.today)
        recommendation.save()
        return recommendation

    # -- People's Inspection Boards
    def inspections(self) -> None:
        boards = Organization.objects.filter(kind=K.INSPECTION_BOARD).select_related("unit").order_by("pk")
        for board in boards:
            new = board.valid_from is not None and board.valid_from >= MERGER
            years = (2025, 2026) if new else (2024, 2025)
            plans = {
                year: InspectionWorkPlan.objects.create(
                    board=board, year=year, content=work_plan_text(year), is_demo=True
                )
                for year in years
                if year <= self.today.year
            }
            start = board.valid_from or datetime.date(2024, 7, 15)
            end = min(board.valid_to or self.today, self.today)
            self.board_inspections(board, plans, start, end)
            self.reports(board, start, end)

    def board_inspections(self, board: Organization, plans, start: datetime.date, end: datetime.date) -> None:
        span = (end - start).days
        if span < 30:
            return
        count = 4 if board.valid_to is None else 3
        subjects = self.rng.sample(data.INSPECTION_SUBJECTS, count)
        recorder = self.recorder(board.unit)
        concern = (
            Concern.objects.filter(unit=board.unit, received_on__gte=start, received_on__lte=end)
            .filter(category__in=(ConcernCategory.LAND_HOUSING, ConcernCategory.ADMINISTRATIVE))
            .order_by("received_on", "pk")
            .first()
        )
        for number, (subject, violations, money, land) in enumerate(subjects):
            day = start + datetime.timedelta(days=int(span * (number + 0.5) / (count + 1)))
            trigger = InspectionTrigger.PLAN
            if number == 1 and concern is not None and concern.received_on <= day:
                trigger = InspectionTrigger.CONCERN
            elif number == 2:
                trigger = InspectionTrigger.PETITION
            inspection = Inspection.objects.create(
                board=board,
                trigger=trigger,
                plan=plans.get(day.year) if trigger == InspectionTrigger.PLAN else None,
                concern=concern if trigger == InspectionTrigger.CONCERN else None,
                petition_reference=f"Đơn số {self.rng.randint(3, 40)}/{day.year}"
                if trigger == "petition"
                else "",
                subject=(data.PETITION_SUBJECT if trigger == "petition" else subject).format(
                    year=day.year, unit=board.unit.name
                ),
                start=day,
                end=min(day + datetime.timedelta(days=self.rng.randint(3, 20)), self.today),
                findings=_inspection_findings(violations, money, land),
                violations_found=violations,
                money_recovered_vnd=money,
                land_recovered_m2=land,
                created_by=recorder,
                is_demo=True,
            )
            if trigger == InspectionTrigger.PLAN and inspection.plan is None:
                inspection.trigger = InspectionTrigger.PETITION
                inspection.petition_reference = f"Đơn số {self.rng.randint(3, 40)}/{day.year}"
                inspection.save(update_fields=["trigger", "petition_reference"])
            if violations or number == count - 1:
                self.inspection_recommendation(inspection, recorder, latest=number == count - 1)

    def inspection_recommendation(self, inspection: Inspection, recorder, *, latest: bool) -> None:
        unit = _lower_first(inspection.board.unit.name)
        open_board = inspection.board.valid_to is None
        days_since = (self.today - inspection.start).days
        waiting = latest and open_board and days_since < 200
        spec = data.RecommendationSpec(
            f"Đề nghị UBND {unit} chấn chỉnh, khắc phục các tồn tại đã nêu trong biên bản kiểm tra và "
            "báo cáo kết quả với Ban Thanh tra nhân dân.",
            f"UBND {unit}",
            inspection.end,
            30 if not waiting else 20,
            None
            if waiting
            else (18, "UBND đã chỉ đạo bộ phận liên quan khắc phục, báo cáo kết quả.", ReplyOutcome.ACCEPTED),
            "implemented" if not waiting else "not_started",
            closed=not open_board,
        )
        self.recommendation(spec, recorder, inspection=inspection)

    def reports(self, board: Organization, start: datetime.date, end: datetime.date) -> None:
        periods: list[tuple[str, int, int]] = []
        for year in range(start.year, end.year + 1):
            for quarter in range(1, 5):
                first = datetime.date(year, (quarter - 1) * 3 + 1, 1)
                last_month = quarter * 3
                last = datetime.date(year, last_month, 28)
                if first >= start - datetime.timedelta(days=31) and last <= end and last < self.today:
                    periods.append((ReportPeriod.QUARTER, year, quarter))
            if datetime.date(year, 6, 28) <= end and datetime.date(year, 1, 1) >= start - datetime.timedelta(
                days=190
            ):
                periods.append((ReportPeriod.HALF_YEAR, year, 1))
            if datetime.date(year, 12, 28) <= end and year < self.today.year:
                periods.append((ReportPeriod.YEAR, year, 1))
        from oversight.services import report_figures

        for period, year, number in periods:
            report = InspectionReport(board=board, period=period, year=year, number=number, is_demo=True)
            figures = report_figures(board=board, start=report.start, end=report.end)
            for name, value in figures.items():
                setattr(report, name, value)
            report.text = (
                f"Trong kỳ, Ban đã thực hiện {figures['inspections_count']} cuộc kiểm tra, phát hiện "
                f"{figures['violations_found']} vi phạm và gửi {figures['recommendations_count']} kiến nghị; "
                "các kiến nghị đã được UBND xem xét, trả lời." + data.DEMO_NOTE
            )
            report.is_published = True
            report.published_on = min(report.end + datetime.timedelta(days=10), self.today)
            report.save()

    # -- the Front's supervisions
    def supervisions(self) -> None:
        fronts = Organization.objects.filter(
            kind=K.FRONT_COMMITTEE, unit__kind__in=("ward", "commune")
        ).select_related("unit")
        inspection_boards = {b.unit_id: b for b in Organization.objects.filter(kind=K.INSPECTION_BOARD)}
        members = defaultdict(list)
        for org in Organization.objects.filter(kind__in=ASSOCIATION_KINDS, parent__isnull=True):
            members[org.unit_id].append(org)
        for front in fronts.order_by("pk"):
            new = front.valid_from is not None and front.valid_from >= MERGER
            if not new and front.unit.code not in ("LG-PH", "LG-TA", "LG-TH"):
                continue
            base = datetime.date(2026, 3, 10) if new else datetime.date(2024, 9, 16)
            recorder = self.recorder(front.unit)
            for number, (subject, content, form, kind) in enumerate(data.SUPERVISIONS):
                start = base + datetime.timedelta(days=75 * number)
                if start > self.today:
                    continue
                supervision = Supervision.objects.create(
                    kind=kind,
                    organization=front,
                    unit=front.unit,
                    subject=subject,
                    content=content + data.DEMO_NOTE,
                    form=form,
                    board=inspection_boards.get(front.unit_id) if form == "through_board" else None,
                    start=start,
                    end=min(start + datetime.timedelta(days=20), self.today),
                    findings="Cơ bản thực hiện đúng quy định; còn chậm công khai một số nội dung."
                    + data.DEMO_NOTE,
                    created_by=recorder,
                    is_demo=True,
                )
                supervision.participants.set(members[front.unit_id][:2])
                replied = not new or number == 0
                spec = data.RecommendationSpec(
                    f"Đề nghị UBND {_lower_first(front.unit.name)} khắc phục các hạn chế nêu trong báo cáo "
                    f"giám sát về {_lower_first(subject)}.",
                    f"UBND {_lower_first(front.unit.name)}",
                    supervision.end,
                    30,
                    (
                        21,
                        "UBND tiếp thu, giao các bộ phận chuyên môn khắc phục.",
                        ReplyOutcome.PARTLY_ACCEPTED,
                    )
                    if replied
                    else None,
                    "in_progress" if replied and new else ("implemented" if replied else "not_started"),
                    closed=not new,
                )
                recommendation = self.recommendation(spec, recorder, supervision=supervision)
                if new and number == 0 and self.today > start + datetime.timedelta(days=120):
                    self.resupervision(supervision, recommendation, recorder)

    def resupervision(self, earlier: Supervision, recommendation: Recommendation, recorder) -> None:
        start = min(earlier.start + datetime.timedelta(days=120), self.today)
        Supervision.objects.create(
            kind=earlier.kind,
            organization=earlier.organization,
            unit=earlier.unit,
            subject=f"Tái giám sát: {earlier.subject}",
            content="Kiểm tra kết quả thực hiện kiến nghị sau giám sát." + data.DEMO_NOTE,
            form="team",
            start=start,
            end=None,
            follows=earlier,
            follows_recommendation=recommendation,
            created_by=recorder,
            is_demo=True,
        )


def work_plan_text(year: int) -> str:
    return f"Kế hoạch công tác năm {year}:\n{data.WORK_PLAN}"


def _issuer(recommendation: Recommendation) -> str:
    if recommendation.session_id:
        return "BGSĐTCĐ"
    if recommendation.inspection_id:
        return "BTTND"
    return "MTTQ"


def _inspection_findings(violations: int, money: int, land) -> str:
    if not violations:
        return "Không phát hiện vi phạm; đề nghị tiếp tục duy trì việc công khai." + data.DEMO_NOTE
    text = f"Phát hiện {violations} trường hợp thực hiện chưa đúng quy định."
    if money:
        text += f" Đã kiến nghị thu hồi {money:,} đồng.".replace(",", ".")
    if land:
        text += f" Đã kiến nghị thu hồi {land} m² đất công bị lấn chiếm."
    return text + data.DEMO_NOTE
