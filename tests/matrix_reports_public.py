"""Permission-matrix rows for the residents' report pages (see tests/matrix.py).

Both are public: every role gets the list and a unit's page of a year that has ended (Phường Phước
Hội of today, formed on 1 July 2025, in the last year that has ended). tests/test_reports_public_views.py
covers the 404s (an unknown unit, a residential area, a year without figures).
"""

from __future__ import annotations

from django.utils import timezone

from organizations.models import AdministrativeUnit
from tests.matrix import PUBLIC, Row


def phuoc_hoi_last_year() -> dict:
    unit = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    return {"pk": unit.pk, "year": timezone.localdate().year - 1}


ROWS: dict[str, Row] = {
    "reports_public:list": Row(PUBLIC),
    "reports_public:unit_year": Row(PUBLIC, phuoc_hoi_last_year),
}
