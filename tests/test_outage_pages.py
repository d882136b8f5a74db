"""While the database cannot be reached: a translated 503 page with Retry-After, never a 500.

Every query fails here (the cursor raises ``OperationalError``, as psycopg2 does while PostgreSQL
is down); tests/ops/test_outage.py stops a real PostgreSQL under gunicorn.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from core.outage import OutageLogFilter

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The portal is briefly unavailable"
NOT_SAVED = "What you sent was not saved."


@contextmanager
def database_down(error: type[Exception] = OperationalError):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=error("could not connect to server")
    ):
        yield


def assert_unavailable(response) -> str:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert html.count("<h1>") == 1 and "<title>" in html
    assert "Traceback" not in html and "OperationalError" not in html
    return html


@pytest.fixture
def client_keeps_errors(client):
    """The test client answers an exception raised outside the view as the server does, not by raising it."""
    client.raise_request_exception = False
    return client


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_public_pages_answer_503_while_the_database_is_down(client, error):
    with database_down(error):
        html = assert_unavailable(client.get(reverse("portal:activity_list")))

    assert UNAVAILABLE in html and NOT_SAVED not in html
    assert client.get(reverse("portal:activity_list")).status_code == 200


def test_the_page_is_in_the_visitors_language(client):
    with database_down():
        html = assert_unavailable(client.get(reverse("public:home")))

    assert '<html lang="vi">' in html


@pytest.mark.usefixtures("english")
def test_cadre_pages_answer_503_when_the_session_cannot_be_read(login_as, client_keeps_errors):
    client = login_as("cadre_ward")
    with database_down():
        assert_unavailable(client.get(reverse("cadre:dashboard")))

    assert client.get(reverse("cadre:dashboard")).status_code == 200


@pytest.mark.usefixtures("english")
def test_a_form_sent_during_the_outage_is_refused_and_shows_what_was_typed(client_keeps_errors):
    typed = "Đèn đường khu phố 3 bị hỏng đã hai tuần, xin sửa sớm."
    with database_down():
        response = client_keeps_errors.post(
            reverse("concerns_public:raise"),
            {"category": "infrastructure", "unit": "12", "description": typed, "resident_consent": "on"},
        )

    html = assert_unavailable(response)
    assert NOT_SAVED in html and typed in html
    # The chosen option and the ticked box are not text to copy.
    assert ">12<" not in html and ">on<" not in html


@pytest.mark.usefixtures("english")
def test_a_password_is_never_shown_back(client_keeps_errors):
    with database_down():
        response = client_keeps_errors.post(
            reverse("login"), {"username": "cadre_ward", "password": "s3cret-pass"}
        )

    html = assert_unavailable(response)
    assert NOT_SAVED in html and "cadre_ward" in html and "s3cret-pass" not in html


def test_other_errors_are_still_server_errors(client_keeps_errors):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=ZeroDivisionError):
        response = client_keeps_errors.get(reverse("portal:activity_list"))

    assert response.status_code == 500


def test_healthz_answers_503(client):
    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503


def test_an_outage_is_logged_in_one_line():
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Service Unavailable", (), sys.exc_info()
        )
    try:
        raise ValueError("a bug")
    except ValueError:
        bug = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )

    assert OutageLogFilter().filter(record) and record.exc_info is None
    assert OutageLogFilter().filter(bug) and bug.exc_info is not None
