"""Correcting a concern's facts, and erasing a resident's name and phone when they withdraw
their consent: services, pages per role, the timeline, the audit log and pinned query counts.
Runs against the demo structure and accounts of ``seed_demo``."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from concerns import services
from concerns.models import Concern, ConcernCategory, ConcernEvent, ConcernSource, ConcernStatus
from organizations.models import AdministrativeUnit, Organization
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

S = ConcernStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PHONE = "0912000777"
NAME = "Withdrawn Resident Name"


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def vi(message: str) -> str:
    """A message as the (Vietnamese) pages show it, translated or not yet."""
    with translation.override("vi"):
        return escape(gettext(message))


@pytest.fixture
def ward_cadre(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def own(demo_user) -> Concern:
    """A received concern in cadre_ward's quarter, with the resident's name and phone."""
    return services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP01"),
        category=ConcernCategory.ENVIRONMENT,
        summary="OWN-SUMMARY rác tồn đọng",
        detail="OWN-DETAIL-SECRET",
        resident_name=NAME,
        resident_phone=PHONE,
        resident_consent=True,
        received_on=TODAY - 5 * DAY,
    )


@pytest.fixture
def other(demo_user) -> Concern:
    """A concern of Phường La Gi, outside cadre_ward's scope."""
    return services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit("LD-PLAGI"),
        residential_area=unit("LD-PLAGI-KP01"),
        category=ConcernCategory.ENVIRONMENT,
        summary="OTHER-SUMMARY",
        resident_name="Other Resident",
        resident_phone="0912000888",
        resident_consent=True,
        received_on=TODAY - 3 * DAY,
    )


@pytest.fixture
def public(db) -> Concern:
    """A concern a resident raised on the public form: it carries the neutral summary."""
    return services.receive_public_concern(
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        category=ConcernCategory.INFRASTRUCTURE,
        description="Đèn đường ở hẻm 12 bị hỏng hai tuần nay, buổi tối rất tối.",
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


def edit_url(concern: Concern) -> str:
    return reverse("concerns:edit", args=[concern.pk])


def withdraw_url(concern: Concern) -> str:
    return reverse("concerns:withdraw_consent", args=[concern.pk])


def audit_text(concern: Concern) -> str:
    """Everything the audit log keeps about the concern's values, as one string."""
    return json.dumps(
        [
            [entry.changes, entry.changes_text, entry.serialized_data, entry.additional_data]
            for entry in LogEntry.objects.get_for_object(concern)
        ],
        ensure_ascii=False,
    )


# --- editing: the service -----------------------------------------------------------------------


def test_edit_saves_the_facts_with_one_event_and_one_audit_entry(own, ward_cadre):
    events_before = own.events.count()
    entries_before = LogEntry.objects.get_for_object(own).count()

    edited = edit(
        ward_cadre,
        own,
        category=ConcernCategory.INFRASTRUCTURE,
        summary="  Cống thoát nước bị tắc  ",
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        note="Nhầm khu phố khi ghi.",
    )

    own.refresh_from_db()
    assert own.category == ConcernCategory.INFRASTRUCTURE
    assert own.summary == "Cống thoát nước bị tắc"
    assert own.residential_area == unit("LD-PPHUOCHOI-KP02")
    assert own.detail == "OWN-DETAIL-SECRET" and own.status == S.RECEIVED
    assert edited.pk == own.pk
    assert own.events.count() == events_before + 1
    event = own.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.actor) == (S.RECEIVED, S.RECEIVED, ward_cadre)
    assert event.data == {
        "correction": "facts_corrected",
        "fields": ["category", "summary", "residential_area"],
    }
    assert event.note == "Nhầm khu phố khi ghi."
    entries = LogEntry.objects.get_for_object(own).order_by("timestamp", "pk")
    assert entries.count() == entries_before + 1
    entry = entries.last()
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == ward_cadre
    assert set(entry.changes) == {"category", "summary", "residential_area"}
    event_entry = LogEntry.objects.get_for_object(event).get()
    assert event_entry.action == LogEntry.Action.CREATE and event_entry.actor == ward_cadre


def test_edit_keeps_a_forwarded_concern_forwarded(own, ward_cadre):
    services.forward_concern(
        actor=ward_cadre, concern=own, authority="UBND", forwarded_on=TODAY - DAY, due_date=TODAY + 9 * DAY
    )
    edit(ward_cadre, own, detail="Chi tiết bổ sung.")
    own.refresh_from_db()
    assert own.status == S.FORWARDED and own.forwarded_to == "UBND" and own.detail == "Chi tiết bổ sung."
    event = own.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.data["fields"]) == (
        S.FORWARDED,
        S.FORWARDED,
        ["detail"],
    )


def test_edit_refuses_an_area_outside_the_unit_and_saves_nothing(own, ward_cadre):
    events_before = own.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own, summary="Changed", residential_area=unit("LD-PLAGI-KP01"))
    assert "residential_area" in raised.value.message_dict
    own.refresh_from_db()
    assert own.summary == "OWN-SUMMARY rác tồn đọng"
    assert own.residential_area == unit("LD-PPHUOCHOI-KP01")
    assert own.events.count() == events_before


def test_edit_refuses_a_closed_concern(own, ward_cadre):
    closed(own, ward_cadre)
    events_before = own.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own, summary="Changed")
    assert raised.value.code == "closed"
    own.refresh_from_db()
    assert own.summary == "OWN-SUMMARY rác tồn đọng" and own.events.count() == events_before


def test_edit_without_a_change_writes_nothing(own, ward_cadre):
    events_before = own.events.count()
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own, summary="  OWN-SUMMARY rác tồn đọng ")
    assert raised.value.code == "unchanged"
    assert own.events.count() == events_before


def test_edit_refuses_a_concern_outside_the_scope(other, own, ward_cadre, demo_user):
    with pytest.raises(ValidationError):
        edit(ward_cadre, other, summary="Changed")
    with pytest.raises(ValidationError):
        edit(demo_user("cadre_viewer"), own, summary="Changed")
    # Nor can a concern be moved to another ward's unit.
    with pytest.raises(ValidationError) as raised:
        edit(ward_cadre, own, unit=unit("LD-PLAGI"), residential_area=unit("LD-PLAGI-KP01"))
    assert "unit" in raised.value.message_dict
    other.refresh_from_db()
    own.refresh_from_db()
    assert other.summary == "OTHER-SUMMARY" and own.unit == unit("LD-PPHUOCHOI")


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


def test_edit_page_saves_and_goes_back_to_the_concern(login_as, own, ward_cadre):
    client = login_as("cadre_ward")
    response = client.get(edit_url(own))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'type="radio"' in content and "OWN-DETAIL-SECRET" in content

    response = client.post(edit_url(own), form_data(own, category="health", summary="Bãi rác gây mùi"))
    assert response.status_code == 302 and response["Location"] == own.get_absolute_url()
    own.refresh_from_db()
    assert (own.category, own.summary) == ("health", "Bãi rác gây mùi")
    page = client.get(own.get_absolute_url()).content.decode()
    assert vi("The concern was corrected.") in page
    # The timeline names the event and the corrected fields (by their labels), not a status change.
    assert vi("Facts corrected") in page
    assert vi("category").capitalize() in page and vi("public summary").capitalize() in page
    assert (
        LogEntry.objects.get_for_object(own).filter(actor=ward_cadre, action=LogEntry.Action.UPDATE).exists()
    )


def test_edit_page_shows_the_errors_next_to_the_fields(login_as, own):
    client = login_as("cadre_area")
    response = client.post(
        edit_url(own), form_data(own, residential_area=unit("LD-PLAGI-KP01").pk, summary="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"summary"}  # the form's own errors first: nothing reaches the service
    response = client.post(edit_url(own), form_data(own, residential_area=unit("LD-PLAGI-KP01").pk))
    assert response.status_code == 200
    assert response.context["form"].errors["residential_area"] == [
        vi("The residential area must be in the chosen unit.")
    ]
    own.refresh_from_db()
    assert own.residential_area == unit("LD-PPHUOCHOI-KP01")


def test_edit_page_offers_only_the_cadres_units(login_as, own):
    client = login_as("cadre_ward")
    form = client.get(edit_url(own)).context["form"]
    codes = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert "LD-PPHUOCHOI" in codes and "LD-PLAGI" not in codes
    areas = set(form.fields["residential_area"].queryset.values_list("code", flat=True))
    assert "LD-PPHUOCHOI-KP01" in areas and "LD-PLAGI-KP01" not in areas
    response = client.post(edit_url(own), form_data(own, unit=unit("LD-PLAGI").pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_edit_page_of_a_closed_concern_says_so_and_changes_nothing(login_as, own, ward_cadre):
    closed(own, ward_cadre)
    client = login_as("cadre_ward")
    response = client.get(edit_url(own))
    assert response.status_code == 200
    assert vi("A closed concern cannot be corrected.") in response.content.decode()
    response = client.post(edit_url(own), form_data(own, summary="Changed"))
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.summary == "OWN-SUMMARY rác tồn đọng"
    # Nor is the edit link shown.
    assert edit_url(own) not in client.get(own.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "username, status", [(None, 302), ("cadre_women", 404), ("cadre_viewer", 403), ("cadre_ward", 200)]
)
def test_edit_and_withdraw_pages_per_role(login_as, own, username, status):
    client = login_as(username)
    for url in (edit_url(own), withdraw_url(own)):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("login"))
    post_status = 302 if status == 200 else status  # saved, back to the concern
    assert client.post(edit_url(own), form_data(own, summary="Changed")).status_code == post_status
    assert client.post(withdraw_url(own), {"withdraw-confirm": "on"}).status_code == post_status
    own.refresh_from_db()
    if username == "cadre_ward":
        assert own.summary == "Changed" and own.resident_phone == ""
    else:
        assert own.summary == "OWN-SUMMARY rác tồn đọng" and own.resident_phone == PHONE


def test_ward_cadre_gets_404_for_another_wards_concern(login_as, other):
    client = login_as("cadre_ward")
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(edit_url(other), form_data(other, summary="Changed")).status_code == 404
    assert client.post(withdraw_url(other), {"withdraw-confirm": "on"}).status_code == 404
    other.refresh_from_db()
    assert other.summary == "OTHER-SUMMARY" and other.resident_phone == "0912000888"


def test_detail_shows_edit_and_withdraw_to_editors_only(login_as, own):
    page = login_as("cadre_ward").get(own.get_absolute_url()).content.decode()
    assert edit_url(own) in page and withdraw_url(own) in page and 'name="withdraw-confirm"' in page
    page = login_as("cadre_viewer").get(own.get_absolute_url()).content.decode()
    assert edit_url(own) not in page and withdraw_url(own) not in page


# --- the public form's placeholder summary ------------------------------------------------------

MARKER = 'class="badge text-bg-warning">'


def inbox_row(inbox: str, concern: Concern) -> str:
    [row] = [row for row in inbox.split('<li class="list-group-item') if concern.tracking_code in row]
    return row


def test_a_public_concern_is_marked_summary_to_be_written_until_a_cadre_writes_it(login_as, public, own):
    assert public.summary == services.public_form_summary()
    assert services.has_placeholder_summary(public)
    with translation.override("en"):
        assert services.has_placeholder_summary(public)
    assert not services.has_placeholder_summary(own)
    # A cadre who typed the same words on another concern is not asked to write a summary.
    assert not services.has_placeholder_summary(ConcernFactory.build(summary=public.summary))

    client = login_as("cadre_ward")
    inbox = client.get(reverse("concerns:inbox")).content.decode()
    assert MARKER in inbox_row(inbox, public) and MARKER not in inbox_row(inbox, own)
    detail = client.get(public.get_absolute_url()).content.decode()
    assert 'id="summary-to-write"' in detail
    form = client.get(edit_url(public)).context["form"]
    assert form.initial["summary"] == ""  # the neutral text is not offered as a summary

    response = client.post(edit_url(public), form_data(public, summary="Đèn đường hẻm 12 bị hỏng"))
    assert response.status_code == 302
    public.refresh_from_db()
    assert not services.has_placeholder_summary(public)
    detail = client.get(public.get_absolute_url()).content.decode()
    assert 'id="summary-to-write"' not in detail
    inbox = client.get(reverse("concerns:inbox")).content.decode()
    assert MARKER not in inbox_row(inbox, public)


# --- withdrawing consent ------------------------------------------------------------------------


def test_withdraw_erases_name_and_phone_everywhere(own, ward_cadre):
    # An earlier phone, changed before: the audit log holds it too.
    own.resident_phone = "0912000666"
    own.save()
    own.resident_phone = PHONE
    own.save()
    assert PHONE in audit_text(own) and NAME in audit_text(own)

    services.withdraw_resident_consent(actor=ward_cadre, concern=own, note="Gọi điện xin rút.")

    own.refresh_from_db()
    assert (own.resident_name, own.resident_phone, own.resident_consent) == ("", "", False)
    event = own.events.order_by("at", "pk").last()
    assert (event.from_status, event.to_status, event.actor) == (S.RECEIVED, S.RECEIVED, ward_cadre)
    assert event.data == {"correction": "consent_withdrawn"} and event.note == "Gọi điện xin rút."
    text = audit_text(own)
    for erased in (PHONE, "0912000666", NAME, "912000777"):
        assert erased not in text
    # The audit log still says who withdrew and which fields changed.
    entry = (
        LogEntry.objects.get_for_object(own).filter(action=LogEntry.Action.UPDATE).latest("timestamp", "pk")
    )
    assert entry.actor == ward_cadre
    assert entry.changes["resident_phone"] == [services.ERASED, ""]
    assert entry.changes["resident_consent"] == [True, False]
    # The rest of the audit log stays.
    assert own.detail in text and own.summary in text


def test_withdraw_page_erases_and_the_phone_is_gone_from_the_detail_page(login_as, own):
    client = login_as("cadre_ward")
    assert PHONE in client.get(own.get_absolute_url()).content.decode()
    response = client.post(withdraw_url(own), {"withdraw-confirm": "on", "withdraw-note": ""})
    assert response.status_code == 302 and response["Location"] == own.get_absolute_url()
    page = client.get(own.get_absolute_url()).content.decode()
    assert PHONE not in page and NAME not in page
    assert vi("The resident's name and phone were erased.") in page
    assert vi("The resident withdrew consent; their name and phone were erased") in page
    assert withdraw_url(own) not in page  # nothing left to erase


def test_withdraw_needs_the_confirmation(login_as, own):
    response = login_as("cadre_ward").post(withdraw_url(own), {"withdraw-note": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        vi("Tick the box to confirm that the resident withdrew their consent.")
    ]
    own.refresh_from_db()
    assert own.resident_phone == PHONE and own.resident_consent


def test_withdraw_works_on_a_closed_concern_and_not_twice(own, ward_cadre):
    closed(own, ward_cadre)
    services.withdraw_resident_consent(actor=ward_cadre, concern=own)
    own.refresh_from_db()
    assert own.resident_phone == "" and own.status == S.NOT_IN_SCOPE
    with pytest.raises(ValidationError) as raised:
        services.withdraw_resident_consent(actor=ward_cadre, concern=own)
    assert raised.value.code == "nothing"


def test_withdraw_refuses_outside_the_scope(other, own, ward_cadre, demo_user):
    with pytest.raises(ValidationError):
        services.withdraw_resident_consent(actor=ward_cadre, concern=other)
    with pytest.raises(ValidationError):
        services.withdraw_resident_consent(actor=demo_user("cadre_viewer"), concern=own)
    other.refresh_from_db()
    own.refresh_from_db()
    assert other.resident_phone == "0912000888" and own.resident_phone == PHONE


def test_corrections_are_not_steps_on_the_residents_status_page(own, ward_cadre):
    from concerns.selectors_public import public_status

    edit(ward_cadre, own, summary="Changed")
    services.withdraw_resident_consent(actor=ward_cadre, concern=own)
    steps = public_status(own.tracking_code).steps
    assert [step.status for step in steps] == [S.RECEIVED]


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


# The edit page: session, user, the three scope queries (scopes, units, organizations), the
# concern (with its units, organization, recorder, duplicate and activity), the unit choices and
# the residential-area choices.
EDIT_QUERIES = 8


def test_edit_page_costs_the_same_at_5_and_200_concerns(login_as, own, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_concerns(5)
    for _ in range(3):
        ConcernEvent.objects.create(concern=own, from_status="", to_status=S.RECEIVED)
    client.get(edit_url(own))  # warm-up (content types, translations)
    with django_assert_num_queries(EDIT_QUERIES):
        assert client.get(edit_url(own)).status_code == 200
    make_concerns(195)
    with django_assert_num_queries(EDIT_QUERIES):
        assert client.get(edit_url(own)).status_code == 200


def test_inbox_marker_costs_no_query(login_as, django_assert_num_queries):
    """The "summary to be written" marker reads only the listed concern (see test_concerns_queries)."""
    client = login_as("cadre_ward")
    make_concerns(5)
    client.get(reverse("concerns:inbox"))
    with django_assert_num_queries(8):
        first = client.get(reverse("concerns:inbox"))
    make_concerns(195)
    with django_assert_num_queries(8):
        second = client.get(reverse("concerns:inbox"))
    for response in (first, second):
        to_write = sum(services.has_placeholder_summary(concern) for concern in response.context["page"])
        assert to_write >= 5 and response.content.decode().count(MARKER) == to_write
