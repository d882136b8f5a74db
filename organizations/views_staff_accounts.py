"""The staff's account screens in the portal: list the accounts, create a cadre account with its
scopes, give or take a scope, set a new password. Usable on a phone, unlike the Django admin's user
page; staff only (others are sent to the admin's login, as for the admin), and, like the admin's
account pages, in sudo mode. Writes go through ``services_accounts`` (checked, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors
from core.sudo import sudo_required
from core.views import paginate

from . import services_accounts
from .forms_accounts import AccountForm, PasswordForm, ScopeForm
from .models import Scope, User


def _scopes():
    return Prefetch(
        "scopes",
        queryset=Scope.objects.select_related("unit__parent", "organization").order_by("-access", "pk"),
    )


@staff_member_required
def account_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    accounts = User.objects.select_related("person").annotate(scope_count=Count("scopes"))
    if query:
        accounts = accounts.filter(username__icontains=query)
    page = paginate(request, accounts.order_by("username", "pk"))
    return render(request, "organizations/account_list.html", {"page": page, "query": query})


@staff_member_required
@sudo_required
def account_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = AccountForm(data, user=request.user)
    scope_form = ScopeForm(data, prefix="scope", required=False, user=request.user)
    if data is not None and form.is_valid() and scope_form.is_valid():
        choice = scope_form.choice()
        try:
            account = services_accounts.create_account(
                actor=request.user,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                person=form.cleaned_data["person"],
                password=form.cleaned_data["password"],
                must_change_password=form.cleaned_data["must_change_password"],
                scopes=[choice] if choice else [],
            )
        except ValidationError as error:
            apply_service_errors(form, _password_errors(error))
        else:
            messages.success(request, _("The account was created."))
            return redirect("accounts:detail", account.pk)
    return render(request, "organizations/account_form.html", {"form": form, "scope_form": scope_form})


def _password_errors(error: ValidationError) -> ValidationError:
    """A password validator's errors (a plain list) belong to the password field."""
    return error if hasattr(error, "error_dict") else ValidationError({"password": error.messages})


@staff_member_required
@sudo_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(
        User.objects.select_related("person__unit").prefetch_related(_scopes()), pk=pk
    )
    scope_form = ScopeForm(
        request.POST if request.method == "POST" else None, prefix="scope", user=request.user
    )
    if request.method == "POST" and scope_form.is_valid():
        try:
            with transaction.atomic():
                services_accounts.add_scope(actor=request.user, account=account, choice=scope_form.choice())
        except ValidationError as error:
            apply_service_errors(scope_form, error)
        else:
            messages.success(request, _("The scope was added."))
            return redirect("accounts:detail", account.pk)
    return render(
        request, "organizations/account_detail.html", {"account": account, "scope_form": scope_form}
    )


@staff_member_required
@sudo_required
@require_POST
def scope_remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_object_or_404(Scope, pk=pk)
    services_accounts.remove_scope(actor=request.user, scope=scope)
    messages.success(request, _("The scope was removed."))
    return redirect("accounts:detail", scope.user_id)


@staff_member_required
@sudo_required
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_accounts.set_password(
                actor=request.user,
                account=account,
                password=form.cleaned_data["password"],
                must_change_password=form.cleaned_data["must_change_password"],
            )
        except ValidationError as error:
            apply_service_errors(form, _password_errors(error))
        else:
            messages.success(request, _("The new password was set."))
            return redirect("accounts:detail", account.pk)
    return render(request, "organizations/account_password.html", {"account": account, "form": form})
