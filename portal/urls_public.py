from django.urls import path

from . import views_directory

app_name = "public"

urlpatterns = [
    path("", views_directory.home, name="home"),
    path("directory/", views_directory.directory, name="directory"),
    path("units/<int:pk>/", views_directory.unit_detail, name="unit_detail"),
    path("organizations/<int:pk>/", views_directory.organization_detail, name="organization_detail"),
]
