from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import health

# The residents' pages come first: they take most requests, and Django tries the patterns in order.
urlpatterns = [
    path("", include("portal.urls_public")),
    path("", include("portal.urls")),
    path("articles/", include("articles.urls")),
    path("concerns/", include("concerns.urls_public")),
    path("", include("oversight.urls_public")),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("cadre/activities/", include("activities.urls")),
    path("cadre/articles/", include("articles.urls_cadre")),
    path("cadre/oversight/", include("oversight.urls")),
    path("cadre/concerns/", include("concerns.urls")),
    path("cadre/", include("portal.urls_cadre")),
]
