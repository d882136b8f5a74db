"""The health endpoint that load balancers and uptime checks call."""

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("error", [OperationalError, DatabaseError])
def test_healthz_503_when_the_database_fails(client, error):
    with mock.patch.object(connection, "cursor", side_effect=error("database is down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_is_get_only(client):
    assert client.post("/healthz").status_code == 405
