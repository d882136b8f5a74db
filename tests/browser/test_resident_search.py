"""A resident searches from the home page on a phone, without typing the accents, and opens an activity."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from activities.models import Activity
from core.formatting import unit_in_text

pytestmark = pytest.mark.browser

ACTIVITY_PATH = re.compile(r"/activities/(\d+)/$")


@pytest.fixture
def search_index(demo_data) -> None:
    call_command("rebuild_search_index", verbosity=0)


def test_a_resident_searches_phuoc_hoi_and_opens_an_activity(page, search_index, assert_fits_screen) -> None:
    page.goto(reverse("public:home"))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()

    search_box = page.locator("#home-search")
    search_box.fill("phuoc hoi")
    with page.expect_navigation():
        search_box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=phuoc\+hoi$"))
    results = page.locator("#search-results article")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("Phước Hội")
    assert_fits_screen()

    # Narrow the results to activities, then open the first one.
    page.locator('nav a[href*="type=activity"]').click()
    expect(page).to_have_url(re.compile(r"type=activity"))
    first = page.locator("#search-results article h2 a").first
    expect(first).to_be_visible()
    with page.expect_navigation():
        first.click()

    match = ACTIVITY_PATH.search(page.url)
    assert match, page.url
    activity = Activity.objects.get(pk=int(match.group(1)))
    assert activity in Activity.objects.published()
    expect(page.locator("h1")).to_have_count(1)
    # Inside the heading the unit is named as running text writes it ("… – phường Phước Hội").
    expect(page.locator("h1")).to_contain_text(unit_in_text(activity.unit.name))
    expect(page.locator("main")).to_contain_text(activity.summary[:40])
    assert_fits_screen()
