"""Every cadre form after a failed save: one summary of every mistake at the top of the page, each
linked to its field, all found in one round; and texts too long are refused with a message, never
cut (no ``maxlength`` for the browser to cut a paste at, a counter instead)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import MediationDetails
from concerns.models import Concern
from organizations.models import OrganizationKind
from tests.helpers import unit

from .test_activities_common import NEW_PHUOC_HOI, area, kind_url, org
from .test_activities_views_forms import common_post
from .test_concerns_visit_form import URL as VISIT_URL
from .test_concerns_visit_form import form_data as visit_data

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timezone.timedelta(days=1)


def summary_of(content: str) -> str:
    """The error summary's markup (the page must have exactly one, right after the heading)."""
    assert content.count("data-error-summary") == 1, "no error summary, or several"
    start = content.index('<div class="alert alert-danger error-summary"')
    assert content.index("</h1>") < start < content.index("<form", content.index("</h1>"))
    return content[start : content.index("</div>", start)]


def test_the_visit_form_reports_a_future_date_and_a_bad_phone_in_one_round(login_as):
    before = Concern.objects.count()
    response = login_as("cadre_ward").post(
        VISIT_URL, visit_data(date=TOMORROW.isoformat(), resident_phone="12")
    )
    assert response.status_code == 200 and Concern.objects.count() == before
    assert {"date", "resident_phone"} <= set(response.context["form"].errors)
    summary = summary_of(response.content.decode())
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert 'href="#id_date"' in summary and 'href="#id_resident_phone"' in summary
    assert len(re.findall(r"<li>", summary)) == len(response.context["form"].errors)


def test_the_mediation_form_lists_the_errors_of_both_its_parts(login_as):
    team = org(area(NEW_PHUOC_HOI).code, OrganizationKind.MEDIATION_TEAM)
    data = common_post(
        participants_count="-3", mediation_team=team.pk, dispute_type="land", parties_count="2",
        parties="SUMMARY-PARTIES", sessions="0", outcome="successful",
    )  # fmt: skip
    response = login_as("cadre_ward").post(kind_url("mediation"), data)
    assert response.status_code == 200
    assert not MediationDetails.objects.filter(parties="SUMMARY-PARTIES").exists()
    summary = summary_of(response.content.decode())
    assert 'href="#id_participants_count"' in summary  # the activity's part
    assert 'href="#id_sessions"' in summary  # the mediation's part


def test_a_radio_list_is_linked_through_its_wrapper(login_as):
    response = login_as("cadre_ward").post(VISIT_URL, visit_data(category=""))
    summary = summary_of(response.content.decode())
    assert 'href="#div_id_category"' in summary
    assert 'id="div_id_category"' in response.content.decode()


def test_a_form_shown_first_has_no_summary(login_as):
    for url in (VISIT_URL, kind_url("mediation"), reverse("concerns:create")):
        content = login_as("cadre_ward").get(url).content.decode()
        assert "data-error-summary" not in content, url


# Texts too long: refused with a message, never cut ------------------------------------------------


def test_no_form_lets_the_browser_cut_a_text(login_as):
    client = login_as("cadre_ward")
    for url in (VISIT_URL, reverse("concerns:create"), kind_url("voter_contact")):
        content = client.get(url).content.decode()
        assert " maxlength=" not in content, url
    content = client.get(VISIT_URL).content.decode()
    assert re.search(r'<textarea name="summary"[^>]*data-maxlength="1000"', content)
    public = client.get(reverse("concerns_public:raise")).content.decode()
    assert " maxlength=" not in public
    assert re.search(r'<textarea name="description"[^>]*data-maxlength="2000"', public)


def test_a_too_long_concern_summary_is_refused_on_the_visit_form(login_as):
    before = Concern.objects.count()
    response = login_as("cadre_ward").post(VISIT_URL, visit_data(summary="x" * 6000))
    assert Concern.objects.count() == before
    [message] = response.context["form"].errors["summary"]
    assert "1000" in message and "6000" in message


def test_a_too_long_concern_summary_is_refused_on_the_cadre_form(login_as):
    data = {
        "source": "petition",
        "received_on": timezone.localdate().isoformat(),
        "unit": unit(NEW_PHUOC_HOI).pk,
        "category": "environment",
        "summary": "y" * 6000,
    }
    before = Concern.objects.count()
    response = login_as("cadre_ward").post(reverse("concerns:create"), data)
    assert response.status_code == 200 and Concern.objects.count() == before
    [message] = response.context["form"].errors["summary"]
    assert "1000" in message and "6000" in message
    assert 'href="#id_summary"' in summary_of(response.content.decode())


def test_a_too_long_description_is_refused_on_the_public_form(client):
    data = {"category": "environment", "unit": unit(NEW_PHUOC_HOI).pk, "description": "z" * 6000}
    response = client.post(reverse("concerns_public:raise"), data)
    assert response.status_code == 200
    [message] = response.context["form"].errors["description"]
    assert "2000" in message and "6000" in message


# Every cadre form has the summary ------------------------------------------------------------------

EMPTY_POSTS = [
    "activities:create_kind:mediation",
    "concerns:create",
    "concerns:visit_log",
    "articles_cadre:create",
    "oversight:supervision_create",
    "oversight:inspection_create",
    "oversight:project_create",
    "social:house_create",
    "social:group_create",
    "social:campaign_create",
    "cadre:organization_create",
    "cadre:person_create",
    "members:member_create",
]


@pytest.mark.parametrize("name", EMPTY_POSTS)
def test_an_empty_post_of_any_cadre_form_lists_its_mistakes_at_the_top(name, login_as):
    name, _sep, kind = name.partition(":create_kind:")
    url = reverse("activities:create_kind", args=[kind]) if kind else reverse(name)
    response = login_as("admin").post(url, {"unknown": "1"})  # sent, but every field empty
    assert response.status_code == 200, name
    summary = summary_of(response.content.decode())
    assert summary.count("<li>") >= 1
    assert 'href="#' in summary
