"""The Django admin writes through the services: a change or a delete made in the admin leaves
the public search and the cached public pages at once, a service's refusal shows on the admin
form with nothing saved, and the audit log names the staff member.

Every change here is made through the admin's own pages: the change form is fetched and its
fields (inlines and management forms included) are posted back with the changes, as a browser
would; a delete is the confirmation page's POST. Public pages are fetched by an anonymous
client, the first time to put them in the page cache.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from auditlog import get_logentry_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity, ActivityPhoto, Visibility, VisitDetails
from articles import services as article_services
from articles.models import Article, ArticleKind, ArticleStatus
from core.models import SearchEntry
from organizations import services as organization_services
from organizations.models import Access, AdministrativeUnit, Organization, Position, Scope, User
from tests.factories import (
    OrganizationFactory,
    PositionFactory,
    ScopeFactory,
    UnitFactory,
    VisitDetailsFactory,
)
from tests.test_activities_common import jpeg_bytes

pytestmark = pytest.mark.django_db

LogEntry = get_logentry_model()
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


class _FormFields(HTMLParser):
    """The values the change form would send as it is: inputs, selected options and text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and attributes.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in attributes and tag != "option"):
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.data.append(
                (attributes["name"], attributes.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self._select = (attributes["name"], False)
        elif tag == "option" and self._select is not None and "selected" in attributes:
            self.data.append((self._select[0], attributes.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = attributes["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def change_form_data(client: Client, url: str, **changes: str) -> dict[str, str | list[str]]:
    """What the admin change page at ``url`` posts when saved, with ``changes`` typed in."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    posted: dict[str, str | list[str]] = {
        name: values if len(values) > 1 else values[0] for name, values in data.items()
    }
    posted.update(changes)
    return posted


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def search_entry(obj) -> SearchEntry | None:
    return SearchEntry.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    ).first()


def latest_entry(model, pk: int, action: int):
    return (
        LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_pk=str(pk),
            action=action,
        )
        .order_by("-timestamp", "-pk")
        .first()
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


# --- activities -------------------------------------------------------------------------


def test_an_activity_set_to_internal_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    detail = reverse("portal:activity_detail", args=[published_visit.pk])
    listing = reverse("portal:activity_list")
    assert detail in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 200
    assert search_entry(published_visit) is not None
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(staff, url, visibility=Visibility.INTERNAL)

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    published_visit.refresh_from_db()
    assert published_visit.visibility == Visibility.INTERNAL
    assert published_visit.published_at is None
    assert search_entry(published_visit) is None
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    # The details, the organizers and the cadres went through the service unchanged.
    details = VisitDetails.objects.get(pk=published_visit.pk)
    assert details.other_cadres == "Test cadre"
    assert published_visit.organizations.count() == 1
    entry = latest_entry(Activity, published_visit.pk, LogEntry.Action.UPDATE)
    assert entry.actor == staff_user
    assert "visibility" in entry.changes_dict


def test_a_published_activity_changed_in_the_admin_shows_the_change_at_once(
    staff, visitor, commit, published_visit
):
    detail = reverse("portal:activity_detail", args=[published_visit.pk])
    assert "Thử Nghiệm" in visitor.get(detail).content.decode()
    url = admin_url(Activity, "change", published_visit.pk)

    with commit():
        staff.post(url, change_form_data(staff, url, summary="Thăm hộ khó khăn ở khu phố Đồi Dương."))

    assert "Đồi Dương" in visitor.get(detail).content.decode()
    assert "Đồi Dương" in search_entry(published_visit).summary + search_entry(published_visit).title


def test_an_activity_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    pk = published_visit.pk
    detail = reverse("portal:activity_detail", args=[pk])
    listing = reverse("portal:activity_list")
    assert detail in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(admin_url(Activity, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=pk).exists()
    assert not SearchEntry.objects.filter(content_type__model="activity", object_id=pk).exists()
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    assert latest_entry(Activity, pk, LogEntry.Action.DELETE).actor == staff_user


def test_activities_deleted_with_the_admin_action_leave_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    pk = published_visit.pk
    listing = reverse("portal:activity_list")
    assert reverse("portal:activity_detail", args=[pk]) in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(
            admin_url(Activity, "changelist"),
            {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=pk).exists()
    assert search_entry(published_visit) is None
    assert reverse("portal:activity_detail", args=[pk]) not in visitor.get(listing).content.decode()
    assert latest_entry(Activity, pk, LogEntry.Action.DELETE).actor == staff_user


def test_a_change_the_activity_service_refuses_shows_on_the_admin_form_and_saves_nothing(
    staff, visitor, commit, published_visit
):
    # The model form accepts any organization; the service refuses one that did not exist yet.
    later = OrganizationFactory(valid_from=published_visit.date + datetime.timedelta(days=1))
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(
        staff, url, organizations=[str(later.pk)], visibility=Visibility.INTERNAL, summary="Test changed"
    )
    entries_before = LogEntry.objects.count()

    with commit():
        response = staff.post(url, data, **ENGLISH)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "did not exist on the activity's date" in " ".join(errors["organizations"])
    assert "did not exist on the activity" in response.content.decode().replace("&#x27;", "'")
    published_visit.refresh_from_db()
    assert published_visit.visibility == Visibility.PUBLISHED
    assert published_visit.summary != "Test changed"
    assert list(published_visit.organizations.all()) != [later]
    assert search_entry(published_visit) is not None
    assert visitor.get(reverse("portal:activity_detail", args=[published_visit.pk])).status_code == 200
    assert LogEntry.objects.count() == entries_before


def test_a_photo_removed_in_the_admin_goes_with_its_file_and_a_caption_is_changed(
    staff, staff_user, commit, published_visit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photos = [
        activity_services.NewPhoto(SimpleUploadedFile(f"{name}.jpg", jpeg_bytes()), caption=name)
        for name in ("kept", "removed")
    ]
    with commit():
        activity_services.update_activity(
            actor=staff_user,
            activity=published_visit,
            organizations=list(published_visit.organizations.all()),
            details=published_visit.visit_details,
            photos=photos,
        )
    kept = ActivityPhoto.objects.get(activity=published_visit, caption="kept")
    removed = ActivityPhoto.objects.get(activity=published_visit, caption="removed")
    storage = removed.image.storage
    assert storage.exists(removed.image.name)
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(staff, url)
    index = {data[f"photos-{i}-id"]: i for i in range(int(data["photos-TOTAL_FORMS"]))}
    data[f"photos-{index[str(removed.pk)]}-DELETE"] = "on"
    data[f"photos-{index[str(kept.pk)]}-caption"] = "kept, captioned again"

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    assert not ActivityPhoto.objects.filter(pk=removed.pk).exists()
    assert not storage.exists(removed.image.name)
    kept.refresh_from_db()
    assert kept.caption == "kept, captioned again" and storage.exists(kept.image.name)
    assert latest_entry(ActivityPhoto, removed.pk, LogEntry.Action.DELETE).actor == staff_user
    assert latest_entry(ActivityPhoto, kept.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_activities_are_not_added_in_the_admin(staff):
    assert staff.get(admin_url(Activity, "add")).status_code == 403


def test_the_activity_admin_shows_the_kind_and_publication_time_read_only(staff, published_visit):
    form = staff.get(admin_url(Activity, "change", published_visit.pk)).context["adminform"].form

    assert "kind" not in form.fields
    assert "published_at" not in form.fields


# --- articles ---------------------------------------------------------------------------


def test_an_article_unpublished_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_article
):
    detail = published_article.get_absolute_url()
    listing = reverse("articles:list")
    assert detail in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 200
    assert search_entry(published_article) is not None
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, status=ArticleStatus.DRAFT))

    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT
    assert search_entry(published_article) is None
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    entry = latest_entry(Article, published_article.pk, LogEntry.Action.UPDATE)
    assert entry.actor == staff_user
    assert "status" in entry.changes_dict


def test_an_article_published_in_the_admin_appears_at_once(
    staff, visitor, staff_user, commit, published_article
):
    with commit():
        article_services.unpublish_article(actor=staff_user, article=published_article)
    detail = published_article.get_absolute_url()
    assert visitor.get(detail).status_code == 404
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        staff.post(url, change_form_data(staff, url, status=ArticleStatus.PUBLISHED))

    assert visitor.get(detail).status_code == 200
    assert search_entry(published_article) is not None


def test_consent_withdrawn_and_the_story_unpublished_in_one_admin_save(
    staff, visitor, staff_user, commit, published_article
):
    with commit():
        published_article.kind = ArticleKind.EXEMPLARY_STORY
        published_article.people_consent = True
        article_services.update_article(actor=staff_user, article=published_article)
    url = admin_url(Article, "change", published_article.pk)
    data = change_form_data(staff, url, status=ArticleStatus.DRAFT)
    assert data.pop("people_consent") == "on"

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT and not published_article.people_consent
    assert visitor.get(published_article.get_absolute_url()).status_code == 404


def test_publishing_a_story_without_consent_is_refused_on_the_admin_form(
    staff, staff_user, commit, published_article
):
    with commit():
        article_services.unpublish_article(actor=staff_user, article=published_article)
        published_article.refresh_from_db()
        published_article.kind = ArticleKind.EXEMPLARY_STORY
        article_services.update_article(actor=staff_user, article=published_article)
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, status=ArticleStatus.PUBLISHED))

    assert response.status_code == 200
    assert "people_consent" in response.context["adminform"].form.errors
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT
    assert search_entry(published_article) is None


def test_an_article_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_article
):
    pk, detail, listing = published_article.pk, published_article.get_absolute_url(), reverse("articles:list")
    assert detail in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(admin_url(Article, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    assert not SearchEntry.objects.filter(content_type__model="article", object_id=pk).exists()
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    assert latest_entry(Article, pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_article_added_in_the_admin_is_a_draft_written_by_the_staff_member(staff, staff_user, commit):
    organization = OrganizationFactory()
    data = change_form_data(
        staff,
        admin_url(Article, "add"),
        kind=ArticleKind.NEWS,
        title="Test bài mới",
        summary="Test tóm tắt.",
        body="Test nội dung.",
        organization=str(organization.pk),
    )

    with commit():
        response = staff.post(admin_url(Article, "add"), data)

    assert response.status_code == 302
    article = Article.objects.get(title="Test bài mới")
    assert article.status == ArticleStatus.DRAFT and article.author == staff_user
    assert article.slug
    assert latest_entry(Article, article.pk, LogEntry.Action.CREATE).actor == staff_user


# --- units and organizations ------------------------------------------------------------


def test_a_unit_renamed_in_the_admin_is_renamed_in_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_unit
):
    page = reverse("public:unit_detail", args=[indexed_unit.pk])
    assert "Test phường Thử" in visitor.get(page).content.decode()
    url = admin_url(AdministrativeUnit, "change", indexed_unit.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, name="Test phường Đổi Tên"))

    assert response.status_code == 302
    assert search_entry(indexed_unit).title == "Test phường Đổi Tên"
    html = visitor.get(page).content.decode()
    assert "Test phường Đổi Tên" in html and "Test phường Thử" not in html
    assert latest_entry(AdministrativeUnit, indexed_unit.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_an_invalid_unit_edit_in_the_admin_shows_the_error_and_saves_nothing(
    staff, visitor, commit, indexed_unit
):
    page = reverse("public:unit_detail", args=[indexed_unit.pk])
    visitor.get(page)
    url = admin_url(AdministrativeUnit, "change", indexed_unit.pk)
    data = change_form_data(staff, url, name="Test phường Sai", valid_to="2019-12-31")
    entries_before = LogEntry.objects.count()

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 200
    assert "valid_to" in response.context["adminform"].form.errors
    assert 'class="errornote"' in response.content.decode()
    indexed_unit.refresh_from_db()
    assert indexed_unit.name == "Test phường Thử" and indexed_unit.valid_to is None
    assert search_entry(indexed_unit).title == "Test phường Thử"
    assert "Test phường Thử" in visitor.get(page).content.decode()
    assert LogEntry.objects.count() == entries_before


def test_a_unit_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_unit
):
    pk, page = indexed_unit.pk, reverse("public:unit_detail", args=[indexed_unit.pk])
    assert visitor.get(page).status_code == 200

    with commit():
        response = staff.post(admin_url(AdministrativeUnit, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not AdministrativeUnit.objects.filter(pk=pk).exists()
    assert search_entry(indexed_unit) is None
    assert visitor.get(page).status_code == 404
    assert latest_entry(AdministrativeUnit, pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_organization_renamed_in_the_admin_is_renamed_in_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_organization
):
    page = reverse("public:organization_detail", args=[indexed_organization.pk])
    assert "Test hội Thử" in visitor.get(page).content.decode()
    url = admin_url(Organization, "change", indexed_organization.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, name="Test hội Đổi Tên"))

    assert response.status_code == 302
    assert search_entry(indexed_organization).title == "Test hội Đổi Tên"
    html = visitor.get(page).content.decode()
    assert "Test hội Đổi Tên" in html and "Test hội Thử" not in html
    assert latest_entry(Organization, indexed_organization.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_an_organization_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_organization
):
    pk = indexed_organization.pk
    page = reverse("public:organization_detail", args=[pk])
    unit_page = reverse("public:unit_detail", args=[indexed_organization.unit_id])
    assert visitor.get(page).status_code == 200
    assert "Test hội Thử" in visitor.get(unit_page).content.decode()

    with commit():
        response = staff.post(admin_url(Organization, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Organization.objects.filter(pk=pk).exists()
    assert search_entry(indexed_organization) is None
    assert visitor.get(page).status_code == 404
    assert "Test hội Thử" not in visitor.get(unit_page).content.decode()
    assert latest_entry(Organization, pk, LogEntry.Action.DELETE).actor == staff_user


def test_a_position_deleted_in_the_admin_leaves_the_public_organization_page(
    staff, visitor, staff_user, commit, indexed_organization
):
    position = PositionFactory(
        organization=indexed_organization,
        person__full_name="Test Nguyễn Thị Thử",
        start=datetime.date(2024, 1, 1),
    )
    page = reverse("public:organization_detail", args=[indexed_organization.pk])
    assert "Test Nguyễn Thị Thử" in visitor.get(page).content.decode()

    with commit():
        response = staff.post(admin_url(Position, "delete", position.pk), {"post": "yes"})

    assert response.status_code == 302
    assert "Test Nguyễn Thị Thử" not in visitor.get(page).content.decode()
    assert latest_entry(Position, position.pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_account_scope_changed_in_the_admin_is_audited_with_the_staff_member(staff, staff_user):
    # Accounts and scopes have no service and nothing public: the audit log middleware names the actor.
    scope = ScopeFactory(unit=UnitFactory(), access=Access.READ)
    url = admin_url(Scope, "change", scope.pk)

    response = staff.post(url, change_form_data(staff, url, access=Access.WRITE))

    assert response.status_code == 302
    scope.refresh_from_db()
    assert scope.access == Access.WRITE
    assert latest_entry(Scope, scope.pk, LogEntry.Action.UPDATE).actor == staff_user
