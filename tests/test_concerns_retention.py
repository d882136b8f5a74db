"""The end of the retention period: residents' contact data and client addresses of long-closed concerns
are erased by ``manage.py erase_expired_contact_data``, and nothing else."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse

from concerns import services
from concerns.models import Concern, ConcernEvent
from tests.concerns_common import DAY, TODAY, receive

pytestmark = pytest.mark.django_db

RETENTION = 30
CLIENT = "203.0.113.45"


def _concern(actor, place, *, received_days_ago: int, closed_days_ago: int | None, contact: bool, tag: str):
    """A concern received (and closed) that many days ago, its steps taken from ``CLIENT``."""
    contact_fields = (
        {"resident_name": f"Cư dân {tag}", "resident_phone": "0912345678", "resident_consent": True}
        if contact
        else {}
    )
    concern = receive(
        actor,
        place,
        summary=f"RETENTION-{tag}",
        received_on=TODAY - received_days_ago * DAY,
        **contact_fields,
    )
    if closed_days_ago is not None:
        concern = services.close_as_not_in_scope(
            actor=actor,
            concern=concern,
            reason="Không thuộc thẩm quyền.",
            closed_on=TODAY - closed_days_ago * DAY,
        )
    # The client's address and port, as the audit middleware records them for a request.
    LogEntry.objects.filter(pk__in=[entry.pk for entry in _entries(concern)]).update(
        remote_addr=CLIENT, remote_port=50123
    )
    return Concern.objects.get(pk=concern.pk)


def _entries(concern: Concern):
    events = ConcernEvent.objects.filter(concern=concern)
    return [
        *LogEntry.objects.get_for_object(concern),
        *(e for ev in events for e in LogEntry.objects.get_for_object(ev)),
    ]


def _audit_text(concern: Concern) -> str:
    return " ".join(f"{e.changes} {e.changes_text} {e.serialized_data}" for e in _entries(concern))


@pytest.fixture
def concerns(ward_cadre, phuoc_hoi_place):
    def make(tag, **kwargs):
        return _concern(ward_cadre, phuoc_hoi_place, tag=tag, **kwargs)

    return {
        # Closed 40 days ago, with the resident's name and phone: past the retention period.
        "expired": make("expired", received_days_ago=50, closed_days_ago=40, contact=True),
        # Closed 40 days ago without a name or phone: only the client addresses go.
        "expired_anonymous": make("anon", received_days_ago=50, closed_days_ago=40, contact=False),
        # Closed 10 days ago: still within the period.
        "recent": make("recent", received_days_ago=50, closed_days_ago=10, contact=True),
        # Received long ago and still open: the resident must still be reachable.
        "open": make("open", received_days_ago=50, closed_days_ago=None, contact=True),
    }


def _addresses(concern: Concern) -> set:
    return {(e.remote_addr, e.remote_port) for e in _entries(concern)}


def test_what_is_erased_and_what_is_kept(concerns):
    assert _addresses(concerns["expired"]) == {(CLIENT, 50123)}

    report = services.erase_expired_contact_data(days=RETENTION)

    assert report.closed_before == TODAY - RETENTION * DAY
    expired = Concern.objects.get(pk=concerns["expired"].pk)
    assert (expired.resident_name, expired.resident_phone, expired.resident_consent) == ("", "", False)
    # The follow-up stays on record, without who raised it or from where.
    assert expired.summary == "RETENTION-expired" and expired.status == "not_in_scope"
    assert "Cư dân expired" not in _audit_text(expired) and "0912345678" not in _audit_text(expired)
    assert _addresses(expired) == {(None, None)}
    assert _addresses(Concern.objects.get(pk=concerns["expired_anonymous"].pk)) == {(None, None)}
    # One timeline step says what happened (and changes no status).
    step = ConcernEvent.objects.filter(concern=expired).last()
    assert step.data == {"correction": services.RETENTION_ERASED}
    assert step.actor is None and step.from_status == step.to_status == "not_in_scope"
    assert concerns["expired"].tracking_code in report.contacts_erased
    assert concerns["expired_anonymous"].tracking_code not in report.contacts_erased

    for kept in ("recent", "open"):
        concern = Concern.objects.get(pk=concerns[kept].pk)
        assert concern.resident_name == f"Cư dân {kept}" and concern.resident_phone == "0912345678"
        assert concern.resident_consent
        assert _addresses(concern) == {(CLIENT, 50123)}
        assert concern.tracking_code not in report.contacts_erased


def test_a_second_run_erases_nothing(concerns):
    first = services.erase_expired_contact_data(days=RETENTION)
    steps = ConcernEvent.objects.count()
    entries = LogEntry.objects.count()

    second = services.erase_expired_contact_data(days=RETENTION)

    assert first.contacts_erased and first.addresses_erased
    assert second.contacts_erased == [] and second.addresses_erased == 0
    assert ConcernEvent.objects.count() == steps and LogEntry.objects.count() == entries


def test_dry_run_changes_nothing(concerns):
    report = services.erase_expired_contact_data(days=RETENTION, dry_run=True)

    assert concerns["expired"].tracking_code in report.contacts_erased and report.addresses_erased > 0
    assert Concern.objects.get(pk=concerns["expired"].pk).resident_phone == "0912345678"
    assert _addresses(concerns["expired"]) == {(CLIENT, 50123)}


def test_the_setting_is_the_default_period(concerns, settings):
    settings.CONCERN_CONTACT_RETENTION_DAYS = 45
    assert services.retention_cutoff() == TODAY - 45 * DAY

    services.erase_expired_contact_data()

    # Closed 40 days ago is within 45 days: kept.
    assert Concern.objects.get(pk=concerns["expired"].pk).resident_phone == "0912345678"


def test_the_command_says_what_it_did(concerns):
    out = io.StringIO()
    call_command("erase_expired_contact_data", days=RETENTION, verbosity=2, stdout=out)

    text = out.getvalue()
    assert f"closed before {(TODAY - RETENTION * DAY).isoformat()}" in text
    assert concerns["expired"].tracking_code in text
    assert Concern.objects.get(pk=concerns["expired"].pk).resident_phone == ""

    out = io.StringIO()
    call_command("erase_expired_contact_data", days=RETENTION, stdout=out)
    assert "erased from 0 concern(s)" in out.getvalue() and "from 0 audit entries" in out.getvalue()


def test_the_command_refuses_a_negative_period():
    with pytest.raises(CommandError):
        call_command("erase_expired_contact_data", days=-1)


@pytest.mark.usefixtures("english")
def test_the_timeline_shows_the_erasure(concerns, login_as):
    services.erase_expired_contact_data(days=RETENTION)

    html = (
        login_as("cadre_ward").get(reverse("concerns:detail", args=[concerns["expired"].pk])).content.decode()
    )

    assert "The retention period ended; the resident's name and phone were erased" in html
    assert "Cư dân expired" not in html


def test_closed_on_the_last_day_of_the_period_is_kept(ward_cadre, phuoc_hoi_place):
    concern = _concern(
        ward_cadre, phuoc_hoi_place, tag="edge", received_days_ago=40, closed_days_ago=RETENTION, contact=True
    )

    services.erase_expired_contact_data(days=RETENTION, today=TODAY)

    assert Concern.objects.get(pk=concern.pk).resident_phone == "0912345678"
    assert services.retention_cutoff(today=datetime.date(2026, 3, 31), days=30) == datetime.date(2026, 3, 1)
