"""Cadre list searches ignore Vietnamese diacritics and case, on SQLite and PostgreSQL alike
(``core.folding``): the same answers as the public search's ``normalize``."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from core.folding import Folded, containing
from core.search import normalize
from organizations.models import Person
from tests.factories import AuthorityFactory, PersonFactory, RecommendationFactory, UnitFactory

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Thị Hằng", "ĐẶNG VĂN ĐỨC", "Trương Mỹ Lệ", "Lê Văn Tám"]


@pytest.fixture
def people():
    unit = UnitFactory(name="Khu phố Thử Nghiệm")
    return {name: PersonFactory(unit=unit, full_name=name) for name in NAMES}


def found(query: str) -> set[str]:
    people = Person.objects.filter(unit__name="Khu phố Thử Nghiệm")
    return set(containing(people, query, "full_name").values_list("full_name", flat=True))


def test_the_database_folds_text_as_normalize_does(people):
    folded = dict(
        Person.objects.filter(full_name__in=NAMES)
        .annotate(folded=Folded("full_name"))
        .values_list("full_name", "folded")
    )
    assert folded == {name: normalize(name) for name in NAMES}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen thi hang", {"Nguyễn Thị Hằng"}),
        ("HẰNG", {"Nguyễn Thị Hằng"}),
        ("hằng", {"Nguyễn Thị Hằng"}),
        (unicodedata.normalize("NFD", "Hằng"), {"Nguyễn Thị Hằng"}),
        ("dang van duc", {"ĐẶNG VĂN ĐỨC"}),
        ("đức", {"ĐẶNG VĂN ĐỨC"}),
        ("truong my le", {"Trương Mỹ Lệ"}),
        ("van", {"ĐẶNG VĂN ĐỨC", "Lê Văn Tám"}),
        ("  ", set(NAMES)),
        ("%", set()),
        ("_", set()),
        ("hang duc", set()),
    ],
)
def test_a_name_is_found_without_marks_and_in_any_case(people, query, expected):
    assert found(query) == expected


def test_text_stored_decomposed_is_found_too():
    unit = UnitFactory(name="Khu phố Thử Nghiệm")
    PersonFactory(unit=unit, full_name=unicodedata.normalize("NFD", "Phạm Thị Thủy"))
    assert len(found("thuy")) == len(found("Thủy")) == 1


def test_several_fields_any_of_which_matches():
    recommendation = RecommendationFactory(
        content="Nạo vét mương thoát nước", authority=AuthorityFactory(name="UBND phường")
    )
    board = AuthorityFactory(name="Ban quản lý dự án Mường")
    other = RecommendationFactory(content="Sửa đèn", authority=board)
    queryset = type(recommendation).objects.filter(pk__in=[recommendation.pk, other.pk])

    assert set(containing(queryset, "muong", "content", "authority__name")) == {recommendation, other}
    assert set(containing(queryset, "nao vet", "content", "authority__name")) == {recommendation}
    assert set(containing(queryset, "ubnd", "content")) == set()


def test_the_cadre_people_list_finds_a_name_typed_without_marks(login_as, people):
    response = login_as("admin").get(reverse("cadre:person_list"), {"q": "nguyen thi hang"})
    assert [person.full_name for person in response.context["page"]] == ["Nguyễn Thị Hằng"]


def test_the_cadre_organization_list_finds_a_name_typed_without_marks(login_as):
    response = login_as("admin").get(reverse("cadre:organization_list"), {"q": "hoi lien hiep phu nu"})
    names = [organization.name for organization in response.context["page"]]
    assert names and all("hội liên hiệp phụ nữ" in name.lower() for name in names)
