"""The demo social policy data as plain values: invented, marked as demo data.

Confidential values (households of the Great Unity houses, beneficiaries of the Fund for the
Poor, group leaders, donors and people who did not agree to be named, notes) carry markers
that appear in no other demo text; ``confidential_demo_values()`` lists them for the privacy
tests. Names that people agreed to publish carry no marker (they may appear publicly).
"""

from __future__ import annotations

import datetime

from organizations.models import OrganizationKind
from social.models import (
    AwardForm,
    CommendationLevel,
    DonorKind,
    LendingProgramme,
    ModelField,
    MovementKind,
)

K = OrganizationKind
D = datetime.date

HOUSEHOLD_MARKER = "NDDK-BIMAT-"
FUND_BENEFICIARY_MARKER = "QVNN-HUONG-"
DONOR_MARKER = "QVNN-ANDANH-"
LEADER_MARKER = "TKVV-TOTRUONG-"
NAME_MARKER = "DH-KHONGTEN-"
CONFIDENTIAL_MARKERS = (HOUSEHOLD_MARKER, FUND_BENEFICIARY_MARKER, DONOR_MARKER, LEADER_MARKER, NAME_MARKER)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")

# The associations that manage groups, with the short name in the groups' codes ("TK-<area>-PN").
GROUP_ASSOCIATIONS = (
    (K.WOMENS_UNION, "PN", "Hội Phụ nữ"),
    (K.FARMERS_ASSOCIATION, "ND", "Hội Nông dân"),
    (K.VETERANS_ASSOCIATION, "CCB", "Hội Cựu chiến binh"),
    (K.YOUTH_UNION, "TN", "Đoàn Thanh niên"),
)
# What a group's portfolio is made of (programme, share of the balance); each group has some of them.
PROGRAMME_SHARES = (
    (LendingProgramme.POOR, 0.35),
    (LendingProgramme.NEAR_POOR, 0.25),
    (LendingProgramme.ESCAPED_POVERTY, 0.1),
    (LendingProgramme.WATER, 0.1),
    (LendingProgramme.JOBS, 0.1),
    (LendingProgramme.STUDENTS, 0.05),
    (LendingProgramme.DIFFICULT_AREAS, 0.05),
)
FIRST_SNAPSHOT = D(2020, 3, 31)

# Donors who agreed to be named in the public disclosure (businesses, agencies, associations).
NAMED_DONORS = (
    (DonorKind.BUSINESS, "Công ty TNHH Hải sản Thử Nghiệm La Gi (minh họa)"),
    (DonorKind.BUSINESS, "Doanh nghiệp tư nhân Vật liệu xây dựng Minh Họa"),
    (DonorKind.BUSINESS, "Hợp tác xã Nước mắm Biển Xanh (minh họa)"),
    (DonorKind.AGENCY, "Trường THCS Minh Họa"),
    (DonorKind.AGENCY, "Cán bộ, công chức UBND phường (minh họa)"),
    (DonorKind.COLLECTIVE, "Hội Doanh nhân trẻ (minh họa)"),
)
SPENDING_TEXTS = {
    "housing": "Hỗ trợ {work} nhà Đại đoàn kết ở {area}",
    "livelihood": "Hỗ trợ sinh kế cho {count} hộ nghèo",
    "health": "Hỗ trợ thẻ bảo hiểm y tế cho hộ cận nghèo",
    "education": "Học bổng cho học sinh nghèo vượt khó",
}

MOVEMENTS = (
    # (key, name, kind, organization: (unit code, kind), started)
    (
        "dvk",
        "Phong trào thi đua “Dân vận khéo”",
        MovementKind.MOVEMENT,
        ("BT-LAGI", K.FRONT_COMMITTEE),
        D(2020, 1, 1),
    ),
    (
        "ntm",
        "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”",
        MovementKind.CAMPAIGN,
        ("BT-LAGI", K.FRONT_COMMITTEE),
        D(2020, 1, 1),
    ),
    (
        "dvk-new",
        "Phong trào thi đua “Dân vận khéo” phường La Gi",
        MovementKind.MOVEMENT,
        ("LD-PLAGI", K.FRONT_COMMITTEE),
        D(2025, 7, 1),
    ),
    (
        "women",
        "Phong trào “Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc”",
        MovementKind.MOVEMENT,
        ("LD-PLAGI", K.WOMENS_UNION),
        D(2025, 7, 1),
    ),
    (
        "farmers",
        "Phong trào “Nông dân thi đua sản xuất, kinh doanh giỏi”",
        MovementKind.MOVEMENT,
        ("LD-PPHUOCHOI", K.FARMERS_ASSOCIATION),
        D(2025, 7, 1),
    ),
)

# Exemplary models: (name, field, organization (unit code, kind), year, movements, person, consent, published)
MODELS = (
    (
        "Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo",
        ModelField.ECONOMY,
        ("LD-PLAGI", K.WOMENS_UNION),
        2025,
        ("dvk-new", "women"),
        "bà Lê Thị Hiền (minh họa)",
        True,
        True,
    ),
    (
        "Camera an ninh khu phố",
        ModelField.SECURITY,
        ("LG-PH", K.FRONT_COMMITTEE),
        2022,
        ("dvk", "ntm"),
        "",
        False,
        True,
    ),
    (
        "Tuyến đường hoa ven biển",
        ModelField.ENVIRONMENT,
        ("LG-TH", K.WOMENS_UNION),
        2023,
        ("ntm",),
        "",
        False,
        True,
    ),
    (
        "Nuôi tôm thẻ chân trắng theo hướng an toàn sinh học",
        ModelField.ECONOMY,
        ("LD-PPHUOCHOI", K.FARMERS_ASSOCIATION),
        2026,
        ("farmers",),
        "ông Phạm Văn Cường (minh họa)",
        False,
        True,
    ),
    (
        "Cựu chiến binh giúp nhau làm kinh tế",
        ModelField.ECONOMY,
        ("LG-TA", K.VETERANS_ASSOCIATION),
        2021,
        ("dvk",),
        "ông Võ Văn Bình (minh họa)",
        True,
        True,
    ),
    (
        "Thắp sáng đường quê",
        ModelField.SOCIAL_SECURITY,
        ("LD-XTANHAI", K.YOUTH_UNION),
        2026,
        ("ntm",),
        "",
        False,
        False,
    ),
)
STORY = (
    "Mô hình “{name}” ra đời từ những buổi sinh hoạt ở khu dân cư, khi cán bộ Mặt trận và các hội "
    "“gõ cửa từng nhà” lắng nghe tâm tư của bà con. {person}Sau {years} năm, mô hình được nhân rộng "
    "ra nhiều khu dân cư, góp phần giúp các hộ khó khăn ổn định cuộc sống (câu chuyện minh họa)."
)
RESULTS = "Nhiều hộ tham gia; kết quả được ghi nhận trong sơ kết phong trào (số liệu minh họa)."

# Commendations: (recipient kind, name, consent, organization, model index or None, movement, level,
# form, awarded by, year).
COMMENDATIONS = (
    (
        "collective",
        "Chi hội Phụ nữ khu phố 1, phường La Gi",
        True,
        ("LD-PLAGI", K.WOMENS_UNION),
        0,
        "women",
        CommendationLevel.PROVINCE,
        AwardForm.MERIT_CERTIFICATE,
        "Chủ tịch UBND tỉnh Lâm Đồng",
        2026,
    ),
    (
        "person",
        "bà Lê Thị Hiền (minh họa)",
        True,
        ("LD-PLAGI", K.WOMENS_UNION),
        0,
        "dvk-new",
        CommendationLevel.COMMUNE,
        AwardForm.COMMENDATION_LETTER,
        "Chủ tịch UBND phường La Gi",
        2025,
    ),
    (
        "person",
        "",
        False,
        ("LD-PPHUOCHOI", K.FARMERS_ASSOCIATION),
        3,
        "farmers",
        CommendationLevel.ORGANIZATION,
        AwardForm.COMMENDATION_LETTER,
        "Hội Nông dân tỉnh Lâm Đồng",
        2026,
    ),
    (
        "collective",
        "Ban Công tác Mặt trận khu phố 2, phường Phước Hội",
        True,
        ("LG-PH", K.FRONT_COMMITTEE),
        1,
        "dvk",
        CommendationLevel.DISTRICT,
        AwardForm.MERIT_CERTIFICATE,
        "Chủ tịch UBND thị xã La Gi",
        2023,
    ),
    (
        "person",
        "ông Võ Văn Bình (minh họa)",
        True,
        ("LG-TA", K.VETERANS_ASSOCIATION),
        4,
        "dvk",
        CommendationLevel.DISTRICT,
        AwardForm.COMMENDATION_LETTER,
        "Chủ tịch UBND thị xã La Gi",
        2022,
    ),
    (
        "person",
        "",
        False,
        ("LG-TH", K.WOMENS_UNION),
        2,
        "ntm",
        CommendationLevel.DISTRICT,
        AwardForm.COMMENDATION_LETTER,
        "Ủy ban MTTQ Việt Nam thị xã La Gi",
        2024,
    ),
    (
        "collective",
        "Chi đoàn thôn Hải An, xã Tân Hải",
        True,
        ("LD-XTANHAI", K.YOUTH_UNION),
        None,
        "ntm",
        CommendationLevel.ORGANIZATION,
        AwardForm.EMULATION_FLAG,
        "Tỉnh đoàn Lâm Đồng",
        2026,
    ),
)


def household(number: int) -> str:
    return f"{HOUSEHOLD_MARKER}{number:03d}: hộ bà {SURNAMES[number % 8]} Thị Nhà{number} (minh họa)"


def fund_beneficiary(number: int) -> str:
    surname = SURNAMES[(number + 2) % 8]
    return f"{FUND_BENEFICIARY_MARKER}{number:03d}: hộ ông {surname} Văn Hưởng{number} (minh họa)"


def anonymous_donor(number: int) -> str:
    return f"{DONOR_MARKER}{number:03d}: ông {SURNAMES[(number + 4) % 8]} Văn Tặng{number} (minh họa)"


def leader(number: int) -> str:
    return f"{LEADER_MARKER}{number:03d}: bà {SURNAMES[(number + 1) % 8]} Thị Tổ{number} (minh họa)"


def unnamed_person(number: int) -> str:
    return f"{NAME_MARKER}{number:03d}: ông {SURNAMES[(number + 6) % 8]} Văn Khen{number} (minh họa)"


def confidential_demo_values(count: int = 60) -> list[str]:
    values = []
    for number in range(1, count + 1):
        values += [household(number), fund_beneficiary(number), anonymous_donor(number), leader(number)]
        values.append(unnamed_person(number))
    return values


def quarter_ends(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The last days of the quarters from ``start``'s quarter to the last one that has ended."""
    ends = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = (D(year + (month == 12), month % 12 + 1, 1)) - datetime.timedelta(days=1)
        if end > today:
            return ends
        if end >= start:
            ends.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
