from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("directory/", views_public.directory, name="directory"),
    path("units/<int:pk>/", views_public.unit_detail, name="unit_detail"),
    path("organizations/<int:pk>/", views_public.organization_detail, name="organization_detail"),
]
