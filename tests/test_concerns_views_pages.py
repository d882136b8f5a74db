"""A concern's pages per role: its page (confidential data, the timeline, the allowed steps, the
access log), the workflow forms, recording a concern directly; another ward's concern however it
is asked for. Runs against the demo structure and accounts of ``seed_demo``."""

import pytest
from django.urls import reverse

from concerns import services
from concerns.models import Concern, ConcernCategory
from concerns.views_actions import ACTIONS
from organizations.models import Organization, OrganizationKind
from tests.concerns_common import DAY, TODAY, S, register_authority
from tests.helpers import unit

pytestmark = pytest.mark.django_db


def action_urls(concern: Concern) -> list[str]:
    return [reverse(f"concerns:{name}", args=[concern.pk]) for name in ACTIONS]


# --- anonymous and roles ------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client, forwarded_concern):
    urls = [
        reverse("concerns:inbox"),
        reverse("concerns:create"),
        reverse("concerns:visit_log"),
        reverse("concerns:detail", args=[forwarded_concern.pk]),
        *action_urls(forwarded_concern),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize(
    "username, status",
    [("admin", 200), ("cadre_area", 200), ("cadre_ward", 200), ("cadre_viewer", 200), ("cadre_women", 404)],
)
def test_detail_per_role(login_as, forwarded_concern, username, status):
    response = login_as(username).get(reverse("concerns:detail", args=[forwarded_concern.pk]))
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "OWN-DETAIL-SECRET" in content and "Own Resident Name" in content and "0912000999" in content
        assert content.count("<h1") == 1


def test_detail_shows_the_timeline_and_the_allowed_steps_only(login_as, forwarded_concern):
    response = login_as("cadre_ward").get(reverse("concerns:detail", args=[forwarded_concern.pk]))
    content = response.content.decode()
    assert 'id="timeline"' in content and register_authority().name in content
    for name in ("forward", "answer", "duplicate", "not_in_scope"):
        assert reverse(f"concerns:{name}", args=[forwarded_concern.pk]) in content
    for name in ("inform", "close"):
        assert reverse(f"concerns:{name}", args=[forwarded_concern.pk]) not in content


def test_reading_a_concern_is_recorded(login_as, forwarded_concern, demo_user):
    from auditlog.models import LogEntry

    login_as("cadre_ward").get(reverse("concerns:detail", args=[forwarded_concern.pk]))
    assert (
        LogEntry.objects.get_for_object(forwarded_concern)
        .filter(action=LogEntry.Action.ACCESS, actor=demo_user("cadre_ward"))
        .exists()
    )


def test_read_only_cadre_sees_no_forms_and_gets_403_on_every_write(login_as, forwarded_concern):
    client = login_as("cadre_viewer")
    content = client.get(reverse("concerns:detail", args=[forwarded_concern.pk])).content.decode()
    assert '<form method="post" action="/cadre/concerns/' not in content
    for url in action_urls(forwarded_concern):
        assert client.get(url).status_code == 403, url
        assert (
            client.post(url, {"answer-answer": "x", "answer-answered_on": TODAY.isoformat()}).status_code
            == 403
        )
    assert client.get(reverse("concerns:create")).status_code == 403
    assert client.post(reverse("concerns:create")).status_code == 403
    assert client.get(reverse("concerns:visit_log")).status_code == 403
    forwarded_concern.refresh_from_db()
    assert forwarded_concern.status == S.FORWARDED


# --- another ward's concern, however it is asked for ----------------------------------------


def test_ward_cadre_never_gets_another_wards_concern(login_as, la_gi_concern):
    client = login_as("cadre_ward")
    assert client.get(reverse("concerns:detail", args=[la_gi_concern.pk])).status_code == 404
    for url in action_urls(la_gi_concern):
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"answer-answer": "x", "answer-answered_on": TODAY.isoformat()}).status_code
            == 404
        )
    la_gi_concern.refresh_from_db()
    assert la_gi_concern.status == S.RECEIVED


# --- workflow forms ------------------------------------------------------------------------------


def test_forward_then_answer_then_inform_then_close_through_the_forms(login_as, demo_user):
    concern = services.receive_concern(
        actor=demo_user("cadre_ward"),
        unit=unit("LD-PPHUOCHOI"),
        category=ConcernCategory.HEALTH,
        summary="Form path",
        received_on=TODAY - 3 * DAY,
    )
    client = login_as("cadre_ward")
    detail = reverse("concerns:detail", args=[concern.pk])
    steps = [
        (
            "forward",
            {
                "authority": register_authority().pk,
                "document_number": "7/MT",
                "forwarded_on": TODAY - 2 * DAY,
                "due_date": TODAY + 5 * DAY,
                "note": "",
            },
            S.FORWARDED,
        ),
        ("answer", {"answer": "Đã xử lý.", "answered_on": TODAY - DAY, "note": ""}, S.ANSWERED),
        ("inform", {"informed_on": TODAY, "how": "by_front", "note": "Gọi điện"}, S.INFORMED),
        ("close", {"closed_on": TODAY, "note": ""}, S.CLOSED),
    ]
    for name, values, status in steps:
        data = {
            f"{name}-{key}": (v.isoformat() if hasattr(v, "isoformat") else v) for key, v in values.items()
        }
        response = client.post(reverse(f"concerns:{name}", args=[concern.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == detail
        concern.refresh_from_db()
        assert concern.status == status
    assert concern.events.count() == 5
    assert all(e.actor == demo_user("cadre_ward") for e in concern.events.all())


def test_an_invalid_step_comes_back_with_errors_and_changes_nothing(login_as, forwarded_concern):
    client = login_as("cadre_ward")
    url = reverse("concerns:answer", args=[forwarded_concern.pk])
    response = client.post(url, {"answer-answer": "", "answer-answered_on": "not a date"})
    assert response.status_code == 200
    assert response.context["bound"].form.errors.keys() == {"answer", "answered_on"}
    forwarded_concern.refresh_from_db()
    assert forwarded_concern.status == S.FORWARDED
    # A step not allowed now: the page says so, nothing changes.
    response = client.post(
        reverse("concerns:close", args=[forwarded_concern.pk]), {"close-closed_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["bound"].form.non_field_errors()
    assert client.get(reverse("concerns:inform", args=[forwarded_concern.pk])).context["not_allowed_message"]
    forwarded_concern.refresh_from_db()
    assert forwarded_concern.status == S.FORWARDED


def test_close_as_duplicate_by_tracking_code(login_as, forwarded_concern, la_gi_concern, demo_user):
    repeat = services.receive_concern(
        actor=demo_user("cadre_ward"),
        unit=unit("LD-PPHUOCHOI"),
        category=ConcernCategory.ENVIRONMENT,
        summary="Repeat",
        received_on=TODAY - DAY,
    )
    client = login_as("cadre_ward")
    url = reverse("concerns:duplicate", args=[repeat.pk])
    # Another ward's code is unknown here.
    response = client.post(
        url, {"duplicate-duplicate_of": la_gi_concern.tracking_code, "duplicate-reason": "Trùng"}
    )
    assert response.status_code == 200 and "duplicate_of" in response.context["bound"].form.errors
    code = forwarded_concern.tracking_code.lower()[:5] + " " + forwarded_concern.tracking_code.lower()[5:]
    response = client.post(url, {"duplicate-duplicate_of": code, "duplicate-reason": "Trùng nội dung"})
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of_id) == (S.DUPLICATE, forwarded_concern.pk)


# --- recording a concern directly ---------------------------------------------------------------


def create_data(**overrides) -> dict:
    data = {
        "source": "other",
        "received_on": (TODAY - DAY).isoformat(),
        "unit": unit("LD-PPHUOCHOI").pk,
        "residential_area": unit("LD-PPHUOCHOI-KP02").pk,
        "organization": "",
        "category": "land_housing",
        "summary": "CREATED-SUMMARY",
        "detail": "Chi tiết",
        "resident_name": "",
        "resident_phone": "",
    }
    data.update(overrides)
    return data


def test_create_a_concern(login_as, demo_user):
    client = login_as("cadre_ward")
    assert client.get(reverse("concerns:create")).status_code == 200
    response = client.post(
        reverse("concerns:create"),
        create_data(resident_name="X Y", resident_phone="0912 111 222", resident_consent="on"),
    )
    concern = Concern.objects.get(summary="CREATED-SUMMARY")
    assert response.status_code == 302 and response["Location"] == reverse(
        "concerns:detail", args=[concern.pk]
    )
    assert (concern.status, concern.received_by, concern.resident_phone) == (
        S.RECEIVED,
        demo_user("cadre_ward"),
        "0912111222",
    )
    assert concern.events.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"unit": "LD-PLAGI", "residential_area": ""}, "unit"),
        ({"residential_area": "LD-PLAGI-KP01"}, "residential_area"),
        ({"residential_area": "LG-PH-KP01"}, "residential_area"),
        ({"resident_name": "X Y"}, "resident_consent"),
        ({"resident_phone": "123", "resident_consent": "on"}, "resident_phone"),
        ({"category": ""}, "category"),
        ({"received_on": (TODAY + 2 * DAY).isoformat()}, "received_on"),
    ],
)
def test_create_refuses_with_an_error_next_to_the_field(login_as, overrides, field):
    overrides = {
        key: (unit(value).pk if key in ("unit", "residential_area") and value else value)
        for key, value in overrides.items()
    }
    response = login_as("cadre_ward").post(reverse("concerns:create"), create_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Concern.objects.filter(summary="CREATED-SUMMARY").exists()


def test_organization_cadre_records_for_their_organization(login_as):
    women = Organization.objects.get(
        kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PLAGI", valid_to__isnull=True
    )
    client = login_as("cadre_women")
    data = create_data(unit=unit("LD-PLAGI").pk, residential_area=unit("LD-PLAGI-KP02").pk)
    response = client.post(reverse("concerns:create"), data)
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    response = client.post(reverse("concerns:create"), {**data, "organization": women.pk})
    assert response.status_code == 302
    concern = Concern.objects.get(summary="CREATED-SUMMARY")
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200
    assert concern.tracking_code in client.get(reverse("concerns:inbox")).content.decode()
    # Another ward's cadre does not see it; the whole area's does.
    assert login_as("cadre_ward").get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
