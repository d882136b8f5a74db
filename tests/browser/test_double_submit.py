"""A cadre on a slow phone taps "save" twice on the visit form: one visit, one concern."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, ActivityKind
from concerns.models import Concern

pytestmark = pytest.mark.browser

SUMMARY = "Đèn đường khu phố 3 tắt nhiều đêm (kiểm thử bấm hai lần)."


def test_a_double_tap_on_save_saves_the_visit_once(page, log_in) -> None:
    log_in("cadre_ward")
    page.goto(reverse("concerns:visit_log"))
    visits = Activity.objects.filter(kind=ActivityKind.VISIT).count()

    form = page.locator("main form")
    area = form.locator("select[name=residential_area]")
    if not area.input_value():
        area.select_option(index=1)
    form.locator("input[name=date]").fill(timezone.localdate().isoformat())
    form.locator("input[name=households_visited]").fill("4")
    form.locator("[name=visit_summary]").fill("Thăm 4 hộ, nghe phản ánh về chiếu sáng.")
    form.locator("label[for$=category_1]").click()
    form.locator("[name=summary]").fill(SUMMARY)
    form.locator("[type=submit]").last.dblclick()

    expect(page).to_have_url(re.compile(r"/cadre/concerns/\d+/"))
    assert Concern.objects.filter(summary=SUMMARY).count() == 1
    assert Activity.objects.filter(kind=ActivityKind.VISIT).count() == visits + 1
