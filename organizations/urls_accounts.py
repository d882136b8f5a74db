"""The staff's account screens (``/cadre/accounts/``)."""

from django.urls import path

from . import views_staff_accounts as views

app_name = "accounts"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/password/", views.account_password, name="password"),
    path("scopes/<int:pk>/remove/", views.scope_remove, name="scope_remove"),
]
