"""Every oversight URL x every role, the board member included (the rows: tests/matrix_oversight.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver, reverse

from tests.matrix_oversight import ALL_ROLES, BOARD_MEMBER, ROWS, oversight_demo  # noqa: F401


def _oversight_url_names() -> set[str]:
    names = set()
    for namespace in ("oversight", "oversight_public"):
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    return names


def test_every_oversight_url_has_a_row():
    assert _oversight_url_names() == set(ROWS)


def test_every_row_names_every_role():
    for name, row in ROWS.items():
        assert set(row.expected) == set(ALL_ROLES), name


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_oversight_permission_matrix(name, role, client, django_user_model):
    row = ROWS[name]
    if role != "anonymous":
        client.force_login(django_user_model.objects.get(username=role))
    url = reverse(name, kwargs=row.kwargs() or None) + row.query
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == row.expected[role], f"{role} {row.method.upper()} {url}"
    if response.status_code == 302 and role == "anonymous" and name.startswith("oversight:"):
        assert response["Location"].startswith(reverse("login"))
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, "a page must have exactly one <h1>"
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title and title.group(1).strip(), "a page must have a <title>"


def test_the_board_member_account_is_seeded(django_user_model):
    user = django_user_model.objects.get(username=BOARD_MEMBER)
    scope = user.scopes.get()
    assert scope.organization.kind == "investment_monitoring_board"
    assert scope.organization.unit.code == "LD-PPHUOCHOI"
    assert scope.access == "write"
    assert user.person is not None
    assert user.person.positions.filter(organization=scope.organization).exists()
