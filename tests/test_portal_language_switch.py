"""The language switch of the public pages: a link that sets the language cookie and goes back to
the page (with its query), never off the site; an unknown language is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import VIETNAMESE

pytestmark = pytest.mark.django_db


# --- the language switch ------------------------------------------------------------------


def test_the_language_switch_is_a_link_that_sets_the_cookie_and_goes_back(client, settings):
    home = client.get(reverse("public:home"), **VIETNAMESE).content.decode()
    switch = reverse("portal:set_language", args=["en"])
    assert f'href="{switch}?next=/"' in home

    response = client.get(switch, {"next": "/activities/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/activities/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    english = client.get(reverse("portal:activity_list")).content.decode()
    assert '<html lang="en">' in english


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_language_switch_never_leaves_the_site(client, next_url):
    response = client.get(reverse("portal:set_language", args=["vi"]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_is_404(client):
    assert client.get(reverse("portal:set_language", args=["fr"])).status_code == 404


def test_the_language_links_point_back_to_the_page_with_its_query(client):
    html = client.get(reverse("portal:activity_list"), {"kind": "visit", "page": 2}).content.decode()
    assert "?next=/activities/%3Fkind%3Dvisit%26page%3D2" in html
