"""Cadre screens of the work log: list, detail, choose a kind, create, edit.

Activities are always fetched through ``Activity.objects.visible_to`` / ``editable_by``:
outside the scope is a 404; visible but not changeable is a 403. Writes go through
``activities.services``.
"""

from __future__ import annotations

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.audit import log_access, set_actor
from core.panels import panels_for
from core.private_pages import cache_private_page
from core.views import paginate_open
from organizations.models import Organization
from organizations.scoping import require_write_scope, scope_for

from .commitments import COMMITMENT_KINDS, activity_commitments
from .filters import ActivityFilter
from .forms import (
    ACTIVITY_UNIT_KINDS,
    DETAILS_FORMS,
    ActivityForm,
    CommitmentFormSet,
    ExistingPhotoFormSet,
    PhotoUploadForm,
    default_organizers,
    distribute_errors,
    today,
)
from .models import (
    CONFIDENTIAL_FIELDS,
    DETAILS_MODELS,
    Activity,
    ActivityDetails,
    ActivityKind,
    ActivityPhoto,
    MediationDetails,
    SupportDetails,
)
from .selectors import loggable_units
from .services import NewPhoto, create_activity, update_activity

PAGE_SIZE = 25
DETAIL_RELATED = (
    "unit",
    "unit__parent",
    "created_by",
    "visit_details__residential_area",
    "meeting_details__organization",
    "voter_contact_details",
    "dialogue_details",
    "mediation_details__mediation_team",
    "draft_comment_details",
    "support_details",
)


@login_required
@cache_private_page
def activity_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = Prefetch(
        "organizations", queryset=Organization.objects.only("pk", "name").order_by("name")
    )
    activities = (
        Activity.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related(organizations)
        .newest_first()
    )
    filterset = ActivityFilter(request.GET or None, queryset=activities, request=request)
    # Not counted: a province's cadre may see tens of thousands of activities (``paginate_open``).
    page = paginate_open(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "activities/list.html",
        {"filter": filterset, "page": page, "can_create": scope_for(user).can_write},
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    activity = get_object_or_404(
        Activity.objects.visible_to(user)
        .select_related(*DETAIL_RELATED)
        .prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.order_by("name")),
            "photos",
            activity_commitments(user),
            "visit_details__cadres",
        ),
        pk=pk,
    )
    details = activity.details
    if isinstance(details, MediationDetails | SupportDetails):
        # Mediation parties and beneficiaries are confidential: each reading is logged.
        with set_actor(user):
            accessed.send(sender=type(details), instance=details)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "detail_rows": detail_rows(details) if details is not None else [],
            "has_commitments": activity.kind in COMMITMENT_KINDS,
            # What apps above add to the page (the opinions of a voter contact, from concerns).
            "related_panels": panels_for(request, activity),
            "can_edit": Activity.objects.editable_by(user).filter(pk=activity.pk).exists(),
        },
    )


def detail_rows(details: ActivityDetails) -> list[dict]:
    """The kind-specific fields as label / value / type rows for the detail page."""
    rows = []
    for field in details._meta.fields:
        if field.name == "activity":
            continue
        if field.choices:
            value, kind = getattr(details, f"get_{field.name}_display")(), "text"
        elif isinstance(field, models.BooleanField):
            value, kind = getattr(details, field.name), "bool"
        elif isinstance(field, models.DateField):
            value, kind = getattr(details, field.name), "date"
        elif field.name == "value_vnd":
            value, kind = getattr(details, field.name), "money"
        else:
            value, kind = getattr(details, field.name), "text"
        rows.append({"label": field.verbose_name, "value": value, "type": kind,
                     "confidential": field.name in CONFIDENTIAL_FIELDS})  # fmt: skip
    for field in details._meta.many_to_many:
        names = [str(item) for item in getattr(details, field.name).all()]
        rows.append({"label": field.verbose_name, "value": names, "type": "list", "confidential": False})
    return rows


@login_required
def activity_choose_kind(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    return render(request, "activities/choose_kind.html", {"kinds": ActivityKind.choices})


def _entry_initial(user) -> dict:
    """Today's date, the cadre's unit and its organizer, and the area of the cadre's last visit.

    The unit is the cadre's only ward or commune of today, else the unit of their last entry if
    still current. The organizer is the cadre's own organization (an organization's account) or
    the unit's Front committee, never the organizers of the last entry: a choice made for one
    activity went unnoticed into the next.
    """
    initial: dict = {"date": today()}
    last = (
        Activity.objects.editable_by(user)
        .filter(created_by=user)
        .select_related("unit", "visit_details__residential_area")
        .order_by("-created_at", "-pk")
        .first()
    )
    own_units = list(
        loggable_units(user)
        .current(initial["date"])
        .filter(kind__in=ACTIVITY_UNIT_KINDS)
        .values_list("pk", flat=True)[:2]
    )
    if len(own_units) == 1:
        initial["unit"] = own_units[0]
    elif last is not None and last.unit.is_current():
        initial["unit"] = last.unit_id
    initial["organizations"] = default_organizers(user, initial.get("unit"))
    visit = getattr(last, "visit_details", None)
    if visit is not None and visit.residential_area.is_current():
        initial["residential_area"] = visit.residential_area_id
    return initial


@login_required
def activity_create(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    require_write_scope(user)
    if kind not in ActivityKind.values:
        raise Http404
    activity = Activity(kind=kind)
    details_model = DETAILS_MODELS.get(kind)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = _entry_initial(user) if data is None else {}
    form = ActivityForm(data, instance=activity, user=user, initial=initial)
    details_form = None
    if details_model is not None:
        details_form = DETAILS_FORMS[kind](
            data, instance=details_model(), user=user,
            initial={"residential_area": initial.get("residential_area")},
        )  # fmt: skip
    commitments = _commitment_formset(data, activity, form, user)
    photo_form = PhotoUploadForm(data, files)

    if data is not None and _all_valid(form, details_form, commitments, photo_form):
        try:
            saved = create_activity(
                actor=user,
                activity=form.instance,
                organizations=form.cleaned_data["organizations"],
                details=details_form.instance if details_form else None,
                cadres=_cadres(details_form),
                commitments=_kept_commitments(commitments),
                photos=_new_photos(photo_form),
            )
        except ValidationError as exc:
            distribute_errors(exc, *_forms(form, details_form, photo_form))
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(saved)
    return _render_form(request, form, details_form, commitments, photo_form, None, kind=kind)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    activity = get_object_or_404(Activity.objects.visible_to(user).select_related(*DETAIL_RELATED), pk=pk)
    if not Activity.objects.editable_by(user).filter(pk=activity.pk).exists():
        raise PermissionDenied
    details_model = DETAILS_MODELS.get(activity.kind)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ActivityForm(data, instance=activity, user=user)
    details_form = None
    if details_model is not None:
        details = activity.details or details_model(activity=activity)
        details_form = DETAILS_FORMS[activity.kind](data, instance=details, user=user)
    commitments = _commitment_formset(data, activity, form, user)
    existing_photos = ExistingPhotoFormSet(
        _formset_data(data, "photo"), queryset=ActivityPhoto.objects.filter(activity=activity), prefix="photo"
    )
    photo_form = PhotoUploadForm(data, files)

    if data is not None and _all_valid(form, details_form, commitments, photo_form, existing_photos):
        try:
            saved = update_activity(
                actor=user,
                activity=form.instance,
                organizations=form.cleaned_data["organizations"],
                details=details_form.instance if details_form else None,
                cadres=_cadres(details_form),
                commitments=_kept_commitments(commitments) if commitments and commitments.is_bound else None,
                photos=_new_photos(photo_form),
                kept_photos=[f.instance for f in existing_photos.forms if not _deleted(f)]
                if existing_photos.is_bound
                else None,
            )
        except ValidationError as exc:
            distribute_errors(exc, *_forms(form, details_form, photo_form))
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(saved)
    shown = details_form.instance if details_form is not None else None
    if isinstance(shown, MediationDetails | SupportDetails) and shown.pk is not None:
        # The form shows the mediation parties or the beneficiaries: logged, as on the detail page.
        log_access(user, shown)
    return _render_form(
        request, form, details_form, commitments, photo_form, existing_photos, kind=activity.kind
    )


def _commitment_formset(data, activity: Activity, form: ActivityForm, user):
    """The commitments of a dialogue or voter contact, owners offered as of the activity's date."""
    if activity.kind not in COMMITMENT_KINDS:
        return None
    return CommitmentFormSet(
        _formset_data(data, "commitments"), instance=activity, user=user, on=form.posted_date() or today()
    )


def _formset_data(data, prefix: str):
    """Bind a formset only when the page sent it, so a post without it leaves those rows alone."""
    if data is None or f"{prefix}-TOTAL_FORMS" not in data:
        return None
    return data


def _deleted(form) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def _forms(*forms) -> list:
    return [f for f in forms if f is not None]


def _all_valid(*forms) -> bool:
    # Validate every form (not stopping at the first) so all errors show at once.
    results = [f.is_valid() for f in forms if f is not None and f.is_bound]
    return all(results)


def _cadres(details_form) -> list:
    if details_form is None or "cadres" not in details_form.cleaned_data:
        return []
    return list(details_form.cleaned_data["cadres"])


def _kept_commitments(formset) -> list:
    if formset is None or not formset.is_bound:
        return []
    kept = []
    for form in formset.forms:
        if _deleted(form):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form.instance)
    return kept


def _new_photos(photo_form: PhotoUploadForm) -> list[NewPhoto]:
    caption = photo_form.cleaned_data.get("photo_caption", "")
    consent = bool(photo_form.cleaned_data.get("photo_consent"))
    return [
        NewPhoto(file=f, caption=caption, people_consent=consent) for f in photo_form.cleaned_data["photos"]
    ]


def _render_form(request, form, details_form, commitments, photo_form, existing_photos, *, kind: str):
    activity = form.instance
    kind_label = ActivityKind(kind).label
    if activity.pk is not None:
        title = _("Edit: %(kind)s") % {"kind": kind_label}
    else:
        title = _("New: %(kind)s") % {"kind": kind_label}
    return render(
        request,
        "activities/form.html",
        {
            "title": title,
            "activity": activity,
            "form": form,
            "details_form": details_form,
            "commitments": commitments,
            "photo_form": photo_form,
            "existing_photos": existing_photos,
        },
    )
