"""Error pages are translated, friendly, and keep the portal's layout."""

from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_read_only_cadre_is_told_why_on_a_403(login_as):
    from organizations.models import Organization

    organization = Organization.objects.filter(unit__code="LD-PPHUOCHOI").first()
    response = login_as("cadre_viewer").get(reverse("cadre:organization_edit", args=[organization.pk]))
    assert response.status_code == 403
    assert "quản trị viên" in response.content.decode()


@override_settings(DEBUG=False)
def test_csrf_failure_is_explained_to_residents(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_server_error_page_renders_without_context():
    html = render_to_string("500.html")
    assert "Lỗi hệ thống" in html and "<h1>" in html
