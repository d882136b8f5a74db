"""Static files with the production storage: hashed names in the pages, compressed copies, and
far-future cache headers from WhiteNoise. (Production uses this storage whenever DEBUG is off.)"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_production_static_files_are_hashed_compressed_and_cached_for_ever(collected):
    client = Client()  # a new handler, so that WhiteNoise reads the collected files
    html = client.get(reverse("public:home")).content.decode()

    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page links the hashed stylesheet"
    script = re.search(
        r'src="(/static/vendor/bootstrap-5\.3\.9/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js)"', html
    )
    assert script, "the page links the hashed script"
    assert (collected / stylesheet.group(1).removeprefix("/static/")).with_suffix(".css.gz").exists()

    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]


def test_an_unhashed_name_is_not_cached_for_ever(collected):
    response = Client().get("/static/css/portal.css")
    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
