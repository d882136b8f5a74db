"""The Front's supervisions and social criticism in the demo, with their recommendations.

The Front committees of three old units (from September 2024) and of the new units (from
March 2026) each carry out the supervisions of ``SUPERVISIONS``, 75 days apart, with two
member organizations taking part; the first one of a new unit is followed by a
re-supervision of its recommendation after 120 days.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from core.formatting import unit_in_text
from organizations.models import Organization, OrganizationKind
from oversight.models import Recommendation, ReplyOutcome, Supervision

from . import oversight_data as data
from .common import MERGER, lower_first
from .oversight_work import OversightWork

K = OrganizationKind
ASSOCIATION_KINDS = (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION)

# The Front's supervisions and social criticism (invented): (subject, content, form, kind).
SUPERVISIONS = (
    (
        "Việc thực hiện chính sách bảo hiểm y tế cho hộ cận nghèo",
        "Giám sát việc lập danh sách, cấp thẻ và hỗ trợ mức đóng bảo hiểm y tế cho hộ cận nghèo.",
        "team",
        "supervision",
    ),
    (
        "Việc giải quyết đơn thư, kiến nghị của công dân tại UBND",
        "Giám sát việc tiếp nhận, phân loại và trả lời kiến nghị của công dân trong năm.",
        "through_board",
        "supervision",
    ),
    (
        "Dự thảo đề án sắp xếp, sáp nhập khu phố, thôn",
        "Lấy ý kiến nhân dân và các tổ chức thành viên đối với dự thảo đề án.",
        "document_review",
        "social_criticism",
    ),
)


def seed_supervisions(work: OversightWork) -> None:
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
        recorder = work.recorder(front.unit)
        for number, (subject, content, form, kind) in enumerate(SUPERVISIONS):
            start = base + datetime.timedelta(days=75 * number)
            if start > work.today:
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
                end=min(start + datetime.timedelta(days=20), work.today),
                findings="Cơ bản thực hiện đúng quy định; còn chậm công khai một số nội dung."
                + data.DEMO_NOTE,
                created_by=recorder,
                is_demo=True,
            )
            supervision.participants.set(members[front.unit_id][:2])
            replied = not new or number == 0
            spec = data.RecommendationSpec(
                f"Đề nghị UBND {unit_in_text(front.unit.name)} khắc phục các hạn chế nêu trong báo cáo "
                f"giám sát về {lower_first(subject)}.",
                data.COMMITTEE,
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
            recommendation = work.recommendation(spec, recorder, supervision=supervision)
            if new and number == 0 and work.today > start + datetime.timedelta(days=120):
                _resupervision(work, supervision, recommendation, recorder)


def _resupervision(
    work: OversightWork, earlier: Supervision, recommendation: Recommendation, recorder
) -> None:
    start = min(earlier.start + datetime.timedelta(days=120), work.today)
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
