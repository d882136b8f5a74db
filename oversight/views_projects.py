"""Cadre pages of investment projects and monitoring sessions.

Recording a session (with its findings and a recommendation, on one screen) is the main
journey of a monitoring board's member.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors
from core.views import deny_unless, filtered, paginate, run_service
from organizations.scoping import scope_for

from . import selectors, services
from .filters import ProjectFilter
from .forms_projects import ProjectForm, SessionForm, SessionRecommendationForm, finding_formset
from .models import MonitoringSession, Project, Recommendation
from .views_common import form_page


def _can_register(user) -> bool:
    return scope_for(user).writes_in_units


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = selectors.projects(request.user)
    project_filter = ProjectFilter(request.GET or None, queryset=projects, request=request)
    return render(
        request,
        "oversight/project_list.html",
        {
            "filter": project_filter,
            "page": paginate(request, filtered(project_filter, projects)),
            "can_create": _can_register(request.user),
        },
    )


def _can_record_session(user, project: Project) -> bool:
    if project.board_id is None:
        return False
    return selectors.can_edit(user, unit_ids=[project.unit_id], org_ids=[project.board_id])


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.project_for_detail(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/project_detail.html",
        {
            "project": project,
            "sessions": selectors.project_sessions(project, today),
            "can_edit": project.user_can_edit,
            "can_record_session": _can_record_session(request.user, project),
        },
    )


def _save_project(request: HttpRequest, form: ProjectForm) -> Project | None:
    return run_service(form, lambda: services.save_project(actor=request.user, project=form.instance))


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_register(request.user))
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (project := _save_project(request, form)):
        messages.success(request, _("The project was saved."))
        return redirect(project)
    return form_page(
        request,
        form,
        title=_("New investment project"),
        back_url=reverse("oversight:project_list"),
        back_label=_("Investment projects"),
    )


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.visible_to(request.user).with_edit_flag(request.user), pk=pk)
    deny_unless(project.user_can_edit)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid() and _save_project(request, form):
        messages.success(request, _("The project was saved."))
        return redirect(project)
    return form_page(
        request,
        form,
        title=_("Edit the project"),
        back_url=project.get_absolute_url(),
        back_label=str(project),
    )


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.project_for_detail(request.user), pk=pk)
    deny_unless(_can_record_session(request.user, project))
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, project=project)
    findings = finding_formset(data)
    recommendation_form = SessionRecommendationForm(data, user=request.user)
    parts = [form, findings, recommendation_form]
    if data is not None and all(part.is_valid() for part in parts):
        recommendation = None
        if recommendation_form.has_content():
            rec = recommendation_form.cleaned_data
            recommendation = Recommendation(
                content=rec["content"].strip(),
                authority=rec["authority"],
                concern=rec.get("concern"),
                sent_on=rec["sent_on"],
                due_date=rec["due_date"],
                document_number=rec["document_number"].strip(),
            )
        try:
            session = services.record_session(
                actor=request.user,
                session=form.instance,
                findings=findings.findings(),
                recommendation=recommendation,
            )
        except ValidationError as error:
            target = recommendation_form if _about_recommendation(error) else form
            apply_service_errors(target, error)
        else:
            messages.success(request, _("The monitoring session was recorded."))
            return redirect(session)
    return form_page(
        request,
        None,
        title=_("Record a monitoring session"),
        back_url=project.get_absolute_url(),
        back_label=str(project),
        parts=parts,
        submit=_("Save the session"),
    )


def _about_recommendation(error: ValidationError) -> bool:
    fields = set(getattr(error, "error_dict", {}))
    return bool(fields) and fields <= {
        "content",
        "authority",
        "sent_on",
        "due_date",
        "document_number",
        "concern",
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.session_for_detail(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/session_detail.html",
        {
            "session": session,
            "findings": list(session.findings.order_by("pk")),
            "recommendations": list(
                selectors.recommendations_of(Recommendation.objects.filter(session=session), today)
            ),
            "can_edit": session.user_can_edit,
        },
    )


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.session_for_detail(request.user), pk=pk)
    deny_unless(session.user_can_edit)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session, project=session.project)
    findings = finding_formset(data, session=session, extra=1)
    if data is not None and form.is_valid() and findings.is_valid():
        done = run_service(
            form,
            lambda: services.update_session(
                actor=request.user,
                session=form.instance,
                findings=findings.findings(),
                removed_findings=findings.removed(),
            ),
        )
        if done is not None:
            messages.success(request, _("The monitoring session was saved."))
            return redirect(session)
    return form_page(
        request,
        None,
        title=_("Edit the monitoring session"),
        back_url=session.get_absolute_url(),
        back_label=str(session),
        parts=[form, findings],
        submit=_("Save the session"),
    )


@login_required
@require_POST
def session_publish(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        MonitoringSession.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("project"),
        pk=pk,
    )
    deny_unless(session.user_can_edit)
    publish = request.POST.get("publish") == "1"
    services.publish_session(actor=request.user, session=session, publish=publish)
    if publish:
        messages.success(request, _("The session is published on the project's public page."))
    else:
        messages.success(request, _("The session is no longer shown on the project's public page."))
    return redirect(session)
