"""Every URL of the project x every standard role, with the status each must get.

The roles are anonymous visitors and the demo accounts of ``seed_demo``, each listed once; every
row gives exactly one status per role (tests/matrix.py builds them; each app's rows live in
tests/matrix_<app>.py). A URL that is added to the project without a row here fails
``test_every_url_is_in_the_matrix``.
Objects outside a role's scope answer 404 (no hint that they exist); objects a role may see but
not change answer 403 on their edit pages; anonymous visitors of the cadre area are sent to login.
Every HTML page that answers 200 also has exactly one ``<h1>`` and a non-empty ``<title>``.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organizations.models import AdministrativeUnit, Position, Term
from tests import (
    matrix_accounts,
    matrix_articles,
    matrix_choices,
    matrix_commitments,
    matrix_concerns,
    matrix_concerns_public,
    matrix_members,
    matrix_oversight,
    matrix_portal,
    matrix_records,
    matrix_reorganizations,
    matrix_reports,
    matrix_reports_public,
    matrix_social,
)
from tests.conftest import DEMO_USERNAMES
from tests.helpers import la_gi_womens_union
from tests.matrix import (
    CADRE,
    PH_READ,
    PH_WRITE,
    PUBLIC,
    ROLES,
    STAFF,
    WOMEN_WRITE,
    WRITE,
    Row,
    ph_activity,
    ph_concern,
    ph_organization,
    ph_person,
    statuses,
)

MATRIX: dict[str, Row] = {
    # Public pages
    "public:home": Row(PUBLIC),
    "public:directory": Row(PUBLIC),
    "public:unit_detail": Row(PUBLIC, lambda: {"pk": AdministrativeUnit.objects.get(code="LD-PPHUOCHOI").pk}),
    "public:organization_detail": Row(PUBLIC, lambda: {"pk": ph_organization().pk}),
    "healthz": Row(PUBLIC),
    # Accounts
    "login": Row({"anonymous": 200} | dict.fromkeys(ROLES[1:], 302)),
    "logout": Row(dict.fromkeys(ROLES, 302), method="post"),
    "password_change": Row(CADRE),
    "password_change_done": Row(CADRE),
    "account_security": Row(CADRE),
    # The second step of a login: an account without a device is sent to set one up.
    "otp_verify": Row(dict.fromkeys(ROLES, 302)),
    "reauthenticate": Row(CADRE),
    # django-two-factor-auth's pages: every account may set up a second factor for itself.
    "two_factor:profile": Row(CADRE),
    "two_factor:setup": Row(CADRE),
    # Shown once a device is set up and verified: otherwise back to the login.
    "two_factor:setup_complete": Row(dict.fromkeys(ROLES, 302)),
    # The QR code exists only during a setup (its key is in the session): 404 outside it.
    "two_factor:qr": Row(statuses(**dict.fromkeys(ROLES[1:], 404))),
    # The recovery codes and switching the second factor off need a verified second factor.
    "two_factor:backup_tokens": Row(dict.fromkeys(ROLES, 302)),
    "two_factor:disable": Row(dict.fromkeys(ROLES, 302)),
    "set_language": Row(dict.fromkeys(ROLES, 302), method="post", data={"language": "en", "next": "/"}),
    # Cadre area: organization structure
    "cadre:dashboard": Row(CADRE),
    "cadre:organization_list": Row(CADRE),
    # A board member's account adds no organization (its board's record is the unit's).
    "cadre:organization_create": Row(statuses(cadre_viewer=403, board_member=403)),
    "cadre:organization_detail": Row(PH_READ, lambda: {"pk": ph_organization().pk}),
    "cadre:organization_edit": Row(PH_WRITE, lambda: {"pk": ph_organization().pk}),
    "cadre:term_create": Row(WOMEN_WRITE, lambda: {"pk": la_gi_womens_union().pk}),
    "cadre:term_edit": Row(
        PH_WRITE, lambda: {"pk": Term.objects.filter(organization=ph_organization()).first().pk}
    ),
    "cadre:position_create": Row(PH_WRITE, lambda: {"pk": ph_organization().pk}),
    "cadre:position_edit": Row(
        WOMEN_WRITE, lambda: {"pk": Position.objects.filter(organization=la_gi_womens_union()).first().pk}
    ),
    "cadre:person_list": Row(CADRE),
    "cadre:person_create": Row(statuses(cadre_viewer=403, cadre_women=403)),
    "cadre:person_detail": Row(PH_READ, lambda: {"pk": ph_person().pk}),
    "cadre:person_edit": Row(PH_WRITE, lambda: {"pk": ph_person().pk}),
    # Cadre area: work log
    "activities:list": Row(CADRE),
    "activities:create": Row(WRITE),
    "activities:create_kind": Row(WRITE, lambda: {"kind": "visit"}),
    "activities:detail": Row(PH_READ, lambda: {"pk": ph_activity().pk}),
    "activities:edit": Row(PH_WRITE, lambda: {"pk": ph_activity().pk}),
    # Cadre area: residents' concerns
    "concerns:inbox": Row(CADRE),
    "concerns:create": Row(WRITE),
    "concerns:visit_log": Row(WRITE),
    "concerns:detail": Row(PH_READ, lambda: {"pk": ph_concern().pk}),
    **{
        f"concerns:{action}": Row(PH_WRITE, lambda: {"pk": ph_concern().pk})
        for action in ("forward", "answer", "inform", "close", "duplicate", "not_in_scope")
    },
    "concerns:edit": Row(PH_WRITE, lambda: {"pk": ph_concern().pk}),
    "concerns:withdraw_consent": Row(PH_WRITE, lambda: {"pk": ph_concern().pk}),
}


MATRIX.update(matrix_portal.ROWS)
MATRIX.update(matrix_articles.ROWS)
MATRIX.update(matrix_oversight.ROWS)
MATRIX.update(matrix_concerns.ROWS)
MATRIX.update(matrix_concerns_public.ROWS)
MATRIX.update(matrix_social.ROWS)
MATRIX.update(matrix_reorganizations.ROWS)
MATRIX.update(matrix_members.ROWS)
MATRIX.update(matrix_choices.ROWS)
MATRIX.update(matrix_accounts.ROWS)
MATRIX.update(matrix_reports.ROWS)
MATRIX.update(matrix_reports_public.ROWS)
MATRIX.update(matrix_commitments.ROWS)


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    missing = _all_url_names() - set(MATRIX)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"


def test_every_namespaced_url_has_a_row_and_no_row_is_stale():
    """The URLs of each namespace (the oversight cadre and public pages among them), read from the
    namespace's own resolver rather than from the walk above: each has a row, and no row names a
    URL or a namespace that is gone."""
    namespaces = get_resolver().namespace_dict
    assert {"oversight", "oversight_public"} <= set(namespaces)
    mismatched = {}
    for namespace, (_prefix, resolver) in namespaces.items():
        if namespace == "admin":
            continue
        names = {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
        rows = {name for name in MATRIX if name.startswith(f"{namespace}:")}
        if names != rows:
            mismatched[namespace] = {"without a row": sorted(names - rows), "gone": sorted(rows - names)}
    assert not mismatched, mismatched
    row_namespaces = {name.split(":")[0] for name in MATRIX if ":" in name}
    assert row_namespaces <= set(namespaces), sorted(row_namespaces - set(namespaces))


def test_the_roles_are_anonymous_and_each_demo_account_once():
    assert len(ROLES) == len(set(ROLES)), f"a role is listed twice: {ROLES}"
    assert set(ROLES) == {"anonymous", *DEMO_USERNAMES}


def test_every_row_gives_exactly_one_status_per_role():
    wrong = {
        name: {
            "missing": sorted(set(ROLES) - set(row.expected)),
            "unknown": sorted(set(row.expected) - set(ROLES)),
        }
        for name, row in MATRIX.items()
        if set(row.expected) != set(ROLES)
    }
    assert not wrong, f"rows whose statuses do not match the roles: {wrong}"


def _check_page(response) -> None:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "a page must have exactly one <h1>"
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and title.group(1).strip(), "a page must have a <title>"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, role, login_as):
    row = MATRIX[name]
    client = login_as(None if role == "anonymous" else role)
    url = reverse(name, kwargs=row.kwargs() or None) + row.query_string()
    response = getattr(client, row.method)(url, row.data)
    expected = row.expected[role]
    assert response.status_code == expected, f"{role} {row.method.upper()} {url}"
    if (
        expected == 302
        and role == "anonymous"
        and name.startswith(
            ("cadre:", "activities:", "concerns:", "articles_cadre:", "oversight:", "members:")
        )
    ):
        assert response["Location"].startswith(reverse("login"))
    _check_page(response)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(matrix_records.CASES))
def test_permission_cases(case, role, login_as):
    """The same URLs on the objects an attacker aimed at (tests/matrix_records.py)."""
    name, row = matrix_records.CASES[case]
    assert name in MATRIX, f"{case}: {name} is not a URL of the matrix"
    client = login_as(None if role == "anonymous" else role)
    url = reverse(name, kwargs=row.kwargs() or None) + row.query_string()
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == row.expected[role], f"{case}: {role} {row.method.upper()} {url}"
    _check_page(response)


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_staff_only(role, login_as):
    client = login_as(None if role == "anonymous" else role)
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == STAFF[role], f"{role} GET {url}"
        if STAFF[role] == 302:
            assert response["Location"].startswith(reverse("admin:login"))
