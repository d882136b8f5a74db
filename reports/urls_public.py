from django.urls import path

from . import views_public

app_name = "reports_public"

urlpatterns = [
    path("reports/", views_public.report_list, name="list"),
    path("reports/<int:pk>/<int:year>/", views_public.unit_report, name="unit_year"),
]
