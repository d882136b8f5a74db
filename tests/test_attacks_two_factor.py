"""Two-factor authentication and sudo mode.

Before: a stolen password was enough for any account, and a session left open on a shared
computer could change accounts and scopes. Now, with ``TWO_FACTOR_REQUIRED`` on (its default
without DEBUG), staff and every account that may change anything need a second factor (a TOTP
code or a recovery code); and changing accounts, scopes or units, or switching the second
factor off, asks for the password again after 15 minutes (sudo mode).
"""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.sudo import AUTHENTICATED_AT
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _password_login(username: str, path: str = "/accounts/login/") -> Client:
    client = Client()
    response = client.post(path, {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.usefixtures("required")
def test_a_writer_without_a_device_must_set_one_up_before_anything_else():
    client = _password_login("cadre_ward")
    response = client.get("/cadre/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))
    assert client.get(reverse("two_factor:setup")).status_code == 200
    # A stolen password opens no record either.
    assert client.get(reverse("cadre:person_list")).status_code == 302


@pytest.mark.usefixtures("required")
def test_a_writer_with_a_device_logs_in_with_a_totp_code(demo_user):
    device = TOTPDevice.objects.create(user=demo_user("cadre_ward"), name="phone", confirmed=True)
    client = _password_login("cadre_ward")
    response = client.get("/cadre/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    wrong = client.post(reverse("otp_verify"), {"token": "000000", "next": "/cadre/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    # django-otp throttles the device after a wrong code: guessing codes gets slower and slower.
    throttled = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/cadre/"})
    assert throttled.status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/cadre/"})
    assert response.status_code == 302 and response["Location"] == "/cadre/"
    assert client.get("/cadre/").status_code == 200


@pytest.mark.usefixtures("required")
def test_a_recovery_code_works_once(demo_user):
    user = demo_user("cadre_ward")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    static.token_set.create(token="lagi2026rc")
    client = _password_login("cadre_ward")
    assert client.post(reverse("otp_verify"), {"token": "lagi2026rc"}).status_code == 302
    assert client.get("/cadre/").status_code == 200
    again = _password_login("cadre_ward")
    assert again.post(reverse("otp_verify"), {"token": "lagi2026rc"}).status_code == 200
    assert again.get("/cadre/").status_code == 302


@pytest.mark.usefixtures("required")
def test_the_admin_needs_the_second_factor_too():
    client = _password_login("admin", "/admin/login/")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))


@pytest.mark.usefixtures("required")
def test_a_read_only_cadre_is_not_asked():
    assert _password_login("cadre_viewer").get("/cadre/").status_code == 200


def test_with_the_setting_off_the_demo_logins_work_with_their_password(settings):
    assert settings.TWO_FACTOR_REQUIRED is False  # DEBUG=1, as `make run`
    for username in ("cadre_ward", "cadre_women", "board_member"):
        assert _password_login(username).get("/cadre/").status_code == 200
    assert _password_login("admin", "/admin/login/").get(reverse("admin:index")).status_code == 200


def test_an_account_that_set_up_a_device_uses_it_whatever_the_setting(demo_user):
    TOTPDevice.objects.create(user=demo_user("cadre_viewer"), name="phone", confirmed=True)
    response = _password_login("cadre_viewer").get("/cadre/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))


def test_the_setting_is_on_by_default_without_debug():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import lagi_portal.settings as s; print(s.TWO_FACTOR_REQUIRED, s.SUDO_SECONDS)",
        ],
        env={"DEBUG": "0", "SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin", "ENV_FILE": "/dev/null"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", str(15 * 60)]


# --- sudo mode ------------------------------------------------------------------------------------


def _long_ago(client: Client) -> None:
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("admin:organizations_user_change", args=[1]),
        lambda: reverse("admin:organizations_user_add"),
        lambda: reverse("admin:organizations_scope_add"),
        lambda: reverse("admin:organizations_administrativeunit_change", args=[1]),
        lambda: reverse("two_factor:disable"),
        lambda: reverse("two_factor:backup_tokens"),
    ],
    ids=[
        "change an account",
        "add an account",
        "add a scope",
        "change a unit",
        "disable 2FA",
        "recovery codes",
    ],
)
def test_sudo_mode_asks_for_the_password_again_after_15_minutes(url, demo_user):
    from organizations.models import AdministrativeUnit, User

    target = url().replace("/1/", f"/{User.objects.get(username='cadre_ward').pk}/", 1)
    if "administrativeunit" in target:
        target = reverse(
            "admin:organizations_administrativeunit_change", args=[AdministrativeUnit.objects.first().pk]
        )
    client = _password_login("admin", "/admin/login/")
    first = client.get(target)
    assert first.status_code in (200, 302) and not first.get("Location", "").startswith(
        reverse("reauthenticate")
    )
    _long_ago(client)
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))
    wrong = client.post(reverse("reauthenticate"), {"password": "wrong-password", "next": target})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    response = client.post(reverse("reauthenticate"), {"password": DEMO_PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == target
    again = client.get(target)
    assert not again.get("Location", "").startswith(reverse("reauthenticate"))


def test_a_page_that_needs_a_verified_factor_sends_to_the_second_step_not_round_in_circles(demo_user):
    TOTPDevice.objects.create(user=demo_user("cadre_viewer"), name="phone", confirmed=True)
    client = _password_login("cadre_viewer")
    response = client.get(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    assert client.get(reverse("otp_verify")).status_code == 200
