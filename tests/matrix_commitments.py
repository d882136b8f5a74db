"""Permission-matrix rows of the commitments' cadre screens (see tests/matrix.py).

Every cadre opens the list (it shows only their units' commitments); the status form of a
commitment of Phường Phước Hội is the ward cadre's and the whole area's, a 404 for the Women's
Union of Phường La Gi (and a board member), a 403 for the read-only account.
"""

from __future__ import annotations

import datetime

from activities.models import Commitment
from tests.helpers import unit
from tests.matrix import CADRE, PH_WRITE, Row


def ph_commitment() -> Commitment:
    """A commitment of Phường Phước Hội: the demo's first, else one made for the test."""
    found = Commitment.objects.filter(unit__code="LD-PPHUOCHOI").order_by("pk").first()
    if found is not None:
        return found
    return Commitment.objects.create(
        unit=unit("LD-PPHUOCHOI"), text="Trả lời bằng văn bản", deadline=datetime.date(2026, 1, 31)
    )


ROWS: dict[str, Row] = {
    "commitments:list": Row(CADRE),
    "commitments:status": Row(PH_WRITE, lambda: {"pk": ph_commitment().pk}),
}
