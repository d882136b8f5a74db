from django.urls import path

from . import views_cadre

app_name = "articles_cadre"

urlpatterns = [
    path("", views_cadre.article_list, name="list"),
    path("new/", views_cadre.article_create, name="create"),
    path("<int:pk>/", views_cadre.article_preview, name="preview"),
    path("<int:pk>/edit/", views_cadre.article_edit, name="edit"),
    path("<int:pk>/media/", views_cadre.article_media, name="media"),
    path("<int:pk>/publish/", views_cadre.article_publish, name="publish"),
    path("<int:pk>/unpublish/", views_cadre.article_unpublish, name="unpublish"),
]
