"""What the admins of the domain apps share: saves and deletes that go through the services.

A ``ModelAdmin`` whose model has services mixes in ``ServiceAdminMixin`` and implements
``save_with_service`` and ``delete_with_service``, which call the app's services with
``actor=request.user``. Every write of the admin's change form, delete page and "delete
selected" action goes through them, and nothing else writes: the admin checks, validates,
audits and refreshes the search index and the cached public pages exactly as the cadre screens
do. The object is saved together with its many-to-many fields and inlines, in one service call
(``save_model`` writes nothing; ``save_related`` calls ``save_with_service``).

A service may refuse a change that the admin's model form accepted (a rule that spans the
object and its inlines, say). Its ``ValidationError`` must show on the form, not as a 500. The
simplest sound way with the admin's own view: the first pass of ``changeform_view`` runs in the
admin's transaction, so the refusal rolls back whatever was written (audit entries and search
entries included, and the page cache is not touched: that waits for a commit); the view then
runs a second time on the same POST, with a form class whose ``clean()`` adds the service's
errors (next to the field when the form has it, else at the top). That form is invalid, so the
admin renders it as it renders any invalid form: with what was typed, the inlines and its
"Please correct the errors below" note, and nothing is saved.
"""

from __future__ import annotations

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest, HttpResponse

from .audit import log_access
from .forms import apply_service_errors

# Where the first pass leaves a service's refusal for the second pass (on this request only).
_REFUSAL = "_service_refusal"


class ScopedAdminMixin:
    """The admin lists and opens only the rows of the staff member's data scope.

    Staff status opens the admin for what the account's model permissions allow, never more data:
    a model whose QuerySet has ``visible_to`` (every scoped model) shows the rows the account's
    scopes cover, all of them only to an account that sees everything.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        visible_to = getattr(queryset, "visible_to", None)
        return visible_to(request.user) if visible_to is not None else queryset


class ConfidentialAdminMixin:
    """A change page that shows confidential data writes an "accessed" audit entry each time it is
    shown (as the cadre pages of the same records do)."""

    def confidential_part(self, obj: models.Model) -> models.Model | None:
        """What of ``obj`` holds the confidential data (None: nothing on this page)."""
        return obj

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        if change and obj is not None and (part := self.confidential_part(obj)) is not None:
            log_access(request.user, part)
        return super().render_change_form(request, context, add, change, form_url, obj)


class ReadOnlyAdmin(ScopedAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The admin of records that change only through the cadre pages and their services: their rows
    of the staff member's scope are listed and shown with their history, never added, changed or
    deleted here."""

    show_auditlog_history_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ServiceAdminMixin(ScopedAdminMixin):
    """For a ``ModelAdmin`` whose saves and deletes go through services (mix in before it)."""

    def save_with_service(
        self,
        request: HttpRequest,
        obj: models.Model,
        form: BaseModelForm,
        formsets: list[BaseModelFormSet],
        change: bool,
    ) -> None:
        """Save ``obj`` (``form``'s unsaved instance) with its relations through the services."""
        raise NotImplementedError

    def delete_with_service(self, request: HttpRequest, obj: models.Model) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: models.Model, form: BaseModelForm, change: bool) -> None:
        # Nothing yet: save_related saves the object with its relations in one service call.
        pass

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: list[BaseModelFormSet], change: bool
    ) -> None:
        # The admin's history message reads what each formset added, changed and deleted;
        # save(commit=False) works that out and writes nothing.
        for formset in formsets:
            formset.save(commit=False)
        self.save_with_service(request, form.instance, form, formsets, change)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        self.delete_with_service(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_with_service(request, obj)

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            if request.method != "POST" or hasattr(request, _REFUSAL):
                raise
            setattr(request, _REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        if refusal is None:
            return form_class

        def clean(form):
            cleaned_data = form_class.clean(form)
            apply_service_errors(form, refusal)
            return cleaned_data

        return type(form_class.__name__, (form_class,), {"clean": clean})


def kept_rows(formset: BaseModelFormSet) -> list[models.Model]:
    """The rows an inline formset keeps, with the changes typed in: its existing rows that are
    not marked for deletion, and the new rows that were filled in."""
    deleted = {id(form) for form in formset.deleted_forms}
    initial = formset.initial_form_count()
    return [
        form.instance
        for index, form in enumerate(formset.forms)
        if id(form) not in deleted and (index < initial or form.has_changed())
    ]
