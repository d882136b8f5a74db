"""A resident raises a concern from a phone, keeps the tracking code, and follows it to the answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concerns import services
from concerns.models import Concern, ConcernSource, ConcernStatus
from organizations.models import AdministrativeUnit, Authority, User

pytestmark = pytest.mark.browser

DESCRIPTION = "Đèn chiếu sáng trong hẻm 12 bị hỏng cả tháng nay, buổi tối rất tối và nguy hiểm (kiểm thử)."
ANSWER = "Điện lực đã thay bóng đèn hỏng trong hẻm 12 (kiểm thử)."


def test_resident_raises_a_concern_and_follows_it_with_the_code(page, assert_fits_screen) -> None:
    ward = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    area = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI-KP02")

    page.goto(reverse("concerns_public:raise"))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()
    form = page.locator("#raise-concern-form")
    # The honeypot is there for robots but not for people.
    expect(form.locator("input[name=website]")).not_to_be_in_viewport()

    # The categories are big toggle buttons: tap "Infrastructure".
    form.locator("label[for=id_category_2]").click()
    form.locator("select[name=unit]").select_option(str(ward.pk))
    form.locator("select[name=residential_area]").select_option(str(area.pk))
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("input[name=resident_phone]").fill("0912 345 678")
    form.locator("input[name=resident_consent]").check()
    assert_fits_screen()
    form.locator("button[type=submit]").click()

    # The page after the form shows the code, big and selectable.
    expect(page).to_have_url(re.compile(re.escape(reverse("concerns_public:raised")) + "$"))
    expect(page.locator("h1")).to_have_count(1)
    code = page.locator("#tracking-code").inner_text().strip()
    concern = Concern.objects.get(tracking_code=code)
    assert concern.source == ConcernSource.PUBLIC_FORM
    assert concern.status == ConcernStatus.RECEIVED
    assert concern.detail == DESCRIPTION
    assert concern.resident_phone == "0912345678"
    assert page.locator("#tracking-code").evaluate("element => getComputedStyle(element).userSelect") == "all"
    assert_fits_screen()

    # Meanwhile the ward's cadre forwards it and records the answer.
    cadre = User.objects.get(username="cadre_ward")
    today = timezone.localdate()
    electricity = Authority.objects.current(today).get(name="Điện lực La Gi")
    concern = services.forward_concern(
        actor=cadre, concern=concern, authority=electricity, forwarded_on=today, due_date=today
    )
    services.answer_concern(actor=cadre, concern=concern, answer=ANSWER, answered_on=today)

    # Later the resident types the code, in lower case with a space, on the status page.
    page.goto(reverse("concerns_public:status"))
    expect(page.locator("h1")).to_have_count(1)
    status_form = page.locator("#concern-status-form")
    status_form.locator("input[name=code]").fill(f"{code[:5].lower()} {code[5:].lower()}")
    status_form.locator("button[type=submit]").click()

    expect(page.locator("#concern-status")).to_be_visible()
    expect(page.locator("#concern-answer")).to_contain_text(ANSWER)
    expect(page.locator("#concern-steps > li")).to_have_count(3)
    expect(page.locator("#concern-steps")).to_contain_text("Điện lực La Gi")
    body = page.locator("body").inner_text()
    assert DESCRIPTION not in body
    assert "0912345678" not in body and "0912 345 678" not in body
    assert_fits_screen()

    # A mistyped code gets the one message.
    status_form = page.locator("#concern-status-form")
    status_form.locator("input[name=code]").fill("ABCDE23456")
    status_form.locator("button[type=submit]").click()
    expect(page.locator("#concern-not-found")).to_be_visible()
    expect(page.locator("#concern-status")).to_have_count(0)
