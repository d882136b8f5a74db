"""The board member's journey on the cadre screens: a monitoring session with its findings and a
recommendation, a resident's concern linked by its tracking code, errors next to their fields with
nothing saved, editing the findings, and publishing the session on the public page."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from concerns.models import Concern
from organizations.models import Authority
from oversight.models import MonitoringFinding, MonitoringSession, Recommendation
from tests.matrix_oversight import (
    oversight_demo,  # noqa: F401
    ph_project,
    ph_session,
)

pytestmark = pytest.mark.django_db


# --- the board member's journey: a session with a finding and a recommendation ---------


def _session_data(**overrides) -> dict:
    data = {
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "stage": "construction",
        "aspects": ["quality", "environment"],
        "summary": "Kiểm tra đoạn kè phía nam.",
        "internal_notes": "",
        "savings_vnd": "0",
        "findings-TOTAL_FORMS": "2",
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
        "findings-0-aspect": "quality",
        "findings-0-text": "Mạch vữa đá hộc đoạn phía nam bị rỗng.",
        "findings-0-is_public": "on",
        "findings-1-aspect": "",
        "findings-1-text": "",
        "recommendation-content": "Đề nghị nhà thầu trát lại mạch vữa đoạn phía nam.",
        "recommendation-authority": str(
            Authority.objects.current().get(name="Ban Quản lý dự án đầu tư xây dựng khu vực La Gi").pk
        ),
        "recommendation-sent_on": timezone.localdate().isoformat(),
        "recommendation-due_date": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
        "recommendation-document_number": "",
        "recommendation-concern": "",
    }
    data.update(overrides)
    return data


def test_the_board_member_records_a_session_with_a_finding_and_a_recommendation(login_as, demo_user):
    client = login_as("board_member")
    member, project = demo_user("board_member"), ph_project()

    response = client.post(
        reverse("oversight:session_create", args=[project.pk]), _session_data(is_published="on")
    )

    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert (session.board, session.created_by, session.is_published) == (project.board, member, True)
    assert session.published_on == timezone.localdate()
    assert list(session.findings.values_list("text", flat=True)) == ["Mạch vữa đá hộc đoạn phía nam bị rỗng."]
    recommendation = session.recommendations.get()
    assert (recommendation.status, recommendation.organization) == ("sent", project.board)
    assert LogEntry.objects.get_for_object(session).get().actor == member
    assert LogEntry.objects.get_for_object(recommendation).get().actor == member


def test_a_board_member_is_not_offered_residents_concerns(login_as):
    html = (
        login_as("board_member")
        .get(reverse("oversight:session_create", args=[ph_project().pk]))
        .content.decode()
    )

    assert 'name="recommendation-content"' in html
    assert 'name="recommendation-concern"' not in html


def test_a_ward_cadre_links_a_concern_of_the_hot_spot_by_its_tracking_code(login_as):
    project = ph_project()
    concern = Concern.objects.filter(recommendations__session__project=project).first()

    response = login_as("cadre_ward").post(
        reverse("oversight:session_create", args=[project.pk]),
        _session_data(**{"recommendation-concern": f" {concern.tracking_code.lower()} "}),
    )

    assert response.status_code == 302
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert session.recommendations.get().concern == concern


def test_a_session_without_a_recommendation_makes_none(login_as):
    project = ph_project()
    data = _session_data(
        **{f"recommendation-{name}": "" for name in ("content", "authority", "sent_on", "due_date")}
    )

    response = login_as("board_member").post(reverse("oversight:session_create", args=[project.pk]), data)

    assert response.status_code == 302
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert not session.recommendations.exists()
    assert not session.is_published


def test_session_errors_are_shown_next_to_their_fields_and_nothing_is_saved(login_as):
    project = ph_project()
    before = (
        MonitoringSession.objects.count(),
        MonitoringFinding.objects.count(),
        Recommendation.objects.count(),
    )
    data = _session_data(
        savings_vnd="-5",
        aspects=[],
        **{"recommendation-due_date": "2020-01-01"},
    )

    with translation.override("en"):
        response = login_as("board_member").post(
            reverse("oversight:session_create", args=[project.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick at least one aspect that was checked." in html or "This field is required." in html
    assert "The reply cannot be due before the recommendation was sent." in html
    after = (
        MonitoringSession.objects.count(),
        MonitoringFinding.objects.count(),
        Recommendation.objects.count(),
    )
    assert after == before


def test_an_unknown_concern_code_is_a_field_error(login_as):
    project = ph_project()
    lagi_concern = Concern.objects.filter(unit__code="LD-PLAGI").first()

    with translation.override("en"):
        response = login_as("cadre_ward").post(
            reverse("oversight:session_create", args=[project.pk]),
            _session_data(**{"recommendation-concern": lagi_concern.tracking_code}),
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert "No concern you may see has this tracking code." in response.content.decode()


def test_the_session_edit_changes_and_removes_findings(login_as):
    session = ph_session()
    findings = list(session.findings.order_by("pk"))
    data = _session_data(
        held_on=session.held_on.isoformat(),
        aspects=session.aspects,
        **{
            "findings-TOTAL_FORMS": str(len(findings) + 1),
            "findings-INITIAL_FORMS": str(len(findings)),
        },
    )
    for index, finding in enumerate(findings):
        data.update(
            {
                f"findings-{index}-id": str(finding.pk),
                f"findings-{index}-aspect": finding.aspect,
                f"findings-{index}-text": finding.text,
                f"findings-{index}-is_public": "on" if finding.is_public else "",
            }
        )
    data[f"findings-{0}-text"] = "Đã sửa nội dung phát hiện."
    data[f"findings-{len(findings) - 1}-DELETE"] = "on"
    data.update(
        {f"findings-{len(findings)}-aspect": "progress", f"findings-{len(findings)}-text": "Mới thêm."}
    )

    response = login_as("board_member").post(reverse("oversight:session_edit", args=[session.pk]), data)

    assert response.status_code == 302
    texts = list(session.findings.order_by("pk").values_list("text", flat=True))
    assert texts[0] == "Đã sửa nội dung phát hiện."
    assert texts[-1] == "Mới thêm."
    assert findings[-1].text not in texts
    assert len(texts) == len(findings)


def test_publishing_a_session_shows_it_on_the_public_page(
    login_as, client, django_capture_on_commit_callbacks
):
    session = MonitoringSession.objects.filter(project=ph_project(), is_published=False).first()
    finding = session.findings.first()
    public_url = reverse("oversight_public:project_detail", args=[session.project_id])
    assert finding.text not in client.get(public_url).content.decode()

    cadre = login_as("board_member")
    with django_capture_on_commit_callbacks(execute=True):
        response = cadre.post(reverse("oversight:session_publish", args=[session.pk]), {"publish": "1"})
    assert response.status_code == 302
    cadre.logout()

    assert finding.text in client.get(public_url).content.decode()
    session.refresh_from_db()
    assert session.published_on == timezone.localdate()


def test_editing_a_session_to_publish_it_dates_the_publication(login_as):
    session = MonitoringSession.objects.filter(project=ph_project(), is_published=False).first()
    findings = list(session.findings.order_by("pk"))
    data = _session_data(
        held_on=session.held_on.isoformat(),
        aspects=session.aspects,
        is_published="on",
        **{"findings-TOTAL_FORMS": str(len(findings)), "findings-INITIAL_FORMS": str(len(findings))},
    )
    for index, finding in enumerate(findings):
        data.update(
            {
                f"findings-{index}-id": str(finding.pk),
                f"findings-{index}-aspect": finding.aspect,
                f"findings-{index}-text": finding.text,
                f"findings-{index}-is_public": "on",
            }
        )

    response = login_as("board_member").post(reverse("oversight:session_edit", args=[session.pk]), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.is_published, session.published_on) == (True, timezone.localdate())
