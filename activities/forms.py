"""Forms of the work log screens.

Forms validate and normalise; they never save. The views hand the cleaned instances to
``activities.services``, which checks the scope again and writes. Choices are limited to
what the cadre may log, so an id posted by hand is a field error, not a write.
"""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GroupedCheckboxes, TimeInput, narrowed_by
from core.images import max_upload_bytes
from core.video import YouTubeURLField
from organizations.choices import organizer_choices
from organizations.choosers import chooser, ids
from organizations.fields import (
    AuthorityChoiceField,
    AuthorityOffer,
    OrganizationChoiceField,
    OrganizationsChoiceField,
    PeopleChoiceField,
    UnitChoiceField,
)
from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Person,
    UnitKind,
)
from organizations.scoping import scope_for

from .models import (
    TIMED_KINDS,
    Activity,
    ActivityKind,
    ActivityPhoto,
    Commitment,
    DialogueDetails,
    DraftCommentDetails,
    MediationDetails,
    MeetingDetails,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)
from .selectors import loggable_units, office_holders_for

# Units an activity is logged in: the town (before 2025) and the wards and communes.
ACTIVITY_UNIT_KINDS = (UnitKind.TOWN, UnitKind.DISTRICT, *COMMUNE_LEVEL_KINDS)


def current_first(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


def committees_first(queryset: QuerySet) -> QuerySet:
    """Current first; the Front committees, then the ward/commune-level organizations, then branches."""
    rank = Case(
        When(kind=OrganizationKind.FRONT_COMMITTEE, then=Value(0)),
        When(unit__kind__in=ACTIVITY_UNIT_KINDS, then=Value(1)),
        default=Value(2),
    )
    return queryset.annotate(rank=rank).order_by(F("valid_to").desc(nulls_first=True), "rank", "name", "pk")


def _with_current(queryset: QuerySet, model, keep: list[int]) -> QuerySet:
    """``queryset`` plus the rows an edited activity already points at."""
    if not keep:
        return queryset
    return model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=keep))


# The choices of the work log's forms, built for a user (``organizations.choosers``); ``keep``: the
# rows an edited activity already points at.


@chooser("unit")
def activity_units(user, *, keep: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    """The units where ``user`` may log an activity (the town, wards and communes)."""
    units = loggable_units(user).filter(kind__in=ACTIVITY_UNIT_KINDS)
    units = _with_current(units, AdministrativeUnit, list(keep))
    return current_first(units.select_related("parent"))


@chooser("unit")
def visit_areas(user, *, keep: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    """The residential areas where ``user`` may log a visit, today's first."""
    areas = loggable_units(user).filter(kind__in=RESIDENTIAL_AREA_KINDS)
    areas = _with_current(areas, AdministrativeUnit, list(keep)).select_related("parent")
    return areas.order_by(F("valid_to").desc(nulls_first=True), "parent__name", "name", "pk")


@chooser("person")
def visit_cadres(user, *, keep: list[int] = ()) -> QuerySet[Person]:
    """The people of ``user``'s scope who can go on a visit."""
    return _with_current(office_holders_for(user), Person, list(keep)).select_related("unit")


@chooser("organization")
def meeting_organizations(user, *, keep: list[int] = ()) -> QuerySet[Organization]:
    """The organizations that hold a meeting or training ``user`` may log (not the mediation teams
    and monitoring boards)."""
    organizations = Organization.objects.editable_by(user).exclude(
        kind__in=[OrganizationKind.MEDIATION_TEAM, OrganizationKind.INVESTMENT_MONITORING_BOARD]
    )
    return current_first(_with_current(organizations, Organization, list(keep)))


@chooser("organization")
def mediation_teams(user, *, keep: list[int] = ()) -> QuerySet[Organization]:
    teams = Organization.objects.editable_by(user).filter(kind=OrganizationKind.MEDIATION_TEAM)
    return current_first(_with_current(teams, Organization, list(keep)))


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _row(*fields: str, css: str = "col-sm-6") -> Div:
    return Div(*(Div(name, css_class=css) for name in fields), css_class="row")


class ActivityForm(forms.ModelForm):
    """The fields every kind of activity shares."""

    class Meta:
        model = Activity
        fields = [
            "date", "start_time", "unit", "place", "organizations", "participants_count",
            "summary", "internal_notes", "video_url", "visibility",
        ]  # fmt: skip
        field_classes = {
            "unit": UnitChoiceField,
            "organizations": OrganizationsChoiceField,
            "video_url": YouTubeURLField,
        }
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "organizations": GroupedCheckboxes(
                narrowed_by="id_unit",
                options_url=reverse_lazy("cadre:organizer_options"),
                date_from="id_date",
            ),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["unit"].choose(activity_units, user, keep=ids([instance.unit_id]))
        organizations = Organization.objects.editable_by(user)
        current_orgs = list(instance.organizations.values_list("pk", flat=True)) if instance.pk else []
        organizations = _with_current(organizations, Organization, current_orgs)
        self.fields["organizations"].queryset = committees_first(organizations)
        # Offered: the chosen first, then the organizations of the activity's unit (and the
        # units below it) on its date, grouped by unit; the queryset above still checks a post.
        self.fields["organizations"].choices = organizer_choices(
            committees_first(organizations),
            unit_id=self._value("unit", instance.unit_id),
            on=self._value("date", instance.date) or today(),
            chosen=self._values("organizations", current_orgs),
        )
        if instance.kind == ActivityKind.VOTER_CONTACT:
            # Counted once, as the voters attending (the details); the service copies it.
            del self.fields["participants_count"]
        if instance.kind in TIMED_KINDS:
            self.fields["start_time"].required = True
        self.fields["start_time"].help_text = ""
        self.fields["organizations"].help_text = _(
            "The organizations that organized it; at least one. Listed: those of the unit chosen above."
        )
        self.fields["visibility"].help_text = _(
            "Published activities may appear on the public site (place, summary and consented photos only)."
        )
        self.helper = _helper(
            _row("date", "start_time", css="col-6"),
            "unit",
            "place",
            Field("organizations", template="core/_checkbox_groups.html"),
            *(["participants_count"] if "participants_count" in self.fields else []),
            "summary",
            "internal_notes",
            "video_url",
            "visibility",
        )

    def posted_date(self) -> datetime.date | None:
        """The activity's date as the page shows it (posted, initial or saved), None if unreadable."""
        return self._value("date", self.instance.date)

    def _value(self, name: str, instance_value):
        """What the page shows in field ``name``: posted, else initial, else the instance's."""
        field = self.fields[name]
        raw = (
            self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name, instance_value)
        )
        try:
            return field.to_python(raw) if isinstance(field, forms.DateField) else int(raw)
        except (TypeError, ValueError, ValidationError):
            return None

    def _values(self, name: str, instance_values: list[int]) -> set[int]:
        if self.is_bound:
            widget = self.fields[name].widget
            raw = widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            raw = self.initial.get(name, instance_values)
        # Initial values of an edited activity are the organizations themselves.
        pks = (getattr(value, "pk", value) for value in raw or ())
        return {int(pk) for pk in pks if str(pk).isdigit()}


def default_organizers(user, unit_id: int | None) -> list[int]:
    """The organizer a new activity starts with: the cadre's own organization for an organization's
    account, otherwise the Front committee of the activity's unit (never "the last one used")."""
    scope = scope_for(user)
    organizations = Organization.objects.editable_by(user).current(today())
    if not scope.writes_in_units:
        own = [pk for pk in scope.root_org_ids if pk in scope.writable_org_ids]
        return list(organizations.filter(pk__in=own).values_list("pk", flat=True))
    if unit_id is None:
        return []
    committee = organizations.filter(unit_id=unit_id, kind=OrganizationKind.FRONT_COMMITTEE)
    return list(committee.values_list("pk", flat=True)[:1])


class DetailsForm(forms.ModelForm):
    """Base of the kind-specific forms; ``user`` limits the choices."""

    layout: tuple = ()

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.limit_choices()
        self.helper = _helper(*(self.layout or self.Meta.fields))

    def limit_choices(self) -> None:
        pass


class VisitDetailsForm(DetailsForm):
    class Meta:
        model = VisitDetails
        fields = ["residential_area", "households_visited", "cadres", "other_cadres"]
        field_classes = {"residential_area": UnitChoiceField, "cadres": PeopleChoiceField}
        widgets = {"cadres": forms.SelectMultiple(attrs={"size": 5})}

    def limit_choices(self) -> None:
        area = self.instance.residential_area_id
        self.fields["residential_area"].choose(visit_areas, self.user, keep=ids([area]))
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("cadre:area_options"))
        keep = list(self.instance.cadres.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["cadres"].choose(visit_cadres, self.user, keep=keep)


class MeetingDetailsForm(DetailsForm):
    class Meta:
        model = MeetingDetails
        fields = ["organization", "topic", "is_training", "attendance"]
        field_classes = {"organization": OrganizationChoiceField}

    def limit_choices(self) -> None:
        keep = ids([self.instance.organization_id])
        self.fields["organization"].choose(meeting_organizations, self.user, keep=keep)


class VoterContactDetailsForm(DetailsForm):
    class Meta:
        model = VoterContactDetails
        fields = ["level", "timing", "session", "deputies_present", "voters_attending", "opinions_count"]
        widgets = {"deputies_present": forms.Textarea(attrs={"rows": 2})}

    layout = (
        Div(Div("level", css_class="col-sm-6"), Div("timing", css_class="col-sm-6"), css_class="row"),
        "session",
        "deputies_present",
        Div(
            Div("voters_attending", css_class="col-6"),
            Div("opinions_count", css_class="col-6"),
            css_class="row",
        ),
    )


class DialogueDetailsForm(DetailsForm):
    class Meta:
        model = DialogueDetails
        fields = ["leaders_present", "topics"]
        widgets = {
            "leaders_present": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }


class MediationDetailsForm(DetailsForm):
    class Meta:
        model = MediationDetails
        fields = ["mediation_team", "dispute_type", "parties_count", "parties", "sessions", "outcome"]
        field_classes = {"mediation_team": OrganizationChoiceField}
        widgets = {"parties": forms.Textarea(attrs={"rows": 2})}

    layout = (
        "mediation_team",
        "dispute_type",
        Div(Div("parties_count", css_class="col-6"), Div("sessions", css_class="col-6"), css_class="row"),
        "parties",
        "outcome",
    )

    def limit_choices(self) -> None:
        keep = ids([self.instance.mediation_team_id])
        self.fields["mediation_team"].choose(mediation_teams, self.user, keep=keep)


class DraftCommentDetailsForm(DetailsForm):
    class Meta:
        model = DraftCommentDetails
        fields = [
            "document_title", "drafting_body", "opinions_gathered", "sent_document_number",
            "sent_document_date", "accepted_or_explained",
        ]  # fmt: skip
        widgets = {
            "sent_document_date": DateInput(),
            "accepted_or_explained": forms.Textarea(attrs={"rows": 3}),
        }

    layout = (
        "document_title",
        "drafting_body",
        "opinions_gathered",
        Div(
            Div("sent_document_number", css_class="col-sm-6"),
            Div("sent_document_date", css_class="col-sm-6"),
            css_class="row",
        ),
        "accepted_or_explained",
    )


class SupportDetailsForm(DetailsForm):
    class Meta:
        model = SupportDetails
        fields = ["support_type", "recipients", "value_vnd", "beneficiaries"]
        widgets = {
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
            "value_vnd": forms.NumberInput(attrs={"step": 1000, "min": 0, "inputmode": "numeric"}),
        }


DETAILS_FORMS: dict[str, type[DetailsForm]] = {
    form.Meta.model.kind: form
    for form in (
        VisitDetailsForm,
        MeetingDetailsForm,
        VoterContactDetailsForm,
        DialogueDetailsForm,
        MediationDetailsForm,
        DraftCommentDetailsForm,
        SupportDetailsForm,
    )
}


DEADLINE_BEFORE_MADE = _("The deadline cannot be before the day the commitment was made.")


class CommitmentForm(forms.ModelForm):
    """A commitment made at a dialogue or voter contact: what, by which authority, by when.

    ``owners`` are the authority choices the formset made once for all its rows (those current on
    the activity's date, and the owners already saved); ``on`` is that date. What became of it is
    recorded later, on its own form.
    """

    class Meta:
        model = Commitment
        fields = ["text", "owner", "deadline"]
        field_classes = {"owner": AuthorityChoiceField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}

    def __init__(self, *args, owners: AuthorityOffer | None = None, on=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on = on
        owner = self.fields["owner"]
        owner.required = True
        owner.label = _("committed by")
        owner.help_text = _("The authority that made the commitment and answers for it.")
        self.fields["deadline"].required = True
        if owners is not None:
            owner.take(owners)

    def clean(self) -> dict:
        cleaned = super().clean()
        owner, deadline = cleaned.get("owner"), cleaned.get("deadline")
        if self.on is not None:
            if owner is not None and owner.pk != self.instance.owner_id:
                error = AuthorityChoiceField.not_current(owner, self.on)
                if error is not None:
                    self.add_error("owner", error)
            if deadline is not None and deadline < self.on and deadline != self.initial.get("deadline"):
                self.add_error("deadline", DEADLINE_BEFORE_MADE)
        return cleaned


class BaseCommitmentFormSet(forms.BaseInlineFormSet):
    """The commitments of a dialogue or voter contact; the authority choices are read once for all rows."""

    def __init__(self, *args, user, on: datetime.date, **kwargs) -> None:
        self.user = user
        self.on = on
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("owner__unit")

    @cached_property
    def owners(self) -> AuthorityOffer:
        """What every row offers: the authorities current on the activity's date and the owners
        saved (which the form says did not exist that day, when one did not)."""
        kept = [commitment.owner_id for commitment in self.get_queryset() if commitment.owner_id]
        return AuthorityOffer.make(self.user, on=self.on, chosen=kept)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(owners=self.owners, on=self.on)
        return kwargs


CommitmentFormSet = forms.inlineformset_factory(
    Activity,
    Commitment,
    form=CommitmentForm,
    formset=BaseCommitmentFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; the service checks each photo."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PhotoUploadForm(forms.Form):
    MAX_FILES = 10

    photos = MultipleFileField(label=_("Add photos"), required=False)
    photo_caption = forms.CharField(label=_("Caption of the new photos"), max_length=255, required=False)
    photo_consent = forms.BooleanField(
        label=_("The people shown in the new photos agreed to publication"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["photos"].help_text = _(
            "Up to %(count)s photos of at most %(size)s MB each; location and camera data are removed."
        ) % {"count": self.MAX_FILES, "size": limit}
        self.helper = _helper("photos", "photo_caption", "photo_consent")

    def clean_photos(self) -> list:
        photos = self.cleaned_data["photos"]
        if len(photos) > self.MAX_FILES:
            raise ValidationError(
                _("Add at most %(count)s photos at a time.") % {"count": self.MAX_FILES}, code="too_many"
            )
        return photos


class ExistingPhotoForm(forms.ModelForm):
    class Meta:
        model = ActivityPhoto
        fields = ["caption", "people_consent"]


ExistingPhotoFormSet = forms.modelformset_factory(
    ActivityPhoto, form=ExistingPhotoForm, extra=0, can_delete=True, edit_only=True
)


def distribute_errors(exc: ValidationError, *forms_in_order: forms.BaseForm) -> None:
    """Put a service's errors on the first form that has the field, else on top of the first form."""
    first = forms_in_order[0]
    if not hasattr(exc, "error_dict"):
        first.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = next((f for f in forms_in_order if field != NON_FIELD_ERRORS and field in f.fields), None)
        if target is None:
            first.add_error(None, errors)
        else:
            target.add_error(field, errors)


def today() -> datetime.date:
    return timezone.localdate()
