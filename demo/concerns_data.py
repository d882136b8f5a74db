"""The demo concerns as plain values: what residents raise, the answers, the authorities asked.

Invented and marked as demo data. The confidential values (residents' names and phones,
confidential details) carry markers that appear in no other demo text
(``CONFIDENTIAL_MARKERS``) and are listed exactly by ``confidential_demo_values()`` for
privacy tests.
"""

from __future__ import annotations

from activities.models import ActivityKind
from concerns.models import ConcernCategory, ConcernSource, PetitionChannel, PetitionType
from organizations.models import AuthorityKind

from .authorities_data import ENVIRONMENT_OFFICE, LAND_OFFICE, URBAN_OFFICE

PER_MONTH = (1, 3)  # concerns not raised at a logged activity (petitions, phone calls...)
HOTSPOT_AREA_CODE = "LD-PPHUOCHOI-KP02"
HOTSPOT_CATEGORY = ConcernCategory.INFRASTRUCTURE

# Markers of the invented confidential values. They appear in no other demo text.
DETAIL_MARKER = "PA-BIMAT-"
NAME_MARKER = "Dân-PA"
PHONE_PREFIX = "03990"
CONFIDENTIAL_MARKERS = (DETAIL_MARKER, NAME_MARKER, PHONE_PREFIX)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thanh")

C = ConcernCategory
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
        "Hỏi nơi nộp hồ sơ sau khi sáp nhập phường, xã.",
    ),
    C.OTHER: (
        "Đề nghị tổ chức thêm hoạt động văn hóa, thể thao cho thanh niên.",
        "Góp ý về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư.",
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
# Category → the answer (or answers, the one that fits the day of the answer: see ``demo.calendar``).
ANSWERS: dict[str, str | tuple[str, ...]] = {
    C.LAND_HOUSING: "Văn phòng đăng ký đất đai đã hướng dẫn hồ sơ; hộ dân bổ sung giấy tờ để được xem xét.",
    C.ENVIRONMENT: "Đơn vị thu gom đã xử lý; UBND giao kiểm tra định kỳ.",
    C.INFRASTRUCTURE: "Đã đưa vào kế hoạch sửa chữa trong năm; tạm thời đã khắc phục điểm hư hỏng.",
    C.SOCIAL_POLICY: "Đã rà soát theo quy định; hộ dân được hướng dẫn hồ sơ đề nghị hỗ trợ.",
    C.SECURITY_ORDER: "Công an đã tăng cường tuần tra, nhắc nhở các trường hợp vi phạm.",
    C.HEALTH: "Trạm y tế đã tổ chức phun thuốc và hướng dẫn người dân phòng bệnh.",
    C.EDUCATION: "Nhà trường và địa phương đã phối hợp khắc phục.",
    C.ADMINISTRATIVE: (
        "Bộ phận một cửa đã giải thích quy trình và rút ngắn thời gian hẹn trả kết quả.",
        "Trung tâm phục vụ hành chính công đã giải thích quy trình và rút ngắn thời gian hẹn trả kết quả.",
    ),
    C.OTHER: "Ban Thường trực đã tiếp thu, đưa vào chương trình hoạt động.",
}
# A civil dispute goes to the court: the town's court until 30 June 2025, the regional court since.
NOT_IN_SCOPE_REASONS = (
    "Tranh chấp dân sự giữa các hộ; đã hướng dẫn người dân liên hệ Tòa án nhân dân thị xã La Gi.",
    "Tranh chấp dân sự giữa các hộ; đã hướng dẫn người dân liên hệ Tòa án nhân dân khu vực.",
)
DUPLICATE_REASON = "Cùng nội dung với phản ánh đã tiếp nhận trước đó."
# Category → the authority asked (``demo.authorities.Register``): a kind of body of the concern's
# ward or commune, or a body by name; until 30/06/2025 some categories went to an office of the town.
AUTHORITIES: dict[str, str] = {
    C.LAND_HOUSING: LAND_OFFICE,
    C.ENVIRONMENT: AuthorityKind.PEOPLES_COMMITTEE,
    C.INFRASTRUCTURE: AuthorityKind.PEOPLES_COMMITTEE,
    C.SOCIAL_POLICY: AuthorityKind.PEOPLES_COMMITTEE,
    C.SECURITY_ORDER: AuthorityKind.POLICE,
    C.HEALTH: AuthorityKind.PEOPLES_COMMITTEE,
    C.EDUCATION: AuthorityKind.PEOPLES_COMMITTEE,
    C.ADMINISTRATIVE: AuthorityKind.PEOPLES_COMMITTEE,
    C.OTHER: AuthorityKind.PEOPLES_COMMITTEE,
}
AUTHORITIES_OF_THE_TOWN: dict[str, str] = {
    C.ENVIRONMENT: ENVIRONMENT_OFFICE,
    C.INFRASTRUCTURE: URBAN_OFFICE,
}
VISIT_SHARE = 0.4
# Opinions raised at a demo voter contact, questions asked at a demo dialogue (never more than the
# opinions its minutes count), and the share of them answered on the spot, marked publishable.
OPINIONS_PER_MEETING = (2, 4)
ON_THE_SPOT_SHARE = 0.35
PUBLISHABLE_SHARE = 0.4
# Who answers on the spot: an office, never a person's name ({unit}: the unit in a sentence).
ANSWERED_ON_THE_SPOT_BY = (
    "Chủ tịch UBND {unit}",
    "Phó Chủ tịch UBND {unit}",
    "Đại diện Tổ đại biểu HĐND",
)
REPLY_DOCUMENT = "{number}/UBND-VP (minh họa)"
ADMINISTRATIVE_TOPIC = "Thủ tục hành chính sau sắp xếp"
# The topic of a summary: opinions on the same question are grouped under it on the public page
# of the meeting (a summary without a topic is grouped by its category).
OPINION_TOPICS: dict[str, str] = {
    "Đề nghị hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất cho hộ đã ở ổn định lâu năm.": (
        "Cấp giấy chứng nhận quyền sử dụng đất"
    ),
    "Phản ánh chậm giải quyết hồ sơ tách thửa đất ở.": "Cấp giấy chứng nhận quyền sử dụng đất",
    "Hỏi về mức bồi thường khi thu hồi đất làm đường.": "Bồi thường, giải phóng mặt bằng",
    "Phản ánh rác thải tồn đọng tại bãi đất trống gần khu dân cư.": "Thu gom rác thải",
    "Đề nghị tăng tần suất thu gom rác trong mùa du lịch.": "Thu gom rác thải",
    "Bờ biển bị sạt lở, đề nghị sớm có biện pháp gia cố.": "Sạt lở bờ biển",
    "Đường nội khu phố xuống cấp, nhiều ổ gà, đề nghị sửa chữa.": "Đường giao thông nội khu phố",
    "Đề nghị lắp đặt đèn chiếu sáng công cộng trên tuyến hẻm.": "Chiếu sáng công cộng",
    "Mương thoát nước bị tắc, nước tràn vào nhà dân khi mưa lớn.": "Thoát nước, chống ngập",
    "Đề nghị nạo vét cống thoát nước trước mùa mưa.": "Thoát nước, chống ngập",
    "Đề nghị rà soát lại danh sách hộ nghèo năm nay.": "Rà soát hộ nghèo, cận nghèo",
    "Đề nghị xem xét hỗ trợ hộ cận nghèo có người bệnh nặng.": "Rà soát hộ nghèo, cận nghèo",
    "Phản ánh tình trạng thanh thiếu niên tụ tập, chạy xe gây ồn ào ban đêm.": "An ninh trật tự ban đêm",
    "Đề nghị tăng cường tuần tra khu vực chợ vào buổi tối.": "An ninh trật tự ban đêm",
    "Hỏi về thủ tục gia hạn thẻ bảo hiểm y tế cho hộ gia đình.": "Bảo hiểm y tế",
    "Phản ánh thời gian chờ giải quyết thủ tục hành chính còn dài.": ADMINISTRATIVE_TOPIC,
    "Đề nghị hướng dẫn thủ tục chứng thực sau khi sắp xếp đơn vị hành chính.": ADMINISTRATIVE_TOPIC,
    "Hỏi nơi nộp hồ sơ sau khi sáp nhập phường, xã.": ADMINISTRATIVE_TOPIC,
}
# Petitions: the kinds, the first ones in turn (one denunciation), then by weight without another
# denunciation; and how they came.
PETITION_TURN = (
    PetitionType.RECOMMENDATION,
    PetitionType.COMPLAINT,
    PetitionType.REPORT,
    PetitionType.DENUNCIATION,
)
PETITION_WEIGHTS = {PetitionType.COMPLAINT: 3, PetitionType.RECOMMENDATION: 5, PetitionType.REPORT: 4}
PETITION_CHANNEL_WEIGHTS = {
    PetitionChannel.IN_PERSON: 5,
    PetitionChannel.BY_POST: 3,
    PetitionChannel.AT_MEETING: 2,
    PetitionChannel.FORWARDED: 1,
    PetitionChannel.ELECTRONIC: 2,
}
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
