"""Reads of the members app that other apps' screens reuse."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value

from organizations.models import AdministrativeUnit

from .models import Assignment


def own_areas_first(user, areas: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
    """``areas`` with those the user's person answers for today first (their assignments), each group
    in the QuerySet's own order."""
    if getattr(user, "person_id", None) is None:
        mine = Value(False, output_field=BooleanField())
    else:
        mine = Exists(
            Assignment.objects.current().filter(person_id=user.person_id, residential_area=OuterRef("pk"))
        )
    return areas.annotate(is_mine=mine).order_by("-is_mine", *areas.query.order_by)
