from django.urls import path

from . import views_public

app_name = "concerns_public"

urlpatterns = [
    path("raise/", views_public.raise_concern, name="raise"),
    path("raise/sent/", views_public.raised, name="raised"),
    path("status/", views_public.status, name="status"),
    path("raise/areas/", views_public.area_options, name="area_options"),
]
