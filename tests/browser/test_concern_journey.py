"""A ward cadre knocks on a door, logs the visit with the concern it raised, and follows it to an answer."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, ActivityKind
from concerns.models import Concern, ConcernStatus
from organizations.models import Authority, AuthorityKind

pytestmark = pytest.mark.browser

CONCERN_PATH = re.compile(r"/cadre/concerns/(\d+)/(\?.*)?$")
SUMMARY = "Cống thoát nước trước nhà văn hóa bị tắc, nước tràn khi mưa (kiểm thử trình duyệt)."


def test_ward_cadre_logs_a_visit_with_a_concern_and_follows_it_to_an_answer(
    page, log_in, assert_fits_screen
) -> None:
    today = timezone.localdate()
    log_in("cadre_ward")

    page.goto(reverse("concerns:visit_log"))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()

    form = page.locator("main form")
    area = form.locator("select[name=residential_area]")
    if not area.input_value():
        area.select_option(index=1)
    form.locator("input[name=date]").fill(today.isoformat())
    form.locator("input[name=households_visited]").fill("7")
    form.locator("[name=visit_summary]").fill("Thăm 7 hộ ở tổ 3, nắm tình hình vệ sinh môi trường.")
    # The categories are big toggle buttons: tap the label of "environment".
    form.locator("label[for$=category_1]").click()
    form.locator("[name=summary]").fill(SUMMARY)
    form.locator("[name=detail]").fill("Hộ bà X (bí mật) phản ánh nhiều lần.")
    assert_fits_screen()
    form.locator("[type=submit]").last.click()

    expect(page).to_have_url(CONCERN_PATH)
    expect(page.locator(".alert-success")).to_be_visible()
    concern = Concern.objects.get(summary=SUMMARY)
    assert concern.status == ConcernStatus.RECEIVED
    assert Activity.objects.filter(pk=concern.activity_id, kind=ActivityKind.VISIT).exists()
    assert_fits_screen()

    # Forward it to the ward People's Committee with a due date.
    page.locator("#action-forward summary").click()
    forward = page.locator("#action-forward form")
    committee = Authority.objects.current(today).get(
        unit__code="LD-PPHUOCHOI", kind=AuthorityKind.PEOPLES_COMMITTEE
    )
    forward.locator("[name=forward-authority]").select_option(str(committee.pk))
    forward.locator("[name=forward-document_number]").fill("15/MTTQ-BTT")
    forward.locator("[name=forward-forwarded_on]").fill(today.isoformat())
    forward.locator("[name=forward-due_date]").fill((today + datetime.timedelta(days=15)).isoformat())
    forward.locator("[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.FORWARDED

    # The authority answered: record it.
    page.locator("#action-answer summary").click()
    answer = page.locator("#action-answer form")
    answer.locator("[name=answer-answer]").fill("UBND phường đã cho nạo vét cống trong tuần.")
    answer.locator("[name=answer-answered_on]").fill(today.isoformat())
    answer.locator("[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ANSWERED

    # The timeline shows every step, who took it, and what was recorded.
    timeline = page.locator("#timeline > li")
    expect(timeline).to_have_count(3)
    expect(page.locator("#timeline")).to_contain_text(committee.name)
    expect(page.locator("#timeline")).to_contain_text("UBND phường đã cho nạo vét cống trong tuần.")
    assert_fits_screen()
