"""Permission-matrix rows for the cadre pages of opinions and petitions (see tests/matrix.py).

Adding an opinion to a voter contact of Phường Phước Hội: the ward's and the whole area's cadres
(and the administrator); a read-only cadre may see the activity but not add to it (403); the
Women's Union cadre and the board member do not see it (404). Receiving a petition: every cadre
who may write.
"""

from __future__ import annotations

from django.utils import timezone

from activities.models import Activity, ActivityKind
from tests.matrix import PH_WRITE, WRITE, Row


def ph_voter_contact() -> dict:
    activity = (
        Activity.objects.filter(
            unit__code="LD-PPHUOCHOI", kind=ActivityKind.VOTER_CONTACT, date__lte=timezone.localdate()
        )
        .order_by("pk")
        .first()
    )
    return {"activity_pk": activity.pk}


ROWS: dict[str, Row] = {
    "concerns:opinion_create": Row(PH_WRITE, ph_voter_contact),
    "concerns:petition_create": Row(WRITE),
}
