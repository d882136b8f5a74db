"""The demo activities as plain values: how many, of which kinds, what they are about.

Invented and marked as demo data. The confidential values (mediation parties,
beneficiaries, internal notes) carry markers that appear in no other demo text, and
``confidential_demo_values()`` lists them, so privacy tests can search every public page
for them.
"""

from __future__ import annotations

from activities.models import ActivityKind, DisputeType, SupportType

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
