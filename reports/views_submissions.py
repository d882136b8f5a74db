"""The cadre pages of sending a report up (``/cadre/reports/submissions/``): my reports and the form
to compile one, a report's page with its steps, and the level above's overview of a period.

Reports come only from the scoped QuerySet: a report outside the reader's scope, or a draft of a
unit below the reader's level, is a 404; a step the reader may see but not take is a 403 (a
read-only cadre, a unit that would return its own report). A step refused by its service (a
draft not signed off yet, a comment missing) shows the report's page again with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.views import deny_unless, paginate, run_service
from organizations.models import AdministrativeUnit, Organization

from . import submissions
from .forms_submissions import (
    ConfirmForm,
    NarrativeForm,
    NewVersionForm,
    PeriodForm,
    ReturnForm,
    SignOffForm,
    StartForm,
    last_ended_month,
    number_of,
    period_initial,
)
from .models import SIGN_OFF_PERMISSION, ReportSubmission, SubmissionStatus
from .submission_figures import FrozenReport
from .submission_overview import Standing, overview

Status = SubmissionStatus


# --- my reports and compiling one ----------------------------------------------------------------


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = (
        ReportSubmission.objects.own_level(request.user)
        .select_related("unit", "organization")
        .with_later_version()
    )
    form = StartForm(user=request.user, today=today, initial=period_initial(today))
    return render(
        request,
        "reports/submission_list.html",
        {"page": paginate(request, reports), "form": form, "today": today},
    )


@login_required
def submission_start(request: HttpRequest) -> HttpResponse:
    """GET: the form, filled in from the report page's choice; POST: compile the report."""
    user, today = request.user, timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    unit = _chosen_in(source, "unit", AdministrativeUnit.objects.visible_to(user))
    organization = _chosen_in(source, "organization", Organization.objects.visible_to(user))
    if request.method != "POST":
        initial = period_initial(today) | {
            key: source[key] for key in ("kind", "year", "number") if source.get(key)
        }
        try:
            ends = parse_date(source.get("end", "")) if "number" not in source else None
        except ValueError:
            ends = None
        if ends is not None and source.get("kind"):
            initial["number"] = number_of(source["kind"], ends)
        initial |= {
            "unit": unit.pk if unit else None,
            "organization": organization.pk if organization else None,
        }
        form = StartForm(user=user, today=today, unit=unit, organization=organization, initial=initial)
        return render(request, "reports/submission_start.html", {"form": form})
    form = StartForm(request.POST, user=user, today=today, unit=unit, organization=organization)
    if form.is_valid():
        data = form.cleaned_data
        started = run_service(
            form,
            lambda: submissions.start_report(
                actor=user,
                period=data["period"],
                unit=data.get("unit"),
                organization=data.get("organization"),
            ),
            {"period": "number"},
        )
        if started is not None:
            messages.success(request, _("The draft report was compiled with today's figures."))
            return redirect(started)
    return render(request, "reports/submission_start.html", {"form": form})


def _chosen_in(data, name: str, queryset):
    """The unit or organization named by ``name`` in the query or the form, among those the
    reader may see: a 404 for any other, as on the report page."""
    raw = data.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=int(raw))


# --- a report's page and its steps ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    title: Promise
    button: Promise
    done: Promise
    form_class: type[forms.Form]
    allowed: Callable[[ReportSubmission], bool]
    perform: Callable[..., ReportSubmission]
    by_level_above: bool = False

    def url(self, submission: ReportSubmission) -> str:
        return reverse(f"reports:submission_{self.name}", args=[submission.pk])


def _latest(submission: ReportSubmission) -> bool:
    return not submission.has_later_version


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "narrative",
            _("Narrative"),
            _("Save the narrative"),
            _("The narrative was saved."),
            NarrativeForm,
            lambda s: s.status == Status.DRAFT,
            lambda actor, s, data: submissions.save_narrative(actor=actor, submission=s, **data),
        ),
        Step(
            "refresh",
            _("Figures"),
            _("Compute the figures again"),
            _("The figures were computed again."),
            ConfirmForm,
            lambda s: s.status == Status.DRAFT,
            lambda actor, s, data: submissions.refresh_figures(actor=actor, submission=s),
        ),
        Step(
            "sign_off",
            _("Leader's sign-off"),
            _("Sign off"),
            _("The report was signed off."),
            SignOffForm,
            lambda s: s.status == Status.DRAFT,
            lambda actor, s, data: submissions.sign_off(actor=actor, submission=s, **data),
        ),
        Step(
            "submit",
            _("Send to the level above"),
            _("Send the report"),
            _("The report was sent to the level above."),
            ConfirmForm,
            lambda s: s.status == Status.SIGNED_OFF,
            lambda actor, s, data: submissions.submit(actor=actor, submission=s),
        ),
        Step(
            "new_version",
            _("New version"),
            _("Make a new version"),
            _("A new version was made as a draft."),
            NewVersionForm,
            lambda s: s.is_sent and _latest(s),
            lambda actor, s, data: submissions.new_version(actor=actor, submission=s, **data),
        ),
        Step(
            "return",
            _("Return for correction"),
            _("Return the report"),
            _("The report was returned for correction."),
            ReturnForm,
            lambda s: s.status == Status.SUBMITTED and _latest(s),
            lambda actor, s, data: submissions.return_for_correction(actor=actor, submission=s, **data),
            by_level_above=True,
        ),
    )
}


def _visible(request: HttpRequest, pk: int) -> ReportSubmission:
    user = request.user
    return get_object_or_404(
        ReportSubmission.objects.visible_to(user)
        .with_edit_flag(user)
        .with_later_version()
        .with_returnable_flag(user)
        .select_related("unit", "organization", "submitted_by"),
        pk=pk,
    )


def _page(request: HttpRequest, submission: ReportSubmission, bound: dict[str, forms.Form] | None = None):
    """The report's page, with the forms of the steps its reader may take now (``bound``: a step
    sent and refused, shown with its errors)."""
    bound = bound or {}
    user = request.user
    may_sign = submission.user_can_edit and user.has_perm(SIGN_OFF_PERMISSION)
    steps = []
    for step in STEPS.values():
        allowed_here = submission.user_can_return if step.by_level_above else submission.user_can_edit
        if not allowed_here or not step.allowed(submission) or (step.name == "sign_off" and not may_sign):
            continue
        if step.name in bound:
            form = bound[step.name]
        else:
            form = step.form_class(prefix=step.name, initial=_initial(step, submission, user))
        steps.append((step, form, step.url(submission)))
    versions = list(
        ReportSubmission.objects.visible_to(user)
        .of_subject(unit_id=submission.unit_id, organization_id=submission.organization_id)
        .of_period(submission.period())
        .order_by("version")
    )
    frozen = FrozenReport(submission.figures)
    return render(
        request,
        "reports/submission_detail.html",
        {
            "submission": submission,
            "figures": frozen,
            "tables": frozen.tables(),
            "steps": steps,
            # A step refused is shown with its reason even when it is not one to take now.
            "step_forms": [form for _step, form, _url in steps]
            + [form for form in bound.values() if all(form is not shown for _s, shown, _u in steps)],
            "versions": versions,
            "waiting_for_leader": submission.user_can_edit
            and submission.status == Status.DRAFT
            and not may_sign,
            "place_and_date": _place_and_date(frozen, submission.signed_on or frozen.made_on),
            "overview_url": _overview_url(submission),
            "today": timezone.localdate(),
        },
    )


def _place_and_date(frozen: FrozenReport, day) -> str:
    """``Phước Hội, 06/12/2026``: where the report is made, and the day it was signed off (or its
    figures computed, while it is a draft)."""
    if day is None:
        return ""
    return gettext("%(place)s, %(day)s/%(month)s/%(year)s") % {
        "place": frozen.subject.get("place", ""),
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def _overview_url(submission: ReportSubmission) -> str:
    period = submission.period()
    query = {"kind": period.kind, "year": period.end.year}
    number = number_of(period.kind, period.end)
    if number is not None:
        query["number"] = number
    return f"{reverse('reports:submission_overview')}?{urlencode(query)}"


def _initial(step: Step, submission: ReportSubmission, user) -> dict:
    if step.name == "narrative":
        return {name: getattr(submission, name) for name in ("results", "shortcomings", "proposals")}
    if step.name == "sign_off":
        return {"number": submission.number, **submissions.signer_defaults(user, submission)}
    return {}


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _visible(request, pk))


@require_POST
@login_required
def submission_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    submission = _visible(request, pk)
    deny_unless(submission.user_can_return if spec.by_level_above else submission.user_can_edit)
    form = spec.form_class(request.POST, prefix=spec.name)
    if form.is_valid():
        done = run_service(form, lambda: spec.perform(request.user, submission, form.cleaned_data))
        if done is not None:
            messages.success(request, spec.done)
            return redirect(done)
    return _page(request, submission, {spec.name: form})


# --- the level above -------------------------------------------------------------------------------


@login_required
def submission_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = period_initial(today) | {key: value for key, value in request.GET.items() if value != ""}
    form = PeriodForm(data, today=today)
    period = form.cleaned_data["period"] if form.is_valid() else last_ended_month(today)
    rows = overview(request.user, period, today)
    returnable = set(
        ReportSubmission.objects.received_by(request.user, write=True)
        .filter(pk__in=[row.latest.pk for row in rows if row.can_be_returned])
        .values_list("pk", flat=True)
    )
    lines = [
        (
            row,
            ReturnForm(prefix="return", auto_id=f"id_%s_{row.latest.pk}")
            if row.latest is not None and row.latest.pk in returnable
            else None,
        )
        for row in rows
    ]
    counts = Counter(row.standing for row in rows)
    return render(
        request,
        "reports/submission_overview.html",
        {
            "form": form,
            "period": period,
            "due_date": submissions.due_date_of(period),
            "lines": lines,
            "counts": [
                (standing.label, counts[standing.value]) for standing in Standing if counts[standing.value]
            ],
            "today": today,
        },
    )
