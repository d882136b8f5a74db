"""Permission-matrix rows of the reorganization screens (see tests/matrix.py).

Staff only, like the admin: anonymous visitors are sent to the login, every other demo account
gets 403 (the screens are a function they do not have, whatever exists), the administrator 200.
Carrying out and undoing are POSTs: the administrator is sent on to the reorganization's page.
The rows make the reorganizations they open: a draft renaming Phường Phước Hội in 2027, and one
marked carried out that changed nothing (so that undoing it is allowed and changes nothing).
"""

from __future__ import annotations

import datetime

from organizations.models import AdministrativeUnit, Reorganization, ReorganizationStatus
from tests.matrix import ROLES, Row
from tests.reorganization_common import BASIS

STAFF_SCREEN = dict.fromkeys(ROLES, 403) | {"anonymous": 302, "admin": 200}
STAFF_POST = STAFF_SCREEN | {"admin": 302}


def draft() -> dict:
    ward = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    new = {"key": "u0", "name": "Phường Phước Hội Mới", "code": "TEST-PH", "kind": ward.kind}
    reorganization = Reorganization.objects.create(
        kind="rename",
        effective_date=datetime.date(2027, 1, 1),
        **BASIS,
        plan={"before": [ward.pk], "after": [new | {"parent": ward.parent_id}]},
    )
    return {"pk": reorganization.pk}


def carried_out() -> dict:
    from django.utils import timezone

    reorganization = Reorganization.objects.create(
        kind="rename",
        effective_date=datetime.date(2027, 1, 1),
        **BASIS,
        status=ReorganizationStatus.APPLIED,
        applied_at=timezone.now(),
    )
    return {"pk": reorganization.pk}


ROWS: dict[str, Row] = {
    "cadre:reorganization_list": Row(STAFF_SCREEN),
    "cadre:reorganization_create": Row(STAFF_SCREEN),
    "cadre:reorganization_detail": Row(STAFF_SCREEN, draft),
    "cadre:reorganization_edit": Row(STAFF_SCREEN, draft),
    "cadre:reorganization_areas": Row(STAFF_SCREEN, draft),
    "cadre:reorganization_preview": Row(STAFF_SCREEN, draft),
    "cadre:reorganization_apply": Row(STAFF_POST, draft, method="post"),
    "cadre:reorganization_undo": Row(STAFF_POST, carried_out, method="post"),
}
