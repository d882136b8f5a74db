"""Helpers shared by the tests of residents' concerns on the cadre side (tests/test_concerns_*.py):
steps taken through the services, the correction pages and the audit log. The concerns these tests
start from are fixtures in tests/conftest.py."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from concerns import services
from concerns.models import Concern, ConcernCategory, ConcernSource, ConcernStatus
from organizations.models import Authority, AuthorityKind

S = ConcernStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# The resident of the ``own_concern`` fixture (tests/conftest.py), who withdraws their consent.
PHONE = "0912000777"
NAME = "Withdrawn Resident Name"


# --- steps through the services -----------------------------------------------------------------


def register_authority(
    code: str = "LD-PPHUOCHOI", kind: str = AuthorityKind.PEOPLES_COMMITTEE, on: datetime.date | None = None
) -> Authority:
    """The authority of the demo register of that kind of the unit ``code`` on ``on`` (today)."""
    return Authority.objects.current(on or TODAY).get(unit__code=code, kind=kind)


def receive(actor, place, **kwargs) -> Concern:
    unit_, area = place
    values = {
        "unit": unit_,
        "residential_area": area,
        "category": ConcernCategory.INFRASTRUCTURE,
        "summary": "Đèn đường hỏng",
        "received_on": TODAY - datetime.timedelta(days=20),
        "source": ConcernSource.VISIT,
    }
    values.update(kwargs)
    return services.receive_concern(actor=actor, **values)


def forward(actor, concern, days_ago=15, due_in=15) -> Concern:
    forwarded_on = TODAY - datetime.timedelta(days=days_ago)
    return services.forward_concern(
        actor=actor,
        concern=concern,
        authority=register_authority(),
        document_number="12/MTTQ",
        forwarded_on=forwarded_on,
        due_date=forwarded_on + datetime.timedelta(days=due_in),
    )


def closed(concern: Concern, actor) -> Concern:
    return services.close_as_not_in_scope(actor=actor, concern=concern, reason="Tranh chấp dân sự.")


def edit(actor, concern: Concern, **changes) -> Concern:
    values = {
        "category": concern.category,
        "summary": concern.summary,
        "detail": concern.detail,
        "unit": concern.unit,
        "residential_area": concern.residential_area,
    } | changes
    return services.edit_concern(actor=actor, concern=concern, **values)


def audit_entries(obj, actor) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).filter(actor=actor))


# --- pages --------------------------------------------------------------------------------------


def edit_url(concern: Concern) -> str:
    return reverse("concerns:edit", args=[concern.pk])


def withdraw_url(concern: Concern) -> str:
    return reverse("concerns:withdraw_consent", args=[concern.pk])
