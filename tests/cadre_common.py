"""Names of the demo structure that the tests of the cadre screens look up
(tests/test_cadre_forms.py, tests/test_cadre_views_*.py), and how to find them."""

from __future__ import annotations

import datetime

from organizations.models import AdministrativeUnit, Organization

NEW_UNITS_START = datetime.date(2025, 7, 1)
PHUOC_HOI = "Phường Phước Hội"
LA_GI = "Phường La Gi"
WOMEN_PHUOC_HOI = "Hội Liên hiệp Phụ nữ phường Phước Hội"
WOMEN_LA_GI = "Hội Liên hiệp Phụ nữ phường La Gi"
FARMERS_LA_GI = "Hội Nông dân phường La Gi"
WOMEN_TAN_AN = "Hội Liên hiệp Phụ nữ phường Tân An"


def new_unit(name: str) -> AdministrativeUnit:
    """The unit of that name formed on 01/07/2025 (old and new units share names)."""
    return AdministrativeUnit.objects.get(name=name, valid_from=NEW_UNITS_START)


def current_org(name: str) -> Organization:
    """The organization of that name that exists today (old and new units share names)."""
    return Organization.objects.get(name=name, valid_to__isnull=True)
