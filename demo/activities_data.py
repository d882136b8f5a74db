"""The demo activities as plain values: how many, of which kinds, what they are about.

Invented and marked as demo data. The confidential values (mediation parties,
beneficiaries, internal notes) carry markers that appear in no other demo text, and
``confidential_demo_values()`` lists them, so privacy tests can search every public page
for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from activities.models import ActivityKind, DisputeType, SupportType
from organizations.models import OrganizationKind

K = OrganizationKind
D = datetime.date

PER_MONTH = (3, 5)

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

VISIT_TOPICS = (
    "nắm tình hình đời sống, tâm tư nguyện vọng của Nhân dân",
    "vận động thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường",
    "tuyên truyền phòng, chống tác hại của ma túy",
    "vận động hội viên tham gia bảo hiểm y tế hộ gia đình",
    "thăm hỏi gia đình chính sách, người cao tuổi neo đơn",
    "nắm ý kiến về tình hình an ninh trật tự và đường giao thông trong khu dân cư",
    "tuyên truyền chủ trương về sắp xếp đơn vị hành chính",
    "vận động ngư dân chấp hành quy định chống khai thác hải sản bất hợp pháp (IUU)",
)


@dataclass(frozen=True)
class MeetingTopic:
    text: str
    is_training: bool
    kinds: tuple[str, ...]  # the associations that hold such a meeting


_ALL = (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.VETERANS_ASSOCIATION, K.YOUTH_UNION)
# The four associations that manage savings-and-loan groups for the Bank for Social Policies.
_ENTRUSTED = _ALL
MEETING_TOPICS = (
    MeetingTopic("Sinh hoạt định kỳ quý, triển khai nhiệm vụ trọng tâm", False, _ALL),
    MeetingTopic("Tập huấn kỹ thuật trồng thanh long theo hướng VietGAP", True, (K.FARMERS_ASSOCIATION,)),
    MeetingTopic("Tập huấn kỹ năng tuyên truyền trên mạng xã hội", True, (K.YOUTH_UNION, K.WOMENS_UNION)),
    MeetingTopic("Sinh hoạt chuyên đề phòng, chống bạo lực gia đình", False, (K.WOMENS_UNION,)),
    MeetingTopic("Chuyển giao kỹ thuật nuôi tôm thẻ chân trắng", True, (K.FARMERS_ASSOCIATION,)),
    MeetingTopic(
        "Sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        False,
        (K.VETERANS_ASSOCIATION, K.YOUTH_UNION, K.WOMENS_UNION),
    ),
    MeetingTopic("Tập huấn quản lý tổ Tiết kiệm và vay vốn", True, _ENTRUSTED),
)
# The topic of the Women's Union branch meetings logged by the cadre_women account.
WOMENS_BRANCH_TOPIC = MEETING_TOPICS[3]
# What the members of each association are called when they are counted.
MEMBERS_WORD = {K.YOUTH_UNION: "đoàn viên"}
DEFAULT_MEMBERS_WORD = "hội viên"


@dataclass(frozen=True)
class DialogueTopic:
    text: str
    commitments: tuple[str, ...]  # what the leaders commit to on this topic


DIALOGUES = (
    DialogueTopic(
        "Giải phóng mặt bằng, bồi thường dự án đường ven biển",
        (
            "Công khai phương án bồi thường, hỗ trợ của từng hộ trước khi chi trả",
            "Đo đạc lại diện tích đất của các hộ còn thắc mắc",
            "Chi trả tiền bồi thường cho các hộ đã thống nhất phương án",
        ),
    ),
    DialogueTopic(
        "Cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng",
        (
            "Rà soát, phân loại các hồ sơ cấp giấy chứng nhận còn tồn đọng",
            "Trả lời bằng văn bản cho từng hộ có hồ sơ chưa đủ điều kiện",
            "Bố trí cán bộ địa chính hướng dẫn người dân bổ sung hồ sơ",
        ),
    ),
    DialogueTopic(
        "Ngập úng mùa mưa ở các tuyến đường nội thị",
        (
            "Khảo sát, nạo vét hệ thống thoát nước trước mùa mưa",
            "Đưa các tuyến mương thoát nước vào kế hoạch đầu tư năm sau",
            "Đặt biển cảnh báo tại các điểm ngập sâu",
        ),
    ),
    DialogueTopic(
        "Ô nhiễm môi trường từ cơ sở chế biến hải sản",
        (
            "Tổ chức kiểm tra cơ sở gây ô nhiễm và công khai kết quả",
            "Yêu cầu cơ sở hoàn thiện hệ thống xử lý nước thải trong thời hạn",
            "Bố trí lịch thu gom phế phẩm hải sản hằng ngày",
        ),
    ),
    DialogueTopic(
        "Thủ tục hành chính sau sắp xếp đơn vị hành chính",
        (
            "Hướng dẫn người dân làm thủ tục cấp đổi giấy tờ",
            "Niêm yết quy trình, thời hạn giải quyết tại Trung tâm phục vụ hành chính công",
            "Bố trí cán bộ hỗ trợ người cao tuổi nộp hồ sơ trực tuyến",
        ),
    ),
)
# (title of the draft, drafting body); each dated only when such a draft was put to the people
# (see ``demo.calendar``).
DRAFTS = (
    (
        "Dự thảo Nghị quyết sửa đổi, bổ sung một số điều của Hiến pháp năm 2013",
        "Ủy ban dự thảo sửa đổi, bổ sung một số điều của Hiến pháp năm 2013",
    ),
    ("Dự thảo Luật Đất đai (sửa đổi)", "Bộ Tài nguyên và Môi trường"),
    ("Dự thảo văn kiện Đại hội Đảng bộ", "Ban Thường vụ Đảng ủy"),
    ("Dự thảo Nghị quyết về chính sách hỗ trợ hộ nghèo của tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Dự thảo quy chế dân chủ ở cơ sở", "Ủy ban nhân dân cấp xã"),
    ("Dự thảo kế hoạch phát triển kinh tế - xã hội năm sau", "Ủy ban nhân dân cấp xã"),
)


@dataclass(frozen=True)
class SupportSpec:
    support_type: str
    summary: str  # with {count} (and its counting word) and {unit}
    recipients: tuple[int, int]
    value_each: int


SUPPORTS = (
    SupportSpec(
        SupportType.TET_GIFTS,
        "Trao {count} suất quà Tết cho hộ nghèo, hộ cận nghèo và gia đình chính sách ở {unit}.",
        (20, 120),
        400_000,
    ),
    SupportSpec(
        SupportType.SCHOLARSHIPS,
        "Trao {count} suất học bổng cho học sinh có hoàn cảnh khó khăn, vượt khó học giỏi ở {unit}.",
        (5, 30),
        1_000_000,
    ),
    SupportSpec(
        SupportType.GREAT_UNITY_HOUSE,
        "Bàn giao {count} căn nhà Đại đoàn kết cho hộ nghèo ở {unit}.",
        (1, 2),
        60_000_000,
    ),
    SupportSpec(
        SupportType.DISASTER_RELIEF,
        "Hỗ trợ {count} hộ bị thiệt hại do mưa lớn, triều cường ở {unit}.",
        (5, 40),
        1_000_000,
    ),
    SupportSpec(
        SupportType.FUND_FOR_THE_POOR,
        "Chi Quỹ “Vì người nghèo” hỗ trợ sinh kế cho {count} hộ nghèo ở {unit}.",
        (3, 15),
        3_000_000,
    ),
)
TET_GIFTS = SUPPORTS[0]
OTHER_SUMMARIES = (
    "Ra quân dọn vệ sinh bãi biển, trồng cây xanh",
    "Hội thao chào mừng Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11)",
    "Tuyên dương mô hình tiêu biểu trong phong trào thi đua “Dân vận khéo”",
)
GREAT_UNITY_DAY = "Ngày hội Đại đoàn kết toàn dân tộc"
# Sessions of the National Assembly: (term, number, first day, last day). Voter contacts are
# held in the weeks before a session and after it. The sessions of the 16th term after its
# first one follow the usual calendar (May–June and October–November) [approximate].
NA_SESSIONS = (
    ("XIV", 9, D(2020, 5, 20), D(2020, 6, 18)),
    ("XIV", 10, D(2020, 10, 20), D(2020, 11, 17)),
    ("XIV", 11, D(2021, 3, 24), D(2021, 4, 8)),
    ("XV", 1, D(2021, 7, 20), D(2021, 7, 28)),
    ("XV", 2, D(2021, 10, 20), D(2021, 11, 13)),
    ("XV", 3, D(2022, 5, 23), D(2022, 6, 16)),
    ("XV", 4, D(2022, 10, 20), D(2022, 11, 16)),
    ("XV", 5, D(2023, 5, 22), D(2023, 6, 24)),
    ("XV", 6, D(2023, 10, 23), D(2023, 11, 29)),
    ("XV", 7, D(2024, 5, 20), D(2024, 6, 29)),
    ("XV", 8, D(2024, 10, 21), D(2024, 11, 30)),
    ("XV", 9, D(2025, 5, 5), D(2025, 6, 27)),
    ("XV", 10, D(2025, 10, 20), D(2025, 12, 11)),
    ("XVI", 1, D(2026, 4, 6), D(2026, 4, 24)),
    ("XVI", 2, D(2026, 10, 20), D(2026, 11, 30)),
    ("XVI", 3, D(2027, 5, 20), D(2027, 6, 30)),
    ("XVI", 4, D(2027, 10, 20), D(2027, 11, 30)),
)
VOTER_CONTACT_BEFORE_DAYS = 40  # a contact before a session is at most this many days before it opens
VOTER_CONTACT_AFTER_DAYS = 45  # a contact after a session is at most this many days after it closes
# People's Councils: the 2021–2026 term began after the elections of 23 May 2021, the 2026–2031
# term after those of 15 March 2026; a council holds about three sessions a year.
COUNCIL_TERMS = (D(2021, 6, 15), D(2026, 4, 1))

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


def confidential_demo_values(count: int = 120) -> list[str]:
    """The invented confidential texts (the first ``count`` of each), for privacy tests."""
    values = []
    for number in range(1, count + 1):
        values.append(parties(number))
        values.append(beneficiaries(number))
    return values


def parties(number: int) -> str:
    return (
        f"{PARTIES_MARKER}{number:03d}: ông {SURNAMES[number % 8]} Văn Tranh{number} "
        f"và bà {SURNAMES[(number + 3) % 8]} Thị Chấp{number} (minh họa)"
    )


def beneficiaries(number: int) -> str:
    return (
        f"{BENEFICIARIES_MARKER}{number:03d}: hộ bà {SURNAMES[number % 8]} Thị Nhận{number}, "
        f"hộ ông {SURNAMES[(number + 5) % 8]} Văn Trợ{number} (minh họa)"
    )


def internal_note(number: int) -> str:
    return f"{INTERNAL_NOTES_MARKER}{number:03d}: ghi chú nội bộ, không công khai (minh họa)."
