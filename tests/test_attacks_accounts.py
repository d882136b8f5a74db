"""Logins and sessions, tried as an attacker would (and as a cadre who mistypes).

Before: 30 wrong passwords for ``cadre_ward`` all answered 200 and the right one then logged in,
on both login pages; nothing was recorded; passwords needed 8 characters; a session lasted 14
days with no idle limit.
"""

from __future__ import annotations

import datetime
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.sessions import LAST_SEEN, STARTED
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "attack-script/1.0"}
CADRE_PHONE = {"REMOTE_ADDR": "198.51.100.20", "HTTP_USER_AGENT": "Mozilla/5.0 (Android)"}


def _login(client: Client, path: str, username: str, password: str, next: str = ""):
    data = {"username": username, "password": password}
    return client.post(path, data | {"next": next} if next else data)


@pytest.mark.parametrize(
    ("path", "username", "success"),
    [("/accounts/login/", "cadre_ward", "/cadre/"), ("/admin/login/", "admin", "/admin/")],
    ids=["cadre login", "admin login"],
)
def test_thirty_wrong_passwords_lock_the_attacker_out_but_not_the_cadre(settings, path, username, success):
    attacker = Client(**ATTACKER)
    statuses = [_login(attacker, path, username, f"wrong-{n}").status_code for n in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert set(statuses[: limit - 1]) == {200}
    assert set(statuses[limit:]) == {429}
    # The right password from the attacker's client is refused too, and logs nobody in.
    response = _login(attacker, path, username, DEMO_PASSWORD)
    assert response.status_code == 429 and SESSION_KEY not in attacker.session
    # The cadre, from their own phone, logs in at once.
    cadre = Client(**CADRE_PHONE)
    response = _login(cadre, path, username, DEMO_PASSWORD, next=success)
    assert response.status_code == 302 and response["Location"].startswith(success)
    assert SESSION_KEY in cadre.session
    # After the cool-off the attacker's client may try again (no permanent lockout).
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1)
    )
    AccessFailureLog.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1)
    )
    assert _login(attacker, path, username, DEMO_PASSWORD).status_code == 302


def test_failures_logins_logouts_and_lockouts_are_recorded_and_shown_to_admins(settings, login_as):
    attacker = Client(**ATTACKER)
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(attacker, "/accounts/login/", "cadre_ward", f"wrong-{n}")
    failures = AccessFailureLog.objects.filter(username="cadre_ward", ip_address=ATTACKER["REMOTE_ADDR"])
    assert failures.count() >= settings.AXES_FAILURE_LIMIT
    assert failures.filter(user_agent=ATTACKER["HTTP_USER_AGENT"]).exists()
    assert failures.filter(locked_out=True).exists()

    cadre = Client(**CADRE_PHONE)
    _login(cadre, "/accounts/login/", "cadre_ward", DEMO_PASSWORD)
    cadre.post(reverse("logout"))
    entry = AccessLog.objects.filter(username="cadre_ward", ip_address=CADRE_PHONE["REMOTE_ADDR"]).get()
    assert entry.user_agent == CADRE_PHONE["HTTP_USER_AGENT"] and entry.attempt_time and entry.logout_time

    admin = login_as("admin")
    for model in ("accesslog", "accessfailurelog", "accessattempt"):
        page = admin.get(reverse(f"admin:axes_{model}_changelist"))
        assert page.status_code == 200 and "cadre_ward" in page.content.decode(), model


def test_a_different_client_is_not_locked_out_by_an_attack_from_one_address(settings):
    attacker = Client(**ATTACKER)
    for n in range(settings.AXES_FAILURE_LIMIT + 5):
        _login(attacker, "/accounts/login/", f"user{n}", "wrong")
    assert _login(attacker, "/accounts/login/", "cadre_ward", DEMO_PASSWORD).status_code == 429
    assert _login(Client(**CADRE_PHONE), "/accounts/login/", "cadre_ward", DEMO_PASSWORD).status_code == 302


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["Lagi#2025ab", "password1234", "cadre_ward_2025"])
def test_short_common_or_similar_passwords_are_refused(password, demo_user):
    with pytest.raises(ValidationError):
        validate_password(password, user=demo_user("cadre_ward"))


def test_a_long_unusual_password_is_accepted(demo_user):
    validate_password("biển-xanh-Phước-Hội-2026", user=demo_user("cadre_ward"))


def test_an_administrator_can_require_a_new_password_at_next_login(login_as, demo_user):
    cadre = demo_user("cadre_ward")
    cadre.must_change_password = True
    cadre.save(update_fields=["must_change_password"])
    client = login_as("cadre_ward")
    response = client.get("/cadre/")
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    new_password = "biển-xanh-Phước-Hội-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert not cadre.must_change_password
    assert client.get("/cadre/").status_code == 200


# --- sessions ---------------------------------------------------------------------------------


def _age_session(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "last_seen": LAST_SEEN}[key]] = now - ago
    session.save()


def test_an_idle_session_ends(settings, login_as):
    client = login_as("cadre_ward")
    _age_session(client, last_seen=settings.SESSION_IDLE_SECONDS - 60)
    assert client.get("/cadre/").status_code == 200
    _age_session(client, last_seen=settings.SESSION_IDLE_SECONDS + 1)
    response = client.get("/cadre/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_a_session_ends_after_the_absolute_limit_even_when_active(settings, login_as):
    client = login_as("cadre_ward")
    _age_session(client, started=settings.SESSION_MAX_AGE_SECONDS + 1, last_seen=10)
    response = client.get("/cadre/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_AGE_SECONDS == 12 * 3600
    assert settings.SESSION_IDLE_SECONDS == 30 * 60


def test_log_out_everywhere_ends_the_sessions_on_every_device(demo_user):
    phone, office = Client(), Client()
    phone.force_login(demo_user("cadre_ward"))
    office.force_login(demo_user("cadre_ward"))
    assert phone.get("/cadre/").status_code == 200
    response = office.post(reverse("account_security"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert phone.get("/cadre/").status_code == 302
    assert office.get("/cadre/").status_code == 302


@pytest.mark.parametrize(("proxies", "recorded"), [(0, "203.0.113.7"), (1, "192.0.2.44")])
def test_login_records_read_the_client_through_the_trusted_proxy_rule(settings, proxies, recorded):
    settings.TRUSTED_PROXY_COUNT = proxies
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44")
    _login(client, "/accounts/login/", "cadre_ward", "wrong")
    assert AccessFailureLog.objects.get(username="cadre_ward").ip_address == recorded
