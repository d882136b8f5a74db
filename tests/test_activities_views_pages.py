"""Work log pages per role: who may open what (404 outside the scope, 403 for read-only cadres,
anonymous visitors sent to the login), the list and its filters, an activity's page with its
confidential fields, and pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from activities.services import create_activity
from organizations.models import OrganizationKind
from tests.helpers import count_queries, unit

from .test_activities_common import (
    AFTER_MERGER,
    CHOOSE,
    LIST,
    NEW_LA_GI,
    NEW_PHUOC_HOI,
    area,
    commitment,
    detail_url,
    edit_url,
    jpeg_bytes,
    kind_url,
    new_activity,
    new_details,
    org,
)

pytestmark = pytest.mark.django_db


# The day of the test activities: the demo data may fill the first pages with newer ones.
ON_DAY = {"date_from": AFTER_MERGER.isoformat(), "date_to": AFTER_MERGER.isoformat()}


@pytest.fixture
def la_gi_activity(demo_user) -> Activity:
    """An activity of the Front committee of Phường La Gi: outside cadre_ward's and cadre_women's scope."""
    return create_activity(
        actor=demo_user("cadre_area"),
        activity=new_activity("other", NEW_LA_GI, summary="Ngày hội Đại đoàn kết La Gi"),
        organizations=[org(NEW_LA_GI)],
    )


@pytest.fixture
def women_meeting(demo_user) -> Activity:
    women = org(NEW_LA_GI, OrganizationKind.WOMENS_UNION)
    return create_activity(
        actor=demo_user("cadre_women"),
        activity=new_activity("meeting", NEW_LA_GI, summary="Sinh hoạt chi hội phụ nữ"),
        organizations=[women],
        details=new_details("meeting", NEW_LA_GI),
    )


# Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["list", "create", "create_kind", "detail", "edit"])
def test_anonymous_is_sent_to_the_login(client, ward_mediation, url_name):
    args = {"create_kind": ["visit"], "detail": [ward_mediation.pk], "edit": [ward_mediation.pk]}.get(
        url_name, []
    )
    response = client.get(reverse(f"activities:{url_name}", args=args))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("username", "list_", "choose", "create", "detail", "edit"),
    [
        ("admin", 200, 200, 200, 200, 200),
        ("cadre_area", 200, 200, 200, 200, 200),
        ("cadre_ward", 200, 200, 200, 200, 200),
        ("cadre_women", 200, 200, 200, 404, 404),
        ("cadre_viewer", 200, 403, 403, 200, 403),
    ],
)
def test_status_per_role(login_as, ward_mediation, username, list_, choose, create, detail, edit):
    client = login_as(username)
    assert client.get(LIST).status_code == list_
    assert client.get(CHOOSE).status_code == choose
    assert client.get(kind_url("visit")).status_code == create
    assert client.get(detail_url(ward_mediation)).status_code == detail
    assert client.get(edit_url(ward_mediation)).status_code == edit
    assert client.post(edit_url(ward_mediation), {}).status_code == edit


def test_a_ward_cadre_never_sees_another_wards_activity(login_as, la_gi_activity, ward_mediation):
    client = login_as("cadre_ward")
    listing = client.get(LIST, ON_DAY).content.decode()
    assert "Hòa giải ranh giới đất" in listing
    assert "Ngày hội Đại đoàn kết La Gi" not in listing
    filtered = client.get(LIST, {"unit": unit(NEW_LA_GI).pk, **ON_DAY}).content.decode()
    assert "Ngày hội Đại đoàn kết La Gi" not in filtered
    assert client.get(detail_url(la_gi_activity)).status_code == 404
    assert client.get(edit_url(la_gi_activity)).status_code == 404
    assert client.post(edit_url(la_gi_activity), {"summary": "x"}).status_code == 404
    la_gi_activity.refresh_from_db()
    assert la_gi_activity.summary == "Ngày hội Đại đoàn kết La Gi"


def test_an_organization_cadre_sees_its_organizations_activities_only(
    login_as, la_gi_activity, women_meeting
):
    client = login_as("cadre_women")
    listing = client.get(LIST, ON_DAY).content.decode()
    assert "Sinh hoạt chi hội phụ nữ" in listing
    assert "Ngày hội Đại đoàn kết La Gi" not in listing
    assert client.get(detail_url(women_meeting)).status_code == 200
    assert client.get(edit_url(women_meeting)).status_code == 200
    assert client.get(detail_url(la_gi_activity)).status_code == 404


def test_unknown_kind_is_404(login_as):
    assert login_as("cadre_ward").get(kind_url("party")).status_code == 404


# List and detail ------------------------------------------------------------------------------


def test_list_filters(login_as, ward_mediation, demo_user):
    other = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other", summary="Ra quân dọn vệ sinh", date=datetime.date(2026, 1, 10)),
        organizations=[org(NEW_PHUOC_HOI)],
    )
    client = login_as("cadre_ward")
    both = {"date_from": "2026-01-10", "date_to": AFTER_MERGER.isoformat()}
    assert "Ra quân dọn vệ sinh" in client.get(LIST, both).content.decode()
    by_kind = client.get(LIST, {"kind": "mediation", **both}).content.decode()
    assert "Hòa giải ranh giới đất" in by_kind and "Ra quân dọn vệ sinh" not in by_kind
    by_date = client.get(LIST, {"date_from": "2026-01-01", "date_to": "2026-01-31"}).content.decode()
    assert "Ra quân dọn vệ sinh" in by_date and "Hòa giải ranh giới đất" not in by_date
    january = {"date_from": "2026-01-10", "date_to": "2026-01-10"}
    by_unit = client.get(LIST, {"unit": unit(NEW_PHUOC_HOI).pk, **january}).content.decode()
    assert "Ra quân dọn vệ sinh" in by_unit
    branch = org(area(NEW_PHUOC_HOI).code, "womens_union")
    by_org = client.get(LIST, {"organization": branch.pk, **january}).content.decode()
    assert "Ra quân dọn vệ sinh" not in by_org
    assert other.pk


def test_the_list_is_newest_first(login_as, demo_user):
    for day, summary in ((3, "Older one"), (20, "Newer one")):
        create_activity(
            actor=demo_user("cadre_ward"),
            activity=new_activity("other", summary=summary, date=datetime.date(2026, 2, day)),
            organizations=[org(NEW_PHUOC_HOI)],
        )
    page = (
        login_as("cadre_ward")
        .get(LIST, {"date_from": "2026-02-01", "date_to": "2026-02-28"})
        .content.decode()
    )
    assert page.index("Newer one") < page.index("Older one")


def test_the_unit_filter_includes_the_units_merged_into_it_as_it_is_now(login_as, demo_user):
    old = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other", "LG-PL", date=datetime.date(2023, 4, 4), summary="Hoạt động năm 2023"),
        organizations=[org("LG-PL")],
    )
    client = login_as("cadre_ward")
    new_ward = unit(NEW_PHUOC_HOI).pk
    day = {"date_from": "2023-04-04", "date_to": "2023-04-04"}
    # As it is now (the default): the new ward includes the old wards merged into it.
    assert "Hoạt động năm 2023" in client.get(LIST, {"unit": new_ward, **day}).content.decode()
    as_it_was = client.get(LIST, {"unit": new_ward, "view": "was", **day}).content.decode()
    assert "Hoạt động năm 2023" not in as_it_was
    assert old.unit.code == "LG-PL"


def test_the_detail_shows_confidential_fields_to_cadres_in_scope_only(login_as, ward_mediation):
    detail = login_as("cadre_ward").get(detail_url(ward_mediation)).content.decode()
    assert "Bà Test Bí Mật và ông Test Kín" in detail
    assert detail.count("<h1") == 1
    assert "Bà Test Bí Mật" not in login_as("cadre_ward").get(LIST).content.decode()


def test_reading_confidential_details_is_logged(login_as, ward_mediation, demo_user):
    from auditlog.models import LogEntry

    login_as("cadre_viewer").get(detail_url(ward_mediation))
    entry = LogEntry.objects.get_for_object(ward_mediation.mediation_details).filter(
        action=LogEntry.Action.ACCESS
    )
    assert entry.filter(actor=demo_user("cadre_viewer")).exists()


def test_the_detail_shows_commitments_and_photos(login_as, demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from activities.services import NewPhoto

    activity = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("dialogue"),
        organizations=[org(NEW_PHUOC_HOI)],
        details=new_details("dialogue"),
        commitments=[commitment("Lắp đèn đường khu phố 1")],
        photos=[
            NewPhoto(file=SimpleUploadedFile("a.jpg", jpeg_bytes()), caption="Quang cảnh buổi đối thoại")
        ],
    )
    detail = login_as("cadre_ward").get(detail_url(activity)).content.decode()
    assert "Lắp đèn đường khu phố 1" in detail
    assert "Quang cảnh buổi đối thoại" in detail


# Query counts ---------------------------------------------------------------------------------


SCOPE_OF = {
    "cadre_ward": (NEW_PHUOC_HOI, OrganizationKind.FRONT_COMMITTEE),
    "cadre_women": (NEW_LA_GI, OrganizationKind.WOMENS_UNION),
    "admin": (NEW_PHUOC_HOI, OrganizationKind.FRONT_COMMITTEE),
}


def make_activities(count: int, username: str = "cadre_ward") -> None:
    """``count`` activities the user can see (bulk: no audit, no validation needed here)."""
    unit_code, kind = SCOPE_OF[username]
    ward, organizer = unit(unit_code), org(unit_code, kind)
    created = Activity.objects.bulk_create(
        [Activity(kind="other", date=AFTER_MERGER, unit=ward, summary=f"Bulk {n}") for n in range(count)]
    )
    through = Activity.organizations.through
    through.objects.bulk_create([through(activity_id=a.pk, organization_id=organizer.pk) for a in created])


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_women", "admin"])
def test_list_query_count_does_not_grow(login_as, demo_user, django_assert_num_queries, username):
    client = login_as(username)
    make_activities(5, username)
    small = count_queries(client, LIST)
    make_activities(495, username)
    assert count_queries(client, LIST) == small
    assert count_queries(client, LIST + "?kind=other&page=3") == small


def test_list_query_count_is_pinned(login_as, demo_user, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_activities(500)
    # session, user, the scope's rows, the page (no count), organizations of the page, unit and
    # organization choices (subqueries of the reach tables: no id set is loaded)
    with django_assert_num_queries(7):
        client.get(LIST)


def test_detail_query_count_does_not_grow(login_as, demo_user, ward_mediation, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_activities(5)
    small = count_queries(client, detail_url(ward_mediation))
    make_activities(495)
    assert count_queries(client, detail_url(ward_mediation)) == small
    # session, user, the scope's rows (1), the activity with its details, organizations, photos,
    # commitments, the access log entry for the confidential parties, the can-edit check
    with django_assert_num_queries(9):
        client.get(detail_url(ward_mediation))


def test_the_list_pages_through_the_newest_first_without_counting(login_as, demo_user):
    client = login_as("cadre_ward")
    make_activities(30)
    first = client.get(LIST)
    visible = list(Activity.objects.visible_to(first.wsgi_request.user).newest_first())
    assert list(first.context["page"]) == visible[:25]
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    assert "Hoạt động 1–25, mới nhất trước" in first.text and "Trang 1" in first.text
    last_number = (len(visible) + 24) // 25
    last = client.get(LIST, {"page": last_number})
    assert list(last.context["page"]) == visible[(last_number - 1) * 25 :]
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text
    beyond = client.get(LIST, {"page": last_number + 1})
    assert list(beyond.context["page"]) == [] and "Không có hoạt động nào phù hợp" in beyond.text
    # A page that is not a number is the first.
    assert list(client.get(LIST, {"page": "abc"}).context["page"]) == visible[:25]
