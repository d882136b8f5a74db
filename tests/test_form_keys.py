"""A form sent twice saves once (core.idempotency): the same form posted again with its one-time key
is answered with the first result, never a second record; a new form (a new key) saves again."""

from __future__ import annotations

import datetime
import re
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.figures import days_of, refresh_work_days
from activities.models import Activity
from concerns.models import Concern, ConcernEvent, ConcernStatus
from core.idempotency import FIELD_NAME
from core.models import FormSubmission
from organizations.models import AuthorityKind, Organization, Person
from tests.concerns_common import register_authority
from tests.factories import count_concerns
from tests.helpers import EITHER_REPEAT, assert_answered_with_the_first_result, post_twice, unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
KEY_INPUT = re.compile(r'<input type="hidden" name="form_key" value="([0-9a-f-]{36})">')


def visit_data(**overrides) -> dict:
    return {
        "residential_area": unit("LD-PPHUOCHOI-KP03").pk,
        "date": TODAY.isoformat(),
        "households_visited": "12",
        "organization": "",
        "visit_summary": "KEY-VISIT thăm hộ khu phố 3",
        "category": "environment",
        "summary": "KEY-CONCERN rác thải ven biển",
        "detail": "",
        "resident_name": "",
        "resident_phone": "",
    } | overrides


def key_of(response) -> str:
    """The key of the (first) form on a page, as a browser would send it back."""
    match = KEY_INPUT.search(response.content.decode())
    assert match, "the form carries no one-time key"
    return match[1]


# --- the key on the forms ------------------------------------------------------------------------


def test_each_showing_of_a_form_has_a_new_key(login_as):
    client = login_as("cadre_ward")
    url = reverse("concerns:visit_log")
    assert key_of(client.get(url)) != key_of(client.get(url))


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"", re.IGNORECASE)
# Forms that create or change nothing the portal records: logging in and out, one's own password.
WITHOUT_KEY = {"registration/login.html", "registration/password_change_form.html", "base.html"}


def test_every_template_with_a_form_that_saves_carries_a_key():
    templates = Path(settings.BASE_DIR) / "templates"
    missing = []
    for path in sorted(templates.rglob("*.html")):
        name = str(path.relative_to(templates))
        text = path.read_text(encoding="utf-8")
        if name in WITHOUT_KEY or not POST_FORM.search(text):
            continue
        if text.count("{% form_key %}") < len(POST_FORM.findall(text)):
            missing.append(name)
    assert not missing, f"POST forms without {{% form_key %}}: {missing}"


# --- the doorstep visit --------------------------------------------------------------------------


@EITHER_REPEAT
def test_the_visit_form_sent_twice_saves_one_visit_and_one_concern(login_as, forget_cookie):
    client = login_as("cadre_ward")
    visits, concerns = Activity.objects.count(), Concern.objects.count()

    first, second = post_twice(
        client, reverse("concerns:visit_log"), visit_data(), forget_cookie=forget_cookie
    )

    assert_answered_with_the_first_result(first, second)
    assert Activity.objects.count() == visits + 1
    assert Concern.objects.count() == concerns + 1
    assert Concern.objects.filter(summary="KEY-CONCERN rác thải ven biển").count() == 1


def test_a_form_shown_again_after_a_mistake_saves_with_its_new_key(login_as):
    client = login_as("cadre_ward")
    url = reverse("concerns:visit_log")
    refused = client.post(url, visit_data(households_visited="-3") | {FIELD_NAME: str(uuid.uuid4())})
    assert refused.status_code == 200
    corrected = visit_data() | {FIELD_NAME: key_of(refused)}
    assert client.post(url, corrected).status_code == 302
    assert Concern.objects.filter(summary="KEY-CONCERN rác thải ven biển").count() == 1


def test_a_key_of_another_account_is_not_answered_with_its_result(login_as, client):
    first_client = login_as("cadre_ward")
    data = visit_data() | {FIELD_NAME: str(uuid.uuid4())}
    assert first_client.post(reverse("concerns:visit_log"), data).status_code == 302
    location = FormSubmission.objects.get(key=data[FIELD_NAME]).result_url

    other = Client()
    other.force_login(Person.objects.get(account__username="cadre_area").account)
    response = other.post(reverse("concerns:visit_log"), data)

    assert response.status_code == 400
    assert location not in response.content.decode()
    assert Concern.objects.filter(summary="KEY-CONCERN rác thải ven biển").count() == 1


def test_a_form_post_costs_one_query_more_for_its_key(login_as):
    """Counted as production runs them: the savepoints a test's own transaction adds are left out."""
    client = login_as("cadre_ward")
    url = reverse("concerns:visit_log")

    def statements(data) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url, data).status_code == 302
        return sum(1 for query in captured.captured_queries if "SAVEPOINT" not in query["sql"].upper())

    without_key = statements(visit_data(summary="KEY-COUNT một"))
    with_key = statements(visit_data(summary="KEY-COUNT hai") | {FIELD_NAME: str(uuid.uuid4())})
    assert with_key - without_key <= 1


# --- concerns: recording one and each workflow step ----------------------------------------------


def create_data(**overrides) -> dict:
    return {
        "source": "other",
        "received_on": (TODAY - 10 * DAY).isoformat(),
        "unit": unit("LD-PPHUOCHOI").pk,
        "residential_area": unit("LD-PPHUOCHOI-KP02").pk,
        "organization": "",
        "category": "infrastructure",
        "summary": "KEY-CREATED đèn đường hỏng",
        "detail": "",
        "resident_name": "",
        "resident_phone": "",
    } | overrides


def test_a_concern_recorded_twice_is_one_concern(login_as):
    client = login_as("cadre_ward")
    first, second = post_twice(client, reverse("concerns:create"), create_data())
    assert_answered_with_the_first_result(first, second)
    assert Concern.objects.filter(summary="KEY-CREATED đèn đường hỏng").count() == 1


def recorded_concern(client) -> Concern:
    summary = f"KEY-STEPS {uuid.uuid4().hex[:8]}"
    assert client.post(reverse("concerns:create"), create_data(summary=summary)).status_code == 302
    return Concern.objects.get(summary=summary)


def step_data(name: str, values: dict) -> dict:
    values = {key: value() if callable(value) else value for key, value in values.items()}
    return {f"{name}-{key}": (v.isoformat() if hasattr(v, "isoformat") else v) for key, v in values.items()}


FORWARD = {
    "authority": lambda: register_authority().pk,
    "document_number": "7/MT",
    "forwarded_on": TODAY - 2 * DAY,
    "due_date": TODAY + 5 * DAY,
    "note": "",
}
STEPS = [
    ("forward", FORWARD, ConcernStatus.FORWARDED),
    ("answer", {"answer": "Đã xử lý.", "answered_on": TODAY - DAY, "note": ""}, ConcernStatus.ANSWERED),
    ("inform", {"informed_on": TODAY, "how": "by_front", "note": "Gọi điện"}, ConcernStatus.INFORMED),
    ("close", {"closed_on": TODAY, "note": ""}, ConcernStatus.CLOSED),
]


@EITHER_REPEAT
def test_each_workflow_step_sent_twice_writes_one_event(login_as, forget_cookie):
    client = login_as("cadre_ward")
    concern = recorded_concern(client)
    for name, values, status in STEPS:
        events = concern.events.count()
        first, second = post_twice(
            client,
            reverse(f"concerns:{name}", args=[concern.pk]),
            step_data(name, values),
            forget_cookie=forget_cookie,
        )
        assert_answered_with_the_first_result(first, second)
        concern.refresh_from_db()
        assert concern.status == status
        assert concern.events.count() == events + 1, name


@pytest.mark.parametrize(
    "name, values",
    [
        ("not_in_scope", {"reason": "Tranh chấp dân sự, hướng dẫn ra tòa."}),
        ("duplicate", None),
    ],
)
@EITHER_REPEAT
def test_closing_steps_sent_twice_write_one_event(login_as, name, values, forget_cookie):
    client = login_as("cadre_ward")
    concern = recorded_concern(client)
    if values is None:
        original = recorded_concern(client)
        values = {"duplicate_of": original.tracking_code, "reason": "Trùng nội dung"}
    first, second = post_twice(
        client,
        reverse(f"concerns:{name}", args=[concern.pk]),
        step_data(name, values),
        forget_cookie=forget_cookie,
    )
    assert_answered_with_the_first_result(first, second)
    assert concern.events.count() == 2


def test_forwarding_again_to_another_authority_is_a_new_form_and_is_saved(login_as):
    client = login_as("cadre_ward")
    concern = recorded_concern(client)
    url = reverse("concerns:forward", args=[concern.pk])
    post_twice(client, url, step_data("forward", FORWARD))
    again = step_data("forward", FORWARD | {"authority": register_authority(kind=AuthorityKind.POLICE).pk})
    assert client.post(url, again | {FIELD_NAME: str(uuid.uuid4())}).status_code == 302
    forwards = ConcernEvent.objects.filter(concern=concern, to_status=ConcernStatus.FORWARDED)
    assert forwards.count() == 2


# --- the residents' form -------------------------------------------------------------------------


def test_the_public_concern_form_sent_twice_gives_one_concern_and_the_same_code(client):
    data = {
        "unit": unit("LD-PPHUOCHOI").pk,
        "residential_area": unit("LD-PPHUOCHOI-KP02").pk,
        "category": "environment",
        "description": "KEY-PUBLIC Rác thải ven biển không được thu gom nhiều ngày nay.",
        "resident_name": "",
        "resident_phone": "",
        "website": "",
    }
    first, second = post_twice(client, reverse("concerns_public:raise"), data, forget_cookie=True)
    assert_answered_with_the_first_result(first, second)
    assert Concern.objects.filter(detail__startswith="KEY-PUBLIC").count() == 1
    code = Concern.objects.get(detail__startswith="KEY-PUBLIC").tracking_code
    assert code in client.get(second["Location"]).content.decode()


# --- the other cadre forms ------------------------------------------------------------------------


def test_an_organization_created_twice_is_one_organization(login_as):
    client = login_as("cadre_ward")
    data = {
        "name": "KEY-ORG Chi hội Phụ nữ khu phố 9",
        "kind": "womens_union",
        "unit": unit("LD-PPHUOCHOI-KP03").pk,
        "parent": "",
        "description": "",
        "office_address": "",
        "public_contact": "",
        "valid_from": "2025-07-01",
        "valid_to": "",
    }
    first, second = post_twice(client, reverse("cadre:organization_create"), data)
    assert_answered_with_the_first_result(first, second)
    assert Organization.objects.filter(name="KEY-ORG Chi hội Phụ nữ khu phố 9").count() == 1


def test_a_person_created_twice_is_one_person(login_as):
    client = login_as("cadre_ward")
    data = {
        "full_name": "KEY-PERSON Nguyễn Văn Hai",
        "gender": "male",
        "birth_year": "1980",
        "unit": unit("LD-PPHUOCHOI").pk,
        "phone": "",
        "email": "",
    }
    first, second = post_twice(client, reverse("cadre:person_create"), data)
    assert_answered_with_the_first_result(first, second)
    assert Person.objects.filter(full_name="KEY-PERSON Nguyễn Văn Hai").count() == 1


# --- two requests at once ------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one write at a time")
def test_the_same_form_sent_from_two_threads_at_once_saves_once(demo_user):
    """Both requests run the view; the second finds the key taken at commit and undoes its writes."""
    cadre = demo_user("cadre_ward")
    data = visit_data(summary=f"KEY-THREADS {uuid.uuid4().hex[:8]}") | {FIELD_NAME: str(uuid.uuid4())}
    url = reverse("concerns:visit_log")
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send() -> None:
        try:
            client = Client()
            client.force_login(cadre)
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    def saved() -> list[tuple[int, int | None]]:
        return list(Concern.objects.filter(summary=data["summary"]).values_list("pk", "activity_id"))

    try:
        assert statuses == [302, 302]
        assert len(saved()) == 1
    finally:
        # The threads committed: clean up with a connection of another thread, outside this test's
        # transaction.
        def clean() -> None:
            try:
                for pk, activity_id in saved():
                    concern = Concern.objects.get(pk=pk)
                    concern.delete()
                    count_concerns(concern)  # as the services would: no figures of a deleted concern
                    gone = Activity.objects.filter(pk=activity_id).first()
                    days = days_of(gone) if gone else None
                    Activity.objects.filter(pk=activity_id).delete()
                    if days:
                        refresh_work_days(days)  # as the services do: no figures of a deleted visit
                FormSubmission.objects.filter(key=data[FIELD_NAME]).delete()
            finally:
                connection.close()

        cleaner = threading.Thread(target=clean)
        cleaner.start()
        cleaner.join(timeout=60)


# --- keys expire ---------------------------------------------------------------------------------


def test_clean_form_keys_removes_the_keys_older_than_the_setting(demo_user, settings):
    settings.FORM_KEY_DAYS = 7
    now = timezone.now()
    old = FormSubmission.objects.create(
        key=uuid.uuid4(), result_url="/a/", created_at=now - datetime.timedelta(days=8)
    )
    kept = FormSubmission.objects.create(
        key=uuid.uuid4(), result_url="/b/", created_at=now - datetime.timedelta(days=6)
    )
    call_command("clean_form_keys", verbosity=0)
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    assert FormSubmission.objects.filter(pk=kept.pk).exists()


def test_an_activity_logged_twice_is_one_activity(login_as):
    from tests.test_activities_common import kind_url
    from tests.test_activities_views_forms import common_post

    client = login_as("cadre_ward")
    data = common_post(summary="KEY-ACTIVITY họp chi hội")
    first, second = post_twice(client, kind_url("other"), data)
    assert_answered_with_the_first_result(first, second)
    assert Activity.objects.filter(summary="KEY-ACTIVITY họp chi hội").count() == 1


def test_a_term_added_twice_is_one_term(login_as, phuoc_hoi_womens_union):
    url = reverse("cadre:term_create", args=[phuoc_hoi_womens_union.pk])
    first, second = post_twice(
        login_as("cadre_ward"), url, {"ordinal": 2077, "start": "2025-10-01", "end": ""}
    )
    assert_answered_with_the_first_result(first, second)
    assert phuoc_hoi_womens_union.terms.filter(ordinal=2077).count() == 1


def test_a_form_whose_transaction_broke_in_an_outage_gets_the_503_page_not_a_server_error(rf):
    """Replays what made the outage drill see a 500 now and then: the database went away inside the
    view's transaction (rolling back to its savepoint failed, so the transaction is marked to roll
    back) and the outage middleware answered with its 503 page; the form-key middleware then asked
    the database whether the key was saved, and that query raised a transaction error."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import transaction

    from core.idempotency import FormKeyMiddleware
    from core.outage import unavailable_response

    def view(request):
        transaction.set_rollback(True)  # as after the failed rollback to the view's savepoint
        return unavailable_response(request)

    request = rf.post("/concerns/new/", {FIELD_NAME: str(uuid.uuid4()), "summary": "Đèn đường hỏng"})
    request.user = AnonymousUser()
    response = FormKeyMiddleware(view)(request)
    assert response.status_code == 503
    assert not FormSubmission.objects.exists()
