"""A ward cadre, on a 360 px phone, records three opinions raised at a voter contact, forwards one
to the ward's People's Committee and records its answer; a resident on another phone sees, on the
voter contact's public page, the answered count go from 0 to 1, and no voter's name or phone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concerns.models import Concern, ConcernStatus
from organizations.models import Authority, AuthorityKind, User
from tests.browser.conftest import PHONE_VIEWPORT
from tests.opinions_common import meeting, public_url

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CONCERN_PATH = re.compile(r"/cadre/concerns/(\d+)/(\?.*)?$")
OPINIONS = (
    ("Ngập đường 23/4", "Đường 23/4 ngập sâu mỗi khi mưa lớn (kiểm thử trình duyệt)."),
    ("Ngập đường 23/4", "Cống dọc đường 23/4 bị tắc, nước tràn vào nhà (kiểm thử trình duyệt)."),
    ("Chiếu sáng", "Hẻm 12 chưa có đèn chiếu sáng (kiểm thử trình duyệt)."),
)
VOTER_NAME = "Cử Tri Trình Duyệt"
VOTER_PHONE = "0912000888"


def check_accessibility(page) -> None:
    """axe-core on the current page: no serious or critical violation (skipped without axe-core,
    except in CI, as in tests/browser/test_accessibility.py)."""
    if not AXE_SCRIPT.exists():
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("axe-core is not installed: run `npm ci`")
        return
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not blocking, f"axe-core on {page.url}: {blocking}"


def counts(resident, path: str) -> dict[str, str]:
    resident.goto(path)
    expect(resident.locator("h1")).to_have_count(1)
    section = resident.locator("#public-opinions")
    expect(section).to_be_visible()
    return {
        name: section.locator(f"#opinions-{name}").inner_text().strip()
        for name in ("total", "on-the-spot", "forwarded", "answered")
    }


def test_a_cadre_records_opinions_forwards_one_and_the_public_page_counts_the_answer(
    page, browser, live_server, log_in, assert_fits_screen
) -> None:
    today = timezone.localdate()
    cadre = User.objects.get(username="cadre_ward")
    contact = meeting(cadre)
    committee = Authority.objects.current(today).get(
        unit__code="LD-PPHUOCHOI", kind=AuthorityKind.PEOPLES_COMMITTEE
    )

    # The cadre opens the voter contact on the phone and adds the opinions one after the other.
    log_in("cadre_ward")
    page.goto(contact.get_absolute_url())
    expect(page.locator("h1")).to_have_count(1)
    page.locator("#add-opinion").click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("concerns:opinion_create", args=[contact.pk])) + "$")
    )
    assert_fits_screen()
    check_accessibility(page)
    for number, (topic, summary) in enumerate(OPINIONS):
        form = page.locator("#opinion-form")
        # The categories are big toggle buttons: tap "Infrastructure".
        form.locator("label[for$=category_2]").click()
        form.locator("input[name=topic]").fill(topic)
        form.locator("textarea[name=summary]").fill(summary)
        if number == 0:
            form.locator("input[name=publishable]").check()
            form.locator("input[name=resident_name]").fill(VOTER_NAME)
            form.locator("input[name=resident_phone]").fill(VOTER_PHONE)
            form.locator("input[name=resident_consent]").check()
        assert_fits_screen()
        last = number == len(OPINIONS) - 1
        page.locator("#save-opinion" if last else "#save-and-add").click()
        expect(page.locator(".alert-success")).to_be_visible()
    # After the last one, back on the activity's page with its three opinions.
    expect(page).to_have_url(re.compile(re.escape(contact.get_absolute_url()) + r"(#opinions)?$"))
    expect(page.locator("#opinion-list > li")).to_have_count(3)
    assert Concern.objects.filter(activity=contact).count() == 3
    assert_fits_screen()

    # A resident, on another phone, sees the opinions counted: none answered yet.
    resident_context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale="vi-VN")
    try:
        resident = resident_context.new_page()
        before = counts(resident, public_url(contact))
        assert (before["total"], before["forwarded"], before["answered"]) == ("3", "0", "0")
        body = resident.locator("body").inner_text()
        assert OPINIONS[0][1] in body  # marked publishable
        assert OPINIONS[2][1] not in body
        assert VOTER_NAME not in body and VOTER_PHONE not in body

        # The cadre forwards the first opinion to the ward's People's Committee...
        page.locator("#opinion-list a.concern-link").first.click()
        expect(page).to_have_url(CONCERN_PATH)
        page.locator("#action-forward summary").click()
        forward = page.locator("#action-forward form")
        forward.locator("[name=forward-authority]").select_option(str(committee.pk))
        forward.locator("[name=forward-document_number]").fill("21/MTTQ-BTT")
        forward.locator("[name=forward-forwarded_on]").fill(today.isoformat())
        assert_fits_screen()
        forward.locator("[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(page.locator("#forwarded-to")).to_contain_text(committee.name)
        forwarded = Concern.objects.get(activity=contact, status=ConcernStatus.FORWARDED)
        assert forwarded.due_date == committee.due_date_from(today)

        # ... and records its answer when it comes.
        page.locator("#action-answer summary").click()
        answer = page.locator("#action-answer form")
        answer.locator("[name=answer-answer]").fill("UBND phường đã nạo vét cống đường 23/4 (kiểm thử).")
        answer.locator("[name=answer-answered_on]").fill(today.isoformat())
        answer.locator("[name=answer-reply_document_number]").fill("125/UBND-VP")
        answer.locator("[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        forwarded.refresh_from_db()
        assert forwarded.status == ConcernStatus.ANSWERED
        assert_fits_screen()

        # The resident's page now counts it as answered, at once.
        after = counts(resident, public_url(contact))
        assert (after["total"], after["forwarded"], after["answered"]) == ("3", "1", "1")
        body = resident.locator("body").inner_text()
        assert "UBND phường đã nạo vét cống đường 23/4 (kiểm thử)." in body
        assert VOTER_NAME not in body and VOTER_PHONE not in body
        scroll_width = resident.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE_VIEWPORT["width"]
        check_accessibility(resident)
    finally:
        resident_context.close()
