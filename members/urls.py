from django.urls import path

from . import views, views_areas, views_import

app_name = "members"

urlpatterns = [
    # The member registers
    path("", views.register, name="register"),
    path("new/", views.member_create, name="member_create"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/join/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("memberships/<int:pk>/transfer/", views.membership_transfer, name="membership_transfer"),
    path("import/", views_import.sheet_upload, name="sheet_upload"),
    path("import/<int:pk>/", views_import.sheet_map, name="sheet_map"),
    path("import/example.xlsx", views_import.sheet_sample, name="sheet_sample"),
    # Residential areas: households, and who answers for which area
    path("households/", views_areas.figure_list, name="figure_list"),
    path("households/new/", views_areas.figure_create, name="figure_create"),
    path("households/<int:pk>/edit/", views_areas.figure_edit, name="figure_edit"),
    path("assignments/", views_areas.assignment_list, name="assignment_list"),
    path("assignments/new/", views_areas.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/edit/", views_areas.assignment_edit, name="assignment_edit"),
]
