"""Cadre pages of the member registers: the register, a member, joining, leaving, transfers.

Objects come only from the scoped QuerySets: a member outside the reader's organizations is a 404;
seen but not changeable is a 403. A member's personal data is shown on their page and edit form
only, and each showing writes an "accessed" audit entry; the register lists names and
memberships, which its reader's scope covers.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import log_access
from core.folding import containing
from core.views import deny_unless, paginate, require_editable, run_service
from organizations.fields import OrganizationChoiceField
from organizations.models import Organization
from organizations.scoping import require_write_scope

from . import counts, services
from .forms import (
    LeaveForm,
    MemberForm,
    MembershipForm,
    NewMemberForm,
    TransferForm,
    registers_kept_by,
    registers_read_by,
)
from .models import Member, Membership


class RegisterFilter(django_forms.Form):
    STATUSES = (
        ("current", gettext_lazy("Current members")),
        ("left", gettext_lazy("Former members")),
        ("all", gettext_lazy("All")),
    )
    organization = OrganizationChoiceField(
        label=gettext_lazy("Organization or branch"), queryset=Organization.objects.none(), required=False
    )
    status = django_forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUSES, required=False)
    q = django_forms.CharField(label=gettext_lazy("Name contains"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(registers_read_by, user)


def form_page(
    request: HttpRequest, form, *, title: str, back_url: str, back_label: str, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back_url, "back_label": back_label, "intro": intro}
    return render(request, "members/form.html", context)


def _saved(request: HttpRequest, form, call: Callable, message: str, field_map: dict | None = None):
    """Run the service of a valid POST; the object it returns, or None (errors on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    saved = run_service(form, call, field_map)
    if saved is not None:
        messages.success(request, message)
    return saved


@login_required
def register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = Membership.objects.visible_to(request.user)
    choice = RegisterFilter(request.GET or None, user=request.user)
    organization = None
    memberships = visible
    if choice.is_bound and not choice.is_valid():
        memberships = visible.none()
    elif choice.is_bound:
        organization = choice.cleaned_data["organization"]
        status = choice.cleaned_data["status"] or "current"
        if organization is not None:
            memberships = counts.narrowed(memberships, organization)
        if status == "current":
            memberships = memberships.active_on(today)
        elif status == "left":
            memberships = memberships.filter(left_on__lte=today)
        if choice.cleaned_data["q"]:
            memberships = containing(memberships, choice.cleaned_data["q"], "member__full_name")
    else:
        memberships = memberships.active_on(today)
    memberships = memberships.select_related("member", "organization").order_by("member__full_name", "pk")
    year_start = today.replace(month=1, day=1)
    figures = {
        "members": counts.members_on(today, organization=organization, within=visible),
        "joined": counts.joined_between(year_start, today, organization=organization, within=visible),
        "left": counts.left_between(year_start, today, organization=organization, within=visible),
    }
    return render(
        request,
        "members/register.html",
        {
            "filter": choice,
            "page": paginate(request, memberships),
            "figures": figures,
            "year": today.year,
            "can_create": registers_kept_by(request.user).exists(),
            "section": "register",
        },
    )


def _member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("residential_area__parent"),
        pk=pk,
    )


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    log_access(request.user, member)
    memberships = (
        Membership.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .filter(member=member)
        .select_related("organization__unit", "previous__organization")
        .order_by("-joined_on", "-pk")
    )
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "memberships": memberships, "today": timezone.localdate(), "section": "register"},
    )


@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    deny_unless(registers_kept_by(request.user).exists())
    form = NewMemberForm(request.POST or None, user=request.user)
    saved = _saved(
        request,
        form,
        lambda: services.create_member(
            actor=request.user, member=form.instance, membership=form.membership()
        ),
        _("The member was added to the register."),
    )
    if saved is not None:
        return redirect(saved)
    return form_page(
        request,
        form,
        title=_("New member"),
        back_url=reverse("members:register"),
        back_label=_("Member registers"),
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    deny_unless(member.user_can_edit)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    saved = _saved(
        request,
        form,
        lambda: services.save_member(actor=request.user, member=form.instance),
        _("The member was saved."),
    )
    if saved is not None:
        return redirect(saved)
    log_access(request.user, member)
    return form_page(
        request, form, title=_("Edit the member"), back_url=member.get_absolute_url(), back_label=str(member)
    )


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    require_write_scope(request.user)
    deny_unless(registers_kept_by(request.user).exists())
    form = MembershipForm(request.POST or None, user=request.user)
    saved = _saved(
        request,
        form,
        lambda: services.join_organization(actor=request.user, member=member, membership=form.instance),
        _("The membership was saved."),
    )
    if saved is not None:
        return redirect(member)
    title = _("%(name)s joins an organization") % {"name": member.full_name}
    return form_page(request, form, title=title, back_url=member.get_absolute_url(), back_label=str(member))


def _editable_membership(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("member", "organization"), pk=pk
    )
    require_editable(Membership.objects.editable_by(request.user), membership)
    return membership


@login_required
def membership_leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editable_membership(request, pk)
    form = LeaveForm(request.POST or None)
    saved = _saved(
        request,
        form,
        lambda: services.leave(
            actor=request.user,
            membership=membership,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("The member's leaving was recorded."),
        {"leave_reason": "reason"},
    )
    if saved is not None:
        return redirect(membership.member)
    title = _("%(name)s leaves %(organization)s") % {
        "name": membership.member.full_name,
        "organization": membership.organization.name,
    }
    return form_page(
        request,
        form,
        title=title,
        back_url=membership.member.get_absolute_url(),
        back_label=str(membership.member),
    )


@login_required
def membership_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editable_membership(request, pk)
    form = TransferForm(request.POST or None, membership=membership, user=request.user)

    def call() -> Membership:
        data = form.cleaned_data
        return services.transfer(
            actor=request.user,
            membership=membership,
            to=data["organization"],
            on=data["on"],
            card_number=data["card_number"].strip() or None,
        )

    saved = _saved(
        request, form, call, _("The member was transferred."), {"left_on": "on", "joined_on": "on"}
    )
    if saved is not None:
        return redirect(membership.member)
    title = _("Transfer %(name)s to another branch") % {"name": membership.member.full_name}
    return form_page(
        request,
        form,
        title=title,
        back_url=membership.member.get_absolute_url(),
        back_label=str(membership.member),
        intro=_("The membership of %(organization)s ends on the day of the transfer and the next one begins.")
        % {"organization": membership.organization.name},
    )
