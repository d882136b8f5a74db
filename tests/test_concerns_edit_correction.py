"""Correcting a concern's facts: the service (one event, one audit entry, nothing saved when
refused), the edit page per role, the public form's placeholder summary that a cadre replaces, and
pinned query counts. Runs against the demo structure and accounts of ``seed_demo``."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from concerns import services
from concerns.models import Concern, ConcernCategory, ConcernEvent, ConcernSource
from organizations.models import AdministrativeUnit, Organization
from tests.concerns_common import (
    DAY,
    PHONE,
    TODAY,
    S,
    closed,
    edit,
    edit_url,
    register_authority,
    withdraw_url,
)
from tests.factories import ConcernFactory
from tests.helpers import unit, vi
from tests.test_concerns_queries import INBOX_QUERIES

pytestmark = pytest.mark.django_db


# --- editing: the service -----------------------------------------------------------------------


def test_edit_saves_the_facts_with_one_event_and_one_audit_entry(own_concern, ward_cadre):
    events_before = own_concern.events.count()
    entries_before = LogEntry.objects.get_for_object(own_concern).count()

    edited = edit(
        ward_cadre,
        own_concern,
        category=ConcernCategory.INFRASTRUCTURE,
        summary="  Cống thoát nước bị tắc  ",
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        note="Nhầm khu phố khi ghi.",
    )

    own_concern.refresh_from_db()
    assert own_concern.category == ConcernCategory.INFRASTRUCTURE
    assert own_concern.summary == "Cống thoát nước bị tắc"
    assert own_concern.residential_area == unit("LD-PPHUOCHOI-KP02")
    assert own_concern.detail == "OWN-DETAIL-SECRET" and own_concern.status == S.RECEIVED
    assert edited.pk == own_concern.pk
    assert own_concern.events.count() == events_before + 1
    event = own_concern.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.actor) == (S.RECEIVED, S.RECEIVED, ward_cadre)
    assert event.data == {
        "correction": "facts_corrected",
        "fields": ["category", "summary", "residential_area"],
    }
    assert event.note == "Nhầm khu phố khi ghi."
    entries = LogEntry.objects.get_for_object(own_concern).order_by("timestamp", "pk")
    assert entries.count() == entries_before + 1
    entry = entries.last()
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == ward_cadre
    assert set(entry.changes) == {"category", "summary", "residential_area"}
    event_entry = LogEntry.objects.get_for_object(event).get()
    assert event_entry.action == LogEntry.Action.CREATE and event_entry.actor == ward_cadre


def test_edit_keeps_a_forwarded_concern_forwarded(own_concern, ward_cadre):
    services.forward_concern(
        actor=ward_cadre,
        concern=own_concern,
        authority=register_authority(),
        forwarded_on=TODAY - DAY,
        due_date=TODAY + 9 * DAY,
    )
    edit(ward_cadre, own_concern, detail="Chi tiết bổ sung.")
    own_concern.refresh_from_db()
    assert (
        own_concern.status == S.FORWARDED
        and own_concern.authority == register_authority()
        and own_concern.detail == "Chi tiết bổ sung."
    )
    event = own_concern.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.data["fields"]) == (
        S.FORWARDED,
        S.FORWARDED,
        ["detail"],
    )


def test_edit_refuses_an_area_outside_the_unit_and_saves_nothing(own_concern, ward_cadre):
    events_before = own_concern.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own_concern, summary="Changed", residential_area=unit("LD-PLAGI-KP01"))
    assert "residential_area" in raised.value.message_dict
    own_concern.refresh_from_db()
    assert own_concern.summary == "OWN-SUMMARY rác tồn đọng"
    assert own_concern.residential_area == unit("LD-PPHUOCHOI-KP01")
    assert own_concern.events.count() == events_before


def test_edit_refuses_a_closed_concern(own_concern, ward_cadre):
    closed(own_concern, ward_cadre)
    events_before = own_concern.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own_concern, summary="Changed")
    assert raised.value.code == "closed"
    own_concern.refresh_from_db()
    assert own_concern.summary == "OWN-SUMMARY rác tồn đọng" and own_concern.events.count() == events_before


def test_edit_without_a_change_writes_nothing(own_concern, ward_cadre):
    events_before = own_concern.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own_concern, summary="  OWN-SUMMARY rác tồn đọng ")
    assert raised.value.code == "unchanged"
    assert own_concern.events.count() == events_before


def test_edit_refuses_a_concern_outside_the_scope(other_concern, own_concern, ward_cadre, demo_user):
    with pytest.raises(ValidationError):
        edit(ward_cadre, other_concern, summary="Changed")
    with pytest.raises(ValidationError):
        edit(demo_user("cadre_viewer"), own_concern, summary="Changed")
    # Nor can a concern be moved to another ward's unit.
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own_concern, unit=unit("LD-PLAGI"), residential_area=unit("LD-PLAGI-KP01"))
    assert "unit" in raised.value.message_dict
    other_concern.refresh_from_db()
    own_concern.refresh_from_db()
    assert other_concern.summary == "OTHER-SUMMARY" and own_concern.unit == unit("LD-PPHUOCHOI")


def test_an_organization_cadre_corrects_a_concern_their_organization_received(demo_user):
    women = Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường La Gi", unit__code="LD-PLAGI")
    concern = services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit("LD-PLAGI"),
        organization=women,
        category=ConcernCategory.SOCIAL_POLICY,
        summary="Hỗ trợ hộ nghèo",
        received_on=TODAY - 2 * DAY,
    )
    cadre = demo_user("cadre_women")
    edit(cadre, concern, summary="Hỗ trợ vay vốn hộ nghèo")
    concern.refresh_from_db()
    assert concern.summary == "Hỗ trợ vay vốn hộ nghèo"


# --- editing: the pages -------------------------------------------------------------------------


def form_data(concern: Concern, **changes) -> dict:
    return {
        "category": concern.category,
        "summary": concern.summary,
        "detail": concern.detail,
        "unit": concern.unit_id,
        "residential_area": concern.residential_area_id or "",
        "note": "",
    } | changes


def test_edit_page_saves_and_goes_back_to_the_concern(login_as, own_concern, ward_cadre):
    client = login_as("cadre_ward")
    response = client.get(edit_url(own_concern))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'type="radio"' in content and "OWN-DETAIL-SECRET" in content

    response = client.post(
        edit_url(own_concern), form_data(own_concern, category="health", summary="Bãi rác gây mùi")
    )
    assert response.status_code == 302 and response["Location"] == own_concern.get_absolute_url()
    own_concern.refresh_from_db()
    assert (own_concern.category, own_concern.summary) == ("health", "Bãi rác gây mùi")
    page = client.get(own_concern.get_absolute_url()).content.decode()
    assert vi("The concern was corrected.") in page
    # The timeline names the event and the corrected fields (by their labels), not a status change.
    assert vi("Facts corrected") in page
    assert vi("category").capitalize() in page and vi("public summary").capitalize() in page
    assert (
        LogEntry.objects.get_for_object(own_concern)
        .filter(actor=ward_cadre, action=LogEntry.Action.UPDATE)
        .exists()
    )


def test_edit_page_shows_the_errors_next_to_the_fields(login_as, own_concern):
    client = login_as("cadre_area")
    response = client.post(
        edit_url(own_concern), form_data(own_concern, residential_area=unit("LD-PLAGI-KP01").pk, summary="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"summary"}  # the form's own errors first: nothing reaches the service
    response = client.post(
        edit_url(own_concern), form_data(own_concern, residential_area=unit("LD-PLAGI-KP01").pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["residential_area"] == [
        vi("The residential area must be in the chosen unit.")
    ]
    own_concern.refresh_from_db()
    assert own_concern.residential_area == unit("LD-PPHUOCHOI-KP01")


def test_edit_page_offers_only_the_cadres_units(login_as, own_concern):
    client = login_as("cadre_ward")
    form = client.get(edit_url(own_concern)).context["form"]
    codes = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert "LD-PPHUOCHOI" in codes and "LD-PLAGI" not in codes
    areas = set(form.fields["residential_area"].queryset.values_list("code", flat=True))
    assert "LD-PPHUOCHOI-KP01" in areas and "LD-PLAGI-KP01" not in areas
    response = client.post(edit_url(own_concern), form_data(own_concern, unit=unit("LD-PLAGI").pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_edit_page_of_a_closed_concern_says_so_and_changes_nothing(login_as, own_concern, ward_cadre):
    closed(own_concern, ward_cadre)
    client = login_as("cadre_ward")
    response = client.get(edit_url(own_concern))
    assert response.status_code == 200
    assert vi("A closed concern cannot be corrected.") in response.content.decode()
    response = client.post(edit_url(own_concern), form_data(own_concern, summary="Changed"))
    assert response.status_code == 200
    own_concern.refresh_from_db()
    assert own_concern.summary == "OWN-SUMMARY rác tồn đọng"
    # Nor is the edit link shown.
    assert edit_url(own_concern) not in client.get(own_concern.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "username, status", [(None, 302), ("cadre_women", 404), ("cadre_viewer", 403), ("cadre_ward", 200)]
)
def test_edit_and_withdraw_pages_per_role(login_as, own_concern, username, status):
    client = login_as(username)
    for url in (edit_url(own_concern), withdraw_url(own_concern)):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("login"))
    post_status = 302 if status == 200 else status  # saved, back to the concern
    assert (
        client.post(edit_url(own_concern), form_data(own_concern, summary="Changed")).status_code
        == post_status
    )
    assert client.post(withdraw_url(own_concern), {"withdraw-confirm": "on"}).status_code == post_status
    own_concern.refresh_from_db()
    if username == "cadre_ward":
        assert own_concern.summary == "Changed" and own_concern.resident_phone == ""
    else:
        assert own_concern.summary == "OWN-SUMMARY rác tồn đọng" and own_concern.resident_phone == PHONE


def test_ward_cadre_gets_404_for_another_wards_concern(login_as, other_concern):
    client = login_as("cadre_ward")
    assert client.get(edit_url(other_concern)).status_code == 404
    assert (
        client.post(edit_url(other_concern), form_data(other_concern, summary="Changed")).status_code == 404
    )
    assert client.post(withdraw_url(other_concern), {"withdraw-confirm": "on"}).status_code == 404
    other_concern.refresh_from_db()
    assert other_concern.summary == "OTHER-SUMMARY" and other_concern.resident_phone == "0912000888"


def test_detail_shows_edit_and_withdraw_to_editors_only(login_as, own_concern):
    page = login_as("cadre_ward").get(own_concern.get_absolute_url()).content.decode()
    assert (
        edit_url(own_concern) in page
        and withdraw_url(own_concern) in page
        and 'name="withdraw-confirm"' in page
    )
    page = login_as("cadre_viewer").get(own_concern.get_absolute_url()).content.decode()
    assert edit_url(own_concern) not in page and withdraw_url(own_concern) not in page


# --- the public form's placeholder summary ------------------------------------------------------

MARKER = 'class="badge text-bg-warning">'


def inbox_row(inbox: str, concern: Concern) -> str:
    [row] = [row for row in inbox.split('<li class="list-group-item') if concern.tracking_code in row]
    return row


def test_a_public_concern_is_marked_summary_to_be_written_until_a_cadre_writes_it(
    login_as, public_form_concern, own_concern
):
    assert public_form_concern.summary == services.public_form_summary()
    assert services.has_placeholder_summary(public_form_concern)
    with translation.override("en"):
        assert services.has_placeholder_summary(public_form_concern)
    assert not services.has_placeholder_summary(own_concern)
    # A cadre who typed the same words on another concern is not asked to write a summary.
    assert not services.has_placeholder_summary(ConcernFactory.build(summary=public_form_concern.summary))

    client = login_as("cadre_ward")
    inbox = client.get(reverse("concerns:inbox")).content.decode()
    assert MARKER in inbox_row(inbox, public_form_concern) and MARKER not in inbox_row(inbox, own_concern)
    detail = client.get(public_form_concern.get_absolute_url()).content.decode()
    assert 'id="summary-to-write"' in detail
    form = client.get(edit_url(public_form_concern)).context["form"]
    assert form.initial["summary"] == ""  # the neutral text is not offered as a summary

    response = client.post(
        edit_url(public_form_concern), form_data(public_form_concern, summary="Đèn đường hẻm 12 bị hỏng")
    )
    assert response.status_code == 302
    public_form_concern.refresh_from_db()
    assert not services.has_placeholder_summary(public_form_concern)
    detail = client.get(public_form_concern.get_absolute_url()).content.decode()
    assert 'id="summary-to-write"' not in detail
    inbox = client.get(reverse("concerns:inbox")).content.decode()
    assert MARKER not in inbox_row(inbox, public_form_concern)


# --- query counts -------------------------------------------------------------------------------


def make_concerns(count: int) -> None:
    ward = unit("LD-PPHUOCHOI")
    areas = list(AdministrativeUnit.objects.filter(parent=ward))
    ConcernFactory.create_batch(
        count,
        unit=ward,
        residential_area=areas[0],
        source=ConcernSource.PUBLIC_FORM,
        summary=services.public_form_summary(),
        received_on=TODAY - DAY,
    )


# The edit page: session, user, the scope (its rows, the reach below them), the
# concern (with its units, organization, recorder, duplicate and activity), the unit choices and the
# chosen unit, the residential-area choices and the chosen area (a chooser reads its chosen option at
# any length of its list), and the access entry of the audit log (the form shows the concern's
# confidential detail, so each showing is logged, as on the concern's page).
EDIT_QUERIES = 10


def test_edit_page_costs_the_same_at_5_and_200_concerns(login_as, own_concern, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_concerns(5)
    for _ in range(3):
        ConcernEvent.objects.create(concern=own_concern, from_status="", to_status=S.RECEIVED)
    client.get(edit_url(own_concern))  # warm-up (content types, translations)
    with django_assert_num_queries(EDIT_QUERIES):
        assert client.get(edit_url(own_concern)).status_code == 200
    make_concerns(195)
    with django_assert_num_queries(EDIT_QUERIES):
        assert client.get(edit_url(own_concern)).status_code == 200


def test_inbox_marker_costs_no_query(login_as, django_assert_num_queries):
    """The "summary to be written" marker reads only the listed concern (see test_concerns_queries)."""
    client = login_as("cadre_ward")
    make_concerns(5)
    client.get(reverse("concerns:inbox"))
    with django_assert_num_queries(INBOX_QUERIES):
        first = client.get(reverse("concerns:inbox"))
    make_concerns(195)
    with django_assert_num_queries(INBOX_QUERIES):
        second = client.get(reverse("concerns:inbox"))
    for response in (first, second):
        to_write = sum(services.has_placeholder_summary(concern) for concern in response.context["page"])
        assert to_write >= 5 and response.content.decode().count(MARKER) == to_write
