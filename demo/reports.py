"""Demo reports sent up: the monthly reports of the three wards and communes of today to the province,
and of the Women's Union of Phường La Gi to its ward, over the last three ended months. Invented and
marked as demo data.

Relative to the day the demo is seeded (the months before it, as the work log is):

- two months before the last: every ward and commune sent on time;
- the month before the last: Phường Phước Hội sent on time, the province returned it with a comment
  and version 2 was sent with its reason; Phường La Gi sent late (after the due date); Xã Tân Hải on
  time; the Women's Union of Phường La Gi on time;
- the last ended month: Phường Phước Hội has a draft, Phường La Gi a report signed off but not sent,
  Xã Tân Hải nothing yet (late once its due date passes); the Women's Union a draft.

The leader accounts that sign reports off are given the permission here: ``cadre_ward`` (the
vice-chair of the Front committee of Phường Phước Hội, who signs for its chair) and ``cadre_women``
(the chair of the Women's Union of Phường La Gi). ``seed()`` creates the reports once: running it
again changes nothing.
"""

from __future__ import annotations

import datetime

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone, translation

from core.formatting import unit_in_text
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, Position, User
from reports.compute import build_report
from reports.models import ReportSubmission, SubmissionStatus
from reports.periods import Period, PeriodKind, containing
from reports.submission_figures import freeze
from reports.submissions import due_date_of, signer_defaults

from .structure import NEW_LAGI, NEW_PHUOCHOI, NEW_TANHAI

Status = SubmissionStatus
SIGNERS = ("cadre_ward", "cadre_women")
DAY = datetime.timedelta(days=1)
RETURN_COMMENT = (
    "Đề nghị bổ sung kết quả tiếp xúc cử tri và số hộ được thăm trong tháng ở các khu phố mới sau "
    "sắp xếp; phần đề xuất, kiến nghị cần nêu rõ cơ quan được kiến nghị."
)
REASON = "Bổ sung theo ý kiến của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh khi trả lại báo cáo."


def _narrative(name: str, period: Period) -> dict[str, str]:
    place = unit_in_text(name)
    return {
        "results": (
            f"{period.label}, Ban Thường trực Ủy ban MTTQ Việt Nam {place} phối hợp các tổ chức thành viên "
            "thăm hỏi hộ gia đình ở các khu dân cư, tiếp nhận ý kiến, kiến nghị của Nhân dân và chuyển đến "
            "cơ quan có thẩm quyền; các Ban Công tác Mặt trận duy trì sinh hoạt định kỳ. Số liệu chi tiết "
            "tại phần IV. (Nội dung minh họa.)"
        ),
        "shortcomings": (
            "Một số ý kiến, kiến nghị chuyển đến cơ quan chức năng chưa được trả lời đúng hạn; việc cập nhật "
            "nhật ký công tác ở một vài khu dân cư còn chậm."
        ),
        "proposals": (
            f"Đề nghị Ủy ban nhân dân {place} đôn đốc trả lời các kiến nghị quá hạn; đề nghị Ban Thường trực "
            "cấp trên tiếp tục hướng dẫn nghiệp vụ giám sát, phản biện xã hội."
        ),
    }


def _women_narrative(period: Period) -> dict[str, str]:
    return {
        "results": (
            f"{period.label}, các chi hội phụ nữ tổ chức sinh hoạt định kỳ, thăm hỏi hội viên khó khăn và "
            "phối hợp tổ tiết kiệm và vay vốn theo dõi nợ đến hạn. (Nội dung minh họa.)"
        ),
        "shortcomings": "Tỷ lệ hội viên trẻ tham gia sinh hoạt còn thấp.",
        "proposals": "Đề nghị Ủy ban MTTQ Việt Nam phường hỗ trợ kinh phí tập huấn cho chi hội trưởng.",
    }


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


class _Seeder:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.accounts = {
            user.username: user for user in User.objects.filter(username__in=[*SIGNERS, "cadre_area"])
        }
        self.created: list[tuple[ReportSubmission, datetime.datetime]] = []

    def leader(self, subject) -> tuple[str, str]:
        """The chair of the unit's Front committee (or of the organization): their name and title."""
        positions = (
            Position.objects.current(self.today)
            .filter(title="chair")
            .select_related("person", "organization")
        )
        if isinstance(subject, AdministrativeUnit):
            positions = positions.filter(
                organization__unit=subject, organization__kind=OrganizationKind.FRONT_COMMITTEE
            )
        else:
            positions = positions.filter(organization=subject)
        position = positions.order_by("pk").first()
        if position is None:
            return "", ""
        return position.person.full_name, position.title_label

    def report(
        self,
        subject,
        period: Period,
        status: str,
        *,
        sent_on: datetime.date | None = None,
        version: int = 1,
        number: int = 0,
        signer: str | None = None,
        **fields,
    ) -> ReportSubmission:
        is_unit = isinstance(subject, AdministrativeUnit)
        made = _at(sent_on or period.end + DAY, 8)
        with translation.override(settings.LANGUAGE_CODE):
            figures = freeze(
                build_report(
                    scope=None,
                    period=period,
                    unit=subject if is_unit else None,
                    organization=None if is_unit else subject,
                    today=made.date(),
                )
            )
        narrative = _narrative(subject.name, period) if is_unit else _women_narrative(period)
        submission = ReportSubmission(
            unit=subject if is_unit else None,
            organization=None if is_unit else subject,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            version=version,
            status=status,
            figures=figures,
            figures_computed_at=made,
            due_date=due_date_of(period),
            is_demo=True,
            **(narrative | fields),
        )
        if status != Status.DRAFT:
            account = self.accounts.get(signer) if signer else None
            if account is not None:
                defaults = signer_defaults(account, submission)
                name, title = defaults["signer_name"], defaults["signer_title"]
            else:
                name, title = self.leader(subject)
            submission.signer_name, submission.signer_title = name, title
            submission.signed_by, submission.signed_on = account, made.date()
            suffix = "BC-MTTQ" if is_unit else "BC-HPN"
            submission.number = f"{number}/{suffix}"
        if status in (Status.SUBMITTED, Status.RETURNED):
            submission.submitted_at = made
            submission.submitted_by = self.accounts.get(signer) if signer else None
        submission.created_by = self.accounts.get(signer) if signer else None
        submission.full_clean()
        submission.save()
        self.created.append((submission, made - datetime.timedelta(days=1 if status != Status.DRAFT else 0)))
        return submission

    def finish(self) -> None:
        """The rows' own dates: made the day before they were signed, changed when they were sent."""
        for submission, created in self.created:
            ReportSubmission.objects.filter(pk=submission.pk).update(
                created_at=created, updated_at=submission.returned_at or submission.figures_computed_at
            )


def grant_sign_off() -> None:
    """The demo leaders may sign reports off (idempotent)."""
    permission = Permission.objects.get(
        codename="sign_off_reportsubmission", content_type__app_label="reports"
    )
    for user in User.objects.filter(username__in=SIGNERS):
        user.user_permissions.add(permission)


def seed() -> int:
    """Create the demo reports once; returns how many were created (0 when they exist)."""
    with transaction.atomic(), disable_auditlog():
        grant_sign_off()
        if ReportSubmission.objects.filter(is_demo=True).exists():
            return 0
        today = timezone.localdate()
        last = containing(PeriodKind.MONTH, today).previous()
        before, earlier = last.previous(), last.previous().previous()
        units = {
            unit.code: unit
            for unit in AdministrativeUnit.objects.filter(code__in=[NEW_PHUOCHOI, NEW_LAGI, NEW_TANHAI])
        }
        if len(units) < 3 or earlier.start < units[NEW_PHUOCHOI].valid_from:
            return 0
        phuoc_hoi, la_gi, tan_hai = units[NEW_PHUOCHOI], units[NEW_LAGI], units[NEW_TANHAI]
        women = Organization.objects.filter(
            unit=la_gi, kind=OrganizationKind.WOMENS_UNION, parent__isnull=True
        ).first()
        seeder = _Seeder(today)
        S = Status
        for index, unit in enumerate((phuoc_hoi, la_gi, tan_hai)):
            due = due_date_of(earlier)
            signer = "cadre_ward" if unit == phuoc_hoi else None
            seeder.report(
                unit, earlier, S.SUBMITTED, sent_on=due - DAY * (2 + index), number=30 + index, signer=signer
            )
        # The month before the last: returned and sent again, sent late, sent on time.
        due = due_date_of(before)
        seeder.report(
            phuoc_hoi,
            before,
            S.RETURNED,
            sent_on=due - DAY,
            number=41,
            signer="cadre_ward",
            return_comment=RETURN_COMMENT,
            returned_by=seeder.accounts.get("cadre_area"),
            returned_at=_at(due + DAY, 14),
        )
        seeder.report(
            phuoc_hoi,
            before,
            S.SUBMITTED,
            sent_on=due + DAY * 3,
            version=2,
            number=44,
            signer="cadre_ward",
            reason=REASON,
        )
        seeder.report(la_gi, before, S.SUBMITTED, sent_on=due + DAY * 3, number=38)
        seeder.report(tan_hai, before, S.SUBMITTED, sent_on=due - DAY, number=35)
        if women is not None:
            seeder.report(women, before, S.SUBMITTED, sent_on=due - DAY * 2, number=12, signer="cadre_women")
        # The last ended month: a draft, a report signed off but not sent, nothing yet.
        seeder.report(
            phuoc_hoi, last, S.DRAFT, sent_on=min(today, last.end + DAY), signer="cadre_ward", results=""
        )
        seeder.report(la_gi, last, S.SIGNED_OFF, sent_on=min(today, last.end + DAY * 2), number=45)
        if women is not None:
            seeder.report(women, last, S.DRAFT, sent_on=min(today, last.end + DAY), signer="cadre_women")
        seeder.finish()
        return len(seeder.created)
