from django.urls import path

from . import views_fund, views_houses, views_loans, views_overview, views_recognition

app_name = "social"

urlpatterns = [
    path("", views_overview.overview, name="overview"),
    # Savings-and-loan groups and their loan figures
    path("groups/", views_loans.group_list, name="group_list"),
    path("groups/new/", views_loans.group_create, name="group_create"),
    path("groups/<int:pk>/", views_loans.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views_loans.group_edit, name="group_edit"),
    path("groups/<int:pk>/figures/new/", views_loans.snapshot_create, name="snapshot_create"),
    path("figures/<int:pk>/edit/", views_loans.snapshot_edit, name="snapshot_edit"),
    path("figures/import/", views_loans.sheet_import, name="sheet_import"),
    path("figures/example.xlsx", views_loans.sheet_sample, name="sheet_sample"),
    # Great Unity houses
    path("houses/", views_houses.house_list, name="house_list"),
    path("houses/new/", views_houses.house_create, name="house_create"),
    path("houses/<int:pk>/", views_houses.house_detail, name="house_detail"),
    path("houses/<int:pk>/edit/", views_houses.house_edit, name="house_edit"),
    path("houses/<int:pk>/photos/new/", views_houses.house_photo_add, name="house_photo_add"),
    # The Fund for the Poor
    path("fund/", views_fund.fund_overview, name="fund_overview"),
    path("fund/campaigns/new/", views_fund.campaign_create, name="campaign_create"),
    path("fund/campaigns/<int:pk>/edit/", views_fund.campaign_edit, name="campaign_edit"),
    path("fund/receipts/", views_fund.receipt_list, name="receipt_list"),
    path("fund/receipts/new/", views_fund.receipt_create, name="receipt_create"),
    path("fund/receipts/<int:pk>/edit/", views_fund.receipt_edit, name="receipt_edit"),
    path("fund/spending/", views_fund.spending_list, name="spending_list"),
    path("fund/spending/new/", views_fund.spending_create, name="spending_create"),
    path("fund/spending/<int:pk>/edit/", views_fund.spending_edit, name="spending_edit"),
    # Exemplary models, commendations, movements
    path("models/", views_recognition.model_list, name="model_list"),
    path("models/new/", views_recognition.model_create, name="model_create"),
    path("models/<int:pk>/", views_recognition.model_detail, name="model_detail"),
    path("models/<int:pk>/edit/", views_recognition.model_edit, name="model_edit"),
    path("commendations/", views_recognition.commendation_list, name="commendation_list"),
    path("commendations/new/", views_recognition.commendation_create, name="commendation_create"),
    path("commendations/<int:pk>/edit/", views_recognition.commendation_edit, name="commendation_edit"),
    path("movements/", views_recognition.movement_list, name="movement_list"),
    path("movements/new/", views_recognition.movement_create, name="movement_create"),
    path("movements/<int:pk>/edit/", views_recognition.movement_edit, name="movement_edit"),
]
