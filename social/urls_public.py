from django.urls import path

from . import views_public

app_name = "social_public"

urlpatterns = [
    path("fund/", views_public.fund_list, name="fund_list"),
    path("fund/<int:pk>/", views_public.fund_detail, name="fund_detail"),
    path("fund/<int:pk>/notice/", views_public.fund_notice, name="fund_notice"),
    path("houses/", views_public.house_list, name="house_list"),
    path("models/", views_public.model_list, name="model_list"),
    path("models/<int:pk>/", views_public.model_detail, name="model_detail"),
]
