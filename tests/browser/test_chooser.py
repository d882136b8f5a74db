"""A long unit list as a chooser on a phone (360 x 740): typed without diacritics, chosen with the
keyboard, the filter sent; the combobox and its open list pass axe-core at 360 and 1280 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from activities.models import Activity
from organizations.lineage import View, unit_condition
from organizations.models import AdministrativeUnit, User

# axe_source: the fixture that reads axe-core (skips without it, fails in CI).
from .test_accessibility import BLOCKING_IMPACTS, _describe, axe_source  # noqa: F401

pytestmark = pytest.mark.browser

TARGET = "Phường Phước Hội – tỉnh Lâm Đồng"


@pytest.fixture
def long_lists(settings):
    """Every unit and organization list is a chooser (a province's lists are as long as that)."""
    settings.CHOOSER_THRESHOLD = 5


def _axe(page, request, width: int) -> None:
    source: str = request.getfixturevalue("axe_source")
    page.set_viewport_size({"width": width, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate(source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on the open chooser at {width} px:\n{_describe(blocking)}"


def test_a_unit_typed_without_diacritics_chosen_with_the_keyboard_filters_the_list(
    page, log_in, assert_fits_screen, long_lists, request
):
    ward = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    user = User.objects.get(username="cadre_area")
    expected = Activity.objects.visible_to(user).filter(unit_condition("unit", ward, View.AS_IT_IS)).count()
    log_in("cadre_area")
    page.goto(reverse("activities:list"))
    page.locator("details > summary").click()

    select = page.locator("select[name=unit]")
    expect(select).to_be_hidden()
    combobox = page.get_by_role("combobox", name=re.compile("Đơn vị"))
    expect(combobox).to_have_attribute("aria-expanded", "false")
    listbox_id = combobox.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    assert listbox.get_attribute("role") == "listbox"

    combobox.press_sequentially("phuoc", delay=40)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.filter(has_text=TARGET)).to_have_count(1)
    status = page.locator(f"#{combobox.get_attribute('id')} ~ [role=status]")
    expect(status).to_contain_text(re.compile("kết quả|results"))
    assert_fits_screen()

    # axe-core with the list open, on a phone and on a desktop screen.
    _axe(page, request, 360)
    _axe(page, request, 1280)
    page.set_viewport_size({"width": 360, "height": 740})

    # Down until the ward is the active option, then Enter.
    for _step in range(options.count()):
        combobox.press("ArrowDown")
        active = page.locator(f"#{combobox.get_attribute('aria-activedescendant')}")
        if active.inner_text() == TARGET:
            break
    else:
        pytest.fail(f"{TARGET} was not reached with the arrow keys")
    expect(active).to_have_attribute("aria-selected", "true")
    combobox.press("Enter")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_value(TARGET)
    assert select.input_value() == str(ward.pk)

    # The closed list: Enter sends the filter.
    with page.expect_navigation():
        combobox.press("Enter")
    assert f"unit={ward.pk}" in page.url
    # The list shows the ward's activities, a page of 25 at most (not counted: core.views.OpenPage).
    assert page.locator("#activity-list > li").count() == min(expected, 25) > 0
    expect(page.get_by_role("combobox", name=re.compile("Đơn vị"))).to_have_value(TARGET)
    assert_fits_screen()


def test_escape_closes_the_list_and_a_multiple_choice_lists_removable_buttons(
    page, log_in, assert_fits_screen, long_lists
):
    log_in("cadre_ward")
    page.goto(reverse("activities:create_kind", args=["visit"]))
    cadres = page.locator("select[name=cadres]")
    expect(cadres).to_be_hidden()
    combobox = page.locator(f"#{cadres.get_attribute('data-chooser-input')}")
    combobox.click()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    combobox.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    combobox.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    combobox.press("ArrowDown")
    first = page.locator(f"#{combobox.get_attribute('aria-activedescendant')}").inner_text()
    combobox.press("Enter")
    remove = page.get_by_role("button", name=re.compile(f"^(Bỏ chọn|Remove) {re.escape(first)}$"))
    expect(remove).to_be_visible()
    assert cadres.evaluate("select => Array.from(select.selectedOptions).map(o => o.textContent)") == [first]
    assert_fits_screen()
    remove.click()
    expect(remove).to_have_count(0)
    assert cadres.evaluate("select => select.selectedOptions.length") == 0
    expect(combobox).to_be_focused()
