"""Helpers of the commitment tests: an authority of the register to own a commitment, and a
published dialogue of Phường Phước Hội with commitments."""

from __future__ import annotations

import datetime

from organizations.models import Authority, AuthorityKind
from tests.helpers import unit

PHUOC_HOI = "LD-PPHUOCHOI"
LA_GI = "LD-PLAGI"


def authority(unit_code: str = PHUOC_HOI, kind: str = AuthorityKind.PEOPLES_COMMITTEE, **fields) -> Authority:
    """The register's authority of ``kind`` in a unit, current on the unit's first day; made when the
    register has none."""
    the_unit = unit(unit_code)
    on = fields.pop("on", None) or the_unit.valid_from or datetime.date(2025, 7, 1)
    found = (
        Authority.objects.current(on).filter(unit=the_unit, kind=kind, **fields).order_by("pk").first()
        if not fields
        else None
    )
    if found is not None:
        return found
    values = {"name": f"{AuthorityKind(kind).label} {the_unit.name}", "valid_from": the_unit.valid_from}
    values.update(fields)
    return Authority.objects.create(kind=kind, unit=the_unit, **values)
