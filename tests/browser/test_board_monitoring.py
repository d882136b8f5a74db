"""A monitoring board's member records a session on a phone and publishes it; a resident sees it."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from oversight.models import MonitoringSession, Project

pytestmark = pytest.mark.browser

FINDING = "Mạch vữa đá hộc đoạn kè phía nam bị rỗng, nước thấm qua thân kè."
RECOMMENDATION = "Đề nghị nhà thầu trát lại toàn bộ mạch vữa đoạn phía nam trước mùa mưa bão."


@pytest.fixture(autouse=True)
def oversight_data(demo_data) -> None:
    from demo.oversight import seed

    seed(random.Random(2027))


def _path(url: str) -> re.Pattern[str]:
    return re.compile(re.escape(url) + r"(\?.*)?$")


def test_a_board_member_records_a_session_and_a_resident_sees_it(
    page, browser, live_server, log_in, assert_fits_screen
) -> None:
    project = Project.objects.get(residential_area__code="LD-PPHUOCHOI-KP02", board__isnull=False)
    today = timezone.localdate()

    log_in("board_member")
    page.goto(reverse("oversight:project_list"))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()
    page.locator(f'main a[href="{reverse("oversight:project_detail", args=[project.pk])}"]').click()
    expect(page.locator("h1")).to_have_text(project.name)
    assert_fits_screen()

    page.locator("#record-session").click()
    expect(page).to_have_url(_path(reverse("oversight:session_create", args=[project.pk])))
    assert_fits_screen()
    form = page.locator("#oversight-form")
    form.locator("input[name=held_on]").fill(today.isoformat())
    form.locator("input[name=aspects][value=quality]").check()
    form.locator("select[name=findings-0-aspect]").select_option("quality")
    form.locator("textarea[name=findings-0-text]").fill(FINDING)
    form.locator("textarea[name=recommendation-content]").fill(RECOMMENDATION)
    form.locator("select[name=recommendation-authority]").select_option(
        label="Ban Quản lý dự án đầu tư xây dựng khu vực La Gi"
    )
    form.locator("input[name=recommendation-sent_on]").fill(today.isoformat())
    due = today + datetime.timedelta(days=15)
    form.locator("input[name=recommendation-due_date]").fill(due.isoformat())
    form.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    expect(page).to_have_url(_path(session.get_absolute_url()))
    expect(page.locator("#session-findings")).to_contain_text(FINDING)
    expect(page.locator("main")).to_contain_text(RECOMMENDATION)
    assert_fits_screen()
    assert not session.is_published

    page.locator("#publish-session").click()
    expect(page.locator("#session-published")).to_be_visible()
    session.refresh_from_db()
    assert session.is_published and session.recommendations.get().status == "sent"

    # A resident, on another phone, without an account.
    resident = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="vi-VN"
    )
    try:
        public = resident.new_page()
        public.goto(reverse("oversight_public:project_list"))
        public.locator(f'main a[href="{project.get_public_url()}"]').click()
        expect(public.locator("h1")).to_have_text(project.name)
        expect(public.locator("main")).to_contain_text(FINDING)
        expect(public.locator("main")).to_contain_text(RECOMMENDATION)
        assert public.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        resident.close()
