"""Fixtures of the admin tests: a staff member, an anonymous visitor, and published or indexed records."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity, Visibility
from articles import services as article_services
from articles.models import Article, ArticleKind
from organizations import services as organization_services
from organizations.models import AdministrativeUnit, Organization, User
from tests.factories import (
    OrganizationFactory,
    UnitFactory,
    VisitDetailsFactory,
)


@pytest.fixture
def staff_user() -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def staff(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the new page-cache version, the article index) at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published_visit(staff_user, commit) -> Activity:
    """A visit published today through the service, with its details: first in the public list."""
    details = VisitDetailsFactory(
        activity__date=timezone.localdate(),
        activity__summary="Thăm hộ khó khăn ở khu phố Thử Nghiệm.",
        other_cadres="Test cadre",
    )
    activity = details.activity
    activity.visibility = Visibility.PUBLISHED
    with commit():
        activity_services.update_activity(
            actor=staff_user,
            activity=activity,
            organizations=list(activity.organizations.all()),
            details=details,
        )
    return activity


@pytest.fixture
def published_article(staff_user, commit) -> Article:
    organization = OrganizationFactory()
    article = Article(
        kind=ArticleKind.NEWS,
        title="Test bài viết về bãi biển Đồi Dương",
        summary="Test tóm tắt.",
        body="Test nội dung.",
        organization=organization,
    )
    with commit():
        article_services.create_article(actor=staff_user, article=article)
        article_services.publish_article(actor=staff_user, article=article)
    article.refresh_from_db()
    return article


@pytest.fixture
def indexed_unit(staff_user, commit) -> AdministrativeUnit:
    with commit():
        return organization_services.save_unit(actor=staff_user, unit=UnitFactory(name="Test phường Thử"))


@pytest.fixture
def indexed_organization(staff_user, commit, indexed_unit) -> Organization:
    organization = Organization(name="Test hội Thử", kind="womens_union", unit=indexed_unit)
    with commit():
        return organization_services.save_organization(actor=staff_user, organization=organization)
