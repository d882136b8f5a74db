"""The audit log, tried as an attacker (or an auditor) would.

Before: writes carried no client address (the services' ``set_actor`` reset it); the addresses
that were recorded took the first ``X-Forwarded-For`` value whatever ``TRUSTED_PROXY_COUNT``
said; the person edit page, the mediation edit page and the admin change pages showed
confidential data without an access entry; the public concern form stored the resident's
address in the log, and withdrawing consent did not erase it.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from activities.models import MediationDetails
from concerns import services as concern_services
from concerns.models import Concern, ConcernEvent
from tests.concerns_public_common import form_data, post

pytestmark = pytest.mark.django_db

CADRE_ADDRESS = "198.51.100.9"


def _person_post(person, **changes) -> dict:
    data = {
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": person.birth_year or "",
        "phone": person.phone,
        "email": person.email,
        "unit": person.unit_id,
    }
    return data | changes


def _last_update(instance) -> LogEntry:
    return LogEntry.objects.get_for_object(instance).filter(action=LogEntry.Action.UPDATE).latest("pk")


def test_a_write_through_a_service_records_the_client_address(login_as, phuoc_hoi_person):
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:person_edit", args=[phuoc_hoi_person.pk]),
        _person_post(phuoc_hoi_person, phone="0912000333"),
        REMOTE_ADDR=CADRE_ADDRESS,
    )
    assert response.status_code == 302
    entry = _last_update(phuoc_hoi_person)
    assert entry.remote_addr == CADRE_ADDRESS and entry.actor.username == "cadre_ward"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "recorded"),
    [(0, "6.6.6.6", "10.0.0.2"), (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"), (2, "6.6.6.6", "10.0.0.2")],
    ids=["no proxy: the header is the client's own", "one proxy: its entry", "too few entries"],
)
def test_the_recorded_address_follows_the_trusted_proxy_rule(
    settings, login_as, phuoc_hoi_person, proxies, forwarded, recorded
):
    settings.TRUSTED_PROXY_COUNT = proxies
    client = login_as("cadre_ward")
    client.post(
        reverse("cadre:person_edit", args=[phuoc_hoi_person.pk]),
        _person_post(phuoc_hoi_person, phone="0912000444"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert _last_update(phuoc_hoi_person).remote_addr == recorded


def _accesses(instance):
    return LogEntry.objects.get_for_object(instance).filter(action=LogEntry.Action.ACCESS)


def test_the_person_edit_page_writes_an_access_entry(login_as, phuoc_hoi_person):
    login_as("cadre_ward").get(
        reverse("cadre:person_edit", args=[phuoc_hoi_person.pk]), REMOTE_ADDR=CADRE_ADDRESS
    )
    entry = _accesses(phuoc_hoi_person).get()
    assert entry.actor.username == "cadre_ward" and entry.remote_addr == CADRE_ADDRESS


def test_the_mediation_edit_page_writes_an_access_entry(login_as, ward_mediation):
    response = login_as("cadre_ward").get(reverse("activities:edit", args=[ward_mediation.pk]))
    assert response.status_code == 200
    details = MediationDetails.objects.get(activity=ward_mediation)
    assert _accesses(details).get().actor.username == "cadre_ward"


def test_the_concern_edit_page_writes_an_access_entry(login_as, own_concern):
    response = login_as("cadre_ward").get(reverse("concerns:edit", args=[own_concern.pk]))
    assert response.status_code == 200
    assert _accesses(own_concern).filter(actor__username="cadre_ward").exists()


def test_the_admin_change_pages_of_confidential_records_write_access_entries(
    login_as, phuoc_hoi_person, own_concern, ward_mediation
):
    admin = login_as("admin")
    pages = [
        (reverse("admin:organizations_person_change", args=[phuoc_hoi_person.pk]), phuoc_hoi_person),
        (reverse("admin:concerns_concern_change", args=[own_concern.pk]), own_concern),
        (
            reverse("admin:activities_activity_change", args=[ward_mediation.pk]),
            MediationDetails.objects.get(activity=ward_mediation),
        ),
    ]
    for url, shown in pages:
        assert admin.get(url).status_code == 200, url
        assert _accesses(shown).filter(actor__username="admin").count() == 1, url


def test_the_public_form_stores_no_client_address(client):
    address = "203.0.113.77"
    response = post(
        client,
        form_data(resident_name="Cư Dân", resident_phone="0912345678", resident_consent="on"),
        ip=address,
    )
    assert response.status_code == 302
    concern = Concern.objects.latest("pk")
    entries = LogEntry.objects.get_for_object(concern)
    assert entries.exists() and not entries.exclude(remote_addr__isnull=True).exists()
    event_entries = LogEntry.objects.filter(
        content_type__model="concernevent",
        object_pk__in=[
            str(pk) for pk in ConcernEvent.objects.filter(concern=concern).values_list("pk", flat=True)
        ],
    )
    assert not event_entries.exclude(remote_addr__isnull=True).exists()
    # The rate limits keep their counters under hashed keys, never the address itself.
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM ratelimit_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and not any(address in key for key in keys)


def test_withdrawing_consent_erases_every_client_address_of_the_concern(login_as, demo_user, own_concern):
    # A cadre corrects the concern from the office: the entry carries the office's address.
    client = login_as("cadre_ward")
    client.get(reverse("concerns:edit", args=[own_concern.pk]), REMOTE_ADDR=CADRE_ADDRESS)
    LogEntry.objects.get_for_object(own_concern).update(remote_addr=CADRE_ADDRESS)
    assert LogEntry.objects.get_for_object(own_concern).filter(remote_addr=CADRE_ADDRESS).exists()
    concern_services.withdraw_resident_consent(actor=demo_user("cadre_ward"), concern=own_concern)
    assert not LogEntry.objects.get_for_object(own_concern).exclude(remote_addr__isnull=True).exists()
