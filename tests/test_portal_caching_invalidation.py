"""Publishing, unpublishing or changing through the services shows on the cached public pages at
once (the version moves on when the change is committed); a change that bypasses the services
stays hidden from anonymous visitors, never from cadres, who never get a cached page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Visibility
from activities.services import update_activity
from core import caching
from organizations.models import Organization
from organizations.services import save_organization
from tests.factories import ActivityFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    """An internal activity in a new unit, ready to be published through the service."""
    unit = UnitFactory(name="Phường Thử Nghiệm")
    return ActivityFactory(
        unit=unit, date=timezone.localdate(), summary="Ra quân làm sạch bãi biển Đồi Dương."
    )


def publish(actor, activity: Activity, on_commit) -> None:
    activity.visibility = Visibility.PUBLISHED
    with on_commit(execute=True):
        update_activity(actor=actor, activity=activity, organizations=list(activity.organizations.all()))


def unpublish(actor, activity: Activity, on_commit) -> None:
    activity.visibility = Visibility.INTERNAL
    with on_commit(execute=True):
        update_activity(actor=actor, activity=activity, organizations=list(activity.organizations.all()))


def test_publishing_through_the_service_shows_the_activity_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    home = client.get(reverse("public:home")).content.decode()
    listing = client.get(reverse("portal:activity_list")).content.decode()
    assert "Đồi Dương" not in home and "Đồi Dương" not in listing

    publish(demo_user("admin"), activity, django_capture_on_commit_callbacks)

    assert "Đồi Dương" in client.get(reverse("public:home")).content.decode()
    assert "Đồi Dương" in client.get(reverse("portal:activity_list")).content.decode()
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert client.get(detail).status_code == 200


def test_unpublishing_through_the_service_removes_the_activity_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    admin = demo_user("admin")
    publish(admin, activity, django_capture_on_commit_callbacks)
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert client.get(detail).status_code == 200
    assert "Đồi Dương" in client.get(reverse("public:home")).content.decode()

    unpublish(admin, activity, django_capture_on_commit_callbacks)

    assert client.get(detail).status_code == 404
    assert "Đồi Dương" not in client.get(reverse("public:home")).content.decode()
    assert "Đồi Dương" not in client.get(reverse("portal:activity_list")).content.decode()


def test_a_change_to_a_published_activity_shows_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    admin = demo_user("admin")
    publish(admin, activity, django_capture_on_commit_callbacks)
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert "Đồi Dương" in client.get(detail).content.decode()

    activity.summary = "Ra quân làm sạch bãi biển Cam Bình."
    with django_capture_on_commit_callbacks(execute=True):
        update_activity(actor=admin, activity=activity, organizations=list(activity.organizations.all()))

    assert "Cam Bình" in client.get(detail).content.decode()


def test_an_organization_change_through_the_service_shows_at_once(
    client, demo_user, django_capture_on_commit_callbacks
):
    organization = Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")
    assert "Hội Nông dân phường Phước Hội" in client.get(reverse("public:home")).content.decode()

    organization.name = "Hội Nông dân phường Phước Hội Đổi Tên"
    with django_capture_on_commit_callbacks(execute=True):
        save_organization(actor=demo_user("admin"), organization=organization)

    assert "Hội Nông dân phường Phước Hội Đổi Tên" in client.get(reverse("public:home")).content.decode()


def test_without_invalidation_anonymous_visitors_get_the_cached_page_but_cadres_never(
    client, login_as, activity
):
    activity.visibility = Visibility.PUBLISHED
    activity.published_at = timezone.now()
    activity.save()
    url = reverse("portal:activity_list")
    assert "Đồi Dương" in client.get(url).content.decode()
    # A change that bypasses the services (and so the invalidation):
    Activity.objects.filter(pk=activity.pk).update(summary="Ra quân làm sạch bãi biển Hòn Bà.")

    anonymous = client.get(url).content.decode()
    assert "Đồi Dương" in anonymous and "Hòn Bà" not in anonymous

    cadre = login_as("cadre_viewer")
    response = cadre.get(url)
    assert "Hòn Bà" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    # ...and a cadre's page is not stored for anonymous visitors either.
    cadre.logout()
    assert "Hòn Bà" not in client.get(url).content.decode()


def test_the_version_moves_on_only_when_the_change_is_committed(django_capture_on_commit_callbacks):
    before = caching.public_content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        caching.public_content_changed()
    assert caching.public_content_version() == before
    for callback in callbacks:
        callback()
    assert caching.public_content_version() != before
