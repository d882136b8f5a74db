"""Residents raise a concern on the public form and follow it with its tracking code.

The form: a valid concern, each invalid field, the honeypot, the rate limits, the size cap and
CSRF. The status page: a known code, an unknown one (one message whatever the reason), the
normalisation of the code, the lookup limit, and the privacy of every demo concern. The
service, the client address, the atomic counter of the rate limits, and the query counts.
Runs against the demo structure of ``seed_demo``.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from concerns import services
from concerns.forms_public import normalize_tracking_code
from concerns.models import Concern, ConcernEvent, ConcernSource, ConcernStatus
from concerns.ratelimits import client_ip
from demo.concerns import CONFIDENTIAL_MARKERS, confidential_demo_values
from organizations.models import AdministrativeUnit, UnitKind
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

RAISE_URL = reverse("concerns_public:raise")
RAISED_URL = reverse("concerns_public:raised")
STATUS_URL = reverse("concerns_public:status")
TODAY = timezone.localdate()
DESCRIPTION = "Mương thoát nước đầu hẻm bị tắc từ tuần trước, mưa xuống là nước tràn vào nhà."
NOT_FOUND = "No concern has this tracking code. Check the code and try again."


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture(autouse=True)
def english(settings):
    """The pages in English, so that the tests read the source strings."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def form_data(**overrides) -> dict:
    data = {
        "category": "infrastructure",
        "unit": str(unit("LD-PPHUOCHOI").pk),
        "residential_area": str(unit("LD-PPHUOCHOI-KP02").pk),
        "description": DESCRIPTION,
        "resident_name": "",
        "resident_phone": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client: Client, data: dict, ip: str = "203.0.113.7", **extra):
    return client.post(RAISE_URL, data, REMOTE_ADDR=ip, **extra)


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


# --- abuse protection ---------------------------------------------------------------------------


def test_filled_honeypot_is_refused_and_says_why(client):
    before = Concern.objects.count()
    response = post(client, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "was filled in, as robots do" in response.content.decode()
    assert Concern.objects.count() == before


def test_sixth_concern_in_an_hour_from_one_client_is_refused_with_429(client):
    before = Concern.objects.count()
    for number in range(5):
        response = post(client, form_data(description=f"{DESCRIPTION} ({number})"))
        assert response.status_code == 302, number
    response = post(client, form_data(description=f"{DESCRIPTION} (sixth)"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "At most 5 concerns can be sent from one connection in an hour" in html
    assert int(response["Retry-After"]) > 0
    # The form is still filled in and nothing was saved.
    assert f"{DESCRIPTION} (sixth)" in html
    assert Concern.objects.count() == before + 5
    # Another client is not affected.
    assert post(client, form_data(), ip="198.51.100.20").status_code == 302


def test_forwarded_for_header_is_ignored_without_a_trusted_proxy(client):
    for number in range(5):
        assert post(client, form_data(), HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").status_code == 302
    response = post(client, form_data(), HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_hourly_cap_for_everyone_refuses_with_429(client, settings):
    settings.CONCERN_SUBMISSION_TOTAL_RATE = "3/h"
    before = Concern.objects.count()
    for number in range(3):
        assert post(client, form_data(), ip=f"198.51.100.{number + 1}").status_code == 302
    response = post(client, form_data(), ip="198.51.100.50")
    assert response.status_code == 429
    assert "The portal has received very many concerns in the last hour (3)" in response.content.decode()
    assert Concern.objects.count() == before + 3


def test_too_many_posts_of_the_form_are_refused_even_when_invalid(client, settings):
    settings.CONCERN_FORM_POST_RATE = "3/h"
    for _number in range(3):
        assert post(client, form_data(description="short")).status_code == 200
    response = post(client, form_data())
    assert response.status_code == 429
    assert "The form was sent too many times from your connection (at most 3 times an hour)" in (
        response.content.decode()
    )


def test_body_over_the_cap_is_refused_before_it_is_read(client):
    before = Concern.objects.count()
    response = post(client, form_data(description="Nước ngập " * 4000))
    assert response.status_code == 413
    assert "What you sent is too large (at most 32 KB)" in response.content.decode()
    assert Concern.objects.count() == before


def test_form_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    before = Concern.objects.count()
    response = post(client, form_data())
    assert response.status_code == 403
    assert Concern.objects.count() == before
    page = client.get(RAISE_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert post(client, form_data(csrfmiddlewaretoken=token)).status_code == 302


# --- the client's address -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1", "203.0.113.7"),
        (1, "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (1, "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "10.0.0.3", "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (0, "", "", "0.0.0.0"),
        (0, "2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_trusted_proxy_each_visitor_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        assert (
            post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
        ), number
    assert post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302


# --- the status page ----------------------------------------------------------------------------


@pytest.fixture
def answered(demo_user) -> Concern:
    """A concern raised on the form, forwarded, answered; with confidential values and a note."""
    concern = services.receive_public_concern(
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP03"),
        category="environment",
        description="SECRET-DETAIL rác thải đổ trộm cạnh nhà văn hóa khu phố.",
        resident_name="SECRET-NAME Người Dân",
        resident_phone="0399012345",
        resident_consent=True,
    )
    cadre = demo_user("cadre_ward")
    concern = services.forward_concern(
        actor=cadre,
        concern=concern,
        authority="UBND phường Phước Hội",
        document_number="SECRET-DOC-17",
        forwarded_on=TODAY,
        due_date=TODAY + datetime.timedelta(days=15),
        note="SECRET-NOTE gọi lại cho người dân",
    )
    return services.answer_concern(
        actor=cadre,
        concern=concern,
        answer="Tổ thu gom đã dọn rác và đặt biển cấm đổ rác.",
        answered_on=TODAY,
        note="SECRET-NOTE-2",
    )


def test_known_code_shows_status_steps_and_answer_and_nothing_confidential(client, answered):
    response = client.get(STATUS_URL, {"code": answered.tracking_code})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "Answered" in html
    assert "Your concern has been answered." in html
    assert "Tổ thu gom đã dọn rác và đặt biển cấm đổ rác." in html
    assert "Environment" in html
    assert "Phường Phước Hội" in html
    assert TODAY.strftime("%d/%m/%Y") in html
    steps = re.search(r'<ol[^>]*id="concern-steps".*?</ol>', html, re.S).group(0)
    assert [label.strip() for label in re.findall(r'<span class="me-auto">(.*?)</span>', steps)] == [
        "Received",
        "Sent to UBND phường Phước Hội",
        "Answered",
    ]
    for secret in ("SECRET-DETAIL", "SECRET-NAME", "0399012345", "SECRET-DOC", "SECRET-NOTE", "cadre_ward"):
        assert secret not in html


def test_forwarded_concern_says_when_the_answer_is_due(client, demo_user):
    concern = services.receive_public_concern(
        unit=unit("LD-XTANHAI"), category="health", description="Đề nghị phun thuốc diệt muỗi trong thôn."
    )
    due = TODAY + datetime.timedelta(days=30)
    services.forward_concern(
        actor=demo_user("cadre_area"),
        concern=concern,
        authority="Trạm Y tế xã Tân Hải",
        forwarded_on=TODAY,
        due_date=due,
    )
    html = client.get(STATUS_URL, {"code": concern.tracking_code}).content.decode()
    assert "Sent to the authority in charge" in html
    assert f"The answer is due by {due:%d/%m/%Y}." in html
    assert 'id="concern-answer"' not in html


def test_closed_early_concerns_give_no_reason_and_no_other_code(client, demo_user):
    cadre = demo_user("cadre_area")
    first = services.receive_public_concern(
        unit=unit("LD-PLAGI"), category="other", description="Tranh chấp ranh giới đất giữa hai hộ liền kề."
    )
    second = services.receive_public_concern(
        unit=unit("LD-PLAGI"),
        category="other",
        description="Tranh chấp ranh giới đất giữa hai hộ liền kề (lần 2).",
    )
    services.close_as_not_in_scope(actor=cadre, concern=first, reason="SECRET-REASON tranh chấp dân sự")
    services.close_as_duplicate(actor=cadre, concern=second, duplicate_of=first, reason="SECRET-REASON trùng")
    html = client.get(STATUS_URL, {"code": first.tracking_code}).content.decode()
    assert "Closed: not a matter for the Front" in html
    assert "SECRET-REASON" not in html
    html = client.get(STATUS_URL, {"code": second.tracking_code}).content.decode()
    assert "Closed: followed with another concern" in html
    assert "SECRET-REASON" not in html
    assert first.tracking_code not in html


@pytest.mark.parametrize("variant", ["lower", "spaces", "dashes", "mixed"])
def test_code_is_normalised(client, answered, variant):
    code = answered.tracking_code
    typed = {
        "lower": code.lower(),
        "spaces": f" {code[:5]} {code[5:]} ",
        "dashes": f"{code[:4]}-{code[4:8]}-{code[8:]}",
        "mixed": f"{code[:3].lower()} - {code[3:]}",
    }[variant]
    html = client.get(STATUS_URL, {"code": typed}).content.decode()
    assert 'id="concern-status"' in html
    assert NOT_FOUND not in html


def test_normalize_tracking_code():
    assert normalize_tracking_code(" ab2c–d3ef.gh ") == "AB2CD3EFGH"


@pytest.mark.parametrize(
    "code",
    ["ABCDE23456", "abcde-23456", "SHORT", "O0I1O0I1O0", "X" * 40, "<script>", "%", "ABCDE234567"],
)
def test_unknown_code_gets_one_message_whatever_the_reason(client, code):
    response = client.get(STATUS_URL, {"code": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(NOT_FOUND) == 1
    assert 'id="concern-status"' not in html
    # No field error or other hint: only the one message.
    assert "is-invalid" not in html
    assert "<script>" not in html


def test_existing_code_of_another_form_gives_the_same_message(client, answered):
    """A code that exists only once normalised differently (a letter swapped) is simply unknown."""
    code = answered.tracking_code
    other = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert not Concern.objects.filter(tracking_code=other).exists()
    html = client.get(STATUS_URL, {"code": other}).content.decode()
    assert html.count(NOT_FOUND) == 1


def test_empty_code_asks_for_one_and_counts_no_lookup(client, settings):
    settings.CONCERN_LOOKUP_RATE = "1/h"
    html = client.get(STATUS_URL, {"code": ""}).content.decode()
    assert "Enter your tracking code." in html
    assert NOT_FOUND not in html
    assert client.get(STATUS_URL).status_code == 200
    assert client.get(STATUS_URL, {"code": "ABCDE23456"}).status_code == 200


def test_lookups_are_rate_limited_per_client(client, answered):
    for _number in range(30):
        assert client.get(STATUS_URL, {"code": "ABCDE23456"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    response = client.get(STATUS_URL, {"code": answered.tracking_code}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many tracking codes were looked up from your connection (at most 30 an hour)" in html
    assert 'id="concern-status"' not in html
    assert int(response["Retry-After"]) > 0
    ok = client.get(STATUS_URL, {"code": answered.tracking_code}, REMOTE_ADDR="203.0.113.10")
    assert ok.status_code == 200


def test_no_demo_concern_shows_a_confidential_value_on_its_status_page(client, settings):
    settings.RATELIMIT_ENABLE = False
    values = confidential_demo_values()
    # Every confidential demo value carries a marker, so looking for the markers finds them all.
    assert all(any(marker in value for marker in CONFIDENTIAL_MARKERS) for value in values)
    codes = list(Concern.objects.filter(is_demo=True).values_list("tracking_code", flat=True))
    with_secrets = Concern.objects.filter(is_demo=True).exclude(detail="").count()
    assert len(codes) > 50 and with_secrets > 10, "the demo data has concerns with confidential values"
    for code in codes:
        response = client.get(STATUS_URL, {"code": code})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="concern-status"' in html, code
        leaked = [marker for marker in CONFIDENTIAL_MARKERS if marker in html]
        assert not leaked, f"{code} shows {leaked}"


# --- query counts -------------------------------------------------------------------------------


def test_status_page_queries_do_not_grow_with_the_timeline(client, demo_user, django_assert_num_queries):
    cadre = demo_user("cadre_area")
    short = services.receive_public_concern(
        unit=unit("LD-PLAGI"), category="infrastructure", description="Đèn đường trong hẻm bị hỏng đã lâu."
    )
    long = services.receive_public_concern(
        unit=unit("LD-PLAGI"),
        category="infrastructure",
        description="Đèn đường trong hẻm bị hỏng đã lâu (2).",
    )
    for number in range(6):
        long = services.forward_concern(
            actor=cadre,
            concern=long,
            authority=f"Cơ quan {number}",
            forwarded_on=TODAY,
            due_date=TODAY + datetime.timedelta(days=10),
        )
    # The rate-limit counter, new for each client (savepoint, delete the expired counters,
    # insert, release), then the concern with its unit, then its timeline.
    for concern, ip in ((short, "203.0.113.31"), (long, "203.0.113.32")):
        with django_assert_num_queries(6):
            response = client.get(STATUS_URL, {"code": concern.tracking_code}, REMOTE_ADDR=ip)
        assert response.status_code == 200


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
        actor=cadre, concern=concern, authority="UBND phường", forwarded_on=TODAY, due_date=TODAY
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


# --- the rate-limit counter ---------------------------------------------------------------------


def test_counter_increments_in_place_and_refuses_missing_or_expired_keys():
    cache = caches[django_settings.RATELIMIT_USE_CACHE]
    assert cache.add("test-counter", 1, 60)
    assert cache.incr("test-counter") == 2
    assert cache.incr("test-counter", 5) == 7
    assert cache.decr("test-counter") == 6
    assert cache.get("test-counter") == 6
    assert not cache.add("test-counter", 1, 60)
    with pytest.raises(ValueError):
        cache.incr("no-such-counter")
    cache.set("expired-counter", 3, -1)
    with pytest.raises(ValueError):
        cache.incr("expired-counter")


_WORKER = textwrap.dedent(
    """
    import sys

    import django

    django.setup()
    from django.core.cache import caches

    key, increments = sys.argv[1], int(sys.argv[2])
    cache = caches["ratelimit"]
    cache.add(key, 0, 600)
    for _ in range(increments):
        cache.incr(key)
    """
)


def _database_url(database: str, tmp_path: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{tmp_path / 'counters.sqlite3'}"
    if connection.vendor != "postgresql":
        pytest.skip("the test database is not PostgreSQL")
    # The test database itself: its cache table exists, and the workers' writes commit on their own.
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'] or '')}{password}@{host}/{db['NAME']}"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_counter_is_shared_and_exact_across_processes(tmp_path: Path, database: str):
    """Four processes, like four gunicorn workers, increment one counter: no increment is lost.

    (Django's own database cache loses about half of them here.)
    """
    repo = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "lagi_portal.settings",
        "DATABASE_URL": _database_url(database, tmp_path),
        "PYTHONPATH": str(repo),
    }
    if database == "sqlite":
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
        )
    key, workers, increments = f"shared-counter-{uuid.uuid4().hex}", 4, 40
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, key, str(increments)], cwd=repo, env=env, stderr=subprocess.PIPE
        )
        for _ in range(workers)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); from django.core.cache import caches; "
            "print(caches['ratelimit'].get(sys.argv[1]))",
            key,
        ],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(result.stdout.strip()) == workers * increments
