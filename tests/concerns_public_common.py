"""Helpers shared by the tests of the residents' concern pages (tests/test_concerns_public_*.py):
their addresses and a valid filled-in form. The pages are read in English (the ``english``
fixture of tests/conftest.py)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.helpers import unit

RAISE_URL = reverse("concerns_public:raise")
RAISED_URL = reverse("concerns_public:raised")
STATUS_URL = reverse("concerns_public:status")
DESCRIPTION = "Mương thoát nước đầu hẻm bị tắc từ tuần trước, mưa xuống là nước tràn vào nhà."


def form_data(**overrides) -> dict:
    data = {
        "category": "infrastructure",
        "unit": str(unit("LD-PPHUOCHOI").pk),
        "residential_area": str(unit("LD-PPHUOCHOI-KP02").pk),
        "description": DESCRIPTION,
        "resident_name": "",
        "resident_phone": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client: Client, data: dict, ip: str = "203.0.113.7", **extra):
    return client.post(RAISE_URL, data, REMOTE_ADDR=ip, **extra)
