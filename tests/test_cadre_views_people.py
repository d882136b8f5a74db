"""The cadre screens of people: the list (scoped, searchable, without private fields) and a
person's page (private fields, the access logged), creating and editing a person with the audit
entry. Runs against the demo data of ``seed_demo``."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organizations.models import Person
from tests.cadre_common import PHUOC_HOI, new_unit
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


# People


def test_person_list_is_scoped_and_searchable(login_as, phuoc_hoi_person, la_gi_person):
    client = login_as("cadre_ward")
    html = client.get(reverse("cadre:person_list"), {"q": "Thị Thử"}).content.decode()
    assert phuoc_hoi_person.full_name in html
    shown = set(client.get(reverse("cadre:person_list")).context["filter"].qs)
    assert phuoc_hoi_person in shown
    assert la_gi_person not in shown
    response = client.get(reverse("cadre:person_list"), {"q": "Người La Gi"})
    assert list(response.context["page"]) == []
    assert reverse("cadre:person_detail", args=[la_gi_person.pk]) not in response.content.decode()


def test_person_list_does_not_show_private_fields(login_as, phuoc_hoi_person):
    html = login_as("cadre_ward").get(reverse("cadre:person_list"), {"q": "Thị Thử"}).content.decode()
    assert phuoc_hoi_person.full_name in html
    assert phuoc_hoi_person.phone not in html
    assert phuoc_hoi_person.email not in html


def test_person_detail_shows_private_fields_and_logs_the_access(
    login_as, demo_user, phuoc_hoi_womens_union, phuoc_hoi_person
):
    PositionFactory(
        organization=phuoc_hoi_womens_union,
        person=phuoc_hoi_person,
        title="secretary",
        decision_number="9/QĐ",
    )
    response = login_as("cadre_ward").get(reverse("cadre:person_detail", args=[phuoc_hoi_person.pk]))
    html = response.content.decode()
    assert (
        phuoc_hoi_person.phone in html
        and phuoc_hoi_person.email in html
        and str(phuoc_hoi_person.birth_year) in html
    )
    assert phuoc_hoi_womens_union.name in html and "9/QĐ" in html
    access = LogEntry.objects.get_for_object(phuoc_hoi_person).filter(action=LogEntry.Action.ACCESS)
    assert access.count() == 1
    assert access.get().actor == demo_user("cadre_ward")


def test_create_and_edit_a_person(login_as, demo_user):
    client = login_as("cadre_ward")
    unit = new_unit(PHUOC_HOI)
    response = client.post(
        reverse("cadre:person_create"),
        {"full_name": "Võ Văn Thử", "gender": "male", "birth_year": 1970, "unit": unit.pk},
    )
    person = Person.objects.get(full_name="Võ Văn Thử")
    assert response.status_code == 302 and response.url == reverse("cadre:person_detail", args=[person.pk])
    response = client.post(
        reverse("cadre:person_edit", args=[person.pk]),
        {
            "full_name": "Võ Văn Thử",
            "gender": "male",
            "birth_year": 1971,
            "unit": unit.pk,
            "phone": "0909000999",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == demo_user("cadre_ward")
    assert entry.changes_dict == {"birth_year": [1970, 1971], "phone": ["", "0909000999"]}
