from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_choose_kind, name="create"),
    path("new/<slug:kind>/", views.activity_create, name="create_kind"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
]
