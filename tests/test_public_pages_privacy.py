"""No public page of the structure (home, directory, every unit and organization page) shows a
person's phone, e-mail address or year of birth: every page of the seeded demo data is scanned."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organizations.models import AdministrativeUnit, Organization, Person, Position
from tests.helpers import organization_url, unit_url

pytestmark = pytest.mark.django_db


# --- privacy ----------------------------------------------------------------------------

EMAIL_TOKEN = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


PHONE_TOKEN = re.compile(r"\+?\d[\d .\-]{6,}\d")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def private_tokens(html: str) -> tuple[set[str], set[str]]:
    """The e-mail addresses and phone numbers (as digits) that a page shows."""
    emails = {match.lower() for match in EMAIL_TOKEN.findall(html)}
    phones = {digits(match) for match in PHONE_TOKEN.findall(html)}
    return emails, phones


def test_the_privacy_scanner_finds_what_it_looks_for():
    emails, phones = private_tokens("<p>Call 0901 234 567 or write to Lan.Nguyen@example.vn.</p>")
    assert "lan.nguyen@example.vn" in emails
    assert "0901234567" in phones


def test_public_pages_never_show_a_person_s_phone_email_or_year_of_birth(client):
    people = list(Person.objects.values_list("pk", "phone", "email", "birth_year"))
    assert len(people) > 100, "the demo data should be seeded"
    private_emails = {email.lower() for _pk, _phone, email, _year in people if email}
    private_phones = {digits(phone) for _pk, phone, _email, _year in people if phone}
    birth_year = {pk: year for pk, _phone, _email, year in people if year}
    holders: dict[int, set[int]] = {}
    for organization_id, person_id in Position.objects.values_list("organization_id", "person_id"):
        holders.setdefault(organization_id, set()).add(person_id)

    pages = [
        reverse("public:home"),
        reverse("public:directory"),
        reverse("public:directory") + "?on=2023-05-01",
    ]
    pages += [unit_url(unit) for unit in AdministrativeUnit.objects.only("pk")]
    pages += [organization_url(organization) for organization in Organization.objects.only("pk")]
    pages_with_holders = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        emails, phones = private_tokens(html)
        assert not emails & private_emails, url
        assert not phones & private_phones, url
        organization = response.context.get("organization")
        if organization is not None and organization.pk in holders:
            pages_with_holders += 1
            for person_id in holders[organization.pk]:
                year = birth_year.get(person_id)
                assert year is None or not re.search(rf"\b{year}\b", html), (url, person_id)
    assert pages_with_holders > 50
