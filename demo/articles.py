"""Demo articles for the La Gi portal, invented and marked as demo data.

``seed(rng)`` is meant to be called by ``seed_demo`` after the units, organizations and
accounts exist. It creates a dozen articles (news of the Great Unity Day, explanations of the
2025 reorganization and of the Personal Data Protection Law, exemplary stories of the Smart
Mass Mobilization movement), some of them drafts. The people named in the stories are
invented; their consent is recorded as it would be for real people. Running it again creates
only the articles that are missing. No file is written: the demo articles have no photos.

Consent notes are internal: they carry ``CONSENT_NOTE_MARKER``, which no public page may show,
and the drafts' titles (``draft_demo_titles()``) must never appear on a public page either.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from articles.models import Article, ArticleKind, ArticleStatus
from articles.slugs import slug_from_title
from organizations.models import AdministrativeUnit, Organization, User

CONSENT_NOTE_MARKER = "DY-NOIBO-"
CONFIDENTIAL_MARKERS = (CONSENT_NOTE_MARKER,)
DEMO_NOTE = "\n\n*Bài viết minh họa: nhân vật, số liệu và sự việc trong bài là hư cấu (dữ liệu minh họa).*"

K = ArticleKind


@dataclass(frozen=True)
class DemoArticle:
    kind: str
    title: str
    summary: str
    body: str
    organization: str
    unit_code: str
    author: str
    published: datetime.date | None
    names_people: bool = False
    people_consent: bool = False
    video_url: str = ""


ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        kind=K.NEWS,
        title="Phường Phước Hội tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2025",
        summary=(
            "Các khu phố của phường Phước Hội đồng loạt tổ chức Ngày hội Đại đoàn kết toàn dân tộc, "
            "chào mừng 95 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11/1930 – 18/11/2025)."
        ),
        body="""Từ ngày 10 đến 16/11/2025, Ban Công tác Mặt trận các khu phố của **phường Phước Hội**
đã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại khu dân cư.

## Phần lễ

Tại các điểm, đại diện Ủy ban MTTQ Việt Nam phường ôn lại truyền thống vẻ vang của Mặt trận
Tổ quốc Việt Nam và đánh giá kết quả thực hiện cuộc vận động "Toàn dân đoàn kết xây dựng nông
thôn mới, đô thị văn minh" trong năm.

## Phần hội

- hội thi nấu ăn, kéo co, đẩy gậy giữa các tổ dân phố;
- tặng quà cho hộ nghèo, hộ cận nghèo và gia đình chính sách;
- biểu dương các gia đình văn hóa tiêu biểu.

> Ngày hội là dịp để bà con khu phố gặp gỡ, cùng bàn việc chung của khu dân cư.""",
        organization="Ủy ban MTTQ Việt Nam phường Phước Hội",
        unit_code="LD-PPHUOCHOI",
        author="cadre_ward",
        published=datetime.date(2025, 11, 17),
    ),
    DemoArticle(
        kind=K.NEWS,
        title="Khu phố 3, phường La Gi: Ngày hội Đại đoàn kết ấm áp nghĩa tình",
        summary=(
            "Hơn 300 người dân khu phố 3 cùng dự Ngày hội "
            "Đại đoàn kết; 20 suất quà được trao cho hộ khó khăn."
        ),
        body="""Sáng 16/11/2025, Ban Công tác Mặt trận khu phố 3 phối hợp các chi hội đoàn thể tổ chức
Ngày hội Đại đoàn kết toàn dân tộc.

Ngày hội có sự tham dự của lãnh đạo Ủy ban MTTQ Việt Nam phường La Gi và đông đảo bà con.
Dịp này, khu phố trao **20 suất quà** cho hộ có hoàn cảnh khó khăn, mỗi suất gồm gạo, nhu yếu
phẩm và tiền mặt, từ nguồn vận động các mạnh thường quân.

Cũng tại ngày hội, bà con đã thống nhất tiếp tục góp công, góp tiền để nâng cấp đường nội bộ
của khu phố trong năm 2026.""",
        organization="Ủy ban MTTQ Việt Nam phường La Gi",
        unit_code="LD-PLAGI-KP03",
        author="cadre_area",
        published=datetime.date(2025, 11, 18),
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    ),
    DemoArticle(
        kind=K.NEWS,
        title="Xã Tân Hải kỷ niệm 95 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam",
        summary=(
            "Ủy ban MTTQ Việt Nam xã Tân Hải tổ chức lễ kỷ niệm và biểu dương 12 tập thể, cá nhân tiêu biểu."
        ),
        body="""Ngày 17/11/2025, Ủy ban MTTQ Việt Nam **xã Tân Hải** tổ chức lễ kỷ niệm 95 năm Ngày thành lập
Mặt trận Dân tộc thống nhất Việt Nam – Ngày truyền thống Mặt trận Tổ quốc Việt Nam.

Đây là lễ kỷ niệm đầu tiên của xã Tân Hải sau khi được sắp xếp từ xã Tân Hải và xã Tân Tiến
(từ ngày 1/7/2025). Buổi lễ đã biểu dương 12 tập thể, cá nhân có thành tích tiêu biểu trong
công tác Mặt trận.""",
        organization="Ủy ban MTTQ Việt Nam xã Tân Hải",
        unit_code="LD-XTANHAI",
        author="cadre_area",
        published=datetime.date(2025, 11, 17),
    ),
    DemoArticle(
        kind=K.POLICY,
        title="Hỏi – đáp: Sắp xếp đơn vị hành chính từ ngày 1/7/2025, người dân La Gi cần biết gì?",
        summary=(
            "Thị xã La Gi không còn cấp huyện; khu vực La Gi nay gồm phường La Gi, phường Phước Hội "
            "và xã Tân Hải thuộc tỉnh Lâm Đồng. Giải đáp những câu hỏi thường gặp."
        ),
        body="""## Khu vực La Gi nay gồm những đơn vị nào?

Từ ngày 1/7/2025, theo Nghị quyết số 202/2025/QH15 của Quốc hội, tỉnh Lâm Đồng, tỉnh Đắk Nông và tỉnh
Bình Thuận được hợp nhất thành **tỉnh Lâm Đồng**; cấp huyện kết thúc hoạt động.
Các phường, xã của thị xã La Gi trước đây được sắp xếp thành ba đơn vị:

| Đơn vị mới | Hình thành từ |
|---|---|
| Phường La Gi | phường Tân An, Bình Tân, Tân Thiện và xã Tân Bình |
| Phường Phước Hội | phường Phước Hội, Phước Lộc và xã Tân Phước |
| Xã Tân Hải | xã Tân Hải và xã Tân Tiến |

## Tôi có phải làm lại giấy tờ không?

Giấy tờ đã được cấp trước ngày sắp xếp **vẫn còn giá trị sử dụng**. Người dân không phải làm lại
giấy tờ chỉ vì thay đổi tên đơn vị hành chính; khi có nhu cầu cấp đổi, cơ quan chức năng sẽ
hướng dẫn cụ thể.

## Tôi liên hệ ở đâu?

Tại trung tâm phục vụ hành chính công của phường, xã nơi cư trú. Ban Công tác Mặt trận khu phố,
thôn luôn sẵn sàng lắng nghe và chuyển ý kiến của bà con đến chính quyền.""",
        organization="Ủy ban MTTQ Việt Nam phường La Gi",
        unit_code="",
        author="cadre_area",
        published=datetime.date(2025, 7, 3),
    ),
    DemoArticle(
        kind=K.POLICY,
        title="Luật Bảo vệ dữ liệu cá nhân: những điều người dân cần biết",
        summary=(
            "Luật Bảo vệ dữ liệu cá nhân có hiệu lực từ ngày 1/1/2026. Thông tin cá nhân của người dân "
            "chỉ được thu thập, sử dụng đúng mục đích và phải có sự đồng ý."
        ),
        body="""Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15) có hiệu lực từ **ngày 1/1/2026**.

## Dữ liệu cá nhân là gì?

Là thông tin gắn với một người cụ thể hoặc giúp xác định một người cụ thể: họ tên, ngày sinh,
số điện thoại, địa chỉ, hình ảnh...

## Người dân có những quyền gì?

1. Được biết dữ liệu của mình được thu thập để làm gì.
2. Đồng ý hoặc không đồng ý, và **rút lại sự đồng ý**.
3. Xem, yêu cầu chỉnh sửa hoặc xóa dữ liệu của mình theo quy định.

## Mặt trận và các đoàn thể cam kết

- Không công khai họ tên, số điện thoại, địa chỉ của người gửi ý kiến, kiến nghị.
- Chỉ đăng hình ảnh, tên người trong các bài viết khi người đó đồng ý.""",
        organization="Ủy ban MTTQ Việt Nam phường Phước Hội",
        unit_code="",
        author="cadre_ward",
        published=datetime.date(2025, 12, 22),
    ),
    DemoArticle(
        kind=K.POLICY,
        title="Hỗ trợ xây nhà Đại đoàn kết năm 2026: ai được hỗ trợ, thủ tục thế nào?",
        summary="Giải đáp về đối tượng, mức hỗ trợ và cách đăng ký xây, sửa nhà Đại đoàn kết năm 2026.",
        body="""## Ai được hỗ trợ?

Hộ nghèo, hộ cận nghèo có khó khăn về nhà ở, được khu dân cư bình xét công khai.

## Đăng ký ở đâu?

Bà con liên hệ Ban Công tác Mặt trận khu phố, thôn để được hướng dẫn.

*(Bản nháp: chờ văn bản hướng dẫn mức hỗ trợ năm 2026.)*""",
        organization="Ủy ban MTTQ Việt Nam phường Phước Hội",
        unit_code="",
        author="cadre_ward",
        published=None,
    ),
    DemoArticle(
        kind=K.EXEMPLARY_STORY,
        title="Chi hội Phụ nữ khu phố 5 với mô hình “Tiết kiệm vì chị em nghèo”",
        summary=(
            "Mỗi tháng mỗi hội viên góp một ít, chi hội phụ nữ khu phố 5 đã giúp 14 chị em "
            "có vốn làm ăn – một mô hình “Dân vận khéo” của phường La Gi."
        ),
        body="""Từ năm 2023, **Chi hội Phụ nữ khu phố 5** duy trì mô hình “Tiết kiệm vì chị em nghèo”:
mỗi hội viên góp 20.000 đồng mỗi tháng, chi hội luân phiên cho chị em khó khăn mượn không lấy lãi.

Chi hội trưởng **Nguyễn Thị Thu Hà** chia sẻ: “Số tiền không lớn nhưng đến đúng lúc. Chị em tự
quản, công khai sổ sách mỗi kỳ sinh hoạt nên ai cũng tin tưởng.”

Đến nay đã có **14 lượt** chị em được mượn vốn để mua ngư cụ, mở quầy bán hàng; chưa có trường
hợp nào chậm trả. Mô hình được Hội LHPN phường La Gi đánh giá là mô hình “Dân vận khéo” tiêu
biểu năm 2025.""",
        organization="Hội Liên hiệp Phụ nữ phường La Gi",
        unit_code="LD-PLAGI-KP05",
        author="cadre_women",
        published=datetime.date(2025, 10, 20),
        names_people=True,
        people_consent=True,
    ),
    DemoArticle(
        kind=K.EXEMPLARY_STORY,
        title="Cựu chiến binh Phan Văn Hùng vận động bà con hiến đất mở đường",
        summary=(
            "Tự nguyện hiến 60 m² đất rồi đi từng nhà vận động, ông Phan Văn Hùng đã góp phần mở rộng "
            "con hẻm 300 m ở khu phố 2, phường Phước Hội."
        ),
        body="""Con hẻm ở **khu phố 2** trước đây chỉ rộng hơn 1 mét, mùa mưa lầy lội. Năm 2025, cựu chiến
binh
**Phan Văn Hùng** là người đầu tiên hiến 60 m² đất để mở rộng hẻm.

Sau đó, ông cùng Ban Công tác Mặt trận khu phố đến từng nhà vận động. “Mình làm trước thì bà con
mới tin”, ông nói. Kết quả, 23 hộ đã đồng thuận hiến đất, góp tiền; con hẻm nay rộng 4 mét,
được bê tông hóa và có đèn chiếu sáng.

Ông được Ủy ban MTTQ Việt Nam phường Phước Hội biểu dương là điển hình “Dân vận khéo” năm 2025.""",
        organization="Hội Cựu chiến binh phường Phước Hội",
        unit_code="LD-PPHUOCHOI-KP02",
        author="cadre_ward",
        published=datetime.date(2025, 12, 5),
        names_people=True,
        people_consent=True,
    ),
    DemoArticle(
        kind=K.EXEMPLARY_STORY,
        title="“Ngày thứ Bảy tình nguyện” làm sạch bờ biển của tuổi trẻ Tân Hải",
        summary=(
            "Mỗi sáng thứ Bảy cuối tháng, đoàn viên thanh niên xã "
            "Tân Hải cùng người dân thu gom rác trên bờ biển."
        ),
        body="""Từ tháng 8/2025, Đoàn TNCS Hồ Chí Minh **xã Tân Hải** duy trì “Ngày thứ Bảy tình nguyện”:
đoàn viên
các chi đoàn thôn cùng bà con thu gom rác thải dọc bờ biển.

Sau 4 tháng, đã có hơn **400 lượt** đoàn viên, người dân tham gia, thu gom khoảng 3 tấn rác.
Nhiều hộ kinh doanh ven biển đã tự nguyện đặt thùng rác và nhắc khách giữ vệ sinh chung.""",
        organization="Đoàn TNCS Hồ Chí Minh xã Tân Hải",
        unit_code="LD-XTANHAI-T02",
        author="cadre_area",
        published=datetime.date(2025, 12, 1),
    ),
    DemoArticle(
        kind=K.EXEMPLARY_STORY,
        title="Tổ hội nghề nghiệp nuôi trồng thủy sản: cùng nhau làm ăn, cùng nhau giữ môi trường",
        summary=(
            "Tổ hội nghề nghiệp của Hội Nông dân phường Phước Hội "
            "giúp 18 hộ nuôi trồng thủy sản ổn định thu nhập."
        ),
        body="""Tổ hội nghề nghiệp nuôi trồng thủy sản có 18 hội viên. Tổ trưởng **Huỳnh Văn Sáu** cùng các
hội viên
thống nhất lịch thả giống, dùng chung ao lắng xử lý nước thải.

*(Bản nháp: chờ ghi nhận sự đồng ý của người được nêu tên.)*""",
        organization="Hội Nông dân phường Phước Hội",
        unit_code="LD-PPHUOCHOI",
        author="cadre_ward",
        published=None,
        names_people=True,
        people_consent=False,
    ),
    DemoArticle(
        kind=K.NEWS,
        title="Hội LHPN phường La Gi ra quân “Ngày Chủ nhật xanh”",
        summary="Hội viên phụ nữ các chi hội ra quân dọn vệ sinh, trồng hoa trên các tuyến đường khu dân cư.",
        body="""Sáng Chủ nhật, các chi hội phụ nữ phường La Gi đồng loạt ra quân dọn vệ sinh, trồng hoa.

*(Bản nháp: bổ sung số liệu và ảnh.)*""",
        organization="Hội Liên hiệp Phụ nữ phường La Gi",
        unit_code="LD-PLAGI",
        author="cadre_women",
        published=None,
    ),
    DemoArticle(
        kind=K.NEWS,
        title="Phường Phước Hội tổng kết phong trào thi đua “Dân vận khéo” năm 2025",
        summary="Phường Phước Hội biểu dương 8 mô hình, 15 điển hình “Dân vận khéo” năm 2025.",
        body="""Ngày 10/12/2025, phường Phước Hội tổ chức hội nghị tổng kết phong trào thi đua **“Dân vận
khéo”**
năm 2025.

Năm qua, các đoàn thể đã xây dựng nhiều mô hình thiết thực: vận động hiến đất mở đường, tiết
kiệm giúp hội viên nghèo, tuyên truyền phòng chống ma túy, giữ gìn vệ sinh môi trường biển.
Hội nghị đã biểu dương **8 mô hình và 15 điển hình** tiêu biểu.""",
        organization="Ủy ban MTTQ Việt Nam phường Phước Hội",
        unit_code="LD-PPHUOCHOI",
        author="cadre_ward",
        published=datetime.date(2025, 12, 11),
    ),
)


def draft_demo_titles() -> list[str]:
    """Titles of the demo drafts: no public page may show them."""
    return [article.title for article in ARTICLES if article.published is None]


def _published_at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(7 + rng.randrange(10), rng.randrange(60)))
    return timezone.make_aware(moment)


def seed(rng: random.Random) -> int:
    """Create the demo articles that are missing; returns how many were created."""
    existing = set(Article.objects.filter(is_demo=True).values_list("slug", flat=True))
    wanted = [demo for demo in ARTICLES if slug_from_title(demo.title) not in existing]
    if not wanted:
        return 0
    organizations = {
        org.name: org
        # Old and new organizations share names: the current one comes last and wins.
        for org in Organization.objects.filter(name__in={demo.organization for demo in wanted}).order_by(
            F("valid_to").desc(nulls_last=True), "pk"
        )
    }
    units = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(code__in={demo.unit_code for demo in wanted})
    }
    authors = {user.username: user for user in User.objects.filter(username__in={d.author for d in wanted})}
    articles = []
    for number, demo in enumerate(wanted, start=1):
        organization = organizations.get(demo.organization)
        if organization is None:
            continue
        published_at = _published_at(demo.published, rng) if demo.published else None
        article = Article(
            kind=demo.kind,
            title=demo.title,
            slug=slug_from_title(demo.title),
            summary=demo.summary,
            body=demo.body + DEMO_NOTE,
            organization=organization,
            unit=units.get(demo.unit_code),
            video_url=demo.video_url,
            names_people=demo.names_people,
            people_consent=demo.people_consent,
            consent_note=(
                f"{CONSENT_NOTE_MARKER}{number:02d} phiếu đồng ý đăng tên (minh họa), lưu tại văn phòng"
                if demo.people_consent
                else ""
            ),
            status=ArticleStatus.PUBLISHED if published_at else ArticleStatus.DRAFT,
            published_at=published_at,
            author=authors.get(demo.author),
            is_demo=True,
        )
        article.full_clean(exclude=["slug"], validate_unique=False)
        articles.append(article)
    Article.objects.bulk_create(articles)
    return len(articles)
