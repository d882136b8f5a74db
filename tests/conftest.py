"""Shared fixtures.

The test database is built once per test process with the demo data of ``seed_demo``
(the same La Gi structure and demo accounts that ``make run`` shows), so permission and
privacy tests run against the seeded values. Each test runs in a transaction that is
rolled back; tests that need their own objects make them with ``tests.factories``.

Below the demo accounts and the cache: the fixtures that more than one test module uses, by
domain. Plain helper functions live in tests/helpers.py and next to their modules.
"""

import datetime

import pytest
from django.core.management import call_command

from activities.models import Activity
from activities.services import create_activity
from articles.models import Article
from articles.services import create_article
from concerns import services as concern_services
from concerns.models import Concern, ConcernCategory
from organizations.models import Organization, Person, User
from tests.cadre_common import LA_GI, WOMEN_PHUOC_HOI, current_org, new_unit
from tests.concerns_common import DAY, NAME, PHONE, TODAY, register_authority
from tests.factories import (
    PersonFactory,
    PositionFactory,
    ScopeFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from tests.helpers import la_gi_womens_union, unit
from tests.test_activities_common import NEW_PHUOC_HOI, new_activity, new_details, org
from tests.test_articles_common import new_article

DEMO_PASSWORD = "lagi-demo-2025"
DEMO_USERNAMES = ("admin", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer", "board_member")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture
def demo_user(db):
    """Return the demo account with the given username."""

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def login_as(client, demo_user):
    """Log the test client in as a demo account (or stay anonymous for ``None``)."""

    def login(username: str | None):
        client.logout()
        if username is not None:
            client.force_login(demo_user(username))
        return client

    return login


_DATABASE_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def clear_cache(request):
    """Each test that uses the database starts with an empty cache (no page cached by another test).

    The cache lives in the test database by default, so it is cleared once that database exists;
    the pages and version this process keeps in its own memory go with it.
    """
    if request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in _DATABASE_FIXTURES
    ):
        from django.core.cache import cache

        from core.caching import forget_local_cache
        from core.private_pages import forget_private_pages

        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()
        forget_local_cache()
        forget_private_pages()
    yield


@pytest.fixture(autouse=True)
def private_pages_off(request, settings):
    """Tests change rows through the ORM and read the page again at once, which no cadre can do:
    the work area's page store (``core/private_pages.py``) is off, but in its own tests (marked
    ``private_pages``) and in the browser journeys, where every change is a form post."""
    if not (request.node.get_closest_marker("private_pages") or request.node.get_closest_marker("browser")):
        settings.PRIVATE_PAGE_SECONDS = 0


# --- settings --------------------------------------------------------------------------------


@pytest.fixture
def english(settings, client):
    """Pages in English, so that the tests read the source strings: the default language and the
    test client's ``Accept-Language`` (a module asks for it with ``pytest.mark.usefixtures``)."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder (a module asks for it with ``pytest.mark.usefixtures``)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- places and cadres -----------------------------------------------------------------------


@pytest.fixture
def made_up_ward():
    """A ward made up for the test (a factory unit): it holds only what the test puts in it."""
    return UnitFactory(kind="ward")


@pytest.fixture
def writer(made_up_ward):
    """A cadre who may change ``made_up_ward``."""
    return ScopeFactory(unit=made_up_ward, access="write").user


@pytest.fixture
def reader(made_up_ward):
    """A cadre who may read ``made_up_ward`` but not change it."""
    return ScopeFactory(unit=made_up_ward, access="read").user


@pytest.fixture
def made_up_new_ward():
    """A ward made up for the test (Phường Thử), one of the units formed on 01/07/2025."""
    return UnitFactory(name="Phường Thử", valid_from=datetime.date(2025, 7, 1))


@pytest.fixture
def phuoc_hoi_place():
    """The new Phường Phước Hội (since 01/07/2025) and one of its quarters: cadre_ward's scope."""
    return unit("LD-PPHUOCHOI"), unit("LD-PPHUOCHOI-KP01")


@pytest.fixture
def la_gi_place():
    """Phường La Gi and one of its quarters: outside cadre_ward's scope."""
    return unit("LD-PLAGI"), unit("LD-PLAGI-KP01")


@pytest.fixture
def ward_cadre(demo_user):
    """The demo cadre of the new Phường Phước Hội."""
    return demo_user("cadre_ward")


@pytest.fixture
def no_scope_client(client):
    """The test client, logged in as a user with no scope at all."""
    client.force_login(UserFactory(username="no_scope"))
    return client


# --- the organization structure ---------------------------------------------------------------


@pytest.fixture
def phuoc_hoi_womens_union() -> Organization:
    """Women's Union of the new Phường Phước Hội, with a term and a position."""
    organization = current_org(WOMEN_PHUOC_HOI)
    if not organization.terms.exists():
        TermFactory(organization=organization)
    if not organization.positions.exists():
        PositionFactory(organization=organization, person=PersonFactory(unit=organization.unit))
    return organization


@pytest.fixture
def phuoc_hoi_person(phuoc_hoi_womens_union) -> Person:
    """A person of the new Phường Phước Hội, with a phone and an e-mail address."""
    return PersonFactory(
        unit=phuoc_hoi_womens_union.unit,
        full_name="Phạm Thị Thử",
        phone="0912000111",
        email="thu@example.test",
    )


@pytest.fixture
def la_gi_person() -> Person:
    """A person of Phường La Gi, outside cadre_ward's scope."""
    return PersonFactory(unit=new_unit(LA_GI), full_name="Người La Gi", phone="0912000222")


# --- the work log ----------------------------------------------------------------------------


@pytest.fixture
def ward_mediation(demo_user) -> Activity:
    """A mediation in Phường Phước Hội (cadre_ward's ward), with confidential parties."""
    details = new_details("mediation", parties="Bà Test Bí Mật và ông Test Kín")
    return create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("mediation", summary="Hòa giải ranh giới đất"),
        organizations=[org(NEW_PHUOC_HOI)],
        details=details,
    )


# --- articles --------------------------------------------------------------------------------


@pytest.fixture
def ward_draft(demo_user) -> Article:
    """A draft of the Front of Phường Phước Hội (cadre_ward's scope), with a script in its body."""
    return create_article(
        actor=demo_user("cadre_ward"),
        article=new_article(title="Bản nháp của phường Phước Hội", body="Nội dung <script>alert(1)</script>"),
    )


@pytest.fixture
def women_draft(demo_user) -> Article:
    """A draft of the Women's Union of Phường La Gi (cadre_women's scope)."""
    return create_article(
        actor=demo_user("cadre_women"),
        article=new_article(la_gi_womens_union(), title="Bản nháp của Hội Phụ nữ La Gi"),
    )


# --- residents' concerns ---------------------------------------------------------------------


def _environment_concern(demo_user, ward: str, **fields) -> Concern:
    """A concern about the environment in the first quarter of ``ward``, recorded by cadre_area."""
    return concern_services.receive_concern(
        actor=demo_user("cadre_area"),
        unit=unit(ward),
        residential_area=unit(f"{ward}-KP01"),
        category=ConcernCategory.ENVIRONMENT,
        **fields,
    )


@pytest.fixture
def forwarded_concern(demo_user) -> Concern:
    """A forwarded concern in cadre_ward's quarter, with confidential data, due in ten days."""
    concern = _environment_concern(
        demo_user,
        "LD-PPHUOCHOI",
        summary="OWN-SUMMARY rác tồn đọng",
        detail="OWN-DETAIL-SECRET",
        resident_name="Own Resident Name",
        resident_phone="0912000999",
        resident_consent=True,
        received_on=TODAY - 5 * DAY,
    )
    return concern_services.forward_concern(
        actor=demo_user("cadre_area"),
        concern=concern,
        authority=register_authority(),
        forwarded_on=TODAY - 4 * DAY,
        due_date=TODAY + 10 * DAY,
    )


@pytest.fixture
def la_gi_concern(demo_user) -> Concern:
    """A concern of another ward (Phường La Gi), outside cadre_ward's scope."""
    return _environment_concern(
        demo_user,
        "LD-PLAGI",
        summary="OTHER-SUMMARY đường ngập",
        detail="OTHER-DETAIL-SECRET",
        received_on=TODAY - 3 * DAY,
    )


@pytest.fixture
def own_concern(demo_user) -> Concern:
    """A received concern in cadre_ward's quarter, with the resident's name and phone."""
    return _environment_concern(
        demo_user,
        "LD-PPHUOCHOI",
        summary="OWN-SUMMARY rác tồn đọng",
        detail="OWN-DETAIL-SECRET",
        resident_name=NAME,
        resident_phone=PHONE,
        resident_consent=True,
        received_on=TODAY - 5 * DAY,
    )


@pytest.fixture
def other_concern(demo_user) -> Concern:
    """A concern of Phường La Gi, outside cadre_ward's scope, with the resident's name and phone."""
    return _environment_concern(
        demo_user,
        "LD-PLAGI",
        summary="OTHER-SUMMARY",
        resident_name="Other Resident",
        resident_phone="0912000888",
        resident_consent=True,
        received_on=TODAY - 3 * DAY,
    )


@pytest.fixture
def public_form_concern(db) -> Concern:
    """A concern a resident raised on the public form: it carries the neutral summary."""
    return concern_services.receive_public_concern(
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        category=ConcernCategory.INFRASTRUCTURE,
        description="Đèn đường ở hẻm 12 bị hỏng hai tuần nay, buổi tối rất tối.",
    )
