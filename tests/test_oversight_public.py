"""The public pages of monitored projects and People's Inspection Boards: public fields only,
tested against the seeded confidential values (members' phones and e-mails, internal notes,
findings kept internal, unpublished sessions, residents' concerns)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.concerns import confidential_demo_values as concern_secrets
from demo.oversight import confidential_demo_values
from demo.oversight_data import HIDDEN_FINDING_MARKER, INTERNAL_NOTE_MARKER, MINUTES_MARKER
from organizations.models import Organization, OrganizationKind, Person, Position
from oversight.models import InspectionReport, MonitoringFinding, MonitoringSession, Project, Recommendation
from tests.factories import ProjectFactory
from tests.helpers import ENGLISH
from tests.matrix_oversight import oversight_demo, ph_inspection_board, ph_project  # noqa: F401

pytestmark = pytest.mark.django_db


def public_urls() -> list[str]:
    urls = [reverse("oversight_public:project_list"), reverse("oversight_public:board_list")]
    urls += [
        reverse("oversight_public:project_detail", args=[pk])
        for pk in Project.objects.monitored().values_list("pk", flat=True)
    ]
    urls += [
        reverse("oversight_public:board_detail", args=[pk])
        for pk in Organization.objects.filter(kind=OrganizationKind.INSPECTION_BOARD).values_list(
            "pk", flat=True
        )
    ]
    return urls


def test_no_public_page_shows_a_confidential_value(client):
    secrets = confidential_demo_values() + concern_secrets()
    assert len(secrets) > 100 and HIDDEN_FINDING_MARKER in secrets

    for url in public_urls():
        html = client.get(url).content.decode()
        leaked = [secret for secret in secrets if secret in html]
        assert not leaked, f"{url} shows {leaked[:3]}"


def test_no_public_page_shows_a_member_s_year_of_birth(client):
    members = Person.objects.filter(positions__organization=ph_inspection_board())
    members.update(birth_year=1907)

    html = client.get(
        reverse("oversight_public:board_detail", args=[ph_inspection_board().pk])
    ).content.decode()

    assert members.first().full_name in html
    assert "1907" not in html


def test_public_pages_never_read_private_columns(client):
    project, board = ph_project(), ph_inspection_board()
    for url in (
        reverse("oversight_public:project_detail", args=[project.pk]),
        reverse("oversight_public:board_detail", args=[board.pk]),
        reverse("oversight_public:project_list"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        for column in ('"phone"', '"email"', '"birth_year"', '"internal_notes"', '"summary"', '"concern_id"'):
            assert column not in sql, f"{url} reads {column}"


def test_the_project_page_shows_public_facts_findings_and_replies(client):
    project = ph_project()
    html = client.get(
        reverse("oversight_public:project_detail", args=[project.pk]), **ENGLISH
    ).content.decode()

    assert project.name in html and project.investor in html
    assert "28,500,000,000 VND" in html  # 28.500.000.000 đồng in Vietnamese
    assert "Construction" in html and 'aria-valuenow="35"' in html
    published = MonitoringFinding.objects.filter(
        session__project=project, session__is_published=True, is_public=True
    )
    assert published.count() >= 3
    for finding in published:
        assert finding.text in html
    replied = Recommendation.objects.get(session__project=project, status="replied")
    assert replied.content in html and replied.reply_text in html
    assert "Partly accepted".lower() in html


def test_the_project_page_hides_what_is_not_public(client):
    project = ph_project()
    html = client.get(reverse("oversight_public:project_detail", args=[project.pk])).content.decode()

    hidden = MonitoringFinding.objects.filter(session__project=project, is_public=False)
    unpublished = MonitoringFinding.objects.filter(session__project=project, session__is_published=False)
    draft = Recommendation.objects.get(session__project=project, status="draft")
    linked = Recommendation.objects.get(session__project=project, concern__isnull=False)
    assert hidden.exists() and unpublished.exists()
    for finding in [*hidden, *unpublished]:
        assert finding.text not in html
    assert draft.content not in html
    assert linked.content in html
    assert linked.concern.tracking_code not in html
    for marker in (HIDDEN_FINDING_MARKER, INTERNAL_NOTE_MARKER, MINUTES_MARKER):
        assert marker not in html


def test_an_overdue_recommendation_says_no_reply_has_come(client):
    project = ph_project()
    overdue = Recommendation.objects.filter(session__project=project).overdue().get()

    html = client.get(
        reverse("oversight_public:project_detail", args=[project.pk]), **ENGLISH
    ).content.decode()

    assert overdue.content in html
    assert f"No reply yet: it was due by {overdue.due_date:%d/%m/%Y}." in html


def test_a_project_without_a_board_is_not_public(client):
    project = ProjectFactory(board=None)

    assert client.get(reverse("oversight_public:project_detail", args=[project.pk])).status_code == 404
    assert project.name not in client.get(reverse("oversight_public:project_list")).content.decode()


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ({"stage": "handed_over"}, lambda p: p.stage == "handed_over"),
        ({"funding_source": "state_budget"}, lambda p: p.funding_source == "state_budget"),
    ],
)
def test_the_project_list_filters(client, query, check):
    page = client.get(reverse("oversight_public:project_list"), query).context["page"]

    assert page.paginator.count > 0
    assert all(check(project) for project in page.object_list)


def test_the_project_list_filters_by_unit_old_or_new(client):
    for code in ("LD-PPHUOCHOI", "LG-TT"):
        unit = Project.objects.monitored().filter(unit__code=code).first().unit
        url = reverse("oversight_public:project_list")
        page = client.get(url, {"unit": unit.pk, "view": "was"}).context["page"]
        assert {project.unit_id for project in page.object_list} == {unit.pk}
        # As it is now (the default), a unit holds the projects of the units it became or came from.
        page = client.get(url, {"unit": unit.pk}).context["page"]
        assert {project.unit.current_unit_id for project in page.object_list} == {unit.current_unit_id}


def test_the_board_page_shows_members_with_their_areas_and_published_reports_only(client):
    board = ph_inspection_board()
    report = InspectionReport.objects.filter(board=board, is_published=True).first()
    hidden = InspectionReport.objects.create(
        board=board, period="year", year=2024, number=1, text="Bản nháp chưa công bố XYZ", is_published=False
    )

    html = client.get(reverse("oversight_public:board_detail", args=[board.pk]), **ENGLISH).content.decode()

    for name in (
        Position.objects.filter(organization=board).current().values_list("person__full_name", flat=True)
    ):
        assert name in html
    assert re.search(r"Represents khu phố \d", html)  # a unit inside a sentence is lower-case
    assert report.text.splitlines()[0] in html
    assert hidden.text not in html


def test_the_board_list_has_every_inspection_board(client):
    html = client.get(reverse("oversight_public:board_list")).content.decode()

    for board in Organization.objects.filter(kind=OrganizationKind.INSPECTION_BOARD):
        assert reverse("oversight_public:board_detail", args=[board.pk]) in html


def test_a_monitoring_board_has_no_public_board_page(client):
    assert (
        client.get(reverse("oversight_public:board_detail", args=[ph_project().board_id])).status_code == 404
    )


def test_unpublishing_takes_findings_off_the_public_page(
    client, django_capture_on_commit_callbacks, demo_user
):
    from oversight.services import publish_session

    project = ph_project()
    session = MonitoringSession.objects.filter(project=project, is_published=True).first()
    finding = session.findings.filter(is_public=True).first()
    url = reverse("oversight_public:project_detail", args=[project.pk])
    assert finding.text in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish_session(actor=demo_user("board_member"), session=session, publish=False)

    assert finding.text not in client.get(url).content.decode()
