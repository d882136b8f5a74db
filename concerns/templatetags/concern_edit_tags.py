"""Template helpers of the corrections of a concern: no query, only what the page already has."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from .. import services
from ..forms_edit import WithdrawConsentForm
from ..models import Concern, ConcernEvent

register = template.Library()


@register.filter
def summary_to_write(concern: Concern) -> bool:
    """Whether the concern still carries the public form's neutral text instead of a summary."""
    return services.has_placeholder_summary(concern)


@register.filter
def correction(event: ConcernEvent) -> str:
    """The kind of a correction (``facts_corrected``, ``consent_withdrawn``, ``retention_erased``), or ""."""
    data = event.data if isinstance(event.data, dict) else {}
    return data.get("correction") or ""


@register.filter
def corrected_fields(event: ConcernEvent) -> list[str]:
    """The labels of the fields a correction changed (the values are not kept in the event)."""
    labels = []
    for name in event.data.get("fields") or []:
        try:
            labels.append(str(capfirst(Concern._meta.get_field(name).verbose_name)))
        except FieldDoesNotExist:
            continue
    return labels


@register.simple_tag
def withdraw_consent_form() -> WithdrawConsentForm:
    return WithdrawConsentForm()
