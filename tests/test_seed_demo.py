"""The demo data: structure of the 2025 reorganization, organizations, people, accounts."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from organizations.models import (
    Access,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Person,
    Position,
    Scope,
    Term,
    UnitKind,
    UnitLineage,
    User,
)
from organizations.scoping import scope_for

pytestmark = pytest.mark.django_db

OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)
SUCCESSORS = {
    "Phường Phước Hội": "LD-PPHUOCHOI",
    "Phường Phước Lộc": "LD-PPHUOCHOI",
    "Xã Tân Phước": "LD-PPHUOCHOI",
    "Phường Tân An": "LD-PLAGI",
    "Phường Bình Tân": "LD-PLAGI",
    "Phường Tân Thiện": "LD-PLAGI",
    "Xã Tân Bình": "LD-PLAGI",
    "Xã Tân Hải": "LD-XTANHAI",
    "Xã Tân Tiến": "LD-XTANHAI",
}
COMMUNE_LEVEL = (UnitKind.WARD, UnitKind.COMMUNE)
ASSOCIATIONS = {
    OrganizationKind.WOMENS_UNION,
    OrganizationKind.FARMERS_ASSOCIATION,
    OrganizationKind.YOUTH_UNION,
    OrganizationKind.VETERANS_ASSOCIATION,
}
MODELS = (AdministrativeUnit, Organization, Term, Person, Position, User, Scope)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_second_run_changes_nothing():
    before = _counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_run_restores_a_changed_demo_value():
    unit = AdministrativeUnit.objects.get(code="LG-TA")
    unit.name = "Renamed"
    unit.save()
    user = User.objects.get(username="cadre_ward")
    user.set_password("something-else")
    user.first_name = "Changed"
    user.save()
    Scope.objects.filter(user=user).delete()
    log_entries = LogEntry.objects.count()
    call_command("seed_demo", verbosity=0)
    assert AdministrativeUnit.objects.get(code="LG-TA").name == "Phường Tân An"
    user.refresh_from_db()
    assert user.check_password("lagi-demo-2025")
    assert user.first_name != "Changed"
    assert Scope.objects.filter(user=user).count() == 1  # Phường Phước Hội: the lineage covers the rest
    assert LogEntry.objects.count() == log_entries, "seeding is not audit-logged"


def test_verbose_run_prints_logins(capsys):
    call_command("seed_demo", verbosity=1)
    out = capsys.readouterr().out
    for username in ("admin", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer"):
        assert username in out
    assert "lagi-demo-2025" in out


def test_quiet_run_prints_nothing(capsys):
    call_command("seed_demo", verbosity=0)
    assert capsys.readouterr().out == ""


def test_nine_old_units_under_the_town_with_their_successors():
    town = AdministrativeUnit.objects.get(kind=UnitKind.TOWN, name="Thị xã La Gi")
    assert town.valid_to == OLD_END
    assert town.parent.name == "Tỉnh Bình Thuận"
    assert became(town.parent).name == "Tỉnh Lâm Đồng"
    old = AdministrativeUnit.objects.filter(parent=town)
    assert {unit.name: became(unit).code for unit in old} == SUCCESSORS
    for unit in old:
        assert unit.kind in COMMUNE_LEVEL
        assert unit.valid_to == OLD_END
        assert unit.valid_from is None or unit.valid_from <= datetime.date(2020, 1, 1)
        assert became(unit).valid_from == NEW_START


def became(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The one unit ``unit`` became (merged into)."""
    (row,) = UnitLineage.objects.filter(before=unit).select_related("after")
    return row.after


def test_three_new_units_under_lam_dong():
    province = AdministrativeUnit.objects.get(code="LD")
    assert province.valid_from is None and province.valid_to is None
    new = AdministrativeUnit.objects.filter(parent=province)
    assert sorted(unit.name for unit in new) == ["Phường La Gi", "Phường Phước Hội", "Xã Tân Hải"]
    for unit in new:
        assert unit.valid_from == NEW_START and unit.valid_to is None
        assert unit.came_from.count() >= 2


def test_unit_structure_by_date():
    old_day, new_day = datetime.date(2023, 5, 1), datetime.date(2026, 1, 1)
    commune_level = AdministrativeUnit.objects.filter(kind__in=COMMUNE_LEVEL, parent__isnull=False)
    assert commune_level.current(old_day).count() == 9
    assert commune_level.current(new_day).count() == 3


def test_residential_areas_under_each_unit():
    for unit in AdministrativeUnit.objects.filter(kind__in=COMMUNE_LEVEL):
        areas = list(unit.children.residential_areas())
        assert len(areas) >= 3, unit
        for area in areas:
            assert area.is_demo
            if unit.valid_to == OLD_END:
                assert area.valid_to == OLD_END
                assert became(area).parent_id == became(unit).pk
            else:
                # Khu phố 7A and 7B of Phường Phước Hội come from the (invented) split of 01/03/2026.
                assert area.valid_from in (NEW_START, datetime.date(2026, 3, 1)), area


def test_every_commune_level_unit_has_its_organizations():
    for unit in AdministrativeUnit.objects.filter(kind__in=COMMUNE_LEVEL):
        kinds = set(
            Organization.objects.filter(unit=unit, parent__isnull=True).values_list("kind", flat=True)
        )
        assert {
            OrganizationKind.FRONT_COMMITTEE,
            OrganizationKind.INSPECTION_BOARD,
        } | ASSOCIATIONS <= kinds, unit
        if unit.valid_from == NEW_START:
            assert {
                OrganizationKind.RED_CROSS,
                OrganizationKind.ELDERLY_ASSOCIATION,
                OrganizationKind.STUDY_PROMOTION,
                OrganizationKind.TRADE_UNION,
            } <= kinds
        for org in Organization.objects.filter(unit=unit):
            if unit.valid_to == OLD_END:
                assert org.valid_to is not None and org.valid_to <= OLD_END
            else:
                assert org.valid_from >= NEW_START and org.valid_to is None


def test_branches_have_the_association_of_their_unit_as_parent():
    areas = AdministrativeUnit.objects.residential_areas()
    for area in areas:
        branches = Organization.objects.filter(unit=area, kind__in=ASSOCIATIONS, parent__unit=area.parent)
        assert {b.kind for b in branches} == ASSOCIATIONS, area
        for branch in branches:
            assert branch.parent.kind == branch.kind
        kinds = set(Organization.objects.filter(unit=area).values_list("kind", flat=True))
        assert {OrganizationKind.FRONT_WORKING_COMMITTEE, OrganizationKind.MEDIATION_TEAM} <= kinds
    assert Organization.objects.filter(parent__unit__in=areas).exists(), "some branches have groups"


def test_front_committee_terms_and_leaders():
    old = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LG-PH")
    assert (2019, 2024) in {(t.start.year, t.end.year) for t in old.terms.all()}
    new = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PPHUOCHOI")
    assert [(t.start.year, t.end.year) for t in new.terms.all()] == [(2025, 2030)]
    titles = list(new.positions.current(datetime.date(2026, 1, 1)).values_list("title", flat=True))
    assert titles.count("chair") == 1 and titles.count("vice_chair") >= 2


def test_leaders_of_old_units_carry_on_in_the_new_units():
    carried = Person.objects.filter(positions__end=OLD_END).filter(positions__start=NEW_START).distinct()
    assert carried.count() > 20


def test_seeded_rows_pass_validation():
    for unit in AdministrativeUnit.objects.all():
        unit.full_clean()
    for org in Organization.objects.filter(unit__code__startswith="LD-PLAGI"):
        org.full_clean()
    for term in Term.objects.all():
        term.full_clean()
    for person in Person.objects.all():
        person.full_clean()
    for position in Position.objects.select_related("term"):
        position.full_clean()
    for user in User.objects.all():
        user.full_clean()


def test_people_live_where_they_work():
    for person in Person.objects.prefetch_related("positions__organization"):
        latest = max(person.positions.all(), key=lambda p: p.start)
        assert person.unit_id == latest.organization.unit_id, person


def test_people_are_demo_with_unique_private_contacts():
    people = Person.objects.all()
    assert 200 <= people.count() <= 800
    assert all(p.is_demo for p in people)
    phones = [p.phone for p in people]
    emails = [p.email for p in people]
    assert len(set(phones)) == len(phones)
    assert len(set(emails)) == len(emails)
    for phone in phones:
        assert len(phone) == 10 and phone.isdigit() and phone[:2] in {"09", "03", "08", "07"}
    assert Person.objects.filter(positions__isnull=True).count() == 0


def test_some_people_hold_two_organizations():
    two = [
        p
        for p in Person.objects.prefetch_related("positions")
        if len({x.organization_id for x in p.positions.all()}) > 1
    ]
    assert len(two) > 50


def test_organizations_have_public_fields():
    for org in Organization.objects.exclude(unit__kind__in=(UnitKind.QUARTER, UnitKind.VILLAGE)):
        assert org.description and org.office_address and org.public_contact, org
        assert org.is_demo


def test_investment_monitoring_boards():
    boards = Organization.objects.filter(kind=OrganizationKind.INVESTMENT_MONITORING_BOARD)
    assert boards.filter(valid_to__isnull=True).count() == 3
    assert boards.filter(valid_to__lt=OLD_END).exists()
    for board in boards:
        assert board.positions.count() >= 5


def _scopes(username: str) -> set[tuple[str, str]]:
    return {
        (s.unit.code if s.unit else s.organization.name, s.access)
        for s in Scope.objects.filter(user__username=username).select_related("unit", "organization")
    }


def test_accounts_and_scopes(demo_user):
    admin = demo_user("admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password("lagi-demo-2025")
    # Lâm Đồng covers the units it came from; the town was dissolved, so nothing of today covers it.
    everything = {"LD", "BT-LAGI"}
    assert _scopes("cadre_area") == {(code, Access.WRITE) for code in everything}
    assert _scopes("cadre_viewer") == {(code, Access.READ) for code in everything}
    assert _scopes("cadre_ward") == {("LD-PPHUOCHOI", Access.WRITE)}
    assert _scopes("cadre_women") == {("Hội Liên hiệp Phụ nữ phường La Gi", Access.WRITE)}
    for username in ("cadre_area", "cadre_ward", "cadre_women", "cadre_viewer"):
        user = demo_user(username)
        assert user.person is not None and user.first_name and user.last_name
        assert not user.is_staff
        assert user.check_password("lagi-demo-2025")


def test_cadre_ward_covers_phuoc_loc_but_not_tan_an(demo_user):
    scope = scope_for(demo_user("cadre_ward"))
    phuoc_loc = AdministrativeUnit.objects.get(code="LG-PL")
    tan_an = AdministrativeUnit.objects.get(code="LG-TA")
    assert scope.can_write_unit(phuoc_loc.pk)
    assert phuoc_loc.children.exists() and all(scope.can_write_unit(a.pk) for a in phuoc_loc.children.all())
    assert not scope.can_read_unit(tan_an.pk)


def test_cadre_women_covers_the_branches_only(demo_user):
    scope = scope_for(demo_user("cadre_women"))
    union = Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường La Gi")
    assert scope.can_write_org(union.pk)
    assert union.branches.exists() and all(scope.can_write_org(b.pk) for b in union.branches.all())
    farmers = Organization.objects.get(name="Hội Nông dân phường La Gi")
    assert not scope.can_read_org(farmers.pk)
    assert not scope.readable_unit_ids


def test_viewer_reads_everything_but_writes_nothing(demo_user):
    scope = scope_for(demo_user("cadre_viewer"))
    assert not scope.can_write
    assert set(AdministrativeUnit.objects.filter(code__startswith="LG-").values_list("pk", flat=True)) <= (
        scope.readable_unit_ids
    )
