"""The public organization page lists the office holders: a change to a position, a term or a
holder's name shows there at once, even when the page was cached."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.models import Position
from organizations.services import save_person, save_position

pytestmark = pytest.mark.django_db


def current_holder() -> Position:
    return (
        Position.objects.current()
        .select_related("person", "organization")
        .filter(organization__kind="front_committee")
        .order_by("pk")
        .first()
    )


def test_a_holder_renamed_is_renamed_on_the_cached_public_page(
    client, demo_user, django_capture_on_commit_callbacks
):
    position = current_holder()
    page = reverse("public:organization_detail", args=[position.organization_id])
    assert position.person.full_name in client.get(page).content.decode()

    person = position.person
    person.full_name = "Trần Thị Mới Đổi Tên"
    with django_capture_on_commit_callbacks(execute=True):
        save_person(actor=demo_user("admin"), person=person)

    assert "Trần Thị Mới Đổi Tên" in client.get(page).content.decode()


def test_a_position_that_ends_leaves_the_cached_public_page(
    client, demo_user, django_capture_on_commit_callbacks
):
    position = current_holder()
    page = reverse("public:organization_detail", args=[position.organization_id])
    before = client.get(page).content.decode()
    assert position.person.full_name in before

    position.end = position.start
    with django_capture_on_commit_callbacks(execute=True):
        save_position(actor=demo_user("admin"), position=position)

    after = client.get(page).content.decode()
    assert after != before
