"""A ward cadre keeps an organization's description up to date from a phone."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from playwright.sync_api import expect

from organizations.models import Organization, User

pytestmark = pytest.mark.browser

DETAIL_PATH = re.compile(r"^/cadre/organizations/(\d+)/$")


def _exact_path(path: str) -> re.Pattern[str]:
    return re.compile(re.escape(path) + r"(\?.*)?$")


def test_ward_cadre_edits_an_organization_on_a_phone(page, log_in, assert_fits_screen) -> None:
    cadre = User.objects.get(username="cadre_ward")

    log_in("cadre_ward")
    expect(page).to_have_url(_exact_path(reverse("cadre:dashboard")))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()

    # The menu is collapsed on a phone: open it, then the organization directory.
    list_url = reverse("cadre:organization_list")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator(f'#main-nav a[href="{list_url}"]').click()
    expect(page).to_have_url(_exact_path(list_url))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()

    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(link => link.getAttribute('href'))")
    listed = [int(match[1]) for href in hrefs if (match := DETAIL_PATH.match(href))]
    assert listed, "the directory lists no organization"
    editable = set(Organization.objects.editable_by(cadre).filter(pk__in=listed).values_list("pk", flat=True))
    editable_listed = [pk for pk in listed if pk in editable]
    assert editable_listed, "the directory lists no organization that cadre_ward may edit"
    organization_pk = editable_listed[0]
    detail_url = reverse("cadre:organization_detail", args=[organization_pk])
    page.locator(f'main a[href="{detail_url}"]').first.click()
    expect(page).to_have_url(_exact_path(detail_url))
    expect(page.locator("h1")).to_have_count(1)
    assert_fits_screen()

    edit_url = reverse("cadre:organization_edit", args=[organization_pk])
    page.locator(f'main a[href="{edit_url}"]').first.click()
    expect(page).to_have_url(_exact_path(edit_url))
    assert_fits_screen()

    new_description = "Sinh hoạt chi hội vào tối thứ Sáu cuối tháng tại nhà văn hóa khu phố (cập nhật thử)."
    form = page.locator("main form").filter(has=page.locator("[name=description]"))
    form.locator("[name=description]").fill(new_description)
    form.locator("[type=submit]").first.click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(new_description)
    assert_fits_screen()

    organization = Organization.objects.get(pk=organization_pk)
    assert organization.description == new_description
    assert LogEntry.objects.get_for_object(organization).filter(actor=cadre).exists()
