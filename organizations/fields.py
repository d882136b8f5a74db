"""Choice fields of units, organizations, people and authorities, labelled the same way on every form.

Old and new units share names ("Phước Hội" the ward until 30/06/2025, "Phường Phước Hội" since)
and many residential areas are called "Khu phố 1", so a unit is named with the unit above it
and, once it has ended, the date it ended. The QuerySets behind them select the parent
(``select_related("parent")``) so that a long list costs one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key, unit_in_text
from core.forms import until

from .choosers import ChooserSelect, ChooserSelectMultiple, Spec, chooser, widget_like
from .lineage import View, unit_condition
from .models import AdministrativeUnit, Authority, Organization, Person


def unit_label(unit: AdministrativeUnit) -> str:
    """``Khu phố 2 – phường Phước Hội``: the unit above is written as inside a sentence."""
    label = unit.name if unit.parent_id is None else f"{unit.name} – {unit_in_text(unit.parent.name)}"
    return until(label, unit.valid_to)


def organization_label(organization: Organization) -> str:
    return until(organization.name, organization.valid_to)


def person_label(person: Person) -> str:
    return f"{person.full_name} ({unit_in_text(person.unit.name)})"


def natural_runs(units) -> list[AdministrativeUnit]:
    """``units`` in their QuerySet's order, but each run of units under the same unit (and equally
    current) sorted by name as people count: "Khu phố 2" before "Khu phố 10"."""
    ordered: list[AdministrativeUnit] = []
    for _key, run in groupby(units, key=lambda unit: (unit.parent_id, unit.valid_to is None)):
        ordered.extend(sorted(run, key=lambda unit: natural_key(unit.name)))
    return ordered


class NaturalOrderIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in natural_runs(self.queryset):
            yield self.choice(unit)


class Choosing:
    """A choice field whose list may be long: ``choose`` takes its choices from a registered
    chooser (``organizations.choosers``), and the widget renders the full select up to
    ``CHOOSER_THRESHOLD`` options and a searchable chooser above it. The accepted values are the
    chooser's QuerySet, so a posted id outside it is the field's usual error."""

    chooser_kind: str
    # How the select orders its options, so that the endpoint pages them the same way.
    chooser_order = "query"

    def choose(self, function, user, /, **params) -> None:
        """Offer and accept ``function(user, **params)`` (a function registered with ``@chooser``)."""
        if getattr(function, "chooser_kind", None) != self.chooser_kind:
            raise TypeError(f"{function!r} is not a chooser of {self.chooser_kind}s")
        self.queryset = function(user, **params)
        self.use_chooser(Spec.of(function, user, params, order=self.chooser_order, queryset=self.queryset))

    def use_chooser(self, spec: Spec) -> None:
        multiple = isinstance(self, forms.ModelMultipleChoiceField)
        self.widget = widget_like(self.widget, multiple=multiple)
        self.widget.chooser = spec
        self.widget.choices = self.choices


class UnitChoiceField(Choosing, forms.ModelChoiceField):
    iterator = NaturalOrderIterator
    widget = ChooserSelect
    chooser_kind = "unit"
    chooser_order = "natural"

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class UnitsChoiceField(Choosing, forms.ModelMultipleChoiceField):
    widget = ChooserSelectMultiple
    chooser_kind = "unit"

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class OrganizationChoiceField(Choosing, forms.ModelChoiceField):
    widget = ChooserSelect
    chooser_kind = "organization"

    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class OrganizationsChoiceField(Choosing, forms.ModelMultipleChoiceField):
    widget = ChooserSelectMultiple
    chooser_kind = "organization"

    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class PersonChoiceField(Choosing, forms.ModelChoiceField):
    widget = ChooserSelect
    chooser_kind = "person"

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PeopleChoiceField(Choosing, forms.ModelMultipleChoiceField):
    widget = ChooserSelectMultiple
    chooser_kind = "person"

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


def authority_label(authority: Authority) -> str:
    """An authority's name, and the date it ended when it has."""
    return until(authority.name, authority.valid_to)


def authority_not_current(authority: Authority | None, on: datetime.date | None) -> ValidationError | None:
    """The error of sending something to ``authority`` on ``on`` when it did not exist that day
    ("This authority did not exist on 30/06/2025."), else None. Forms and services share it."""
    if authority is None or on is None or authority.is_current(on):
        return None
    return ValidationError(
        _("This authority did not exist on %(date)s.") % {"date": date_format(on, "SHORT_DATE_FORMAT")},
        code="authority_not_current",
    )


class AuthorityGroups(forms.models.ModelChoiceIterator):
    """The authorities offered, grouped by unit from the lowest level up
    (``choices.authorities_by_unit``): ``[(unit label, [(pk, name), …]), …]``, the national bodies
    last. Reads ``queryset`` (the offered authorities, with their units) when iterated."""

    def __init__(self, field, queryset) -> None:
        super().__init__(field)
        self.queryset = queryset

    def __iter__(self):
        from .choices import authorities_by_unit

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit, members in authorities_by_unit(self.queryset):
            heading = _("National bodies") if unit is None else unit_label(unit)
            yield (heading, [self.choice(authority) for authority in members])


@chooser("authority")
def offered_authorities(user, *, on: datetime.date, chosen: list[int] = ()) -> QuerySet[Authority]:
    """The authorities ``user`` can send something to on ``on``: those current that day of the
    user's units (and of the old units that became part of them), of the units above them and the
    national ones (``choices.authorities_for``), and the ``chosen`` ones whatever their dates (the
    form then says when one did not exist that day)."""
    from .choices import existed_on

    current = existed_on(on) | Q(pk__in=chosen) if chosen else existed_on(on)
    return accepted_authorities(user, chosen).filter(current).order_by()


def accepted_authorities(user, chosen: list[int] = ()) -> QuerySet[Authority]:
    """Every authority ``user`` may send to, on any date (``choices.authorities_for``), and the
    ``chosen`` ones."""
    from .choices import authorities_for

    if len(chosen) <= 1:
        return authorities_for(user, chosen=chosen[0] if chosen else None)
    accepted = authorities_for(user)
    return Authority.objects.select_related("unit__parent").filter(
        Q(pk__in=accepted.values("pk")) | Q(pk__in=chosen)
    )


@dataclass
class AuthorityOffer:
    """What an authority field accepts and what it offers on a date (with the chooser of the
    offered ones). A formset makes one for all its rows, which then read the list once."""

    accepted: QuerySet[Authority]
    chooser: Spec

    @classmethod
    def make(cls, user, *, on: datetime.date, chosen: list[int] = ()) -> AuthorityOffer:
        chosen = sorted({pk for pk in chosen if pk})
        offered = offered_authorities(user, on=on, chosen=chosen)
        params = {"on": on, "chosen": chosen}
        spec = Spec.of(offered_authorities, user, params, order="grouped", queryset=offered)
        return cls(accepted_authorities(user, chosen), spec)


class AuthorityChoiceField(Choosing, forms.ModelChoiceField):
    """The authority a concern, an opinion, a petition or a recommendation is sent to.

    In a form::

        authority = AuthorityChoiceField(label=_("forwarded to"), required=False)
        # or, in a ModelForm: field_classes = {"authority": AuthorityChoiceField}

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["authority"].offer(user, on=forwarded_on_or_today, chosen=self.instance.authority_id)

        def clean(self):
            cleaned = super().clean()
            field = self.fields["authority"]
            if error := field.not_current(cleaned.get("authority"), cleaned.get("forwarded_on")):
                self.add_error("authority", error)

    ``offer`` narrows the choices to ``offered_authorities`` (the current authorities of the
    user's units, of the units above them and the national ones, grouped by unit, the chosen one
    kept; a chooser when they are many) and the accepted values to ``choices.authorities_for``
    (the same, undated: the date is checked by ``not_current``, since it is another field of the
    form). Without ``offer`` the field accepts any authority of the register, labelled the same way.
    """

    widget = ChooserSelect
    chooser_kind = "authority"

    def __init__(self, queryset=None, **kwargs) -> None:
        if queryset is None:
            queryset = Authority.objects.select_related("unit")
        kwargs.setdefault("label", _("authority"))
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Authority) -> str:
        return authority_label(obj)

    def offer(self, user, *, on: datetime.date, chosen: int | None = None) -> None:
        """Offer what ``user`` may send to on ``on`` (grouped by unit), keeping ``chosen``."""
        self.take(AuthorityOffer.make(user, on=on, chosen=[chosen] if chosen else []))

    def take(self, offer: AuthorityOffer) -> None:
        """Accept and offer what ``offer`` says (one offer may serve every row of a formset)."""
        self.queryset = offer.accepted
        self.choices = AuthorityGroups(self, offer.chooser.queryset)
        self.use_chooser(offer.chooser)

    @staticmethod
    def not_current(authority: Authority | None, on: datetime.date | None) -> ValidationError | None:
        return authority_not_current(authority, on)


class _UnitFilterField(Choosing, django_filters.fields.ModelChoiceField):
    model = AdministrativeUnit
    widget = ChooserSelect
    chooser_kind = "unit"

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class _OrganizationFilterField(Choosing, django_filters.fields.ModelChoiceField):
    model = Organization
    widget = ChooserSelect
    chooser_kind = "organization"

    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class _AuthorityFilterField(Choosing, django_filters.fields.ModelChoiceField):
    model = Authority
    widget = ChooserSelect
    chooser_kind = "authority"

    def label_from_instance(self, obj: Authority) -> str:
        return authority_label(obj)


class ChooserFilter(django_filters.ModelChoiceFilter):
    """A filter whose choices come from a chooser (``organizations.choosers``): ``chooser`` is a
    registered function of the user, called with the request's user. The form renders the full
    select up to the threshold and only the chosen option above it; a value outside the chooser's
    QuerySet is refused as before."""

    def __init__(self, *args, chooser=None, **kwargs) -> None:
        self.chooser = chooser
        if chooser is not None:
            kwargs["queryset"] = self._chooser_queryset
        super().__init__(*args, **kwargs)

    def _chooser_queryset(self, request):
        user = getattr(request, "user", None)
        if user is None:
            return self.field_class.model.objects.none()
        return self.chooser(user)

    @property
    def field(self):
        built = hasattr(self, "_field")
        field = super().field
        request = self.get_request()
        if self.chooser is not None and not built and getattr(request, "user", None) is not None:
            field.choose(self.chooser, request.user)
        return field


class UnitFilter(ChooserFilter):
    """A filter by unit, its choices labelled like ``UnitChoiceField``."""

    field_class = _UnitFilterField


class OrganizationFilter(ChooserFilter):
    """A filter by organization, its choices labelled like ``OrganizationChoiceField``."""

    field_class = _OrganizationFilterField


class AuthorityFilter(ChooserFilter):
    """A filter by authority, its choices labelled like ``AuthorityChoiceField``."""

    field_class = _AuthorityFilterField


# "As it is now" first and by default: a leader comparing 2021 with 2026 counts by today's units;
# "as it was" (the unit a record was logged in) is the other choice, one click away.
DEFAULT_VIEW = View.AS_IT_IS
VIEW_CHOICES = [(view.value, capfirst(view.label)) for view in (View.AS_IT_IS, View.AS_IT_WAS)]


def view_of(data) -> str:
    """The view asked for in ``data`` (``request.GET``): ``?view=now`` or ``?view=was``, else the default."""
    view = data.get("view") if data is not None else None
    return view if view in View.values else DEFAULT_VIEW


class UnitViewFilter(django_filters.ChoiceFilter):
    """How the unit filters of a ``UnitViewFilterSet`` apply: "as it is now" or "as it was"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("View the units"))
        kwargs.setdefault(
            "help_text",
            _(
                "As it is now, a unit includes the records of the units that became part of it; "
                "as it was, only the records logged in it."
            ),
        )
        super().__init__(
            choices=VIEW_CHOICES,
            empty_label=None,
            initial=DEFAULT_VIEW,
            widget=forms.RadioSelect,
            method=lambda queryset, name, value: queryset,  # read by ``filter_unit``, not a filter itself
            **kwargs,
        )


class UnitViewFilterSet(django_filters.FilterSet):
    """A FilterSet whose unit filter follows the chosen view.

    Declare ``unit = UnitFilter(..., method="filter_unit")`` and ``view = UnitViewFilter()`` next
    to it; ``unit_fields`` names the records' unit foreign key (or several: a record matches when
    any of them lies in the unit). The condition is ``organizations.lineage.unit_condition``, in
    the database, at the same number of queries in both views.
    """

    unit_fields: str | tuple[str, ...] = "unit"

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None and data.get("view") != view_of(data):
            data = data.copy()  # a form sent without a view (a link "?unit=…") shows the default
            data["view"] = DEFAULT_VIEW
        super().__init__(data, *args, **kwargs)

    def chosen_view(self) -> str:
        return self.form.cleaned_data.get("view") or DEFAULT_VIEW

    def filter_unit(self, queryset: QuerySet, name: str, value: AdministrativeUnit | None) -> QuerySet:
        """The records in ``value`` (and below it), as it is now or as it was."""
        if value is None:
            return queryset
        return queryset.filter(unit_condition(self.unit_fields, value, self.chosen_view()))
