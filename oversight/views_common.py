"""Helpers of the oversight cadre views.

Objects always come from a scoped QuerySet: outside the scope is a 404; seen but not
changeable (read-only access, or a scope that does not cover it) is a 403.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest,
    form: BaseForm | None,
    *,
    title: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    parts: Sequence[object] = (),
    submit: str = "",
    status: int = 200,
) -> HttpResponse:
    """The one page of every create, edit and action form: a title, the form (or its parts), a way back."""
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "parts": parts,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            "submit": submit,
        },
        status=status,
    )
