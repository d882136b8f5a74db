"""Permission-matrix rows for the staff's account screens in the portal (see tests/matrix.py).

Staff only: everyone else is sent to the admin's login, as for the admin's own account pages. The
pages that show or change an account ask for a recent password (sudo mode), which the login just
gave. Removing a scope is a POST that redirects to the account's page. The staff member's way
through and sudo mode are tested in tests/test_staff_accounts.py.
"""

from __future__ import annotations

from organizations.models import Scope, User
from tests.matrix import ROLES, STAFF, Row

REDIRECTED = dict.fromkeys(ROLES, 302)


def _ward_cadre() -> dict:
    return {"pk": User.objects.get(username="cadre_ward").pk}


def _ward_scope() -> dict:
    return {"pk": Scope.objects.filter(user__username="cadre_ward").order_by("pk").first().pk}


ROWS: dict[str, Row] = {
    "accounts:list": Row(STAFF),
    "accounts:create": Row(STAFF),
    "accounts:detail": Row(STAFF, _ward_cadre),
    "accounts:password": Row(STAFF, _ward_cadre),
    "accounts:scope_remove": Row(REDIRECTED, _ward_scope, method="post"),
}
