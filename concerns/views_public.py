"""Residents' pages: raise a concern, get its tracking code, follow its status with the code.

No page here is cached: each answer depends on what the visitor sent. Every refusal says why:
a body too large (413), a filled honeypot (400), a rate limit reached (429, with the form
still filled in), or the errors next to the fields.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import apply_service_errors

from . import ratelimits, services
from .forms_public import PublicPlaces, RaiseConcernForm, TrackingCodeForm
from .selectors_public import public_status

# The tracking code of the visitor's last concern, for the page after the form.
SESSION_CODE_KEY = "concerns_public_last_code"


def _body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.CONCERN_FORM_MAX_BODY_BYTES


def _render_form(
    request: HttpRequest, form: RaiseConcernForm, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    return render(request, "concerns/public/raise.html", {"form": form, "refusal": refusal}, status=status)


def _refused(request: HttpRequest, form: RaiseConcernForm, refusal: ratelimits.Refusal) -> HttpResponse:
    response = _render_form(request, form, refusal=refusal.message, status=429)
    response["Retry-After"] = str(max(1, refusal.seconds_left))
    return response


@never_cache
@csrf_exempt  # checked by ``_raise_concern`` once the body is known to be small enough to read
@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _body_too_large(request):
        # Refused before anything reads the body.
        message = _(
            "What you sent is too large (at most %(size)d KB). Shorten the description and send it again."
        ) % {"size": settings.CONCERN_FORM_MAX_BODY_BYTES // 1024}
        return _render_form(request, RaiseConcernForm(), refusal=message, status=413)
    return _raise_concern(request)


@csrf_protect
def _raise_concern(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, RaiseConcernForm())
    refusal = ratelimits.count(request, ratelimits.FORM_POSTS)
    form = RaiseConcernForm(request.POST)
    if refusal is not None:
        return _refused(request, form, refusal)
    if form.honeypot_filled:
        message = _(
            "Your concern was not accepted: the field “Leave this field empty”, which people do not see, "
            "was filled in, as robots do. If you are a person, empty it and send the form again."
        )
        return _render_form(request, form, refusal=message, status=400)
    if form.is_valid():
        refusal = ratelimits.count_submission(request)
        if refusal is not None:
            return _refused(request, form, refusal)
        data = form.cleaned_data
        try:
            concern = services.receive_public_concern(
                unit=data["unit"],
                residential_area=data["residential_area"],
                category=data["category"],
                description=data["description"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                resident_consent=data["resident_consent"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            request.session[SESSION_CODE_KEY] = concern.tracking_code
            return redirect("concerns_public:raised")
    return _render_form(request, form, status=200)


@never_cache
@require_GET
def raised(request: HttpRequest) -> HttpResponse:
    """The tracking code of the concern just raised (kept in the visitor's session)."""
    code = request.session.get(SESSION_CODE_KEY)
    if not code:
        return redirect("concerns_public:raise")
    status_url = f"{reverse('concerns_public:status')}?{urlencode({'code': code})}"
    return render(request, "concerns/public/raised.html", {"code": code, "status_url": status_url})


@never_cache
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    """The status of a concern, for its tracking code (?code=...)."""
    form = TrackingCodeForm(request.GET if "code" in request.GET else None)
    context: dict = {"form": form, "concern": None, "not_found": False, "refusal": ""}
    if form.is_bound and form.is_valid():
        refusal = ratelimits.count(request, ratelimits.LOOKUPS)
        if refusal is not None:
            context["refusal"] = refusal.message
            response = render(request, "concerns/public/status.html", context, status=429)
            response["Retry-After"] = str(max(1, refusal.seconds_left))
            return response
        context["concern"] = public_status(form.cleaned_data["code"])
        context["not_found"] = context["concern"] is None
    return render(request, "concerns/public/status.html", context)


@require_GET
def area_options(request: HttpRequest) -> JsonResponse:
    """The residential areas of one of today's wards or communes (``?parent=<pk>``), for the form's
    area list to follow the ward chosen: public structure data only, the same the form offers."""
    raw = request.GET.get("parent", "")
    places = PublicPlaces(timezone.localdate())
    unit = places.units_by_pk.get(int(raw)) if raw.isdigit() else None
    if unit is None:
        raise Http404
    return JsonResponse({"options": places.areas_in(unit)})
