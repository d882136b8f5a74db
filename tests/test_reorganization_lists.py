"""Lists "as it was" and "as it is now" (issue #10), on the demo data.

Every list that takes a unit offers both views (``organizations.fields.UnitViewFilterSet``): the
view only changes how the unit filter applies, so without a unit both list the same records; the
counts per unit add up to the same total both ways (per today's unit as it is now, per old and new
unit as it was); the new Phường Phước Hội as it is now holds the records of old Phước Hội, Phước
Lộc and Tân Phước, as it was only its own; and a page costs the same number of queries either way.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from concerns.hotspots import detect_hotspots
from concerns.models import Concern
from core import caching
from organizations.models import AdministrativeUnit
from tests.factories import ConcernFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db

NOW, WAS = "now", "was"
PERIOD_2021_2026 = (datetime.date(2021, 1, 1), datetime.date(2026, 12, 31))
OLD_PHUOC_HOI = ("LG-PH", "LG-PL", "LG-TP")
NEW_PHUOC_HOI = "LD-PPHUOCHOI"
# The wards and communes of La Gi before 1 July 2025 and the three units since.
OLD_UNITS = ("LG-PH", "LG-PL", "LG-TA", "LG-TT", "LG-BT", "LG-TH", "LG-TTI", "LG-TB", "LG-TP")
NEW_UNITS = ("LD-PLAGI", NEW_PHUOC_HOI, "LD-XTANHAI")


def _period(after: str, before: str) -> dict[str, str]:
    start, end = PERIOD_2021_2026
    return {after: start.isoformat(), before: end.isoformat()}


# name: (URL name, demo account or None for a visitor, the 2021–2026 period where the list has one)
LISTS = {
    "activities": ("activities:list", "admin", _period("date_from", "date_to")),
    "public_activities": ("portal:activity_list", None, _period("date_from", "date_to")),
    "concerns": ("concerns:inbox", "admin", _period("received_after", "received_before")),
    "supervisions": ("oversight:supervision_list", "admin", {}),
    "inspections": ("oversight:inspection_list", "admin", {}),
    "projects": ("oversight:project_list", "admin", {}),
    "public_projects": ("oversight_public:project_list", None, {}),
    "recommendations": ("oversight:recommendation_inbox", "admin", {}),
    "houses": ("social:house_list", "admin", {}),
    "public_houses": ("social_public:house_list", None, {}),
    "loan_groups": ("social:group_list", "admin", {}),
}
# The lists whose unit choices hold every old and new ward and commune (the public lists of
# projects and houses offer only the units that have one).
EVERY_UNIT_LISTS = sorted(set(LISTS) - {"public_projects", "public_houses"})


def empty_caches() -> None:
    """A visitor's pages are cached, and a cached page has no context to count."""
    cache.clear()
    caching.forget_local_cache()


@pytest.fixture
def open_list(login_as):
    """``get(name, **params)``: the list's response, never from the page cache."""

    def get(name: str, *, count_queries: list[int] | None = None, **params):
        url_name, account, period = LISTS[name]
        client = login_as(account)
        empty_caches()
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(url_name), {**period, **params})
        assert response.status_code == 200
        if count_queries is not None:
            count_queries.append(len(context.captured_queries))
        return response

    return get


def total(response) -> int:
    """The number of records the list shows: its paginator's count, or for a list that is not
    counted (the work log, ``core.views.OpenPage``) the rows of the filter it pages through."""
    filterset = response.context["filter"]
    assert not filterset.form.errors, filterset.form.errors
    page = response.context["page"]
    return page.paginator.count if getattr(page, "paginator", None) else filterset.qs.count()


def count(open_list, name: str, code: str, view: str) -> int:
    return total(open_list(name, unit=unit(code).pk, view=view))


# --- both views list the same records when no unit is chosen --------------------------------------


@pytest.mark.parametrize("name", sorted(LISTS))
def test_without_a_unit_both_views_list_the_same_records(open_list, name):
    everything = total(open_list(name))
    assert total(open_list(name, view=NOW)) == total(open_list(name, view=WAS)) == everything
    if name in ("activities", "public_activities", "concerns"):
        assert everything > 0


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_view_is_offered_with_as_it_is_now_chosen(open_list, name):
    response = open_list(name)
    field = response.context["filter"].form["view"]
    assert [value for value, _label in field.field.choices] == [NOW, WAS]
    assert field.value() == NOW
    html = response.content.decode()
    assert 'name="view" value="now"  id="id_view_0" checked' in html
    assert 'name="view" value="was"' in html


# --- the counts per unit add up the same both ways ------------------------------------------------


@pytest.mark.parametrize("name", EVERY_UNIT_LISTS)
def test_the_counts_per_unit_add_up_to_the_same_total_both_ways(open_list, name):
    choices = open_list(name).context["filter"].form.fields["unit"].queryset
    assert set(OLD_UNITS + NEW_UNITS) <= set(choices.values_list("code", flat=True))
    per_unit_of_today = sum(count(open_list, name, code, NOW) for code in NEW_UNITS)
    per_unit_then = sum(count(open_list, name, code, WAS) for code in OLD_UNITS + NEW_UNITS)
    # Every demo record lies in a ward or commune of La Gi (or in one of their residential areas).
    assert per_unit_of_today == per_unit_then == total(open_list(name))


def test_the_province_holds_everything_as_it_is_now_and_the_two_provinces_as_they_were(open_list):
    """The concerns inbox offers every unit: Lâm Đồng as it is now (and Bình Thuận, which became
    part of it) holds every concern; as it was, Bình Thuận holds those before 1 July 2025 and
    Lâm Đồng those since, together the same total."""
    everything = total(open_list("concerns"))
    assert count(open_list, "concerns", "LD", NOW) == count(open_list, "concerns", "BT", NOW) == everything
    then = count(open_list, "concerns", "BT", WAS) + count(open_list, "concerns", "LD", WAS)
    assert then == everything
    assert 0 < count(open_list, "concerns", "LD", WAS) < everything


# --- the new Phường Phước Hội ---------------------------------------------------------------------


def logged_in(records, codes, date_field: str) -> int:
    """The records logged in these units or in their residential areas, in 2021–2026."""
    where = Q(unit__code__in=codes) | Q(unit__parent__code__in=codes)
    return records.filter(where, **{f"{date_field}__range": PERIOD_2021_2026}).count()


@pytest.mark.parametrize(
    ("name", "model", "date_field"),
    [
        ("activities", Activity, "date"),
        ("concerns", Concern, "received_on"),
    ],
)
def test_phuoc_hoi_as_it_is_now_holds_the_three_units_it_was_formed_from(open_list, name, model, date_field):
    old = logged_in(model.objects.all(), OLD_PHUOC_HOI, date_field)
    new = logged_in(model.objects.all(), [NEW_PHUOC_HOI], date_field)
    assert old > 0 and new > 0
    assert count(open_list, name, NEW_PHUOC_HOI, NOW) == old + new
    assert count(open_list, name, NEW_PHUOC_HOI, WAS) == new
    # An old unit as it was holds its own records; as it is now it stands for the unit it became.
    assert count(open_list, name, "LG-PL", WAS) == logged_in(model.objects.all(), ["LG-PL"], date_field)
    assert count(open_list, name, "LG-PL", NOW) == old + new


def test_the_public_list_of_phuoc_hoi_holds_the_old_units_as_it_is_now(open_list):
    published = Activity.objects.published()
    page = open_list("public_activities", unit=unit(NEW_PHUOC_HOI).pk).context["page"]
    assert {row.unit.current_unit_id for row in page} <= {unit(NEW_PHUOC_HOI).pk}
    in_old = logged_in(published, OLD_PHUOC_HOI, "date")
    in_new = logged_in(published, [NEW_PHUOC_HOI], "date")
    assert in_old > 0
    assert count(open_list, "public_activities", NEW_PHUOC_HOI, NOW) == in_old + in_new
    assert count(open_list, "public_activities", NEW_PHUOC_HOI, WAS) == in_new


# --- the same number of queries in both views -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("code", [NEW_PHUOC_HOI, "LG-PH"])
def test_a_list_costs_the_same_queries_in_both_views(open_list, name, code):
    """As it is now is a join to the records' units (``current_unit``), not a query more, for a
    new unit and for an old one (whose unit of today is read by its id)."""
    params = {"unit": unit(code).pk}
    open_list(name, **params)  # warm-up (content types, translations)
    counted: list[int] = []
    pages = [open_list(name, view=view, count_queries=counted, **params) for view in (NOW, WAS)]
    if not all(page.context["page"] for page in pages):
        pytest.skip("an empty page reads no rows: the demo has nothing to compare here")
    assert counted[0] == counted[1]


# --- hot spots, grouped by today's area or by the area of then -------------------------------------


def test_hot_spots_as_it_is_now_group_the_old_area_with_the_area_it_became(settings):
    settings.HOTSPOT_THRESHOLD, settings.HOTSPOT_WINDOW_DAYS = 5, 90
    old_area = AdministrativeUnit.objects.residential_areas().filter(parent__code="LG-PH").first()
    new_area = old_area.current_unit
    assert new_area.parent.code == NEW_PHUOC_HOI
    made = [
        ConcernFactory(unit=where.parent, residential_area=where, category="environment", received_on=day)
        for where, day in [(old_area, datetime.date(2025, 6, 20 + n)) for n in range(3)]
        + [(new_area, datetime.date(2025, 7, 2 + n)) for n in range(3)]
    ]
    concerns = Concern.objects.filter(pk__in=[c.pk for c in made])
    today = datetime.date(2025, 7, 20)
    (spot,) = detect_hotspots(concerns=concerns, today=today)
    assert (spot.place, spot.count) == (new_area, 6)
    assert spot.place_label.startswith(new_area.name) and "phường Phước Hội" in spot.place_label
    assert detect_hotspots(concerns=concerns, today=today, view=WAS) == []
    settings.HOTSPOT_THRESHOLD = 3
    then = detect_hotspots(concerns=concerns, today=today, view=WAS)
    assert {spot.place for spot in then} == {old_area, new_area}


def test_the_dashboard_offers_both_views_of_the_hot_spots(login_as):
    client = login_as("cadre_ward")
    default = client.get(reverse("cadre:dashboard")).content.decode()
    assert '<span class="fw-semibold" aria-current="true">' in default
    assert default.index('aria-current="true">') < default.index('href="?view=was#concerns-panels"')
    as_it_was = client.get(reverse("cadre:dashboard"), {"view": "was"})
    assert as_it_was.context["concerns_hotspots_view"] == WAS
    assert 'href="?view=now#concerns-panels"' in as_it_was.content.decode()
