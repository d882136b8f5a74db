"""The cadre forms on a phone (360 x 740): a failed save shows every mistake at the top and moves
the focus there; a new activity starts with the right organizer ticked; the residents' form offers
only the residential areas of the ward chosen; a long text is counted, never cut."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import MediationDetails
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationKind

pytestmark = pytest.mark.browser


def test_a_failed_mediation_save_shows_the_summary_at_the_top_with_the_focus(
    page, log_in, assert_fits_screen
):
    log_in("cadre_ward")
    page.goto(reverse("activities:create_kind", args=["mediation"]))
    form = page.locator("#activity-form")
    form.locator("input[name=place]").fill("Nhà văn hóa khu phố 3")
    form.locator("[name=summary]").fill("Hòa giải tranh chấp lối đi (kiểm thử trình duyệt).")
    form.locator("select[name=mediation_team]").select_option(index=1)
    form.locator("select[name=dispute_type]").select_option(index=1)
    form.locator("input[name=parties_count]").fill("2")
    form.locator("[name=parties]").fill("BROWSER-PARTIES")
    form.locator("input[name=sessions]").fill("0")
    form.locator("select[name=outcome]").select_option("successful")
    form.locator("button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < 740, box  # on the screen, not 1,000 px below
    assert not MediationDetails.objects.filter(parties="BROWSER-PARTIES").exists()
    assert_fits_screen()
    # A line of the summary takes the focus to its field.
    summary.locator("a[href='#id_sessions']").click()
    expect(page.locator("#id_sessions")).to_be_focused()


def test_a_ward_cadres_voter_contact_starts_with_the_wards_front_committee(page, log_in, assert_fits_screen):
    committee = Organization.objects.get(
        unit__code="LD-PPHUOCHOI", kind=OrganizationKind.FRONT_COMMITTEE, valid_to__isnull=True
    )
    log_in("cadre_ward")
    page.goto(reverse("activities:create_kind", args=["voter_contact"]))
    box = page.locator(f"input[name=organizations][value='{committee.pk}']")
    expect(box).to_be_checked()
    expect(page.locator("input[name=organizations]:checked")).to_have_count(1)
    box.scroll_into_view_if_needed()
    expect(box).to_be_in_viewport()
    assert "Phước Hội" in page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    assert_fits_screen()


def test_the_residents_form_offers_the_areas_of_the_ward_chosen(page, assert_fits_screen):
    ward = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    today = timezone.localdate()
    expected = set(
        AdministrativeUnit.objects.current(today)
        .filter(parent=ward, kind__in=RESIDENTIAL_AREA_KINDS)
        .values_list("pk", flat=True)
    )
    page.goto(reverse("concerns_public:raise"))
    areas = page.locator("select[name=residential_area] option[value]:not([value=''])")
    assert areas.count() > len(expected)  # before: every ward's areas
    page.locator("select[name=unit]").select_option(str(ward.pk))
    expect(areas).to_have_count(len(expected))
    offered = {int(value) for value in areas.evaluate_all("options => options.map(o => o.value)")}
    assert offered == expected
    assert_fits_screen()


def test_a_long_text_is_counted_and_kept_whole(page, log_in):
    log_in("cadre_ward")
    page.goto(reverse("concerns:visit_log"))
    summary = page.locator("textarea[name=summary]")
    counter = page.locator("#id_summary_count")
    expect(counter).to_have_text("0/1000")
    assert counter.get_attribute("aria-live") == "polite"
    summary.fill("x" * 1200)
    expect(counter).to_have_text("1200/1000")
    expect(counter).to_have_class("form-text text-end char-count text-danger fw-semibold")
    assert len(summary.input_value()) == 1200  # not cut by the browser
