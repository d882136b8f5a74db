"""Which work-area pages a write makes stale: the areas of ``core.private_pages``, by scope.

An area is a top unit of the structure (a province, or a unit that has no parent, such as a
province dissolved in 2025). A cadre's page reads the areas of every unit its scope covers; a
cadre's write moves on the areas of every unit its write scope covers. Whatever a cadre writes
lies under its write scope, and whatever a page shows lies under the reader's scope, so a record
both can reach has a top unit above it that is in both sets: the page is rendered anew. Over a
country a write in one province leaves the pages of the other provinces' cadres as they are.

An account that sees everything reads ``ANY`` (moved on by every write) and its own writes, like a
staff account's (the admin changes structure, accounts and settings), move on ``SHARED``, which
every page reads. A scope's areas are read once per set of roots and kept in the worker's memory
while ``SHARED`` stays the same (a change of the structure is an administrator's write).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from core.caching import WorkerMemo
from core.private_pages import SHARED, keep_beside, note_write, versions, work_changed

from .scoping import UserScope, scope_for

# Read by an account that sees everything: every write moves it on.
ANY = "any"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# How many sets of roots a worker remembers the areas of.
_REMEMBERED_SCOPES = 2_000


# The areas of each set of roots, while ``SHARED`` (the structure's administrators) stays the same.
_areas_of_roots = WorkerMemo(_REMEMBERED_SCOPES)
keep_beside(_areas_of_roots.forget)


def _roots_areas(unit_roots: tuple[int, ...], org_roots: tuple[int, ...]) -> tuple[str, ...]:
    key = (versions((SHARED,)), unit_roots, org_roots)
    found = _areas_of_roots.get(key)
    if found is None:
        found = tuple(f"top:{pk}" for pk in top_units_covering(unit_roots, org_roots))
        _areas_of_roots.put(key, found)
    return found


def top_units_covering(unit_roots: tuple[int, ...], org_roots: tuple[int, ...]) -> list[int]:
    """The units without a parent that cover any unit the roots cover (one query)."""
    from .models import OrganizationReach, UnitReach

    if not unit_roots and not org_roots:
        return []
    covered = UnitReach.objects.filter(ancestor_id__in=unit_roots).values("unit_id")
    org_units = OrganizationReach.objects.filter(ancestor_id__in=org_roots).values("organization__unit_id")
    below = covered.union(org_units) if unit_roots and org_roots else (covered if unit_roots else org_units)
    return sorted(
        UnitReach.objects.filter(unit_id__in=below, ancestor__parent__isnull=True)
        .order_by()
        .values_list("ancestor_id", flat=True)
        .distinct()
    )


def read_areas(scope: UserScope) -> tuple[str, ...]:
    if scope.is_global:
        return (ANY,)
    return _roots_areas(scope.root_unit_ids, scope.root_org_ids)


def written_areas(user) -> tuple[str, ...]:
    scope = scope_for(user)
    if scope.is_global or user.is_staff:
        return (SHARED,)
    if not scope.can_write:
        return ()
    return (ANY, *_roots_areas(scope.writable_root_unit_ids, scope.writable_root_org_ids))


def units_changed(unit_ids: tuple[int, ...]) -> None:
    """Something in these units changed outside a cadre's form post (a resident's concern):
    the pages that read them are rendered anew once the transaction commits."""
    work_changed((ANY, *_roots_areas(tuple(unit_ids), ())))


# The areas each account read last, with the versions they had then. An account's scope rows change
# only through a write that moves one of those versions: the staff's account screens and the admin
# move ``SHARED``; a reorganization moves the areas of the units it changes, which are the
# account's. While none moved, a page served again needs no query for the scope.
_account_areas = WorkerMemo(_REMEMBERED_SCOPES)
keep_beside(_account_areas.forget)


def request_areas(request: HttpRequest) -> tuple[str, ...]:
    """The areas the user's pages read (``settings.PRIVATE_PAGE_AREAS``)."""
    user = request.user
    known = _account_areas.get(user.pk)
    if known is not None and versions((SHARED, *known[0])) == known[1]:
        return known[0]
    areas = read_areas(scope_for(user))
    _account_areas.put(user.pk, (areas, versions((SHARED, *areas))))
    return areas


class WritesMovePagesOnMiddleware:
    """A logged-in account's form post (or any other unsafe request) moves on the areas of its
    write scope, and its own session's next page is rendered anew. A visitor's post changes nothing
    the work area shows but the residents' concern form, which says so itself; nor does a login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session_before = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        response = self.get_response(request)
        wrote = request.method not in _SAFE_METHODS and response.status_code < 400
        # A login (a new session) writes nothing the work area shows.
        same_session = session_before is not None and request.session.session_key == session_before
        if wrote and same_session and request.user.is_authenticated:
            areas = written_areas(request.user)
            if areas:
                work_changed(areas)
            note_write(request)
        return response
