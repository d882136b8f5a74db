from django.urls import path

from . import views_public

app_name = "articles"

urlpatterns = [
    path("", views_public.article_list, name="list"),
    path("<slug:slug>/", views_public.article_detail, name="detail"),
]
