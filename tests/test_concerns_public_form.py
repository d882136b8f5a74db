"""Residents raise a concern on the public form: the form page, a valid concern, each invalid
field (refused next to the field), the form page's query count, and the service behind the form.

The pages are read in English. Runs against the demo structure of ``seed_demo``.
"""

from __future__ import annotations

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from concerns import services
from concerns.models import Concern, ConcernEvent, ConcernSource, ConcernStatus
from organizations.models import AdministrativeUnit, UnitKind
from tests.concerns_common import register_authority
from tests.concerns_public_common import DESCRIPTION, RAISE_URL, RAISED_URL, STATUS_URL, form_data, post
from tests.factories import UnitFactory
from tests.helpers import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


TODAY = timezone.localdate()


def field_errors(response, name: str) -> str:
    """The error text shown under one field (crispy-forms renders it after the field)."""
    html = response.content.decode()
    match = re.search(
        rf'<(?:div|fieldset) id="div_id_{name}".*?(?=<(?:div|fieldset) id="div_id_|</form>)', html, re.S
    )
    assert match, f"no field {name} on the page"
    return match.group(0)


# --- the form page ------------------------------------------------------------------------------


def test_form_offers_todays_units_and_their_areas_grouped(client):
    response = client.get(RAISE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'name="csrfmiddlewaretoken"' in html
    unit_select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    for name in ("Phường La Gi", "Phường Phước Hội", "Xã Tân Hải"):
        assert name in unit_select
    # Units that ended with the 2025 reorganization are not offered.
    assert "Phước Lộc" not in unit_select
    area_select = re.search(r'<select name="residential_area".*?</select>', html, re.S).group(0)
    assert '<optgroup label="Phường Phước Hội">' in area_select
    assert f'value="{unit("LD-PPHUOCHOI-KP02").pk}"' in area_select
    assert f'value="{unit("LG-PL-KP01").pk}"' not in area_select
    # Categories are big buttons (radio inputs), as on the cadre's visit form.
    assert html.count('name="category"') == len(Concern._meta.get_field("category").choices)


def test_form_has_a_hidden_honeypot_and_the_privacy_notice(client):
    html = client.get(RAISE_URL).content.decode()
    honeypot = re.search(r'<div\s+class="concern-hp"\s+aria-hidden="true">.*?</div>\s*</div>', html, re.S)
    assert honeypot, "the honeypot is wrapped in an aria-hidden block"
    assert 'name="website"' in honeypot.group(0)
    assert 'tabindex="-1"' in honeypot.group(0)
    assert ".concern-hp{position:absolute;left:-10000px" in html
    assert "91/2025/QH15" in html
    assert "I agree that the Front keeps my name and phone to contact me about this concern" in html


@pytest.mark.parametrize("url", [RAISE_URL, STATUS_URL, f"{STATUS_URL}?code=ABCDE23456"])
def test_pages_are_never_cached(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- a valid concern ----------------------------------------------------------------------------


def test_valid_concern_is_received_from_the_public_form_and_shows_its_code(client):
    before = Concern.objects.count()
    response = post(
        client,
        form_data(resident_name="  Người Gửi Thử  ", resident_phone="0912 345 678", resident_consent="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == RAISED_URL
    assert Concern.objects.count() == before + 1
    concern = Concern.objects.latest("pk")
    assert concern.source == ConcernSource.PUBLIC_FORM
    assert concern.status == ConcernStatus.RECEIVED
    assert concern.received_by is None
    assert concern.organization is None
    assert concern.received_on == TODAY
    assert concern.unit == unit("LD-PPHUOCHOI")
    assert concern.residential_area == unit("LD-PPHUOCHOI-KP02")
    assert concern.category == "infrastructure"
    assert concern.detail == DESCRIPTION
    assert DESCRIPTION not in concern.summary
    assert concern.resident_name == "Người Gửi Thử"
    assert concern.resident_phone == "0912345678"
    assert concern.resident_consent is True
    event = ConcernEvent.objects.get(concern=concern)
    assert (event.from_status, event.to_status, event.actor) == ("", ConcernStatus.RECEIVED, None)

    page = client.get(RAISED_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="tracking-code"' in html and concern.tracking_code in html
    assert f'href="{STATUS_URL}?code={concern.tracking_code}"' in html
    assert "no-store" in page["Cache-Control"]
    # The description, name and phone are not echoed on the page after the form.
    for secret in (DESCRIPTION, "Người Gửi Thử", "0912345678"):
        assert secret not in html


def test_concern_without_name_or_phone_keeps_no_consent(client):
    response = post(client, form_data(residential_area="", resident_consent="on"))
    assert response.status_code == 302
    concern = Concern.objects.latest("pk")
    assert concern.residential_area is None
    assert (concern.resident_name, concern.resident_phone, concern.resident_consent) == ("", "", False)


def test_the_longest_vietnamese_description_fits_under_the_size_cap(client):
    description = ("Đường ngập nước " * 200)[:2000]
    response = post(client, form_data(description=description))
    assert response.status_code == 302
    assert Concern.objects.latest("pk").detail == description.strip()


def test_line_breaks_count_as_one_character_as_in_the_browser(client):
    typed = "\n".join(["Nước ngập sâu trong hẻm."] * 90)[:2000].strip()
    sent = typed.replace("\n", "\r\n")  # what the browser sends
    assert len(typed) <= 2000 < len(sent)
    response = post(client, form_data(description=sent))
    assert response.status_code == 302
    assert Concern.objects.latest("pk").detail == typed


def test_page_after_the_form_without_a_concern_sends_to_the_form(client):
    response = client.get(RAISED_URL)
    assert response.status_code == 302
    assert response["Location"] == RAISE_URL


# --- invalid fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": None}, "category", "Choose what the concern is about."),
        ({"category": "weather"}, "category", "Select a valid choice."),
        ({"unit": None}, "unit", "Choose your ward or commune."),
        (
            {"residential_area": "LD-PLAGI-KP01"},
            "residential_area",
            "is not in the ward or commune you chose",
        ),
        ({"unit": "LG-PH", "residential_area": ""}, "unit", "Select a valid choice."),
        ({"description": "Đường hỏng."}, "description", "at least 20 characters (you wrote 11)"),
        ({"description": "x" * 2001}, "description", "at most 2000 characters (you wrote 2001)"),
        ({"description": "   "}, "description", "Describe the concern."),
        (
            {"resident_phone": "12345", "resident_consent": "on"},
            "resident_phone",
            "Enter a Vietnamese phone number",
        ),
        (
            {"resident_name": "Người Gửi"},
            "resident_consent",
            "Tick this box if you want us to keep your name",
        ),
        (
            {"resident_phone": "0912345678"},
            "resident_consent",
            "Tick this box if you want us to keep your name",
        ),
    ],
    ids=[
        "missing-category",
        "unknown-category",
        "missing-unit",
        "area-of-another-unit",
        "unit-that-ended",
        "description-too-short",
        "description-too-long",
        "description-blank",
        "phone-invalid",
        "name-without-consent",
        "phone-without-consent",
    ],
)
def test_each_invalid_field_is_refused_next_to_the_field(client, overrides, field, message):
    overrides = dict(overrides)
    for key in ("unit", "residential_area"):
        if str(overrides.get(key)).startswith(("LD-", "LG-")):
            overrides[key] = str(unit(overrides[key]).pk)
    before = Concern.objects.count()
    response = post(client, form_data(**overrides))
    assert response.status_code == 200
    assert Concern.objects.count() == before
    errors = field_errors(response, field)
    assert message in errors
    # The form keeps what was typed.
    if (overrides.get("description") or "").strip():
        assert overrides["description"][:50] in response.content.decode()


# --- query count -------------------------------------------------------------------------------


@pytest.mark.parametrize("extra_areas", [5, 200])
def test_form_page_queries_do_not_grow_with_the_areas(client, django_assert_num_queries, extra_areas):
    parent = unit("LD-XTANHAI")
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"TEST-AREA-{number}",
            name=f"Thôn thử {number}",
            kind=UnitKind.VILLAGE,
            parent=parent,
            valid_from=datetime.date(2025, 7, 1),
        )
        for number in range(extra_areas)
    )
    # Today's wards and communes, then their residential areas.
    with django_assert_num_queries(2):
        response = client.get(RAISE_URL)
    assert response.status_code == 200
    assert f"Thôn thử {extra_areas - 1}" in response.content.decode()


# --- the service --------------------------------------------------------------------------------


def test_service_records_the_concern_without_a_cadre_and_audits_it():
    concern = services.receive_public_concern(
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP01"),
        category="security_order",
        description="  Thanh niên tụ tập chạy xe gây ồn ào sau 23 giờ.  ",
    )
    assert concern.detail == "Thanh niên tụ tập chạy xe gây ồn ào sau 23 giờ."
    assert concern.summary == services.public_form_summary()
    assert concern.received_by is None
    entry = LogEntry.objects.get_for_object(concern).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor is None


def test_a_cadre_can_follow_a_public_concern_through_the_workflow(demo_user):
    cadre = demo_user("cadre_ward")
    concern = services.receive_public_concern(
        unit=unit("LD-PPHUOCHOI"), category="environment", description="Bãi rác tự phát cạnh chợ gây mùi hôi."
    )
    assert Concern.objects.editable_by(cadre).filter(pk=concern.pk).exists()
    concern = services.forward_concern(
        actor=cadre, concern=concern, authority=register_authority(), forwarded_on=TODAY, due_date=TODAY
    )
    concern = services.answer_concern(actor=cadre, concern=concern, answer="Đã dọn.", answered_on=TODAY)
    concern = services.mark_resident_informed(actor=cadre, concern=concern, informed_on=TODAY)
    concern = services.close_concern(actor=cadre, concern=concern, closed_on=TODAY)
    assert concern.status == ConcernStatus.CLOSED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"unit": "LG-PH"}, "unit"),
        ({"unit": "LD-PPHUOCHOI-KP01"}, "unit"),
        ({"residential_area": "LD-PLAGI-KP01"}, "residential_area"),
        ({"residential_area": "LG-PH-KP01"}, "residential_area"),
        ({"description": "   ngắn quá   "}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({"resident_name": "Người Dân"}, "resident_consent"),
        ({"resident_phone": "123", "resident_consent": True}, "resident_phone"),
        ({"category": "weather"}, "category"),
    ],
)
def test_service_refuses_what_the_form_would_refuse(kwargs, field):
    kwargs = dict(kwargs)
    arguments = {"unit": unit("LD-PPHUOCHOI"), "category": "other", "description": DESCRIPTION}
    for key in ("unit", "residential_area"):
        if key in kwargs:
            kwargs[key] = unit(kwargs[key])
    arguments.update(kwargs)
    before = Concern.objects.count()
    with pytest.raises(ValidationError) as error:
        services.receive_public_concern(**arguments)
    assert field in error.value.message_dict
    assert Concern.objects.count() == before


def test_service_takes_any_current_ward_or_commune_and_refuses_one_that_ended():
    commune = UnitFactory(kind=UnitKind.COMMUNE, valid_from=TODAY, valid_to=None)
    concern = services.receive_public_concern(unit=commune, category="other", description=DESCRIPTION)
    assert concern.unit == commune
    ended = UnitFactory(kind=UnitKind.COMMUNE, valid_to=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.receive_public_concern(unit=ended, category="other", description=DESCRIPTION)
