"""The small JSON endpoints behind the narrowed choices and the choosers of the cadre forms
(``static/js/forms.js``, ``static/js/chooser.js``).

``?parent=<unit>``: the residential areas of that unit, or the organizations that can organize an
activity there. The unit must lie in the user's scope, else 404 (as for any object outside it);
what is listed is scoped the same way as the forms' own choices, which still check every post.

``?token=…&q=…&page=…``: a page of a chooser's options (``organizations.choosers``), the token
naming the chooser of the field that asked, signed for this user; any other token is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .choices import areas_of, organizer_choices
from .choosers import MAX_PAGE, options_page, read_token
from .models import AdministrativeUnit, Organization
from .scoping import scope_for


def _units(user, *, write: bool):
    return scope_for(user).work_units(AdministrativeUnit.objects.all(), write=write)


def _parent(request: HttpRequest, units) -> int:
    raw = request.GET.get("parent", "")
    if not raw.isdigit() or not units.filter(pk=int(raw)).exists():
        raise Http404
    return int(raw)


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()][:50]


@login_required
@require_GET
def area_options(request: HttpRequest) -> JsonResponse:
    """The residential areas of a unit of the user's scope: ``{"options": [[pk, label], …]}``."""
    units = _units(request.user, write=False)
    return JsonResponse({"options": areas_of(units, _parent(request, units))})


@login_required
@require_GET
def organizer_options(request: HttpRequest) -> JsonResponse:
    """The organizations that can organize an activity of a unit where the user works, on ``date``
    (default today), the ``chosen`` ones first: ``{"groups": [[heading, [[pk, label], …]], …]}``."""
    unit_id = _parent(request, _units(request.user, write=True))
    try:
        on = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        on = timezone.localdate()
    groups = organizer_choices(
        Organization.objects.editable_by(request.user).order_by("name", "pk"),
        unit_id=unit_id,
        on=on,
        chosen=_ids(request.GET.getlist("chosen")),
    )
    return JsonResponse({"groups": [[str(heading), options] for heading, options in groups]})


def _number(raw: str | None, *, default: int | None = None, high: int = 2**31 - 1) -> int | None:
    return min(int(raw), high) if raw and raw.isdigit() else default


@login_required
@require_GET
def chooser_options(request: HttpRequest, kind: str) -> JsonResponse:
    """A page of the options of the chooser the token names, matching ``q`` (diacritics and case
    ignored), 20 at a time from ``page`` 1: ``{"results": [[pk, label], …], "more": bool}``. A unit
    chooser may be narrowed to the units right below ``parent``, within what it lists anyway."""
    chooser = read_token(request.GET.get("token", ""), request.user, kind)
    if chooser is None:
        raise Http404
    results, more = options_page(
        chooser,
        request.user,
        text=request.GET.get("q", ""),
        page=max(1, _number(request.GET.get("page"), default=1, high=MAX_PAGE)),
        parent=_number(request.GET.get("parent")),
    )
    return JsonResponse({"results": results, "more": more})
