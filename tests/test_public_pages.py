"""Public pages of the structure: home, directory, unit and organization pages.

They run against the seeded La Gi demo data (nine wards/communes of the town until
30/06/2025, three units of Lâm Đồng since 01/07/2025) and against factory objects. The privacy
of these pages is in tests/test_public_pages_privacy.py, their query counts in
tests/test_public_pages_queries.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    PositionTitle,
)
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, UnitFactory
from tests.helpers import ENGLISH, assert_one_h1_and_title, organization_url, unit_url

pytestmark = pytest.mark.django_db


OLD_UNIT_NAMES = (
    "Phường Phước Hội",
    "Phường Phước Lộc",
    "Phường Tân An",
    "Phường Tân Thiện",
    "Phường Bình Tân",
    "Xã Tân Hải",
    "Xã Tân Tiến",
    "Xã Tân Bình",
    "Xã Tân Phước",
)


NEW_UNIT_NAMES = ("Phường La Gi", "Phường Phước Hội", "Xã Tân Hải")


REORGANIZATION = datetime.date(2025, 7, 1)


def old_units() -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(parent__name="Thị xã La Gi", kind__in=COMMUNE_LEVEL_KINDS))


def new_units() -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(name__in=NEW_UNIT_NAMES, valid_from=REORGANIZATION))


def unit_named(name: str, *, new: bool) -> AdministrativeUnit:
    units = AdministrativeUnit.objects.filter(name=name)
    return (
        units.get(valid_from=REORGANIZATION)
        if new
        else units.get(valid_to=REORGANIZATION - datetime.timedelta(1))
    )


def test_the_seeded_reorganization_is_there():
    assert sorted(u.name for u in old_units()) == sorted(OLD_UNIT_NAMES)
    assert sorted(u.name for u in new_units()) == sorted(NEW_UNIT_NAMES)


# --- home -------------------------------------------------------------------------------


def test_home_introduces_the_portal_and_links_today_s_units(client):
    response = client.get(reverse("public:home"), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    assert "Fatherland Front and mass organizations of La Gi" in html
    for unit in new_units():
        assert f'href="{unit_url(unit)}"' in html
    for unit in old_units():
        assert f'href="{unit_url(unit)}"' not in html
    assert reverse("public:directory") in html


# --- directory --------------------------------------------------------------------------


def test_directory_today_shows_the_three_new_units(client):
    response = client.get(reverse("public:directory"))

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    for unit in new_units():
        assert f'href="{unit_url(unit)}"' in html
        assert unit.name in html
    for unit in old_units():
        assert f'href="{unit_url(unit)}"' not in html
    assert "Phường Tân An" not in html
    assert "<details" in html  # residential areas fold away on phones


@pytest.mark.parametrize("on", ["2023-05-01", "01/05/2023"])
def test_directory_on_a_2023_date_shows_the_town_and_its_nine_wards_and_communes(client, on):
    response = client.get(reverse("public:directory"), {"on": on})

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["on"] == datetime.date(2023, 5, 1)
    assert "Thị xã La Gi" in html
    assert "Tỉnh Bình Thuận" in html
    for name in OLD_UNIT_NAMES:
        assert name in html
    for unit in old_units():
        assert f'href="{unit_url(unit)}"' in html
    for unit in new_units():
        assert f'href="{unit_url(unit)}"' not in html
    assert "Phường La Gi" not in html


def test_directory_shows_organizations_current_on_the_date(client):
    tan_an = unit_named("Phường Tân An", new=False)
    old_front = Organization.objects.get(unit=tan_an, kind=OrganizationKind.FRONT_COMMITTEE)
    la_gi = unit_named("Phường La Gi", new=True)
    new_front = Organization.objects.get(unit=la_gi, kind=OrganizationKind.FRONT_COMMITTEE)

    before = client.get(reverse("public:directory"), {"on": "2025-06-30"}).content.decode()
    after = client.get(reverse("public:directory"), {"on": "2025-07-01"}).content.decode()

    assert organization_url(old_front) in before and organization_url(new_front) not in before
    assert organization_url(new_front) in after and organization_url(old_front) not in after


@pytest.mark.parametrize("bad", ["31/02/2023", "yesterday", "2023-13-01", "<script>"])
def test_directory_with_a_bad_date_shows_a_translated_error(client, bad):
    response = client.get(reverse("public:directory"), {"on": bad}, **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert response.context["is_today"]  # falls back to today's structure
    assert "Phường La Gi" in html


def test_directory_date_error_is_in_vietnamese_by_default(client):
    with translation.override("vi"):
        message = str(forms.DateField.default_error_messages["invalid"])
    assert message != "Enter a valid date."

    html = client.get(reverse("public:directory"), {"on": "not a date"}).content.decode()

    assert message in html


def test_directory_date_input_is_a_date_picker(client):
    html = client.get(reverse("public:directory"), {"on": "01/05/2023"}).content.decode()

    assert re.search(r'<input type="date" name="on" value="2023-05-01"', html)


# --- unit page --------------------------------------------------------------------------


def test_old_unit_page_shows_breadcrumb_organizations_and_what_it_was_merged_into(client):
    tan_an = unit_named("Phường Tân An", new=False)
    la_gi = unit_named("Phường La Gi", new=True)

    response = client.get(unit_url(tan_an), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    assert "<h1>Phường Tân An</h1>" in html
    assert "Ward" in html
    crumbs = html.split('class="breadcrumb', 1)[1].split("</ol>", 1)[0]
    assert crumbs.index("Tỉnh Bình Thuận") < crumbs.index("Thị xã La Gi") < crumbs.index("Phường Tân An")
    assert "Merged on 01/07/2025 into:" in html
    assert f'href="{unit_url(la_gi)}"' in html
    assert "Past organizations" in html
    assert "No current organizations." in html
    for organization in Organization.objects.filter(unit=tan_an):
        assert organization_url(organization) in html
    for area in tan_an.children.all():
        assert f'href="{unit_url(area)}"' in html


def test_new_unit_page_shows_what_it_was_formed_from(client):
    la_gi = unit_named("Phường La Gi", new=True)

    response = client.get(unit_url(la_gi), **ENGLISH)

    html = response.content.decode()
    assert "Formed on 01/07/2025 from:" in html
    for name in ("Phường Tân An", "Phường Bình Tân", "Phường Tân Thiện", "Xã Tân Bình"):
        assert f'href="{unit_url(unit_named(name, new=False))}"' in html
        # Named inside the sentence, the unit's noun is lower-case (Decree 30/2020).
        assert f">{name[0].lower()}{name[1:]}</a>" in html
    assert f'href="{unit_url(unit_named("Phường Phước Lộc", new=False))}"' not in html
    assert "Past organizations" not in html
    current = Organization.objects.current().filter(unit=la_gi)
    assert current.exists()
    for organization in current:
        assert organization_url(organization) in html


def test_unit_page_lists_current_and_past_organizations_separately(client):
    unit = UnitFactory(name="Test ward")
    OrganizationFactory(unit=unit, name="Test current union")
    OrganizationFactory(unit=unit, name="Test old union", valid_to=datetime.date(2020, 12, 31))

    html = client.get(unit_url(unit), **ENGLISH).content.decode()

    current, past = html.split("Past organizations", 1)
    assert "Test current union" in current and "Test old union" not in current
    assert "Test old union" in past


@pytest.mark.parametrize("name", ["public:unit_detail", "public:organization_detail"])
def test_unknown_ids_are_404(client, name):
    assert client.get(reverse(name, args=[987654321])).status_code == 404


# --- organization page ------------------------------------------------------------------


def test_organization_page_shows_public_fields_and_office_holders_names_and_titles(client):
    unit = UnitFactory(name="Test ward")
    parent = OrganizationFactory(unit=unit, name="Test Front committee")
    organization = OrganizationFactory(
        unit=unit,
        parent=parent,
        name="Test Women's Union",
        description="Looks after the women of the ward.",
        office_address="1 Test street",
        public_contact="office@example.test",
        valid_from=datetime.date(2021, 1, 1),
        is_demo=True,
    )
    branch = OrganizationFactory(unit=UnitFactory(name="Test quarter", parent=unit), parent=organization)
    chair = PersonFactory(full_name="Test Chair Person", birth_year=1971, phone="0911222333")
    PositionFactory(person=chair, organization=organization, title=PositionTitle.CHAIR)
    former = PersonFactory(full_name="Test Former Person")
    PositionFactory(person=former, organization=organization, end=datetime.date(2024, 1, 1))

    response = client.get(organization_url(organization), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    for text in (
        "Test Women&#x27;s Union",
        "Women&#x27;s Union",
        "Looks after the women of the ward.",
        "1 Test street",
        "office@example.test",
        "since 01/01/2021",
        "Test Chair Person",
        "Chair",
        "Demo data",
    ):
        assert text in html
    assert f'href="{unit_url(unit)}"' in html
    assert f'href="{organization_url(parent)}"' in html
    assert f'href="{organization_url(branch)}"' in html
    assert "Test Former Person" not in html
    assert "1971" not in html
    assert chair.phone not in html and chair.email not in html


def test_office_holders_are_listed_by_rank(client):
    organization = OrganizationFactory()
    for name, title in (
        ("Test C", PositionTitle.MEMBER),
        ("Test A", PositionTitle.CHAIR),
        ("Test B", "vice_chair"),
    ):
        PositionFactory(person=PersonFactory(full_name=name), organization=organization, title=title)

    html = client.get(organization_url(organization)).content.decode()

    assert html.index("Test A") < html.index("Test B") < html.index("Test C")


def test_ended_organization_shows_office_holders_on_its_last_day(client):
    organization = OrganizationFactory(valid_to=datetime.date(2025, 6, 30))
    PositionFactory(
        person=PersonFactory(full_name="Test Last Chair"),
        organization=organization,
        title=PositionTitle.CHAIR,
        start=datetime.date(2020, 10, 1),
        end=datetime.date(2025, 6, 30),
    )

    html = client.get(organization_url(organization), **ENGLISH).content.decode()

    assert "Office holders on 30/06/2025" in html
    assert "Test Last Chair" in html
