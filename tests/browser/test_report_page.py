"""The report page on a phone (360 x 740): the report first, then the answers by authority of its
unit, which htmx loads into the page in place of the link that opens them without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organizations.lineage import View
from reports.authorities import authority_answers
from reports.periods import Period
from tests.helpers import unit

pytestmark = pytest.mark.browser


def test_the_answers_by_authority_are_loaded_into_the_report(page, log_in, assert_fits_screen) -> None:
    today = timezone.localdate()
    expected = authority_answers(unit("LD-PPHUOCHOI"), Period.of_year(today.year), View.AS_IT_IS, today)

    log_in("cadre_ward")
    page.goto(reverse("reports:report"))
    expect(page.locator("#report-subject")).to_contain_text("Phước Hội")
    answers = page.locator("#report-authorities-answers:not([hx-get])")  # the link, replaced
    answers.wait_for()
    assert_fits_screen()
    if expected:
        expect(answers.locator("tbody tr")).to_have_count(len(expected))
        expect(answers.locator("tbody tr").first).to_contain_text(expected[0].authority.name)
    else:
        expect(answers.locator("#report-authorities-none")).to_be_visible()
    expect(page.locator("#report-authorities a[href*='/cadre/reports/authorities/']")).to_have_count(0)
