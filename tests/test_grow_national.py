"""``grow_national`` at a tiny scale: the structure, the work log, the accounts and the index it writes
(``demo.national``), on SQLite (plain inserts) and on PostgreSQL (``COPY``).

The set is written once for the module inside a transaction that is rolled back at its end, so the
rest of the suite never sees it; each test runs in a savepoint of that transaction.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction

from activities.models import DETAILS_MODELS, Activity
from concerns.models import Concern
from core.models import SearchEntry
from demo import bulk
from demo.national import PROVINCE_CADRE, WARD_CADRE, grow
from demo.structure import PASSWORD
from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Authority,
    Organization,
    OrganizationKind,
    UnitKind,
    User,
)
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
K = OrganizationKind
TINY = {"provinces": 2, "communes": 6, "areas": 40, "activities": 500, "concerns": 100}
UNIONS = {K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION, K.TRADE_UNION}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One tiny national set, for every test of the module, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = grow(**TINY, seed=7)
        yield result
        transaction.set_rollback(True)


def units(national):
    return AdministrativeUnit.objects.filter(code__startswith=f"{national.structure.prefix}-")


def organizations(national):
    return Organization.objects.filter(unit__in=units(national))


def activities(national):
    return Activity.objects.filter(unit__in=units(national))


def concerns(national):
    return Concern.objects.filter(unit__in=units(national))


def test_the_numbers_asked_for(national):
    kinds = Counter(units(national).values_list("kind", flat=True))
    assert kinds[UnitKind.PROVINCE] == 2
    assert sum(kinds[kind] for kind in COMMUNE_LEVEL_KINDS) == 6
    assert sum(kinds[kind] for kind in RESIDENTIAL_AREA_KINDS) == 40
    assert activities(national).count() == 500
    assert concerns(national).count() == 100
    organized = Counter(organizations(national).values_list("unit__kind", "kind"))
    for level in (UnitKind.PROVINCE, UnitKind.WARD, UnitKind.COMMUNE):
        count = kinds[level]
        assert organized[(level, K.FRONT_COMMITTEE)] == count
        assert all(organized[(level, kind)] == count for kind in UNIONS), level
    for level, second in ((UnitKind.QUARTER, K.YOUTH_UNION), (UnitKind.VILLAGE, K.FARMERS_ASSOCIATION)):
        count = kinds[level]
        assert organized[(level, K.FRONT_WORKING_COMMITTEE)] == organized[(level, K.MEDIATION_TEAM)] == count
        assert organized[(level, K.WOMENS_UNION)] == organized[(level, second)] == count
    # The People's Committee, People's Council and police of every province, ward and commune.
    authorities = Authority.objects.filter(unit__in=units(national))
    assert authorities.count() == 3 * (2 + 6)
    assert authorities.values("unit", "kind").distinct().count() == 3 * (2 + 6)


def test_every_row_is_demo_data_with_an_invented_marked_name(national):
    for rows in (
        units(national),
        organizations(national),
        Authority.objects.filter(unit__in=units(national)),
        activities(national),
        concerns(national),
    ):
        assert rows.exists() and not rows.filter(is_demo=False).exists(), rows.model
        assert all("(dữ liệu đo tải)" in name for name in rows.values_list(_name(rows.model), flat=True))


def _name(model) -> str:
    return {Activity: "summary", Concern: "summary"}.get(model, "name")


def test_every_area_is_in_a_commune_in_a_province(national):
    by_pk = {unit.pk: unit for unit in units(national)}
    for unit in by_pk.values():
        assert unit.current_unit_id == unit.pk and unit.valid_to is None
        assert unit.valid_from.year < 2020
        if unit.kind == UnitKind.PROVINCE:
            assert unit.parent_id is None
        elif unit.kind in COMMUNE_LEVEL_KINDS:
            assert by_pk[unit.parent_id].kind == UnitKind.PROVINCE
        else:
            commune = by_pk[unit.parent_id]
            assert commune.kind in COMMUNE_LEVEL_KINDS
            assert unit.kind == (UnitKind.QUARTER if commune.kind == UnitKind.WARD else UnitKind.VILLAGE)
    for unit in list(by_pk.values())[:20]:
        unit.full_clean()
    # Every province has a ward or commune, every ward or commune a residential area.
    assert {u.parent_id for u in by_pk.values() if u.kind in COMMUNE_LEVEL_KINDS} == {
        u.pk for u in by_pk.values() if u.kind == UnitKind.PROVINCE
    }
    assert {u.parent_id for u in by_pk.values() if u.kind in RESIDENTIAL_AREA_KINDS} == {
        u.pk for u in by_pk.values() if u.kind in COMMUNE_LEVEL_KINDS
    }


def test_organizations_are_branches_of_the_same_kind_one_level_up(national):
    own_unit_only = (K.FRONT_COMMITTEE, K.FRONT_WORKING_COMMITTEE, K.MEDIATION_TEAM)
    for organization in organizations(national).select_related("unit", "parent__unit"):
        assert organization.valid_from.year < 2020 and organization.valid_to is None
        parent = organization.parent
        if organization.kind in own_unit_only or organization.unit.kind == UnitKind.PROVINCE:
            assert parent is None, organization
        else:
            assert parent.kind == organization.kind, organization
            assert parent.unit_id == organization.unit.parent_id, organization
        organization.full_clean()


def test_activities_are_in_units_of_their_day_with_organizers_of_their_unit(national):
    logged = activities(national).select_related("unit").prefetch_related("organizations")
    assert {activity.unit.parent.parent_id or activity.unit.parent_id for activity in logged} == set(
        units(national).filter(kind=UnitKind.PROVINCE).values_list("pk", flat=True)
    )
    for activity in logged:
        assert activity.unit.kind != UnitKind.PROVINCE
        assert activity.unit.valid_from <= activity.date
        organizers = activity.organizations.all()
        assert organizers and all(o.unit_id == activity.unit_id for o in organizers), activity.pk
        assert all(o.valid_from <= activity.date for o in organizers)
    for kind, model in DETAILS_MODELS.items():
        assert model.objects.filter(activity__in=logged).count() == logged.filter(kind=kind).count(), kind
    for activity in logged.order_by("pk")[:60]:
        activity.full_clean()
        if activity.details is not None:
            activity.details.full_clean()
            activity.details.clean_for(activity)
    published = logged.filter(pk__in=Activity.objects.published())
    assert 0 < published.count() < logged.count()
    assert published.count() == national.published


def test_concerns_go_to_the_authorities_of_their_unit(national):
    followed = concerns(national).select_related("unit", "residential_area", "authority")
    assert len(set(followed.values_list("status", flat=True))) >= 3
    for concern in followed:
        assert concern.unit.kind in COMMUNE_LEVEL_KINDS
        assert concern.residential_area is None or concern.residential_area.parent_id == concern.unit_id
        if concern.authority is not None:
            assert concern.authority.unit_id in (concern.unit_id, concern.unit.parent_id), concern.pk
        concern.full_clean()


def test_the_cadres_see_their_ward_or_province_and_nothing_else(national):
    ward, province = national.accounts[WARD_CADRE], national.accounts[PROVINCE_CADRE]
    assert ward.parent_id == province.pk and ward.kind in COMMUNE_LEVEL_KINDS
    in_ward = activities(national).filter(unit__in=[ward.pk, *ward.children.values_list("pk", flat=True)])
    in_province = activities(national).filter(
        unit__in=units(national).filter(parent__parent=province) | units(national).filter(parent=province)
    )
    assert in_ward.exists() and in_province.count() > in_ward.count()
    assert activities(national).exclude(pk__in=in_province).exists()
    for username, expected in ((WARD_CADRE, in_ward), (PROVINCE_CADRE, in_province)):
        user = User.objects.get(username=username)
        assert check_password(PASSWORD, user.password)
        assert user.scopes.get().access == "write"
        seen = Activity.objects.visible_to(user).filter(pk__in=activities(national))
        assert set(seen.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))


def test_the_published_activities_and_the_new_places_are_in_the_search_index(national):
    entries = SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(Activity))
    published = activities(national).filter(pk__in=Activity.objects.published())
    indexed = entries.filter(object_id__in=list(activities(national).values_list("pk", flat=True)))
    assert set(indexed.values_list("object_id", flat=True)) == set(published.values_list("pk", flat=True))
    assert not indexed.filter(is_demo=False).exists()
    unit_type = ContentType.objects.get_for_model(AdministrativeUnit)
    unit_ids = list(units(national).values_list("pk", flat=True))
    assert SearchEntry.objects.filter(content_type=unit_type, object_id__in=unit_ids).count() == 48


def test_a_second_run_adds_a_set_beside_the_first(national):
    first = set(units(national).values_list("pk", flat=True))
    last_activity = activities(national).order_by("-pk").values_list("pk", flat=True).first()
    out = io.StringIO()
    call_command("grow_national", **TINY, seed=7, stdout=out)

    second = AdministrativeUnit.objects.filter(code__startswith=f"QG{national.structure.run + 1}-")
    assert second.count() == len(first) and not first & set(second.values_list("pk", flat=True))
    assert Activity.objects.filter(unit__in=second).count() == 500
    assert min(Activity.objects.filter(unit__in=second).values_list("pk", flat=True)) > last_activity
    text = out.getvalue()
    assert "organizers" in text and "search index" in text and PASSWORD in text
    # The accounts move to the second set.
    assert (
        User.objects.get(username=WARD_CADRE)
        .scopes.get()
        .unit.code.startswith(f"QG{national.structure.run + 1}-")
    )
    # The tables' own ids come after the loader's.
    loaded = Activity.objects.filter(unit__in=second).order_by("-pk").first()
    made = Activity.objects.create(kind="other", date=loaded.date, unit=loaded.unit, summary="Sau")
    assert made.pk > loaded.pk


def test_it_refuses_a_database_with_records_that_are_not_demo_data(national):
    OrganizationFactory(unit=AdministrativeUnit.objects.get(code="LD-PLAGI"), is_demo=False)
    before = AdministrativeUnit.objects.count()
    with pytest.raises(CommandError, match="not demo data"):
        call_command("grow_national", **TINY, stdout=io.StringIO())
    assert AdministrativeUnit.objects.count() == before


def test_it_refuses_numbers_that_do_not_nest(national):
    with pytest.raises(CommandError, match="at least one province"):
        call_command("grow_national", provinces=3, communes=2, areas=10, stdout=io.StringIO())


def test_a_bulk_table_names_the_column_it_has_no_value_for():
    with pytest.raises(ValueError, match="AdministrativeUnit.code"):
        bulk.Table(AdministrativeUnit, ["name", "kind"])
