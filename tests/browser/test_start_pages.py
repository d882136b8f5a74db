"""Start pages by role on a phone (360 x 740): a board member reaches a saved monitoring session in
four screens from the login; a staff member creates a cadre account with a write scope."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organizations.models import User
from oversight.models import MonitoringSession, Project
from tests.helpers import unit

pytestmark = pytest.mark.browser

FINDING = "Lớp bê tông mặt đường đoạn đầu tuyến mỏng hơn thiết kế, cần khoan kiểm tra."


@pytest.fixture(autouse=True)
def oversight_data(demo_data) -> None:
    from demo.oversight import seed

    seed(random.Random(2027))


def test_a_board_member_saves_a_session_in_four_screens(page, log_in, assert_fits_screen) -> None:
    screens: list[str] = []
    page.on("framenavigated", lambda frame: screens.append(frame.url) if frame == page.main_frame else None)
    project = Project.objects.filter(board__isnull=False, residential_area__code="LD-PPHUOCHOI-KP02").first()

    log_in("board_member")  # 1: the login, 2: the start page
    expect(page.locator("#board-projects")).to_contain_text(project.name)
    assert_fits_screen()
    page.locator(
        f'#board-projects a[href="{reverse("oversight:session_create", args=[project.pk])}"]'
    ).click()
    expect(page.locator("#oversight-form")).to_be_visible()  # 3: the session's form
    assert_fits_screen()
    form = page.locator("#oversight-form")
    form.locator("input[name=held_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=aspects][value=quality]").check()
    form.locator("select[name=findings-0-aspect]").select_option("quality")
    form.locator("textarea[name=findings-0-text]").fill(FINDING)
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()  # 4: the saved session
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    expect(page.locator("#session-findings")).to_contain_text(FINDING)
    assert page.url.endswith(session.get_absolute_url())
    assert len(screens) <= 4, screens


def test_a_staff_member_creates_a_cadre_account_with_a_write_scope(page, log_in, assert_fits_screen) -> None:
    log_in("admin")
    page.locator("#staff-accounts").click()
    page.locator("#create-account").click()
    form = page.locator("#account-form")
    form.wait_for()
    assert_fits_screen()
    form.locator("input[name=username]").fill("can_bo_khu_pho")
    form.locator("input[name=last_name]").fill("Trần Văn")
    form.locator("input[name=first_name]").fill("Bình")
    form.locator("input[name=password]").fill("mat-khau-ban-dau-2026")
    form.locator("select[name=scope-unit]").select_option(str(unit("LD-PPHUOCHOI-KP01").pk))
    radio = form.locator("input[name=scope-access][value=write]")
    radio.check()
    box = radio.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#scope-list")).to_contain_text("Khu phố 1")
    assert_fits_screen()
    account = User.objects.get(username="can_bo_khu_pho")
    assert account.scopes.get().access == "write" and account.must_change_password
