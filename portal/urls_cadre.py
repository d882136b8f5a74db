"""The work area: the cadre dashboard at ``/cadre/``, then the organization structure's screens."""

from django.urls import path

from organizations.urls_cadre import urlpatterns as structure_patterns

from . import views_coverage, views_dashboard

app_name = "cadre"

urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("coverage/", views_coverage.coverage, name="coverage"),
    *structure_patterns,
]
