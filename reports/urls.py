from django.urls import path

from . import views, views_submissions

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("authorities/", views.authorities, name="authorities"),
    path("submissions/", views_submissions.submission_list, name="submission_list"),
    path("submissions/new/", views_submissions.submission_start, name="submission_start"),
    path("submissions/received/", views_submissions.submission_overview, name="submission_overview"),
    path("submissions/<int:pk>/", views_submissions.submission_detail, name="submission_detail"),
    *(
        path(
            f"submissions/<int:pk>/{step.replace('_', '-')}/",
            views_submissions.submission_step,
            {"step": step},
            name=f"submission_{step}",
        )
        for step in views_submissions.STEPS
    ),
]
