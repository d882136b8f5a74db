"""The oversight demo data as plain values (invented; see ``demo``): the project register.

Projects with their monitoring sessions, findings and recommendations in the La Gi area,
before the 2025 merger (old wards and communes) and after it. The four projects with a
monitoring board use the boards of the organizations seed; the others are in the register
without a board yet (a market handed over before the merger, a drainage canal and a school
block in preparation). Dates of the latest sessions and recommendations are counted back
from the day of seeding (a number of days), so that some recommendations are always overdue
and some still within their time limit. The inspection subjects and the supervisions are
with their seeds (``oversight_inspections``, ``oversight_supervisions``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from organizations.models import AuthorityKind
from oversight.models import Aspect, FundingSource, Implementation, ProjectStage, ReplyOutcome

from .authorities_data import CONTRACTOR, PROJECT_BOARD_AREA

# Markers of the invented confidential values: they appear in no other demo text.
INTERNAL_NOTE_MARKER = "GS-NOIBO-"
HIDDEN_FINDING_MARKER = "GS-KHONGCONGKHAI-"
MINUTES_MARKER = "GS-BIENBAN-"
DEMO_NOTE = " (Dữ liệu minh họa.)"
COMMITTEE = AuthorityKind.PEOPLES_COMMITTEE

A = Aspect
F = FundingSource
S = ProjectStage
OUT = ReplyOutcome
IMP = Implementation


@dataclass(frozen=True)
class RecommendationSpec:
    content: str
    # The authority: a kind of body of the recommendation's ward or commune (``AuthorityKind``), or a
    # body of the demo register by name (``demo.authorities.Register``), as it was on the day sent.
    authority: str
    sent: datetime.date | int | None  # a date, or days before the seeding day
    due_after_days: int = 30
    reply: tuple[int, str, str] | None = None  # (days after sending, text, outcome)
    implementation: str = IMP.NOT_STARTED
    closed: bool = False
    hotspot_concern: bool = False


@dataclass(frozen=True)
class SessionSpec:
    held_on: datetime.date | int  # a date, or days before the seeding day
    stage: str
    aspects: tuple[str, ...]
    findings: tuple[tuple[str, str, bool], ...]  # (aspect, text, public)
    recommendations: tuple[RecommendationSpec, ...] = ()
    published: bool = True
    savings_vnd: int = 0
    internal_note: str = ""


@dataclass(frozen=True)
class ProjectSpec:
    key: str
    area: str  # residential area code
    name: str
    description: str
    investor: str
    funding: str
    total_vnd: int
    decision: str
    planned: tuple[datetime.date, datetime.date]
    actual: tuple[datetime.date | None, datetime.date | None]
    stage: str
    progress: int
    sessions: tuple[SessionSpec, ...] = field(default_factory=tuple)
    monitored: bool = True  # False: in the register, no monitoring board yet


D = datetime.date

PROJECTS = (
    ProjectSpec(
        "road-tanthien",
        "LG-TT-KP02",
        "Nâng cấp, mở rộng đường nội bộ khu phố 2 (bê tông xi măng, dài 850 m)",
        "Mở rộng mặt đường từ 3 m lên 5 m, làm rãnh thoát nước hai bên." + DEMO_NOTE,
        "UBND phường Tân Thiện",
        F.MIXED,
        2_450_000_000,
        "215/QĐ-UBND ngày 10/02/2023",
        (D(2023, 4, 1), D(2023, 12, 31)),
        (D(2023, 4, 15), D(2024, 1, 20)),
        S.HANDED_OVER,
        100,
        (
            SessionSpec(
                D(2023, 6, 12),
                S.CONSTRUCTION,
                (A.QUALITY, A.PROGRESS),
                (
                    (A.QUALITY, "Lớp đá dăm móng đường thi công đúng chiều dày thiết kế.", True),
                    (A.PROGRESS, "Đoạn cuối tuyến chậm khoảng 10 ngày do vướng mặt bằng một hộ.", True),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị đơn vị thi công tưới nước giảm bụi hằng ngày trong thời gian thi công.",
                        CONTRACTOR,
                        D(2023, 6, 14),
                        15,
                        (6, "Đơn vị thi công đã bố trí xe tưới nước hai lần mỗi ngày.", OUT.ACCEPTED),
                        IMP.IMPLEMENTED,
                        True,
                    ),
                ),
            ),
            SessionSpec(
                D(2024, 1, 18),
                S.COMPLETED,
                (A.QUALITY, A.FINANCE),
                (
                    (A.QUALITY, "Mặt đường có 3 vết nứt chân chim đoạn trước nhà văn hóa.", True),
                    (A.FINANCE, "Khối lượng rãnh thoát nước nghiệm thu lớn hơn thực tế 12 m dài.", True),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị chủ đầu tư yêu cầu sửa chữa vết nứt và giảm trừ khối lượng rãnh "
                        "thoát nước nghiệm thu thừa trước khi quyết toán.",
                        COMMITTEE,
                        D(2024, 1, 19),
                        20,
                        (
                            12,
                            "Đã yêu cầu nhà thầu sửa chữa và giảm trừ 12 m rãnh khi quyết toán.",
                            OUT.ACCEPTED,
                        ),
                        IMP.IMPLEMENTED,
                        True,
                    ),
                ),
                savings_vnd=38_400_000,
            ),
        ),
    ),
    ProjectSpec(
        "market-phuocloc",
        "LG-PL-KP01",
        "Cải tạo, nâng cấp chợ Phước Lộc",
        "Làm lại mái che, nền chợ và hệ thống thoát nước, phòng cháy chữa cháy." + DEMO_NOTE,
        "Ban Quản lý dự án đầu tư xây dựng thị xã La Gi",
        F.STATE_BUDGET,
        6_800_000_000,
        "1032/QĐ-UBND ngày 15/06/2022",
        (D(2022, 7, 1), D(2023, 12, 31)),
        (D(2022, 8, 1), D(2024, 2, 28)),
        S.HANDED_OVER,
        100,
        monitored=False,
    ),
    ProjectSpec(
        "canal-phuochoi",
        "LD-PPHUOCHOI-KP02",
        "Mương thoát nước khu phố 2",
        "Xây mương bê tông cốt thép dài 620 m có nắp đan, thoát nước qua thân kè ra biển; "
        "đăng ký sau các kiến nghị về ngập úng của người dân khu phố." + DEMO_NOTE,
        "UBND phường Phước Hội",
        F.MIXED,
        1_250_000_000,
        "",
        (D(2027, 1, 15), D(2027, 6, 30)),
        (None, None),
        S.PREPARATION,
        0,
        monitored=False,
    ),
    ProjectSpec(
        "road-lagi",
        "LD-PLAGI-KP03",
        "Nâng cấp đường nội bộ khu phố 3",
        "Thảm nhựa 1,2 km đường nội bộ, lắp đèn chiếu sáng, làm vỉa hè một bên." + DEMO_NOTE,
        "UBND phường La Gi",
        F.MIXED,
        3_100_000_000,
        "412/QĐ-UBND ngày 05/09/2025",
        (D(2025, 10, 1), D(2026, 12, 31)),
        (D(2025, 10, 20), None),
        S.CONSTRUCTION,
        55,
        (
            SessionSpec(
                D(2025, 11, 20),
                S.CONSTRUCTION,
                (A.QUALITY, A.PROGRESS),
                (
                    (A.QUALITY, "Lớp cấp phối đá dăm đầu tuyến chưa được lu lèn đủ độ chặt.", True),
                    (A.PROGRESS, "Thi công đúng tiến độ đăng ký.", True),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị giám sát thi công kiểm tra độ chặt lớp móng đầu tuyến trước khi thảm nhựa.",
                        COMMITTEE,
                        D(2025, 11, 21),
                        15,
                        (
                            8,
                            "Đã yêu cầu nhà thầu lu lèn bổ sung; kết quả thí nghiệm đạt yêu cầu.",
                            OUT.ACCEPTED,
                        ),
                        IMP.IMPLEMENTED,
                    ),
                ),
            ),
            SessionSpec(
                40,
                S.CONSTRUCTION,
                (A.ENVIRONMENT, A.PROGRESS),
                (
                    (A.ENVIRONMENT, "Vật liệu tập kết trên vỉa hè, gây bụi và cản trở đi lại.", True),
                    (A.PROGRESS, "Chậm khoảng 2 tuần ở đoạn giao với đường Lê Lợi.", True),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị chủ đầu tư yêu cầu nhà thầu dọn vật liệu khỏi vỉa hè "
                        "và che chắn công trường.",
                        COMMITTEE,
                        38,
                        20,
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        "seawall-phuochoi",
        "LD-PPHUOCHOI-KP02",
        "Kè chống sạt lở bờ biển khu phố 2",
        "Kè mái nghiêng bằng đá hộc và bê tông dài 480 m, bảo vệ khu dân cư ven biển." + DEMO_NOTE,
        "Ban Quản lý dự án đầu tư xây dựng khu vực La Gi",
        F.STATE_BUDGET,
        28_500_000_000,
        "1587/QĐ-UBND ngày 12/09/2025",
        (D(2025, 11, 1), D(2027, 6, 30)),
        (D(2025, 12, 1), None),
        S.CONSTRUCTION,
        35,
        (
            SessionSpec(
                D(2026, 1, 15),
                S.CONSTRUCTION,
                (A.QUALITY, A.COMPENSATION, A.PROGRESS),
                (
                    (A.QUALITY, "Đá hộc chân kè đúng chủng loại, kích thước theo thiết kế.", True),
                    (A.PROGRESS, "Chưa có bảng tiến độ công khai tại công trường.", True),
                    (
                        A.COMPENSATION,
                        HIDDEN_FINDING_MARKER + "002: bà Trần Thị Lệ (số nhà 14) chưa nhận đủ tiền hỗ trợ "
                        "di dời quán (minh họa).",
                        False,
                    ),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị chủ đầu tư công khai bảng tiến độ thi công tại chân công trình và rà soát "
                        "việc chi trả hỗ trợ di dời cho các hộ kinh doanh ven biển.",
                        PROJECT_BOARD_AREA,
                        D(2026, 1, 16),
                        20,
                        (
                            15,
                            "Đã lắp bảng tiến độ; việc chi trả hỗ trợ sẽ hoàn thành trong quý II/2026.",
                            OUT.PARTLY_ACCEPTED,
                        ),
                        IMP.IN_PROGRESS,
                    ),
                ),
                internal_note=INTERNAL_NOTE_MARKER
                + "002: số điện thoại các hộ kinh doanh lưu tại Ban (minh họa).",
            ),
            SessionSpec(
                60,
                S.CONSTRUCTION,
                (A.ENVIRONMENT, A.QUALITY),
                (
                    (
                        A.ENVIRONMENT,
                        "Cửa xả mương thoát nước khu phố 2 ra biển bị đất đá thi công bồi lấp, nước ứ đọng "
                        "trong khu dân cư sau mỗi trận mưa.",
                        True,
                    ),
                ),
                (
                    RecommendationSpec(
                        "Đề nghị nạo vét ngay cửa xả mương thoát nước khu phố 2 và bố trí cống qua thân kè; "
                        "nhiều hộ dân đã phản ánh tình trạng ngập.",
                        COMMITTEE,
                        45,
                        30,
                        hotspot_concern=True,
                    ),
                ),
                savings_vnd=0,
            ),
            SessionSpec(
                5,
                S.CONSTRUCTION,
                (A.PROGRESS,),
                ((A.PROGRESS, "Thi công chậm so với kế hoạch khoảng 3 tuần do sóng lớn.", True),),
                (
                    RecommendationSpec(
                        "Đề nghị nhà thầu bổ sung mũi thi công khi thời tiết thuận lợi.",
                        PROJECT_BOARD_AREA,
                        None,
                    ),
                ),
                published=False,
                internal_note=INTERNAL_NOTE_MARKER
                + "003: biên bản chưa được các thành viên ký đủ (minh họa).",
            ),
        ),
    ),
    ProjectSpec(
        "culture-house-tanhai",
        "LD-XTANHAI-T02",
        "Xây dựng nhà văn hóa thôn Hải Bình",
        "Nhà văn hóa một tầng 180 chỗ ngồi, sân và nhà vệ sinh; ngân sách xã đầu tư, Nhân dân đóng góp "
        "một phần kinh phí." + DEMO_NOTE,
        "UBND xã Tân Hải",
        F.MIXED,
        1_800_000_000,
        "57/QĐ-UBND ngày 20/10/2025",
        (D(2026, 1, 15), D(2026, 12, 31)),
        (D(2026, 2, 1), None),
        S.CONSTRUCTION,
        70,
        (
            SessionSpec(
                D(2026, 4, 10),
                S.CONSTRUCTION,
                (A.FINANCE, A.QUALITY),
                (
                    (A.FINANCE, "Bảng công khai các khoản đóng góp của nhân dân được niêm yết đầy đủ.", True),
                    (A.QUALITY, "Bê tông móng được bảo dưỡng đúng quy trình.", True),
                ),
            ),
            SessionSpec(
                20,
                S.CONSTRUCTION,
                (A.QUALITY,),
                ((A.QUALITY, "Tường phía tây có vết thấm sau mưa lớn.", True),),
                (
                    RecommendationSpec(
                        "Đề nghị nhà thầu xử lý chống thấm tường phía tây trước khi sơn hoàn thiện.",
                        COMMITTEE,
                        15,
                        30,
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        "school-tanhai",
        "LD-XTANHAI-T01",
        "Khối phòng học 2 tầng, Trường Tiểu học Tân Hải 2",
        "8 phòng học và 2 phòng chức năng thay cho dãy phòng học cấp bốn xuống cấp." + DEMO_NOTE,
        "UBND xã Tân Hải",
        F.STATE_BUDGET,
        9_600_000_000,
        "102/QĐ-UBND ngày 18/04/2026",
        (D(2027, 3, 1), D(2028, 2, 28)),
        (None, None),
        S.PREPARATION,
        0,
        monitored=False,
    ),
)
