"""Recommendations on the cadre screens: the steps of their lifecycle on their pages, the inbox
(overdue first, its filters, scope), and the links between a resident's concern and the
recommendations and inspections that took it up."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.search import normalize
from organizations.models import Authority, AuthorityKind, Organization, OrganizationKind
from oversight.models import Inspection, Recommendation
from tests.matrix_oversight import (
    oversight_demo,  # noqa: F401
    ph_inspection,
    ph_project,
)

pytestmark = pytest.mark.django_db


# --- lifecycle steps on the pages -------------------------------------------------------


def test_a_ward_cadre_records_a_reply(login_as):
    recommendation = Recommendation.objects.filter(status="sent", unit__code="LD-PPHUOCHOI").first()
    data = {
        "reply-reply_on": timezone.localdate().isoformat(),
        "reply-reply_text": "Đã nạo vét.",
        "reply-outcome": "accepted",
    }

    response = login_as("cadre_ward").post(
        reverse("oversight:recommendation_reply", args=[recommendation.pk]), data
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reply_text) == ("replied", "Đã nạo vét.")


def test_a_step_that_is_not_allowed_says_why(login_as):
    draft = Recommendation.objects.filter(status="draft", session__project=ph_project()).first()

    with translation.override("en"):
        response = login_as("board_member").get(
            reverse("oversight:recommendation_close", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert "A recommendation is closed only after the authority has replied." in response.content.decode()


def test_a_draft_is_sent_from_its_page(login_as):
    draft = Recommendation.objects.filter(status="draft", session__project=ph_project()).first()
    today = timezone.localdate()
    committee = Authority.objects.current().get(
        unit__code="LD-PPHUOCHOI", kind=AuthorityKind.PEOPLES_COMMITTEE
    )
    data = {
        "send-authority": committee.pk,
        "send-sent_on": today.isoformat(),
        "send-due_date": "",
        "send-document_number": "7/KN-BGS",
    }
    client = login_as("board_member")
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="send-due_date"' in page and f'<option value="{committee.pk}"' in page

    response = client.post(reverse("oversight:recommendation_send", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.document_number, draft.authority) == ("sent", "7/KN-BGS", committee)
    assert draft.due_date == today + datetime.timedelta(days=committee.answer_days)


def test_sending_to_an_authority_that_had_ended_is_refused_next_to_the_field(login_as):
    draft = Recommendation.objects.filter(status="draft", session__project=ph_project()).first()
    old = Authority.objects.get(unit__code="LG-PH", kind=AuthorityKind.PEOPLES_COMMITTEE)
    today = timezone.localdate()
    data = {"send-authority": old.pk, "send-sent_on": today.isoformat(), "send-document_number": ""}

    with translation.override("en"):
        response = login_as("cadre_ward").post(
            reverse("oversight:recommendation_send", args=[draft.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    expected = f"This authority did not exist on {today:%d/%m/%Y}."
    assert response.context["form"].errors == {"authority": [expected]}
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- the inbox --------------------------------------------------------------------------


def test_the_inbox_shows_overdue_recommendations_first(login_as):
    page = login_as("cadre_area").get(reverse("oversight:recommendation_inbox")).context["page"]
    flags = [recommendation.is_overdue for recommendation in page.object_list]

    assert flags[0] is True
    assert flags == sorted(flags, reverse=True)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ({"overdue": "on"}, lambda r: r.is_overdue_on()),
        ({"status": "replied"}, lambda r: r.status == "replied"),
        ({"origin": "inspection"}, lambda r: r.inspection_id is not None),
        ({"implementation": "implemented"}, lambda r: r.implementation == "implemented"),
        # Diacritics and case are ignored: "mương" also finds "Mường" (tests/test_folding.py).
        ({"q": "mương"}, lambda r: "muong" in normalize(f"{r.content} {r.authority} {r.document_number}")),
    ],
)
def test_the_inbox_filters(login_as, query, check):
    page = login_as("cadre_area").get(reverse("oversight:recommendation_inbox"), query).context["page"]

    assert page.paginator.count > 0
    assert all(check(recommendation) for recommendation in page.object_list)


def test_a_unit_filter_outside_the_scope_shows_nothing(login_as):
    lagi = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PLAGI").unit

    page = (
        login_as("cadre_ward")
        .get(reverse("oversight:recommendation_inbox"), {"unit": lagi.pk})
        .context["page"]
    )

    assert page.paginator.count == 0


# --- a concern and the recommendations that took it up ----------------------------------


def test_the_concern_page_links_to_the_recommendation_that_took_it_up(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()

    html = (
        login_as("cadre_ward")
        .get(reverse("concerns:detail", args=[recommendation.concern_id]))
        .content.decode()
    )

    assert reverse("oversight:recommendation_detail", args=[recommendation.pk]) in html


def test_the_recommendation_page_links_back_to_the_concern(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()

    html = login_as("cadre_ward").get(recommendation.get_absolute_url()).content.decode()

    assert reverse("concerns:detail", args=[recommendation.concern_id]) in html
    assert recommendation.concern.tracking_code in html


def test_an_inspection_started_from_a_concern_links_to_it(login_as):
    inspection = (
        Inspection.objects.filter(concern__isnull=False, board__unit__code="LD-PPHUOCHOI").first()
        or ph_inspection()
    )

    html = login_as("cadre_ward").get(inspection.get_absolute_url()).content.decode()

    if inspection.concern_id:
        assert reverse("concerns:detail", args=[inspection.concern_id]) in html
    assert inspection.subject in html
