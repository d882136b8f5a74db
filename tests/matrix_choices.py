"""Permission-matrix rows for the small JSON endpoints behind the narrowed choices of the forms
(see tests/matrix.py): the areas of a unit (within what the account reads), the organizers of an
activity of a unit (where the account works), and the residents' form's areas of a ward (public
structure data). A unit outside the scope answers 404, like any object. The choosers' endpoints
answer only the token a form's page gave the same account: without one, 404 (tests/test_choosers.py
opens them with one)."""

from organizations.models import AdministrativeUnit
from tests.matrix import PUBLIC, ROLES, Row, statuses


def of_phuoc_hoi() -> str:
    return f"?parent={AdministrativeUnit.objects.get(code='LD-PPHUOCHOI').pk}"


ROWS: dict[str, Row] = {
    "cadre:area_options": Row(statuses(cadre_women=404, board_member=200), query=of_phuoc_hoi),
    "cadre:organizer_options": Row(
        statuses(cadre_women=404, cadre_viewer=404, board_member=200), query=of_phuoc_hoi
    ),
    "concerns_public:area_options": Row(PUBLIC, query=of_phuoc_hoi),
    **{
        f"cadre:{kind}_choices": Row(statuses(**dict.fromkeys(ROLES[1:], 404)))
        for kind in ("unit", "organization", "person", "authority")
    },
}
