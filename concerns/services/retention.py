"""The end of the retention period: residents' contact data of long-closed concerns is erased.

A resident's name and phone are kept to contact them about their concern; once the concern has
been closed for ``CONCERN_CONTACT_RETENTION_DAYS`` that purpose has ended (Personal Data
Protection Law 91/2025/QH15), so they are erased, here and in the audit log, as when a resident
withdraws their consent. The client addresses (IP and port) that the audit log recorded with the
concern and its timeline are erased too. The concern itself, its timeline and the audit entries
stay: the follow-up remains on record without saying who raised it.

Run daily by ``manage.py erase_expired_contact_data`` (cron); a second run changes nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.private_pages import work_changed

from ..models import CLOSED_STATUSES, Concern, ConcernEvent
from .corrections import _erase_from_audit_log, _record_correction

logger = logging.getLogger("concerns.retention")

# ``ConcernEvent.data["correction"]`` of the timeline step that records the erasure.
RETENTION_ERASED = "retention_erased"
# Concerns handled per transaction (each is locked, erased and its audit entries rewritten).
_BATCH = 200


@dataclass
class RetentionReport:
    """What one run erased, for the log."""

    closed_before: datetime.date
    # Tracking codes of the concerns whose resident's name or phone was erased.
    contacts_erased: list[str] = field(default_factory=list)
    # Audit entries whose client address was erased.
    addresses_erased: int = 0

    def __str__(self) -> str:
        return (
            f"Concerns closed before {self.closed_before.isoformat()}: residents' contact data erased from "
            f"{len(self.contacts_erased)} concern(s), client addresses erased from {self.addresses_erased} "
            f"audit entr{'y' if self.addresses_erased == 1 else 'ies'}."
        )


def retention_cutoff(*, today: datetime.date | None = None, days: int | None = None) -> datetime.date:
    """Concerns closed before this date are past the retention period."""
    today = today or timezone.localdate()
    days = settings.CONCERN_CONTACT_RETENTION_DAYS if days is None else days
    if days < 0:
        raise ValueError("The retention period cannot be negative.")
    return today - datetime.timedelta(days=days)


def expired_concerns(closed_before: datetime.date):
    """Concerns closed (in any way) before ``closed_before``."""
    return Concern.objects.filter(status__in=CLOSED_STATUSES, closed_on__lt=closed_before)


def erase_expired_contact_data(
    *, today: datetime.date | None = None, days: int | None = None, dry_run: bool = False
) -> RetentionReport:
    """Erase the residents' contact data and the client addresses of concerns past the retention period.

    Each concern is erased in its own short transaction (locked, its name, phone and consent
    cleared, a timeline step recorded, its audit entries rewritten), so a run that stops half-way
    leaves whole concerns erased or untouched and the next run goes on. ``dry_run`` reports what
    would be erased and changes nothing.
    """
    report = RetentionReport(closed_before=retention_cutoff(today=today, days=days))
    expired = expired_concerns(report.closed_before)
    with_contact = expired.filter(
        Q(resident_name__gt="") | Q(resident_phone__gt="") | Q(resident_consent=True)
    ).order_by("pk")
    if dry_run:
        report.contacts_erased = list(with_contact.values_list("tracking_code", flat=True))
    else:
        for pk in list(with_contact.values_list("pk", flat=True)):
            code = _erase_contact(pk, report.closed_before)
            if code:
                report.contacts_erased.append(code)
    report.addresses_erased = _erase_client_addresses(expired, dry_run=dry_run)
    if report.contacts_erased and not dry_run:
        # The work area's pages may show the erased names: they are rendered anew.
        work_changed()
    logger.info("%s%s", "[dry run] " if dry_run else "", report)
    return report


def _erase_contact(pk: int, closed_before: datetime.date) -> str:
    """Erase one concern's contact data; its tracking code, or "" when there was nothing (any more)."""
    with transaction.atomic():
        concern = expired_concerns(closed_before).select_for_update().filter(pk=pk).first()
        if concern is None or not (
            concern.resident_name or concern.resident_phone or concern.resident_consent
        ):
            return ""
        erased = {value for value in (concern.resident_name, concern.resident_phone) if value}
        concern.resident_name = ""
        concern.resident_phone = ""
        concern.resident_consent = False
        concern.save(update_fields=["resident_name", "resident_phone", "resident_consent", "updated_at"])
        _record_correction(concern=concern, actor=None, correction=RETENTION_ERASED, note="", data={})
        _erase_from_audit_log(concern, erased)
    return concern.tracking_code


def _erase_client_addresses(expired, *, dry_run: bool) -> int:
    """Clear the IP address and port of the audit entries of the expired concerns and their timelines."""
    from auditlog.models import LogEntry

    concern_type = ContentType.objects.get_for_model(Concern)
    event_type = ContentType.objects.get_for_model(ConcernEvent)
    with_address = Q(remote_addr__isnull=False) | Q(remote_port__isnull=False)
    concern_ids = list(expired.order_by("pk").values_list("pk", flat=True))
    total = 0
    for start in range(0, len(concern_ids), _BATCH):
        batch = concern_ids[start : start + _BATCH]
        event_ids = ConcernEvent.objects.filter(concern_id__in=batch).values_list("pk", flat=True)
        entries = LogEntry.objects.filter(
            Q(content_type=concern_type, object_id__in=batch)
            | Q(content_type=event_type, object_id__in=list(event_ids))
        ).filter(with_address)
        # Straight to the rows: the audit log is read-only everywhere else.
        total += entries.count() if dry_run else entries.update(remote_addr=None, remote_port=None)
    return total
