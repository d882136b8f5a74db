"""The search documents of organizations and units: their public names, kinds and places."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search
from core.search import labels_in_all_languages

from .models import AdministrativeUnit, Organization, OrganizationKind, UnitKind


def all_organizations() -> QuerySet:
    return Organization.objects.select_related("unit__parent").order_by("pk")


def organization_document(organization: Organization) -> search.SearchDocument:
    unit = organization.unit
    text = " ".join(
        [
            labels_in_all_languages(OrganizationKind, organization.kind),
            unit.name,
            unit.parent.name if unit.parent_id is not None else "",
            organization.description,
            organization.office_address,
        ]
    )
    return search.SearchDocument(
        title=organization.name,
        url=reverse("public:organization_detail", args=[organization.pk]),
        text=text,
        summary=unit.name if unit.parent_id is None else f"{unit.name} · {unit.parent.name}",
        date=organization.valid_from,
        subtype=organization.kind,
        is_demo=organization.is_demo or unit.is_demo,
    )


def all_units() -> QuerySet:
    return AdministrativeUnit.objects.select_related("parent").order_by("pk")


def unit_document(unit: AdministrativeUnit) -> search.SearchDocument:
    parent = unit.parent.name if unit.parent_id is not None else ""
    return search.SearchDocument(
        title=unit.name,
        url=reverse("public:unit_detail", args=[unit.pk]),
        text=" ".join([labels_in_all_languages(UnitKind, unit.kind), parent, unit.code]),
        summary=parent,
        date=unit.valid_from,
        subtype=unit.kind,
        is_demo=unit.is_demo,
    )


def register() -> None:
    search.register(
        Organization,
        result_type="organization",
        label=_("Organization"),
        to_document=organization_document,
        public_objects=lambda: all_organizations().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(OrganizationKind.choices),
        weight=1,
    )
    search.register(
        AdministrativeUnit,
        result_type="unit",
        label=_("Unit"),
        to_document=unit_document,
        public_objects=lambda: all_units().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(UnitKind.choices),
        weight=0,
    )
