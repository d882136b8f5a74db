"""The concern screens per role: the inbox and its filters, a concern's page, the workflow
forms, recording a concern, the dashboard panels; scope by list, filter, page and guessed
URL. Runs against the demo structure and accounts of ``seed_demo``."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from concerns import services
from concerns.models import Concern, ConcernCategory, ConcernStatus
from concerns.selectors import dashboard_context
from concerns.views_actions import ACTIONS
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

S = ConcernStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


@pytest.fixture
def own(demo_user) -> Concern:
    """A forwarded concern in cadre_ward's quarter, with confidential data, due in ten days."""
    concern = services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP01"),
        category=ConcernCategory.ENVIRONMENT,
        summary="OWN-SUMMARY rác tồn đọng",
        detail="OWN-DETAIL-SECRET",
        resident_name="Own Resident Name",
        resident_phone="0912000999",
        resident_consent=True,
        received_on=TODAY - 5 * DAY,
    )
    return services.forward_concern(
        actor=demo_user("cadre_area"),
        concern=concern,
        authority="UBND phường Phước Hội",
        forwarded_on=TODAY - 4 * DAY,
        due_date=TODAY + 10 * DAY,
    )


@pytest.fixture
def other(demo_user) -> Concern:
    """A concern of another ward (Phường La Gi), outside cadre_ward's scope."""
    return services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit("LD-PLAGI"),
        residential_area=unit("LD-PLAGI-KP01"),
        category=ConcernCategory.ENVIRONMENT,
        summary="OTHER-SUMMARY đường ngập",
        detail="OTHER-DETAIL-SECRET",
        received_on=TODAY - 3 * DAY,
    )


def action_urls(concern: Concern) -> list[str]:
    return [reverse(f"concerns:{name}", args=[concern.pk]) for name in ACTIONS]


# --- anonymous and roles ------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client, own):
    urls = [
        reverse("concerns:inbox"),
        reverse("concerns:create"),
        reverse("concerns:visit_log"),
        reverse("concerns:detail", args=[own.pk]),
        *action_urls(own),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize(
    "username, sees_own, sees_other",
    [
        ("admin", True, True),
        ("cadre_area", True, True),
        ("cadre_viewer", True, True),
        ("cadre_ward", True, False),
        ("cadre_women", False, False),
    ],
)
def test_inbox_lists_the_concerns_in_scope_only(login_as, own, other, username, sees_own, sees_other):
    response = login_as(username).get(reverse("concerns:inbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (own.tracking_code in content) is sees_own
    assert (other.tracking_code in content) is sees_other
    assert "OWN-DETAIL-SECRET" not in content  # confidential data only on the concern's page


@pytest.mark.parametrize(
    "username, status",
    [("admin", 200), ("cadre_area", 200), ("cadre_ward", 200), ("cadre_viewer", 200), ("cadre_women", 404)],
)
def test_detail_per_role(login_as, own, username, status):
    response = login_as(username).get(reverse("concerns:detail", args=[own.pk]))
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "OWN-DETAIL-SECRET" in content and "Own Resident Name" in content and "0912000999" in content
        assert content.count("<h1") == 1


def test_detail_shows_the_timeline_and_the_allowed_steps_only(login_as, own):
    response = login_as("cadre_ward").get(reverse("concerns:detail", args=[own.pk]))
    content = response.content.decode()
    assert 'id="timeline"' in content and "UBND phường Phước Hội" in content
    for name in ("forward", "answer", "duplicate", "not_in_scope"):
        assert reverse(f"concerns:{name}", args=[own.pk]) in content
    for name in ("inform", "close"):
        assert reverse(f"concerns:{name}", args=[own.pk]) not in content


def test_reading_a_concern_is_recorded(login_as, own, demo_user):
    from auditlog.models import LogEntry

    login_as("cadre_ward").get(reverse("concerns:detail", args=[own.pk]))
    assert (
        LogEntry.objects.get_for_object(own)
        .filter(action=LogEntry.Action.ACCESS, actor=demo_user("cadre_ward"))
        .exists()
    )


def test_read_only_cadre_sees_no_forms_and_gets_403_on_every_write(login_as, own):
    client = login_as("cadre_viewer")
    content = client.get(reverse("concerns:detail", args=[own.pk])).content.decode()
    assert '<form method="post" action="/cadre/concerns/' not in content
    for url in action_urls(own):
        assert client.get(url).status_code == 403, url
        assert (
            client.post(url, {"answer-answer": "x", "answer-answered_on": TODAY.isoformat()}).status_code
            == 403
        )
    assert client.get(reverse("concerns:create")).status_code == 403
    assert client.post(reverse("concerns:create")).status_code == 403
    assert client.get(reverse("concerns:visit_log")).status_code == 403
    own.refresh_from_db()
    assert own.status == S.FORWARDED


# --- another ward's concern, however it is asked for ----------------------------------------


def test_ward_cadre_never_gets_another_wards_concern(login_as, other):
    client = login_as("cadre_ward")
    assert client.get(reverse("concerns:detail", args=[other.pk])).status_code == 404
    for url in action_urls(other):
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"answer-answer": "x", "answer-answered_on": TODAY.isoformat()}).status_code
            == 404
        )
    other.refresh_from_db()
    assert other.status == S.RECEIVED


@pytest.mark.parametrize(
    "query",
    [
        "?unit={other_ward}",
        "?unit={other_area}",
        "?unit={other_ward}&status=received",
        "?category=environment",
        "?status=received",
        "?received_after={week_ago}",
    ],
)
def test_filters_never_widen_the_inbox(login_as, own, other, query):
    query = query.format(
        other_ward=other.unit_id, other_area=other.residential_area_id, week_ago=(TODAY - 7 * DAY).isoformat()
    )
    response = login_as("cadre_ward").get(reverse("concerns:inbox") + query)
    assert response.status_code == 200
    content = response.content.decode()
    assert other.tracking_code not in content
    assert "OTHER-SUMMARY" not in content
    if "unit=" in query:
        # A unit outside the scope is not a choice: a form error and an empty list.
        assert "unit" in response.context["filter"].errors
        assert 'id="id_unit"' in content and "is-invalid" in content
        assert response.context["page"].paginator.count == 0


def test_filters_narrow_the_inbox(login_as, own, demo_user):
    answered = services.receive_concern(
        actor=demo_user("cadre_ward"),
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        category=ConcernCategory.HEALTH,
        summary="Muỗi",
        received_on=TODAY - 40 * DAY,
    )
    old = ConcernFactory(
        unit=unit("LG-PH"), category=ConcernCategory.HEALTH, received_on=datetime.date(2024, 5, 2)
    )
    client = login_as("cadre_ward")

    def listed(query: str) -> set[int]:
        response = client.get(reverse("concerns:inbox") + query)
        assert response.status_code == 200
        assert not response.context["filter"].errors
        return {c.pk for c in response.context["page"]}

    mine = {own.pk, answered.pk, old.pk}
    assert listed(f"?unit={unit('LD-PPHUOCHOI-KP01').pk}") & mine == {own.pk}
    assert listed(f"?unit={unit('LD-PPHUOCHOI').pk}") & mine == {own.pk, answered.pk}
    assert listed(f"?unit={unit('LG-PH').pk}") & mine == {old.pk}
    assert listed("?category=health") & mine == {answered.pk, old.pk}
    assert listed("?status=forwarded") & mine == {own.pk}
    assert listed(f"?received_after={(TODAY - 10 * DAY).isoformat()}") & mine == {own.pk}
    assert listed("?received_before=2024-12-31") & mine == {old.pk}


def test_overdue_first_then_newest_with_a_badge_and_an_overdue_filter(login_as, own, demo_user):
    cadre = demo_user("cadre_ward")
    late = services.receive_concern(
        actor=cadre,
        unit=unit("LD-PPHUOCHOI"),
        category=ConcernCategory.HEALTH,
        summary="Late one",
        received_on=TODAY - 60 * DAY,
    )
    late = services.forward_concern(
        actor=cadre,
        concern=late,
        authority="UBND",
        forwarded_on=TODAY - 50 * DAY,
        due_date=TODAY - DAY,
    )
    client = login_as("cadre_ward")
    response = client.get(reverse("concerns:inbox"))
    page = list(response.context["page"])
    assert page[0].is_overdue
    positions = {c.pk: i for i, c in enumerate(page)}
    assert positions[late.pk] < positions[own.pk]
    overdue_flags = [c.is_overdue for c in page]
    assert overdue_flags == sorted(overdue_flags, reverse=True)
    assert "Overdue" in response.content.decode() or "Quá hạn" in response.content.decode()
    only = client.get(reverse("concerns:inbox") + "?overdue=on")
    listed = {c.pk for c in only.context["page"]}
    assert late.pk in listed and own.pk not in listed
    assert all(c.is_overdue for c in only.context["page"])


def test_inbox_is_paginated_by_25(login_as):
    area = unit("LD-PPHUOCHOI-KP03")
    ConcernFactory.create_batch(30, unit=unit("LD-PPHUOCHOI"), residential_area=area, summary="PAGED")
    client = login_as("cadre_ward")
    response = client.get(reverse("concerns:inbox") + f"?unit={area.pk}")
    assert len(response.context["page"]) == 25
    second = client.get(reverse("concerns:inbox") + f"?unit={area.pk}&page=2")
    assert len(second.context["page"]) == 5 + Concern.objects.filter(residential_area=area).count() - 30


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
                "authority": "UBND phường",
                "document_number": "7/MT",
                "forwarded_on": TODAY - 2 * DAY,
                "due_date": TODAY + 5 * DAY,
                "note": "",
            },
            S.FORWARDED,
        ),
        ("answer", {"answer": "Đã xử lý.", "answered_on": TODAY - DAY, "note": ""}, S.ANSWERED),
        ("inform", {"informed_on": TODAY, "note": "Gọi điện"}, S.INFORMED),
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


def test_an_invalid_step_comes_back_with_errors_and_changes_nothing(login_as, own):
    client = login_as("cadre_ward")
    url = reverse("concerns:answer", args=[own.pk])
    response = client.post(url, {"answer-answer": "", "answer-answered_on": "not a date"})
    assert response.status_code == 200
    assert response.context["bound"].form.errors.keys() == {"answer", "answered_on"}
    own.refresh_from_db()
    assert own.status == S.FORWARDED
    # A step not allowed now: the page says so, nothing changes.
    response = client.post(reverse("concerns:close", args=[own.pk]), {"close-closed_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert response.context["bound"].form.non_field_errors()
    assert client.get(reverse("concerns:inform", args=[own.pk])).context["not_allowed_message"]
    own.refresh_from_db()
    assert own.status == S.FORWARDED


def test_close_as_duplicate_by_tracking_code(login_as, own, other, demo_user):
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
    response = client.post(url, {"duplicate-duplicate_of": other.tracking_code, "duplicate-reason": "Trùng"})
    assert response.status_code == 200 and "duplicate_of" in response.context["bound"].form.errors
    code = own.tracking_code.lower()[:5] + " " + own.tracking_code.lower()[5:]
    response = client.post(url, {"duplicate-duplicate_of": code, "duplicate-reason": "Trùng nội dung"})
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of_id) == (S.DUPLICATE, own.pk)


# --- recording a concern directly ---------------------------------------------------------------


def create_data(**overrides) -> dict:
    data = {
        "source": "petition",
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


# --- dashboard panels ------------------------------------------------------------------------------


def test_dashboard_context_shows_overdue_counts_and_hot_spots_in_scope(demo_user, own, other):
    cadre = demo_user("cadre_ward")
    area = unit("LD-PPHUOCHOI-KP04")
    hot = ConcernFactory.create_batch(
        5,
        unit=unit("LD-PPHUOCHOI"),
        residential_area=area,
        category=ConcernCategory.SECURITY_ORDER,
        received_on=TODAY - 3 * DAY,
    )
    ConcernFactory.create_batch(
        5,
        unit=unit("LD-PLAGI"),
        residential_area=unit("LD-PLAGI-KP03"),
        category=ConcernCategory.SECURITY_ORDER,
        received_on=TODAY - 3 * DAY,
    )
    late = services.forward_concern(
        actor=cadre, concern=hot[0], authority="UBND", forwarded_on=TODAY - 2 * DAY, due_date=TODAY - DAY
    )
    context = dashboard_context(cadre)
    most_overdue = Concern.objects.visible_to(cadre).overdue().order_by("due_date", "pk")[:5]
    assert context["concerns_overdue"] == list(most_overdue)
    assert late in Concern.objects.visible_to(cadre).overdue()
    assert context["concerns_overdue_count"] == Concern.objects.visible_to(cadre).overdue().count()
    counts = {row["status"]: row["count"] for row in context["concerns_status_counts"]}
    assert counts[S.FORWARDED] == Concern.objects.visible_to(cadre).filter(status=S.FORWARDED).count()
    spots = [(s.place, s.category) for s in context["concerns_hotspots"]]
    assert (area, ConcernCategory.SECURITY_ORDER) in spots
    assert all(s.place.code.startswith(("LD-PPHUOCHOI", "LG-")) for s in context["concerns_hotspots"])
    html = render_to_string("concerns/_dashboard_panels.html", context)
    assert reverse("concerns:detail", args=[hot[1].pk]) in html
    assert "?overdue=on" in html
    assert other.tracking_code not in html
