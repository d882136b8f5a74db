"""The People's Inspection Boards of the demo: yearly work plans, inspections, quarterly reports.

Each board (the old units' from July 2024, the new units' from July 2025) gets a work plan
per year, three or four inspections spread over its life (by plan, on a concern, on a
petition) with a recommendation when a violation is found and on the latest one, and a
report per quarter, half-year and year with the figures the portal computes.
"""

from __future__ import annotations

import datetime

from concerns.models import Concern, ConcernCategory
from core import formatting
from core.formatting import unit_in_text
from organizations.models import Organization, OrganizationKind
from oversight.models import (
    Inspection,
    InspectionReport,
    InspectionTrigger,
    InspectionWorkPlan,
    ReplyOutcome,
    ReportPeriod,
)

from . import oversight_data as data
from .common import MERGER, in_vietnamese
from .oversight_work import OversightWork

K = OrganizationKind

# People's Inspection Boards: what an inspection looks at (invented).
INSPECTION_SUBJECTS = (
    ("Việc công khai danh sách hộ nghèo, cận nghèo năm {year}", 0, 0, 0),
    ("Việc thu, chi quỹ đóng góp xây dựng đường giao thông nông thôn", 2, 18_500_000, 0),
    ("Việc giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất của người dân", 1, 0, 0),
    ("Việc quản lý đất công, đất hành lang an toàn giao thông", 3, 0, 145.5),
    ("Việc thực hiện quy chế dân chủ ở cơ sở tại UBND {unit}", 0, 0, 0),
    ("Việc chi trả trợ cấp xã hội cho người cao tuổi, người khuyết tật", 1, 6_200_000, 0),
)
PETITION_SUBJECT = "Đơn phản ánh việc lấn chiếm hẻm công cộng (đã giữ bí mật người gửi)"
WORK_PLAN = (
    "1. Kiểm tra việc công khai, minh bạch các khoản thu, chi ngân sách và các khoản đóng góp của nhân dân.\n"
    "2. Giám sát việc giải quyết khiếu nại, tố cáo, kiến nghị của công dân.\n"
    "3. Giám sát việc thực hiện quy chế dân chủ ở cơ sở, việc quản lý đất công.\n"
    "4. Báo cáo kết quả hoạt động hằng quý, 6 tháng và năm với Ban Thường trực Ủy ban MTTQ." + data.DEMO_NOTE
)


def seed_inspections(work: OversightWork) -> None:
    boards = Organization.objects.filter(kind=K.INSPECTION_BOARD).select_related("unit").order_by("pk")
    for board in boards:
        new = board.valid_from is not None and board.valid_from >= MERGER
        years = (2025, 2026) if new else (2024, 2025)
        plans = {
            year: InspectionWorkPlan.objects.create(
                board=board, year=year, content=work_plan_text(year), is_demo=True
            )
            for year in years
            if year <= work.today.year
        }
        start = board.valid_from or datetime.date(2024, 7, 15)
        end = min(board.valid_to or work.today, work.today)
        _board_inspections(work, board, plans, start, end)
        _reports(work, board, start, end)


def _board_inspections(
    work: OversightWork, board: Organization, plans, start: datetime.date, end: datetime.date
) -> None:
    span = (end - start).days
    if span < 30:
        return
    count = 4 if board.valid_to is None else 3
    subjects = work.rng.sample(INSPECTION_SUBJECTS, count)
    recorder = work.recorder(board.unit)
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
            petition_reference=f"Đơn số {work.rng.randint(3, 40)}/{day.year}"
            if trigger == "petition"
            else "",
            subject=(PETITION_SUBJECT if trigger == "petition" else subject).format(
                year=day.year, unit=unit_in_text(board.unit.name)
            ),
            start=day,
            end=min(day + datetime.timedelta(days=work.rng.randint(3, 20)), work.today),
            findings=_inspection_findings(violations, money, land),
            violations_found=violations,
            money_recovered_vnd=money,
            land_recovered_m2=land,
            created_by=recorder,
            is_demo=True,
        )
        if trigger == InspectionTrigger.PLAN and inspection.plan is None:
            inspection.trigger = InspectionTrigger.PETITION
            inspection.petition_reference = f"Đơn số {work.rng.randint(3, 40)}/{day.year}"
            inspection.save(update_fields=["trigger", "petition_reference"])
        if violations or number == count - 1:
            _inspection_recommendation(work, inspection, recorder, latest=number == count - 1)


def _inspection_recommendation(
    work: OversightWork, inspection: Inspection, recorder, *, latest: bool
) -> None:
    unit = unit_in_text(inspection.board.unit.name)
    open_board = inspection.board.valid_to is None
    days_since = (work.today - inspection.start).days
    waiting = latest and open_board and days_since < 200
    spec = data.RecommendationSpec(
        f"Đề nghị UBND {unit} chấn chỉnh, khắc phục các tồn tại đã nêu trong biên bản kiểm tra và "
        "báo cáo kết quả với Ban Thanh tra nhân dân.",
        data.COMMITTEE,
        inspection.end,
        30 if not waiting else 20,
        None
        if waiting
        else (18, "UBND đã chỉ đạo bộ phận liên quan khắc phục, báo cáo kết quả.", ReplyOutcome.ACCEPTED),
        "implemented" if not waiting else "not_started",
        closed=not open_board,
    )
    work.recommendation(spec, recorder, inspection=inspection)


def _reports(work: OversightWork, board: Organization, start: datetime.date, end: datetime.date) -> None:
    periods: list[tuple[str, int, int]] = []
    for year in range(start.year, end.year + 1):
        for quarter in range(1, 5):
            first = datetime.date(year, (quarter - 1) * 3 + 1, 1)
            last_month = quarter * 3
            last = datetime.date(year, last_month, 28)
            if first >= start - datetime.timedelta(days=31) and last <= end and last < work.today:
                periods.append((ReportPeriod.QUARTER, year, quarter))
        if datetime.date(year, 6, 28) <= end and datetime.date(year, 1, 1) >= start - datetime.timedelta(
            days=190
        ):
            periods.append((ReportPeriod.HALF_YEAR, year, 1))
        if datetime.date(year, 12, 28) <= end and year < work.today.year:
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
        report.published_on = min(report.end + datetime.timedelta(days=10), work.today)
        report.save()


def work_plan_text(year: int) -> str:
    return f"Kế hoạch công tác năm {year}:\n{WORK_PLAN}"


def _inspection_findings(violations: int, money: int, land) -> str:
    if not violations:
        return "Không phát hiện vi phạm; đề nghị tiếp tục duy trì việc công khai." + data.DEMO_NOTE
    text = f"Phát hiện {violations} trường hợp thực hiện chưa đúng quy định."
    if money:
        text += f" Đã kiến nghị thu hồi {in_vietnamese(formatting.money, money)}."
    if land:
        text += f" Đã kiến nghị thu hồi {in_vietnamese(formatting.area_m2, land)} đất công bị lấn chiếm."
    return text + data.DEMO_NOTE
