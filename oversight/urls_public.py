from django.urls import path

from . import views_public

app_name = "oversight_public"

urlpatterns = [
    path("projects/", views_public.project_list, name="project_list"),
    path("projects/<int:pk>/", views_public.project_detail, name="project_detail"),
    path("inspection-boards/", views_public.board_list, name="board_list"),
    path("inspection-boards/<int:pk>/", views_public.board_detail, name="board_detail"),
]
