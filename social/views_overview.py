"""The social policy work at a glance (``/cadre/social/``): the year's figures in the user's scope."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import reports
from .filters import FIRST_YEAR
from .models import Commendation, ExemplaryModel, FundReceipt, FundSpending, GreatUnityHouse, LoanSnapshot


def chosen_year(request: HttpRequest, today: datetime.date) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    year = chosen_year(request, today)
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    roll_up = request.GET.get("units") == "today"
    return render(
        request,
        "social/overview.html",
        {
            "year": year,
            "years": range(today.year, FIRST_YEAR - 1, -1),
            "roll_up": roll_up,
            "loans": reports.loan_figures(LoanSnapshot.objects.visible_to(user), end, roll_up=roll_up),
            "fund": reports.fund_figures(
                FundReceipt.objects.visible_to(user), FundSpending.objects.visible_to(user), start, end
            ),
            "houses": reports.house_figures(GreatUnityHouse.objects.visible_to(user), start, end),
            "recognition": reports.recognition_figures(
                ExemplaryModel.objects.visible_to(user), Commendation.objects.visible_to(user), start, end
            ),
            "section": "overview",
        },
    )
