"""Erasing a resident's name and phone when they withdraw their consent: everywhere, the audit
log included, through the service and the page, on a closed concern too, only in scope, and never
as a step on the resident's status page. Runs against the demo structure and accounts of
``seed_demo``."""

import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from concerns import services
from concerns.models import Concern
from tests.concerns_common import NAME, PHONE, S, closed, edit, withdraw_url
from tests.helpers import vi

pytestmark = pytest.mark.django_db


def audit_text(concern: Concern) -> str:
    """Everything the audit log keeps about the concern's values, as one string."""
    return json.dumps(
        [
            [entry.changes, entry.changes_text, entry.serialized_data, entry.additional_data]
            for entry in LogEntry.objects.get_for_object(concern)
        ],
        ensure_ascii=False,
    )


# --- withdrawing consent ------------------------------------------------------------------------


def test_withdraw_erases_name_and_phone_everywhere(own_concern, ward_cadre):
    # An earlier phone, changed before: the audit log holds it too.
    own_concern.resident_phone = "0912000666"
    own_concern.save()
    own_concern.resident_phone = PHONE
    own_concern.save()
    assert PHONE in audit_text(own_concern) and NAME in audit_text(own_concern)

    services.withdraw_resident_consent(actor=ward_cadre, concern=own_concern, note="Gọi điện xin rút.")

    own_concern.refresh_from_db()
    assert (own_concern.resident_name, own_concern.resident_phone, own_concern.resident_consent) == (
        "",
        "",
        False,
    )
    event = own_concern.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.actor) == (S.RECEIVED, S.RECEIVED, ward_cadre)
    assert event.data == {"correction": "consent_withdrawn"} and event.note == "Gọi điện xin rút."
    text = audit_text(own_concern)
    for erased in (PHONE, "0912000666", NAME, "912000777"):
        assert erased not in text
    # The audit log still says who withdrew and which fields changed.
    entry = (
        LogEntry.objects.get_for_object(own_concern)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp", "pk")
    )
    assert entry.actor == ward_cadre
    assert entry.changes["resident_phone"] == [services.ERASED, ""]
    assert entry.changes["resident_consent"] == [True, False]
    # The rest of the audit log stays.
    assert own_concern.detail in text and own_concern.summary in text


def test_withdraw_page_erases_and_the_phone_is_gone_from_the_detail_page(login_as, own_concern):
    client = login_as("cadre_ward")
    assert PHONE in client.get(own_concern.get_absolute_url()).content.decode()
    response = client.post(withdraw_url(own_concern), {"withdraw-confirm": "on", "withdraw-note": ""})
    assert response.status_code == 302 and response["Location"] == own_concern.get_absolute_url()
    page = client.get(own_concern.get_absolute_url()).content.decode()
    assert PHONE not in page and NAME not in page
    assert vi("The resident's name and phone were erased.") in page
    assert vi("The resident withdrew consent; their name and phone were erased") in page
    assert withdraw_url(own_concern) not in page  # nothing left to erase


def test_withdraw_needs_the_confirmation(login_as, own_concern):
    response = login_as("cadre_ward").post(withdraw_url(own_concern), {"withdraw-note": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        vi("Tick the box to confirm that the resident withdrew their consent.")
    ]
    own_concern.refresh_from_db()
    assert own_concern.resident_phone == PHONE and own_concern.resident_consent


def test_withdraw_works_on_a_closed_concern_and_not_twice(own_concern, ward_cadre):
    closed(own_concern, ward_cadre)
    services.withdraw_resident_consent(actor=ward_cadre, concern=own_concern)
    own_concern.refresh_from_db()
    assert own_concern.resident_phone == "" and own_concern.status == S.NOT_IN_SCOPE
    with pytest.raises(ValidationError) as raised:
        services.withdraw_resident_consent(actor=ward_cadre, concern=own_concern)
    assert raised.value.code == "nothing"


def test_withdraw_refuses_outside_the_scope(other_concern, own_concern, ward_cadre, demo_user):
    with pytest.raises(ValidationError):
        services.withdraw_resident_consent(actor=ward_cadre, concern=other_concern)
    with pytest.raises(ValidationError):
        services.withdraw_resident_consent(actor=demo_user("cadre_viewer"), concern=own_concern)
    other_concern.refresh_from_db()
    own_concern.refresh_from_db()
    assert other_concern.resident_phone == "0912000888" and own_concern.resident_phone == PHONE


def test_corrections_are_not_steps_on_the_residents_status_page(own_concern, ward_cadre):
    from concerns.selectors_public import public_status

    edit(ward_cadre, own_concern, summary="Changed")
    services.withdraw_resident_consent(actor=ward_cadre, concern=own_concern)
    steps = public_status(own_concern.tracking_code).steps
    assert [step.status for step in steps] == [S.RECEIVED]
