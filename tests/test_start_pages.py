"""Start pages by role (``/cadre/``): a board member is led to their board's projects, an
association's cadre to their organization's work, a unit's cadre to visits and concerns first; a
read-only account sees no button that writes on the main cadre pages. Query counts pinned."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oversight.models import Project
from tests.factories import ActivityFactory, ProjectFactory
from tests.helpers import la_gi_womens_union

pytestmark = pytest.mark.django_db


def _page(client, url: str = "") -> str:
    response = client.get(url or reverse("cadre:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_board_member_starts_at_their_boards_projects(login_as, demo_user):
    content = _page(login_as("board_member"))
    board_member = demo_user("board_member")
    board_ids = set(board_member.scopes.values_list("organization_id", flat=True))
    projects = Project.objects.filter(board_id__in=board_ids)
    assert projects.exists()
    for project in projects:
        assert reverse("oversight:session_create", args=[project.pk]) in content
    # No household visit for a board member, and their work comes before anything else.
    assert reverse("concerns:visit_log") not in content
    assert content.index('id="board-projects"') < content.index('id="dashboard-scopes"')


def test_an_association_cadre_starts_at_their_organizations_work(login_as):
    content = _page(login_as("cadre_women"))
    assert 'id="organization-work"' in content and 'id="board-projects"' not in content
    first_button = re.search(r'<a class="btn btn-portal" href="([^"]+)"', content)
    assert first_button and first_button.group(1) == reverse("activities:create")


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_area"])
def test_a_unit_cadre_starts_with_visits_and_concerns(login_as, username):
    content = _page(login_as(username))
    first_button = re.search(r'<a class="btn btn-portal" href="([^"]+)"', content)
    assert first_button and first_button.group(1) == reverse("concerns:visit_log")
    assert content.index('id="concerns-panels"') < content.index('id="dashboard-scopes"')
    assert 'id="board-projects"' not in content and 'id="organization-work"' not in content


# The main cadre pages, and the paths of the pages that write (create, edit, record, log).
MAIN_PAGES = [
    "cadre:dashboard",
    "concerns:inbox",
    "activities:list",
    "cadre:organization_list",
    "cadre:person_list",
    "oversight:recommendation_inbox",
    "oversight:project_list",
    "oversight:supervision_list",
    "oversight:inspection_list",
    "oversight:board_list",
]
WRITING = re.compile(r'href="[^"]*/(new|edit|recommend|re-supervise|visit|founding|publish)/"')


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_a_read_only_account_sees_no_write_button(login_as, name):
    content = _page(login_as("cadre_viewer"), reverse(name))
    assert not WRITING.findall(content), f"{name} offers a write page to a read-only account"
    assert 'class="btn btn-portal"' not in content.replace('type="submit" class="btn btn-portal"', "")


# Each count: session, user, the scope (its rows, the reach below them), the scope cards (scopes, their
# organizations' branches), the concern panels (overdue list, count, counts by status, hot spots),
# the coverage areas, and the role's own panel: the board's projects (one query, whatever their
# number), or the organization's newest work (one query).
@pytest.mark.parametrize("username, grow", [("board_member", "projects"), ("cadre_women", "activities")])
def test_the_start_page_costs_the_same_whatever_the_work(
    login_as, demo_user, username, grow, django_assert_num_queries
):
    client = login_as(username)
    _page(client)  # warm the content-type cache

    def add(n: int) -> None:
        if grow == "projects":
            board = demo_user("board_member").scopes.get().organization
            for _ in range(n):
                ProjectFactory(board=board, unit=board.unit)
        else:
            organization = la_gi_womens_union()
            for _ in range(n):
                ActivityFactory(unit=organization.unit, organizations=[organization])

    add(2)
    with CaptureQueriesContext(connection) as small:
        _page(client)
    add(40)
    with django_assert_num_queries(len(small.captured_queries)):
        _page(client)
