"""Cadre pages of the Fund for the Poor: each committee's balance, campaigns, receipts, spending."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import BigIntegerField, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import deny_unless, filtered, paginate
from organizations.models import Organization, OrganizationKind

from . import services
from .filters import FundRowFilter, SpendingFilter
from .forms_common import committees_for
from .forms_fund import CampaignForm, ReceiptForm, SpendingForm
from .models import FundCampaign, FundReceipt, FundSpending
from .views_common import edit_record, editable_object


def _sum_of(model) -> Coalesce:
    total = (
        model.objects.filter(committee=OuterRef("pk"))
        .order_by()
        .values("committee")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=BigIntegerField()), 0)


def _can_create(user) -> bool:
    return committees_for(user).exists()


@login_required
def fund_overview(request: HttpRequest) -> HttpResponse:
    committees = (
        Organization.objects.visible_to(request.user)
        .filter(kind=OrganizationKind.FRONT_COMMITTEE)
        .select_related("unit")
        .annotate(raised=_sum_of(FundReceipt), spent=_sum_of(FundSpending))
        .annotate(balance=F("raised") - F("spent"))
        .order_by(F("valid_to").desc(nulls_first=True), "name", "pk")
    )
    campaigns = (
        FundCampaign.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("committee")
        .order_by("-start", "-pk")
    )
    return render(
        request,
        "social/fund_overview.html",
        {
            "committees": paginate(request, committees),
            "campaigns": list(campaigns[:20]),
            "can_create": _can_create(request.user),
            "section": "fund",
        },
    )


def _rows_page(request: HttpRequest, model, filter_class, template: str) -> HttpResponse:
    rows = (
        model.objects.visible_to(request.user).with_edit_flag(request.user).select_related("committee__unit")
    )
    row_filter = filter_class(request.GET or None, queryset=rows, request=request)
    return render(
        request,
        template,
        {
            "filter": row_filter,
            "page": paginate(request, filtered(row_filter, rows.order_by("-date", "-pk"))),
            "can_create": _can_create(request.user),
            "section": "fund",
        },
    )


@login_required
def receipt_list(request: HttpRequest) -> HttpResponse:
    return _rows_page(request, FundReceipt, FundRowFilter, "social/receipt_list.html")


@login_required
def spending_list(request: HttpRequest) -> HttpResponse:
    return _rows_page(request, FundSpending, SpendingFilter, "social/spending_list.html")


def _back(name: str) -> str:
    return reverse(f"social:{name}")


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    return _campaign_page(request, CampaignForm(request.POST or None, user=request.user), _("New campaign"))


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = editable_object(request, FundCampaign, pk)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    return _campaign_page(request, form, _("Edit the campaign"))


def _campaign_page(request, form, title) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda campaign: services.save_campaign(actor=request.user, campaign=campaign),
        saved_message=_("The campaign was saved."),
        title=title,
        back_url=_back("fund_overview"),
        back_label=_("Fund for the Poor"),
        after=lambda _saved: _back("fund_overview"),
    )


@login_required
def receipt_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    return _receipt_page(request, ReceiptForm(request.POST or None, user=request.user), _("New receipt"))


@login_required
def receipt_edit(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = editable_object(request, FundReceipt, pk)
    form = ReceiptForm(request.POST or None, instance=receipt, user=request.user)
    return _receipt_page(request, form, _("Edit the receipt"))


def _receipt_page(request, form, title) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda receipt: services.save_receipt(actor=request.user, receipt=receipt),
        saved_message=_("The receipt was saved."),
        title=title,
        back_url=_back("receipt_list"),
        back_label=_("Receipts"),
        after=lambda _saved: _back("receipt_list"),
    )


@login_required
def spending_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    return _spending_page(request, SpendingForm(request.POST or None, user=request.user), _("New spending"))


@login_required
def spending_edit(request: HttpRequest, pk: int) -> HttpResponse:
    spending = editable_object(request, FundSpending, pk)
    form = SpendingForm(request.POST or None, instance=spending, user=request.user)
    return _spending_page(request, form, _("Edit the spending"))


def _spending_page(request, form, title) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda spending: services.save_spending(actor=request.user, spending=spending),
        saved_message=_("The spending was saved."),
        title=title,
        back_url=_back("spending_list"),
        back_label=_("Spending"),
        after=lambda _saved: _back("spending_list"),
    )
