"""The cadre screens of commitments, at ``/cadre/commitments/``."""

from django.urls import path

from . import views_commitments

app_name = "commitments"

urlpatterns = [
    path("", views_commitments.commitment_list, name="list"),
    path("<int:pk>/status/", views_commitments.commitment_status, name="status"),
]
