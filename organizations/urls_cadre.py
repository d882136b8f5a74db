"""The cadre screens of the structure, included under the ``cadre`` namespace by ``portal.urls_cadre``."""

from django.urls import path

from . import (
    views_cadre_organizations,
    views_cadre_people,
    views_cadre_positions,
    views_choices,
    views_reorganizations,
)

urlpatterns = [
    path("organizations/", views_cadre_organizations.organization_list, name="organization_list"),
    path("organizations/new/", views_cadre_organizations.organization_create, name="organization_create"),
    path(
        "organizations/<int:pk>/", views_cadre_organizations.organization_detail, name="organization_detail"
    ),
    path(
        "organizations/<int:pk>/edit/", views_cadre_organizations.organization_edit, name="organization_edit"
    ),
    path("organizations/<int:pk>/terms/new/", views_cadre_positions.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views_cadre_positions.term_edit, name="term_edit"),
    path(
        "organizations/<int:pk>/positions/new/", views_cadre_positions.position_create, name="position_create"
    ),
    path("positions/<int:pk>/edit/", views_cadre_positions.position_edit, name="position_edit"),
    path("people/", views_cadre_people.person_list, name="person_list"),
    path("people/new/", views_cadre_people.person_create, name="person_create"),
    path("people/<int:pk>/", views_cadre_people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views_cadre_people.person_edit, name="person_edit"),
    path("choices/areas/", views_choices.area_options, name="area_options"),
    path("choices/organizers/", views_choices.organizer_options, name="organizer_options"),
    *(
        path(f"choices/{route}/", views_choices.chooser_options, {"kind": kind}, name=f"{kind}_choices")
        for route, kind in (
            ("units", "unit"),
            ("organizations", "organization"),
            ("people", "person"),
            ("authorities", "authority"),
        )
    ),
    *(
        path(f"structure/reorganizations/{route}", view, name=f"reorganization_{name}")
        for route, view, name in (
            ("", views_reorganizations.reorganization_list, "list"),
            ("new/", views_reorganizations.reorganization_create, "create"),
            ("<int:pk>/", views_reorganizations.reorganization_detail, "detail"),
            ("<int:pk>/edit/", views_reorganizations.reorganization_edit, "edit"),
            ("<int:pk>/areas/", views_reorganizations.reorganization_areas, "areas"),
            ("<int:pk>/preview/", views_reorganizations.reorganization_preview, "preview"),
            ("<int:pk>/carry-out/", views_reorganizations.reorganization_apply, "apply"),
            ("<int:pk>/undo/", views_reorganizations.reorganization_undo, "undo"),
        )
    ),
]
