"""The pages of opinions: adding one to a voter contact (again and again, on a phone), the opinions
section of the activity's cadre page, the steps' forms (authority from the register, reply document
and commitment, informed how), the public page of the meeting (aggregates and publishable summaries
only, after the event, cached and moved on when an opinion changes), access (404 / 403) and query
counts that do not grow with the opinions."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityKind
from concerns import selectors, selectors_public, services
from concerns.models import Concern, ConcernSource, ConcernStatus, InformedHow
from core.idempotency import FIELD_NAME
from tests.concerns_common import register_authority
from tests.helpers import EITHER_REPEAT, assert_saved_once, unit
from tests.opinions_common import (
    BULK_DETAIL,
    BULK_NAME,
    BULK_PHONE,
    DAY,
    PH,
    TODAY,
    add_url,
    many_opinions,
    meeting,
    opinion,
    public_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

S = ConcernStatus


@pytest.fixture
def cadre(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def voter_contact(cadre):
    return meeting(cadre)


def form_data(**overrides) -> dict:
    return {
        "category": "infrastructure",
        "topic": "Ngập đường 23/4",
        "summary": "VIEW-OPINION đường ngập sau mưa",
        "publishable": "",
        "residential_area": unit(f"{PH}-KP02").pk,
        "answered_on_spot": "",
        "answered_by": "",
        "authority": "",
        "answer": "",
        "detail": "",
        "resident_name": "",
        "resident_phone": "",
        "resident_consent": "",
    } | overrides


# --- adding opinions -------------------------------------------------------------------------------


def test_the_form_adds_an_opinion_and_comes_back_empty_for_the_next(login_as, voter_contact):
    client = login_as("cadre_ward")
    page = client.get(add_url(voter_contact))
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<h1") == 1
    assert 'name="form_key"' in html and 'id="save-and-add"' in html
    response = client.post(add_url(voter_contact), form_data() | {"another": "1"})
    assert response.status_code == 302 and response["Location"] == add_url(voter_contact)
    concern = Concern.objects.get(summary="VIEW-OPINION đường ngập sau mưa")
    assert (concern.source, concern.activity, concern.residential_area) == (
        ConcernSource.VOTER_CONTACT,
        voter_contact,
        unit(f"{PH}-KP02"),
    )
    again = client.get(response["Location"]).content.decode()
    assert concern.tracking_code in again  # the message
    assert "1 opinion recorded so far" in again
    assert '<option value="Ngập đường 23/4">' in again  # the topics typed so far are offered
    done = client.post(add_url(voter_contact), form_data(summary="VIEW-OPINION hai"))
    assert done["Location"] == voter_contact.get_absolute_url() + "#opinions"


def test_an_answer_on_the_spot_is_recorded_from_the_form(login_as, voter_contact):
    committee = register_authority()
    data = form_data(
        answered_on_spot="on",
        answered_by="Chủ tịch UBND phường",
        authority=committee.pk,
        answer="Sẽ nạo vét.",
    )
    assert login_as("cadre_ward").post(add_url(voter_contact), data).status_code == 302
    concern = Concern.objects.get(summary="VIEW-OPINION đường ngập sau mưa")
    assert (concern.status, concern.answered_on_spot, concern.authority) == (S.ANSWERED, True, committee)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"answered_on_spot": "on"}, "answer"),
        ({"answered_on_spot": "on", "answer": "A"}, "answered_by"),
        ({"answer": "A"}, "answered_on_spot"),
        ({"resident_name": "X"}, "resident_consent"),
        ({"category": ""}, "category"),
        ({"residential_area": "LD-PLAGI-KP01"}, "residential_area"),
    ],
)
def test_the_form_shows_each_mistake_next_to_its_field(login_as, voter_contact, overrides, field):
    if overrides.get("residential_area"):
        overrides["residential_area"] = unit(overrides["residential_area"]).pk
    response = login_as("cadre_ward").post(add_url(voter_contact), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Concern.objects.filter(activity=voter_contact).exists()


def test_a_dialogue_gets_questions(login_as, cadre):
    dialogue = meeting(cadre, ActivityKind.DIALOGUE)
    html = login_as("cadre_ward").get(add_url(dialogue)).content.decode()
    assert "Add a question" in html and "The question, in short" in html


@pytest.mark.parametrize(
    "username, status",
    [("cadre_ward", 200), ("cadre_area", 200), ("cadre_viewer", 403), ("cadre_women", 404)],
)
def test_who_may_add_an_opinion(login_as, voter_contact, username, status):
    assert login_as(username).get(add_url(voter_contact)).status_code == status


def test_no_opinions_for_another_kind_nor_before_the_meeting(login_as, cadre):
    client = login_as("cadre_ward")
    assert client.get(add_url(meeting(cadre, ActivityKind.MEETING))).status_code == 404
    coming = meeting(cadre, on=TODAY + 3 * DAY)
    page = client.get(add_url(coming))
    assert (
        page.status_code == 200
        and "once the voter contact or dialogue has taken place" in page.content.decode()
    )
    assert client.post(add_url(coming), form_data()).status_code == 200
    assert not Concern.objects.filter(activity=coming).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, voter_contact):
    response = client.get(add_url(voter_contact))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the cadre page of the activity ----------------------------------------------------------------


def test_the_activity_page_lists_its_opinions_with_links_and_the_add_button(login_as, cadre, voter_contact):
    first = opinion(cadre, voter_contact, residential_area=unit(f"{PH}-KP03"))
    second = opinion(
        cadre,
        voter_contact,
        summary="Đèn đường",
        answered_on_spot=True,
        answered_by="Chủ tịch",
        answer="Đã sửa",
    )
    html = login_as("cadre_ward").get(voter_contact.get_absolute_url()).content.decode()
    section = re.search(r'<section[^>]*id="opinions".*?</section>', html, re.S).group(0)
    for concern in (first, second):
        assert reverse("concerns:detail", args=[concern.pk]) in section
    assert "Ngập đường 23/4" in section and unit(f"{PH}-KP03").name in section
    assert "answered on the spot: 1" in section and 'id="add-opinion"' in section
    viewer = login_as("cadre_viewer").get(voter_contact.get_absolute_url()).content.decode()
    assert 'id="opinions"' in viewer and 'id="add-opinion"' not in viewer


def test_other_kinds_have_no_opinions_section(login_as, cadre):
    activity = meeting(cadre, ActivityKind.MEETING)
    assert 'id="opinions"' not in login_as("cadre_ward").get(activity.get_absolute_url()).content.decode()


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_opinions_section_costs_two_queries_whatever_their_number(
    cadre, voter_contact, django_assert_num_queries
):
    many_opinions(voter_contact, 5)
    with django_assert_num_queries(2):
        small = selectors.activity_opinions(cadre, voter_contact)
    many_opinions(voter_contact, 495, start=5)
    with django_assert_num_queries(2):
        big = selectors.activity_opinions(cadre, voter_contact)
    assert len(small["opinions"]) == 5 and small["counts"]["total"] == 5
    assert len(big["opinions"]) == selectors.ACTIVITY_OPINIONS_SHOWN and big["counts"]["total"] == 500


def test_the_activity_page_costs_the_same_at_5_and_500_opinions(login_as, voter_contact):
    client = login_as("cadre_ward")
    url = voter_contact.get_absolute_url()
    many_opinions(voter_contact, 5)
    client.get(url)  # warm-up
    at_5 = count(client, url)
    many_opinions(voter_contact, 495, start=5)
    assert count(client, url) == at_5
    html = client.get(url).content.decode()
    assert f"{reverse('concerns:inbox')}?activity={voter_contact.pk}" in html  # "All 500 …"


def test_the_inbox_lists_one_meeting_s_opinions_at_the_same_cost(login_as, cadre, voter_contact):
    other = opinion(cadre, meeting(cadre))
    client = login_as("cadre_ward")
    url = f"{reverse('concerns:inbox')}?activity={voter_contact.pk}"
    many_opinions(voter_contact, 5)
    client.get(url)
    at_5 = count(client, url)
    many_opinions(voter_contact, 495, start=5)
    assert count(client, url) == at_5
    response = client.get(url)
    page = response.context["page"]
    assert response.context["filter"].qs.count() == 500
    assert len(page) == 25 and page.has_next and other not in list(page)


# --- the steps' forms ------------------------------------------------------------------------------


def step(client, concern: Concern, name: str, values: dict):
    data = {f"{name}-{key}": value for key, value in values.items()} | {FIELD_NAME: ""}
    return client.post(reverse(f"concerns:{name}", args=[concern.pk]), data)


def test_the_forward_form_offers_the_register_and_counts_the_due_date_from_it(login_as, cadre, voter_contact):
    concern = opinion(cadre, voter_contact)
    client = login_as("cadre_ward")
    committee = register_authority()
    html = client.get(reverse("concerns:forward", args=[concern.pk])).content.decode()
    assert f'<option value="{committee.pk}">{committee.name}</option>' in html
    assert register_authority("LD-PLAGI").name not in html  # another ward's body is not offered
    values = {
        "authority": committee.pk,
        "document_number": "3/MT",
        "forwarded_on": TODAY.isoformat(),
        "due_date": "",
    }
    assert step(client, concern, "forward", values | {"note": ""}).status_code == 302
    concern.refresh_from_db()
    assert (concern.authority, concern.due_date) == (committee, committee.due_date_from(TODAY))
    page = client.get(concern.get_absolute_url()).content.decode()
    assert committee.get_absolute_url() in page  # the authority's public page


def test_the_answer_form_records_the_reply_document_and_a_commitment(login_as, cadre, voter_contact):
    concern = services.forward_concern(
        actor=cadre, concern=opinion(cadre, voter_contact), authority=register_authority(), forwarded_on=TODAY
    )
    client = login_as("cadre_ward")
    values = {
        "answer": "Đã đưa vào kế hoạch.",
        "answered_on": TODAY.isoformat(),
        "reply_document_number": "88/UBND",
        "commitment_text": "Làm mương thoát nước",
        "commitment_deadline": "",
        "note": "",
    }
    refused = step(client, concern, "answer", values)
    assert refused.status_code == 200 and "commitment_deadline" in refused.context["bound"].form.errors
    values["commitment_deadline"] = (TODAY + 60 * DAY).isoformat()
    assert step(client, concern, "answer", values).status_code == 302
    concern.refresh_from_db()
    assert (concern.reply_document_number, concern.commitment.text) == ("88/UBND", "Làm mương thoát nước")
    page = client.get(concern.get_absolute_url()).content.decode()
    assert 'id="answer-commitment"' in page and "88/UBND" in page


def test_the_inform_form_asks_how(login_as, cadre, voter_contact):
    concern = opinion(
        cadre, voter_contact, answered_on_spot=True, answered_by="Chủ tịch", answer="Đã trả lời"
    )
    client = login_as("cadre_ward")
    refused = step(client, concern, "inform", {"informed_on": TODAY.isoformat(), "how": "", "note": ""})
    assert refused.status_code == 200 and "how" in refused.context["bound"].form.errors
    values = {"informed_on": TODAY.isoformat(), "how": InformedHow.NEXT_CONTACT, "note": ""}
    assert step(client, concern, "inform", values).status_code == 302
    concern.refresh_from_db()
    assert concern.informed_how == InformedHow.NEXT_CONTACT
    assert "At the next voter contact or dialogue" in client.get(concern.get_absolute_url()).content.decode()


def test_an_opinion_s_topic_and_publishable_flag_are_corrected_on_its_edit_page(
    login_as, cadre, voter_contact
):
    concern = opinion(cadre, voter_contact)
    client = login_as("cadre_ward")
    url = reverse("concerns:edit", args=[concern.pk])
    assert {"topic", "publishable"} <= set(client.get(url).context["form"].fields)
    data = {
        "category": concern.category,
        "topic": "Thoát nước",
        "summary": concern.summary,
        "publishable": "on",
        "detail": "",
        "unit": concern.unit_id,
        "residential_area": "",
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    concern.refresh_from_db()
    assert (concern.topic, concern.publishable) == ("Thoát nước", True)


# --- the public page of the meeting ----------------------------------------------------------------


def public_section(client, activity) -> str:
    html = client.get(public_url(activity)).content.decode()
    found = re.search(r'<section[^>]*id="public-opinions".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_the_public_page_counts_the_opinions_by_topic_and_shows_only_publishable_summaries(
    client, cadre, voter_contact
):
    opinion(cadre, voter_contact, summary="PUBLIC-ONE đường ngập", publishable=True)
    opinion(
        cadre,
        voter_contact,
        summary="PRIVATE-TWO đường ngập",
        answered_on_spot=True,
        answered_by="Chủ tịch",
        answer="Sẽ làm.",
        residential_area=unit(f"{PH}-KP04"),
        resident_name="Tên Cử Tri Kín",
        resident_phone="0912000666",
        resident_consent=True,
        detail="DETAIL-KÍN",
    )
    opinion(cadre, voter_contact, topic="", category="health", summary="PRIVATE-THREE sốt xuất huyết")
    section = public_section(client, voter_contact)
    assert re.search(r'id="opinions-total">3<', section)
    assert re.search(r'id="opinions-on-the-spot">1<', section)
    assert "Ngập đường 23/4" in section and "Health" in section  # a topic, or the category
    assert "PUBLIC-ONE" in section
    for hidden in ("PRIVATE-TWO", "PRIVATE-THREE", "Tên Cử Tri Kín", "0912000666", "DETAIL-KÍN", "Sẽ làm."):
        assert hidden not in section
    assert unit(f"{PH}-KP04").name not in section


def test_the_public_page_shows_no_opinions_before_the_meeting_nor_when_none_was_recorded(client, cadre):
    coming = meeting(cadre, on=TODAY + 3 * DAY)
    assert public_section(client, coming) == ""
    empty = meeting(cadre)
    assert public_section(client, empty) == ""


def test_an_answer_recorded_later_shows_on_the_cached_public_page_at_once(
    client, cadre, voter_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = opinion(cadre, voter_contact, publishable=True)
    assert re.search(r'id="opinions-answered">0<', public_section(client, voter_contact))
    assert re.search(r'id="opinions-answered">0<', public_section(client, voter_contact))  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.forward_concern(
            actor=cadre, concern=concern, authority=register_authority(), forwarded_on=TODAY
        )
    section = public_section(client, voter_contact)
    assert re.search(r'id="opinions-forwarded">1<', section) and "awaiting the answer" in section
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_concern(
            actor=cadre, concern=concern, answer="PUBLIC-ANSWER đã nạo vét", answered_on=TODAY
        )
    section = public_section(client, voter_contact)
    assert re.search(r'id="opinions-answered">1<', section) and "PUBLIC-ANSWER" in section


def test_the_public_opinions_cost_two_queries_whatever_their_number(voter_contact, django_assert_num_queries):
    many_opinions(voter_contact, 5)
    with django_assert_num_queries(2):
        small = selectors_public.activity_opinions(voter_contact.pk)
    many_opinions(voter_contact, 495, start=5)
    with django_assert_num_queries(2):
        big = selectors_public.activity_opinions(voter_contact.pk)
    assert (small.count, big.count) == (5, 500)
    assert len(big.groups) == 4  # two topics, and the two categories of those without one
    assert big.answered_on_spot == 125 and big.forwarded + big.answered_on_spot <= 500


def test_the_public_page_costs_the_same_at_5_and_500_opinions_and_shows_no_voter(client, voter_contact):
    url = public_url(voter_contact)
    many_opinions(voter_contact, 5)
    client.get(url)  # warm-up (translations, content types)
    from django.core.cache import cache

    from core.caching import forget_local_cache

    cache.clear()
    forget_local_cache()
    at_5 = count(client, url)
    many_opinions(voter_contact, 495, start=5)
    cache.clear()
    forget_local_cache()
    assert count(client, url) == at_5
    html = client.get(url).content.decode()
    assert re.search(r'id="opinions-total">500<', html)
    for secret in (BULK_NAME, BULK_PHONE, BULK_DETAIL):
        assert secret not in html


# --- a form sent twice saves once ------------------------------------------------------------------


@EITHER_REPEAT
def test_an_opinion_sent_twice_is_one_opinion(login_as, voter_contact, forget_cookie):
    client = login_as("cadre_ward")
    rows = Concern.objects.filter(activity=voter_contact)
    assert_saved_once(
        client, add_url(voter_contact), form_data() | {"another": "1"}, rows, forget_cookie=forget_cookie
    )
    assert rows.count() == 1


@EITHER_REPEAT
def test_a_petition_sent_twice_is_one_petition(login_as, forget_cookie):
    data = {
        "petition_type": "complaint",
        "channel": "in_person",
        "received_on": TODAY.isoformat(),
        "unit": unit(PH).pk,
        "residential_area": "",
        "organization": "",
        "category": "other",
        "summary": "KEY-PETITION khiếu nại",
        "detail": "",
        "petitioner_name": "",
        "petitioner_phone": "",
    }
    rows = Concern.objects.filter(summary="KEY-PETITION khiếu nại")
    assert_saved_once(
        login_as("cadre_ward"), reverse("concerns:petition_create"), data, rows, forget_cookie=forget_cookie
    )
    assert rows.count() == 1
