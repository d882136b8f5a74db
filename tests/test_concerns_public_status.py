"""Residents follow their concern with its tracking code on the status page: a known code (the
status, its steps and the answer, nothing confidential), an unknown one (one message whatever the
reason), the normalisation of the code, the lookup limit, the privacy of every demo concern, and
the page's query count.

The pages are read in English. Runs against the demo structure of ``seed_demo``.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from concerns import services
from concerns.forms_public import normalize_tracking_code
from concerns.models import Concern
from demo.concerns import CONFIDENTIAL_MARKERS, confidential_demo_values
from tests.concerns_common import register_authority
from tests.concerns_public_common import STATUS_URL
from tests.factories import AuthorityFactory
from tests.helpers import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


TODAY = timezone.localdate()


NOT_FOUND = "No concern has this tracking code. Check the code and try again."


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
        authority=register_authority(),
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
        f"Sent to {register_authority().name}",
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
        authority=register_authority("LD-XTANHAI"),
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
            authority=AuthorityFactory(name=f"Cơ quan {number}"),
            forwarded_on=TODAY,
            due_date=TODAY + datetime.timedelta(days=10),
        )
    # The rate-limit counter, new for each client (savepoint, delete the expired counters,
    # insert, release), then the concern with its unit, then its timeline.
    for concern, ip in ((short, "203.0.113.31"), (long, "203.0.113.32")):
        with django_assert_num_queries(6):
            response = client.get(STATUS_URL, {"code": concern.tracking_code}, REMOTE_ADDR=ip)
        assert response.status_code == 200
