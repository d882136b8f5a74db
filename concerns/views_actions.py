"""The workflow steps of a concern, one small form and one URL each.

The concern's page shows the forms of the steps allowed in its current status; each form
posts to its own URL, which also renders the form alone (with its errors) so that
everything works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import apply_service_errors

from . import selectors, services
from .forms import (
    AnswerForm,
    CloseForm,
    DuplicateForm,
    ForwardForm,
    InformForm,
    NotInScopeForm,
)
from .models import Concern, ConcernStatus


def _forward(actor, concern: Concern, data: dict) -> Concern:
    return services.forward_concern(
        actor=actor,
        concern=concern,
        authority=data["authority"],
        document_number=data["document_number"],
        forwarded_on=data["forwarded_on"],
        due_date=data["due_date"],  # None: from the authority's days to answer
        note=data["note"],
    )


def _answer(actor, concern: Concern, data: dict) -> Concern:
    return services.answer_concern(
        actor=actor,
        concern=concern,
        answer=data["answer"],
        answered_on=data["answered_on"],
        reply_document_number=data["reply_document_number"],
        commitment_text=data["commitment_text"],
        commitment_deadline=data["commitment_deadline"],
        note=data["note"],
    )


def _inform(actor, concern: Concern, data: dict) -> Concern:
    return services.mark_resident_informed(
        actor=actor, concern=concern, informed_on=data["informed_on"], how=data["how"], note=data["note"]
    )


def _close(actor, concern: Concern, data: dict) -> Concern:
    return services.close_concern(
        actor=actor, concern=concern, closed_on=data["closed_on"], note=data["note"]
    )


def _duplicate(actor, concern: Concern, data: dict) -> Concern:
    return services.close_as_duplicate(
        actor=actor, concern=concern, duplicate_of=data["duplicate_of"], reason=data["reason"]
    )


def _not_in_scope(actor, concern: Concern, data: dict) -> Concern:
    return services.close_as_not_in_scope(actor=actor, concern=concern, reason=data["reason"])


@dataclass(frozen=True)
class Action:
    name: str
    target: str
    title: Promise
    button: Promise
    done: Promise
    form_class: type[forms.Form]
    perform: Callable[..., Concern]
    button_class: str = "btn-portal"

    def url(self, concern: Concern) -> str:
        return reverse(f"concerns:{self.name}", args=[concern.pk])

    def make_form(self, user, concern: Concern, data=None) -> forms.Form:
        kwargs = {"prefix": self.name}
        if getattr(self.form_class, "needs_context", False):
            kwargs.update(user=user, concern=concern)
        return self.form_class(data, **kwargs)


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "forward",
            ConcernStatus.FORWARDED,
            _("Forward to an authority"),
            _("Forward"),
            _("The concern was forwarded."),
            ForwardForm,
            _forward,
        ),
        Action(
            "answer",
            ConcernStatus.ANSWERED,
            _("Record the answer"),
            _("Save the answer"),
            _("The answer was recorded."),
            AnswerForm,
            _answer,
        ),
        Action(
            "inform",
            ConcernStatus.INFORMED,
            _("The resident was informed"),
            _("Mark as informed"),
            _("The concern is marked as answered to the resident."),
            InformForm,
            _inform,
        ),
        Action(
            "close",
            ConcernStatus.CLOSED,
            _("Close the concern"),
            _("Close"),
            _("The concern was closed."),
            CloseForm,
            _close,
        ),
        Action(
            "duplicate",
            ConcernStatus.DUPLICATE,
            _("Close as a duplicate"),
            _("Close as a duplicate"),
            _("The concern was closed as a duplicate."),
            DuplicateForm,
            _duplicate,
            "btn-outline-secondary",
        ),
        Action(
            "not_in_scope",
            ConcernStatus.NOT_IN_SCOPE,
            _("Close as not in scope"),
            _("Close as not in scope"),
            _("The concern was closed as not in scope."),
            NotInScopeForm,
            _not_in_scope,
            "btn-outline-secondary",
        ),
    )
}


@dataclass(frozen=True)
class BoundAction:
    action: Action
    form: forms.Form
    url: str


def action_forms_for(user, concern: Concern) -> list[BoundAction]:
    """The steps allowed in the concern's current status, each with an empty form."""
    return [
        BoundAction(action, action.make_form(user, concern), action.url(concern))
        for action in ACTIONS.values()
        if concern.can_go_to(action.target)
    ]


@login_required
def concern_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    concern = get_object_or_404(selectors.concern_for_detail(request.user), pk=pk)
    if not concern.user_can_edit:
        raise PermissionDenied
    allowed = concern.can_go_to(spec.target)
    form = spec.make_form(request.user, concern, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.perform(request.user, concern, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error, getattr(form, "field_map", None))
        else:
            messages.success(request, spec.done)
            return redirect(concern)
    return render(
        request,
        "concerns/action.html",
        {
            "concern": concern,
            "bound": BoundAction(spec, form, spec.url(concern)),
            "allowed": allowed,
            "not_allowed_message": "" if allowed else services.forbidden_message(concern, spec.target),
        },
    )
