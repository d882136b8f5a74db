"""Helpers shared by the tests of opinions, questions and petitions (tests/test_opinions*.py,
tests/test_petitions.py, the browser test of a voter contact): a voter contact or dialogue of
Phường Phước Hội (cadre_ward's ward) and opinions recorded through the services."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind, Visibility
from activities.services import create_activity
from concerns import services
from concerns.models import Concern, ConcernCategory
from tests.test_activities_common import new_activity, new_details, org

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PH = "LD-PPHUOCHOI"


def meeting(
    actor,
    kind: str = ActivityKind.VOTER_CONTACT,
    *,
    on: datetime.date | None = None,
    published: bool = True,
    opinions_count: int = 8,
    unit_code: str = PH,
) -> Activity:
    """A voter contact (or dialogue) of ``unit_code`` three days ago, published unless asked."""
    activity = new_activity(
        kind,
        unit_code,
        date=on or TODAY - 3 * DAY,
        summary="OPINIONS-TEST tiếp xúc cử tri"
        if kind == ActivityKind.VOTER_CONTACT
        else "OPINIONS-TEST đối thoại",
        visibility=Visibility.PUBLISHED if published else Visibility.INTERNAL,
    )
    # The details of a voter contact or dialogue name no unit (those of other kinds: Phước Hội's).
    details = new_details(kind)
    if kind == ActivityKind.VOTER_CONTACT:
        details.opinions_count = opinions_count
    return create_activity(actor=actor, activity=activity, organizations=[org(unit_code)], details=details)


def opinion(actor, activity: Activity, **fields) -> Concern:
    values = {
        "category": ConcernCategory.INFRASTRUCTURE,
        "summary": "Đường 23/4 ngập sau mưa",
        "topic": "Ngập đường 23/4",
    } | fields
    return services.record_opinion(actor=actor, activity=activity, **values)


def public_url(activity: Activity) -> str:
    return reverse("portal:activity_detail", args=[activity.pk])


def add_url(activity: Activity) -> str:
    return reverse("concerns:opinion_create", args=[activity.pk])


# Marked values of the opinions made in bulk: none may appear on a public page.
BULK_NAME = "Cử tri Bí Mật"
BULK_PHONE = "0912000"
BULK_DETAIL = "BULK-DETAIL-SECRET"
BULK_TOPICS = ("Ngập đường 23/4", "Chiếu sáng", "")


def many_opinions(activity: Activity, count: int, *, start: int = 0) -> list[Concern]:
    """``count`` opinions of ``activity`` straight into the database (for the query counts): three
    topics (one empty), every fourth answered on the spot, every third forwarded (some of those
    answered since), every other publishable, each with a marked name, phone and detail."""
    from concerns.models import ConcernSource, ConcernStatus

    source = ConcernSource.DIALOGUE if activity.kind == ActivityKind.DIALOGUE else ConcernSource.VOTER_CONTACT
    rows = []
    for n in range(start, start + count):
        concern = Concern(
            source=source,
            activity=activity,
            unit=activity.unit,
            category=ConcernCategory.INFRASTRUCTURE if n % 2 else ConcernCategory.ENVIRONMENT,
            topic=BULK_TOPICS[n % 3],
            summary=f"BULK-SUMMARY {n}",
            detail=f"{BULK_DETAIL} {n}",
            resident_name=f"{BULK_NAME} {n}",
            resident_phone=f"{BULK_PHONE}{n:03d}",
            resident_consent=True,
            publishable=n % 2 == 0,
            received_on=activity.date,
            status=ConcernStatus.RECEIVED,
        )
        if n % 4 == 0:
            concern.status, concern.answered_on_spot, concern.answered_by = (
                ConcernStatus.ANSWERED,
                True,
                "Chủ tịch",
            )
            concern.answer, concern.answered_on = f"BULK-ANSWER {n}", activity.date
        elif n % 3 == 0:
            concern.status, concern.forwarded_on = ConcernStatus.FORWARDED, activity.date
            concern.due_date = activity.date + 30 * DAY
            if n % 9 == 0:
                concern.status, concern.answer, concern.answered_on = ConcernStatus.ANSWERED, "Đã làm", TODAY
        rows.append(concern)
    return Concern.objects.bulk_create(rows)
