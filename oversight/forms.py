"""Forms of the oversight screens: supervisions, inspections, boards, recommendations.

Forms validate and normalise; they never save. Views hand what they cleaned to a service
of ``oversight.services``, which checks the scope again and writes. Choices are limited to
what the user may see or change, so an id posted by hand is a field error, not a write.
(The boards' forms are in ``forms_boards``, the project and session forms in ``forms_projects``.)
"""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns.models import TRACKING_CODE_LENGTH, Concern
from core.forms import date_field
from organizations.choosers import chooser, ids
from organizations.fields import AuthorityChoiceField, OrganizationChoiceField, OrganizationsChoiceField
from organizations.models import COMMUNE_LEVEL_KINDS, Organization, UnitKind
from organizations.scoping import scope_for

from .models import (
    BOARD_KINDS,
    Implementation,
    ReplyOutcome,
    Supervision,
)

DATE_FORMAT = "%Y-%m-%d"
TEXTAREA = {"rows": 3}
NUMERIC = {"inputmode": "numeric"}


def row(*names: str, css: str = "col-sm-6") -> Div:
    return Div(*(Div(name, css_class=css) for name in names), css_class="row")


def helper(*layout, submit: str | None = None) -> FormHelper:
    """A crispy helper: the form tag, the layout and one submit button."""
    form_helper = FormHelper()
    form_helper.form_method = "post"
    form_helper.layout = Layout(
        *layout, Div(Submit("save", submit or _("Save"), css_class="btn-portal"), css_class="mt-3")
    )
    return form_helper


def current_first(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("unit").order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


def boards_for_work(user, kind: str) -> QuerySet[Organization]:
    """Boards of ``kind`` the user may record work for (their own board, or the boards of their units)."""
    scope = scope_for(user)
    boards = Organization.objects.filter(kind=kind)
    if not scope.is_global:
        boards = boards.filter(Q(pk__in=scope.writable_org_ids) | Q(unit_id__in=scope.writable_unit_ids))
    return current_first(boards)


class ConcernCodeField(forms.CharField):
    """A resident's concern given by its tracking code; only concerns the user may see are found."""

    def __init__(self, *, user=None, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TRACKING_CODE_LENGTH + 4)
        kwargs.setdefault(
            "help_text", _("The tracking code of a resident's concern (for example one of a hot spot).")
        )
        super().__init__(**kwargs)
        self.user = user
        self.widget.attrs.update({"autocomplete": "off", "class": "font-monospace text-uppercase"})

    def prepare_value(self, value):
        if isinstance(value, Concern):
            return value.tracking_code
        if isinstance(value, int):
            return Concern.objects.filter(pk=value).values_list("tracking_code", flat=True).first() or ""
        return value

    def clean(self, value) -> Concern | None:
        code = (super().clean(value) or "").strip().upper().replace(" ", "")
        if not code:
            return None
        concern = Concern.objects.visible_to(self.user).filter(tracking_code=code).first()
        if concern is None:
            raise ValidationError(_("No concern you may see has this tracking code."), code="unknown_concern")
        return concern


# --- supervision --------------------------------------------------------------------------


def organizers_for(user) -> QuerySet[Organization]:
    """Organizations ``user`` may organize a supervision for: the Front and the associations, not boards."""
    scope = scope_for(user)
    organizers = Organization.objects.exclude(kind__in=BOARD_KINDS).filter(parent__isnull=True)
    if not scope.is_global:
        organizers = organizers.filter(pk__in=scope.writable_org_ids)
    return organizers


@chooser("organization")
def supervision_organizers(user, *, keep: list[int] = ()) -> QuerySet[Organization]:
    """Who may organize a supervision, and the edited one's organizer (``keep``)."""
    organizers = organizers_for(user)
    if keep:
        organizers = organizers | Organization.objects.filter(pk__in=keep)
    return current_first(organizers)


@chooser("organization")
def visible_boards(user) -> QuerySet[Organization]:
    return current_first(Organization.objects.visible_to(user).filter(kind__in=BOARD_KINDS))


@chooser("organization")
def supervision_participants(user, *, supervision: int | None = None) -> QuerySet[Organization]:
    """Today's organizations of the wards, communes and towns ``user`` sees (not the boards, not
    the branches), and those already taking part in ``supervision`` (one from before the merger)."""
    participants = (
        Organization.objects.visible_to(user)
        .exclude(kind__in=BOARD_KINDS)
        .filter(parent__isnull=True, unit__kind__in=(*COMMUNE_LEVEL_KINDS, UnitKind.TOWN))
    )
    current = participants.current()
    if supervision is not None:
        current = current | participants.filter(
            pk__in=Supervision.participants.through.objects.filter(supervision_id=supervision).values(
                "organization_id"
            )
        )
    return current_first(current)


class SupervisionForm(forms.ModelForm):
    start = date_field(_("Start"))
    end = date_field(_("End"), required=False)

    class Meta:
        model = Supervision
        fields = [
            "kind",
            "organization",
            "subject",
            "content",
            "form",
            "board",
            "participants",
            "start",
            "end",
            "findings",
        ]
        field_classes = {
            "organization": OrganizationChoiceField,
            "board": OrganizationChoiceField,
            "participants": OrganizationsChoiceField,
        }
        widgets = {
            "content": forms.Textarea(attrs=TEXTAREA),
            "findings": forms.Textarea(attrs=TEXTAREA),
            "participants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        keep = ids([instance.organization_id]) if instance.pk is not None else []
        self.fields["organization"].choose(supervision_organizers, user, keep=keep)
        self.fields["board"].choose(visible_boards, user)
        # Today's organizations, and those already taking part (a supervision from before the merger).
        self.fields["participants"].choose(supervision_participants, user, supervision=instance.pk)
        self.fields["participants"].help_text = _("Other organizations that take part.")
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("start", timezone.localdate())
        self.helper = helper(
            row("kind", "form"),
            "organization",
            "subject",
            "content",
            "board",
            row("start", "end"),
            "participants",
            "findings",
        )


# --- recommendations ----------------------------------------------------------------------


AUTHORITY_HELP = _(
    "The authority that must reply: the People's Committee of the ward, an office, the investor… "
    "Listed: those of your units and of the units above them on the date sent."
)
DUE_DATE_HELP = _("Leave empty: the authority's days to answer after the date sent (usually 30).")


def date_sent(form: forms.BaseForm, name: str = "sent_on") -> datetime.date:
    """The date typed in ``name`` of a bound form, else today: the day whose authorities are offered."""
    raw = form.data.get(form.add_prefix(name)) if form.is_bound else None
    try:
        return datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def check_authority(form: forms.BaseForm, data: dict, on: datetime.date | None) -> None:
    """The chosen authority must have existed on the date sent."""
    if error := AuthorityChoiceField.not_current(data.get("authority"), on):
        form.add_error("authority", error)


class RecommendationForm(forms.Form):
    """A new recommendation; with a date sent it is recorded as sent, otherwise as a draft."""

    content = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs=TEXTAREA))
    authority = AuthorityChoiceField(label=_("Addressed to"), required=False, help_text=AUTHORITY_HELP)
    concern = ConcernCodeField(label=_("From the concern"))
    sent_on = date_field(_("Sent on"), required=False, help_text=_("Leave empty to keep it as a draft."))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    due_date = date_field(_("Reply due by"), required=False, help_text=DUE_DATE_HELP)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].offer(user, on=date_sent(self))
        self.fields["concern"].user = user
        if not Concern.objects.visible_to(user).exists():
            # A board member does not see residents' concerns: nothing to link.
            del self.fields["concern"]
        self.helper = helper(
            "content",
            "authority",
            row("sent_on", "due_date"),
            "document_number",
            *(["concern"] if "concern" in self.fields else []),
            submit=_("Save the recommendation"),
        )

    def clean(self) -> dict:
        data = super().clean()
        sent_on, due_date = data.get("sent_on"), data.get("due_date")
        if sent_on and not data.get("authority") and "authority" not in self.errors:
            self.add_error("authority", _("Choose the authority the recommendation is sent to."))
        check_authority(self, data, sent_on)
        if sent_on and due_date and due_date < sent_on:
            self.add_error("due_date", _("The reply cannot be due before the recommendation was sent."))
        return data

    def has_content(self) -> bool:
        return bool((self.cleaned_data.get("content") or "").strip())


class SendForm(forms.Form):
    authority = AuthorityChoiceField(label=_("Addressed to"), help_text=AUTHORITY_HELP)
    sent_on = date_field(_("Sent on"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    due_date = date_field(_("Reply due by"), required=False, help_text=DUE_DATE_HELP)

    def __init__(self, *args, recommendation=None, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        chosen = recommendation.authority_id if recommendation is not None else None
        if user is not None:
            self.fields["authority"].offer(user, on=date_sent(self), chosen=chosen)
        if not self.is_bound:
            self.initial.setdefault("sent_on", timezone.localdate())
            if chosen is not None:
                self.initial.setdefault("authority", chosen)

    def clean(self) -> dict:
        data = super().clean()
        check_authority(self, data, data.get("sent_on"))
        if data.get("sent_on") and data.get("due_date") and data["due_date"] < data["sent_on"]:
            self.add_error("due_date", _("The reply cannot be due before the recommendation was sent."))
        return data


class ReplyForm(forms.Form):
    reply_on = date_field(_("Replied on"))
    reply_text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs=TEXTAREA))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReplyOutcome.choices, widget=forms.RadioSelect)

    def __init__(self, *args, recommendation=None, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("reply_on", timezone.localdate())


class ImplementationForm(forms.Form):
    implementation = forms.ChoiceField(label=_("Implementation"), choices=Implementation.choices)
    checked_on = date_field(_("Checked on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, recommendation=None, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("checked_on", timezone.localdate())
            if recommendation is not None:
                self.initial.setdefault("implementation", recommendation.implementation)


class CloseForm(forms.Form):
    closed_on = date_field(_("Closed on"))
    note = forms.CharField(label=_("Closing note"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, recommendation=None, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())
