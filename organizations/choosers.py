"""Choosers: the unit, organization, person and authority choices of the cadre forms when the list
is long.

A province cadre's unit filter would otherwise write every unit of the province into the page
(thousands of ``<option>``s, most of a page's rendering time). A field that may grow long offers
its choices through a *chooser*, a function registered here that builds the field's scoped
QuerySet for a user::

    @chooser("unit")
    def readable_units(user) -> QuerySet[AdministrativeUnit]: ...

    self.fields["unit"].choose(readable_units, user)  # a form's __init__ (organizations.fields)
    unit = UnitFilter(label=_("Unit"), chooser=readable_units)  # a FilterSet

The form keeps that QuerySet as the field's accepted values, so a post is checked as before. When
the page is rendered, the widget reads at most ``CHOOSER_THRESHOLD`` + 1 rows: up to the
threshold it renders the full ``<select>`` from them (one query, as before, and the form works
without JavaScript); above it, it renders only the chosen options with the address of the
endpoint and a signed token, and ``static/js/chooser.js`` turns the select into a searchable
combobox. The chosen options are read on both sides of the threshold (one more query when a value
is chosen), so that a page costs the same queries in a small scope and in a large one. The token
names the chooser, its parameters, the ordering and the user it was made for; the endpoint
(``views_choices.chooser_options``) calls the same function for the same user, so what it lists is
exactly what the field accepts, in the same order and with the same labels, and nothing the
browser sends can widen it (a ``parent`` only narrows the units to those below it).
"""

from __future__ import annotations

import datetime
import functools
import json
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from core.folding import Folded
from core.search import normalize

KINDS = ("unit", "organization", "person", "authority")
URL_NAMES = {
    "unit": "cadre:unit_choices",
    "organization": "cadre:organization_choices",
    "person": "cadre:person_choices",
    "authority": "cadre:authority_choices",
}
PAGE_SIZE = 20
# How far a reader may page and how much of a query counts: enough for any real search.
MAX_PAGE = 500
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
_SALT = "organizations.choosers"
_REGISTRY: dict[str, Callable[..., QuerySet]] = {}

# The columns a query is looked for in, diacritics and case ignored, each word in one of them:
# "phuoc hoi" finds the areas of Phường Phước Hội, "hang phuoc" a person of that ward.
SEARCHED = {
    "unit": ("name", "parent__name"),
    "organization": ("name",),
    "person": ("full_name", "unit__name"),
    "authority": ("name",),
}
# What the labels read, in the same query.
RELATED = {"unit": ("parent",), "organization": (), "person": ("unit",), "authority": ("unit__parent",)}


def threshold() -> int:
    """Up to this many options a field renders its full ``<select>``; above it, a chooser."""
    return settings.CHOOSER_THRESHOLD


def chooser(kind: str) -> Callable:
    """Register ``function(user, **params) -> QuerySet`` as a chooser of ``kind`` (one of ``KINDS``).

    ``params`` are what the form knows besides the user (the rows an edited record already points
    at, a date, an activity's unit): numbers, lists of numbers, strings or dates. They travel
    signed in the widget's token, so the endpoint rebuilds the same QuerySet.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown chooser kind {kind!r}")

    def register(function: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
        key = f"{function.__module__}.{function.__qualname__}"
        function.chooser_key = key  # type: ignore[attr-defined]
        function.chooser_kind = kind  # type: ignore[attr-defined]
        _REGISTRY[key] = function
        return function

    return register


def registered(key: str) -> Callable[..., QuerySet] | None:
    """The chooser registered under ``key``, importing its module once if needed (a token read
    before any form of that module was built in this process)."""
    if key not in _REGISTRY:
        module = key.rpartition(".")[0]
        try:
            import_module(module)
        except ImportError:
            return None
    return _REGISTRY.get(key)


def _encode(params: dict[str, Any]) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, datetime.date):
            encoded[name] = {"date": value.isoformat()}
        elif isinstance(value, set | frozenset | tuple | list):
            encoded[name] = sorted(value)
        else:
            encoded[name] = value
    return encoded


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    return {
        name: datetime.date.fromisoformat(value["date"]) if isinstance(value, dict) else value
        for name, value in params.items()
    }


# The order of the options: the QuerySet's own (paged in SQL), units in natural order within each
# run of the same parent (``fields.natural_runs``), authorities grouped by unit from the lowest level
# up (``choices.authorities_by_unit``). Both are read in Python over the matching rows.
def _natural(rows: list) -> list:
    from .fields import natural_runs

    return natural_runs(rows)


def _grouped(rows: list) -> list:
    from .choices import authorities_by_unit

    return [authority for _unit, members in authorities_by_unit(rows) for authority in members]


ORDERS: dict[str, Callable[[list], list] | None] = {"query": None, "natural": _natural, "grouped": _grouped}


def _label(kind: str) -> Callable[[Any], str]:
    from .fields import authority_label, organization_label, person_label, unit_label

    return {
        "unit": unit_label,
        "organization": organization_label,
        "person": person_label,
        "authority": authority_label,
    }[kind]


@dataclass
class Spec:
    """What a chooser widget needs: the options it offers, and the token that finds them again."""

    kind: str
    token: str
    queryset: QuerySet
    _head: list | None = field(default=None, repr=False)

    @classmethod
    def of(cls, function: Callable, user, params: dict, *, order: str, queryset: QuerySet) -> Spec:
        if order not in ORDERS:
            raise ValueError(f"unknown chooser order {order!r}")
        data = {"c": function.chooser_key, "u": user.pk, "o": order, "p": _encode(params)}
        return cls(function.chooser_kind, signing.dumps(data, salt=_SALT, compress=True), queryset)

    def url(self) -> str:
        return f"{reverse(URL_NAMES[self.kind])}?{urlencode({'token': self.token})}"

    def head(self) -> list:
        """The first ``threshold() + 1`` options, read once (the rows of a formset share them)."""
        if self._head is None:
            self._head = list(self.queryset[: threshold() + 1])
        return self._head

    def is_long(self) -> bool:
        return len(self.head()) > threshold()

    def chosen(self, pks: list[int]) -> list:
        """The options among ``pks``, in one query when there are any, whatever the length of the
        list: a form costs the same queries in a ward of ten residential areas and in a province
        of thousands (where they are not among the head's rows)."""
        return list(self.queryset.filter(pk__in=pks)) if pks else []


@dataclass(frozen=True)
class Request:
    """A reader's request to the endpoint, once its token is checked."""

    function: Callable[..., QuerySet]
    kind: str
    order: str
    params: dict


def read_token(token: str, user, kind: str) -> Request | None:
    """The chooser a token names, if it was signed here for ``user`` and ``kind``; else None."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.SESSION_MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("o") not in ORDERS:
        return None
    function = registered(str(data.get("c", "")))
    if function is None or function.chooser_kind != kind:  # type: ignore[attr-defined]
        return None
    return Request(function, kind, data["o"], _decode(data.get("p") or {}))


def matching(queryset: QuerySet, kind: str, text: str) -> QuerySet:
    """The rows whose searched columns hold every word of ``text``, diacritics and case ignored
    (``core.folding``: the same expression on SQLite and PostgreSQL). ``%`` and ``_`` are plain
    characters."""
    words = list(dict.fromkeys(normalize(text[: MAX_QUERY_LENGTH * 2]).split()))[:MAX_WORDS]
    if not words:
        return queryset
    aliases = {f"chooser_folded_{index}": Folded(column) for index, column in enumerate(SEARCHED[kind])}
    queryset = queryset.alias(**aliases)
    for word in words:
        queryset = queryset.filter(
            functools.reduce(operator.or_, (Q(**{f"{alias}__contains": word}) for alias in aliases))
        )
    return queryset


def options_page(
    request: Request, user, *, text: str = "", page: int = 1, parent: int | None = None
) -> tuple[list[list], bool]:
    """Page ``page`` (from 1) of the options matching ``text``, ``PAGE_SIZE`` at a time, as
    ``[[pk, label], …]``, and whether there are more. One query: a page of the QuerySet's own order
    in SQL, or the matching rows read once and ordered as the select orders them."""
    queryset = request.function(user, **request.params)
    if parent is not None and request.kind == "unit":
        queryset = queryset.filter(parent_id=parent)
    queryset = matching(queryset, request.kind, text)
    if related := RELATED[request.kind]:
        queryset = queryset.select_related(*related)
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    start = (page - 1) * PAGE_SIZE
    ordering = ORDERS[request.order]
    if ordering is None:
        rows = list(queryset[start : start + PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    else:
        ordered = ordering(list(queryset))
        rows = ordered[start : start + PAGE_SIZE]
        more = len(ordered) > start + PAGE_SIZE
    label = _label(request.kind)
    return [[row.pk, label(row)] for row in rows], more


# --- the widgets ---------------------------------------------------------------------------------


class _ReadRows(list):
    """Rows already read, standing in for the QuerySet a ``ModelChoiceIterator`` iterates."""

    _prefetch_related_lookups = ()

    def iterator(self):
        return iter(self)

    def count(self) -> int:  # type: ignore[override]
        return len(self)

    def exists(self) -> bool:
        return bool(self)


def _over(choices, rows: list):
    """``choices`` (a ``ModelChoiceIterator``: its empty label, labels, order and groups) over ``rows``."""
    import copy

    clone = copy.copy(choices)
    clone.queryset = _ReadRows(rows)
    return clone


def _texts() -> str:
    """What the script says, in the page's language."""
    return json.dumps(
        {
            "instructions": gettext(
                "Type a few letters of the name, then choose with the arrow keys and Enter."
            ),
            "one": ngettext("%(count)s result", "%(count)s results", 1),
            "many": ngettext("%(count)s result", "%(count)s results", 2),
            "none": gettext("No results."),
            "more": gettext("More results"),
            "moreAvailable": gettext("More results are listed at the end."),
            "remove": gettext("Remove %(name)s"),
            "chosen": gettext("Chosen"),
            "failed": gettext("The list could not be loaded. Check the connection and type again."),
        },
        ensure_ascii=False,
    )


class ChooserWidget:
    """A select that renders its full list up to the threshold and a chooser above it.

    ``chooser`` (a ``Spec``) is set by the field's ``choose``; without it the widget is a plain
    select. Mixed into ``forms.Select`` and ``forms.SelectMultiple``.
    """

    chooser: Spec | None = None

    def _long(self) -> bool:
        return self.chooser is not None and hasattr(self.choices, "queryset") and self.chooser.is_long()

    def _chosen_ids(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value]
        return [int(item) for item in values if str(item).isdigit()]

    def get_context(self, name, value, attrs):
        spec = self.chooser
        if spec is None or not hasattr(self.choices, "queryset"):
            return super().get_context(name, value, attrs)
        complete = self.choices
        # Read whether the list is long or not, so that the page's count does not depend on it.
        chosen = spec.chosen(self._chosen_ids(self.format_value(value)))
        if spec.is_long():
            self.choices = _over(complete, chosen)
            attrs = {**(attrs or {}), "data-chooser-url": spec.url(), "data-chooser-texts": _texts()}
        else:
            self.choices = _over(complete, spec.head())
        try:
            return super().get_context(name, value, attrs)
        finally:
            self.choices = complete


class ChooserSelect(ChooserWidget, forms.Select):
    pass


class ChooserSelectMultiple(ChooserWidget, forms.SelectMultiple):
    """Several choices. With ``checkboxes``, a short list is a list of checkboxes (as a
    ``CheckboxSelectMultiple`` would show it, in a fieldset) rather than a multiple select."""

    def __init__(self, attrs=None, choices=(), *, checkboxes: bool = False) -> None:
        super().__init__(attrs, choices)
        self.checkboxes = checkboxes

    def _as_checkboxes(self) -> bool:
        return self.checkboxes and not self._long()

    @property
    def use_fieldset(self) -> bool:  # type: ignore[override]
        return self._as_checkboxes()

    def id_for_label(self, id_, index=None):
        if self._as_checkboxes():
            return forms.CheckboxSelectMultiple.id_for_label(self, id_, index)
        return super().id_for_label(id_, index)

    def use_required_attribute(self, initial) -> bool:
        return False if self._as_checkboxes() else super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        if not self._as_checkboxes():
            return super().render(name, value, attrs, renderer)
        if self.chooser:  # read as get_context reads them above the threshold: the same count
            self.chooser.chosen(self._chosen_ids(self.format_value(value)))
        boxes = _Checkboxes(attrs={key: value for key, value in self.attrs.items() if key != "class"})
        boxes.choices = _over(self.choices, self.chooser.head()) if self.chooser else self.choices
        boxes.is_required = self.is_required
        attrs = {key: value for key, value in (attrs or {}).items() if key != "class"}
        return boxes.render(name, value, attrs, renderer)


class _Checkboxes(forms.CheckboxSelectMultiple):
    """Django's checkboxes, each styled as Bootstrap's (the list around them is not)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "form-check-input me-1"
        return option


def widget_like(widget: forms.Widget, *, multiple: bool) -> ChooserWidget:
    """A chooser widget in place of ``widget`` (a form's own select, select multiple or checkboxes),
    with its attributes."""
    if isinstance(widget, ChooserWidget):
        return widget
    if multiple:
        replacement: forms.Widget = ChooserSelectMultiple(
            attrs=widget.attrs, checkboxes=isinstance(widget, forms.CheckboxSelectMultiple)
        )
    else:
        replacement = ChooserSelect(attrs=widget.attrs)
    replacement.is_required = widget.is_required
    replacement.is_localized = widget.is_localized
    return replacement


def ids(values: Iterable | None) -> list[int]:
    """The ids among ``values`` (model instances, numbers or digit strings), for a chooser's params."""
    found = (getattr(value, "pk", value) for value in values or ())
    return sorted({int(pk) for pk in found if pk is not None and str(pk).isdigit()})
