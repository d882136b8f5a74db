from django.urls import path

from . import views_cadre

app_name = "cadre"

urlpatterns = [
    path("", views_cadre.dashboard, name="dashboard"),
    path("organizations/", views_cadre.organization_list, name="organization_list"),
    path("organizations/new/", views_cadre.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views_cadre.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views_cadre.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/terms/new/", views_cadre.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views_cadre.term_edit, name="term_edit"),
    path("organizations/<int:pk>/positions/new/", views_cadre.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", views_cadre.position_edit, name="position_edit"),
    path("people/", views_cadre.person_list, name="person_list"),
    path("people/new/", views_cadre.person_create, name="person_create"),
    path("people/<int:pk>/", views_cadre.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views_cadre.person_edit, name="person_edit"),
]
