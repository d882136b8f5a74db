from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from two_factor import views as tf_views

from core import health
from core.sudo import sudo_required
from organizations import views_accounts

# A database that cannot be reached is a translated 503 page, not a 500 (core/outage.py).
handler500 = "core.outage.server_error"

# django-two-factor-auth's pages: setting up a TOTP device, the recovery codes, switching it off.
# Its own login is not used: the password is checked by Django's login view (behind django-axes)
# and the second factor by ours (organizations/twofactor.py, views_accounts.py).
two_factor_urls = (
    [
        path("", tf_views.ProfileView.as_view(), name="profile"),
        path("setup/", tf_views.SetupView.as_view(), name="setup"),
        path("setup/qrcode/", tf_views.QRGeneratorView.as_view(), name="qr"),
        path("setup/complete/", tf_views.SetupCompleteView.as_view(), name="setup_complete"),
        path("backup/tokens/", sudo_required(tf_views.BackupTokensView.as_view()), name="backup_tokens"),
        path("disable/", sudo_required(tf_views.DisableView.as_view()), name="disable"),
    ],
    "two_factor",
)

# The residents' pages come first: they take most requests, and Django tries the patterns in order.
urlpatterns = [
    path("", include("portal.urls_public")),
    path("", include("portal.urls")),
    path("articles/", include("articles.urls")),
    path("concerns/", include("concerns.urls_public")),
    path("", include("oversight.urls_public")),
    path("", include("social.urls_public")),
    path("", include("reports.urls_public")),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views_accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/security/", views_accounts.account_security, name="account_security"),
    path("accounts/two-factor/verify/", views_accounts.verify_second_factor, name="otp_verify"),
    path("accounts/reauthenticate/", views_accounts.reauthenticate, name="reauthenticate"),
    path("accounts/two-factor/", include(two_factor_urls)),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("cadre/activities/", include("activities.urls")),
    path("cadre/commitments/", include("activities.urls_commitments")),
    path("cadre/articles/", include("articles.urls_cadre")),
    path("cadre/oversight/", include("oversight.urls")),
    path("cadre/concerns/", include("concerns.urls")),
    path("cadre/social/", include("social.urls")),
    path("cadre/members/", include("members.urls")),
    path("cadre/reports/", include("reports.urls")),
    path("cadre/accounts/", include("organizations.urls_accounts")),
    path("cadre/", include("portal.urls_cadre")),
]
