"""Savings-and-loan groups: who may keep them, the figures entered by hand, the overdue ratio and the
report figures by association and unit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from organizations.models import Organization, OrganizationKind
from social import reports
from social.models import LoanSnapshot, LoanSnapshotLine, SavingsGroup, ratio_percent
from social.services import save_group, save_snapshot
from tests.factories import ScopeFactory
from tests.social_common import area_and_union, make_groups

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 31)


def farmers_cadre():
    """A cadre of the Farmers' Association of Phường La Gi (write scope on it and its branches)."""
    union = Organization.objects.get(
        kind=OrganizationKind.FARMERS_ASSOCIATION, unit__code="LD-PLAGI", parent__isnull=True
    )
    return ScopeFactory(organization=union, unit=None, access="write").user


def test_a_farmers_cadre_cannot_see_or_edit_a_womens_union_group(client, demo_user):
    women_group = SavingsGroup.objects.get(code="TK-LD-PLAGI-KP01-PN")
    farmers_group = SavingsGroup.objects.get(code="TK-LD-PLAGI-KP01-ND")
    cadre = farmers_cadre()
    client.force_login(cadre)

    assert client.get(reverse("social:group_edit", args=[women_group.pk])).status_code == 404
    assert client.get(reverse("social:group_detail", args=[women_group.pk])).status_code == 404
    assert client.get(reverse("social:snapshot_create", args=[women_group.pk])).status_code == 404
    assert client.get(reverse("social:group_edit", args=[farmers_group.pk])).status_code == 200
    with pytest.raises(ValidationError):
        save_group(actor=cadre, group=women_group)

    client.force_login(demo_user("cadre_women"))
    assert client.get(reverse("social:group_edit", args=[women_group.pk])).status_code == 200
    assert client.get(reverse("social:group_edit", args=[farmers_group.pk])).status_code == 404


def test_a_group_cannot_be_moved_to_an_association_outside_the_scope(demo_user):
    cadre = demo_user("cadre_women")
    group = SavingsGroup.objects.get(code="TK-LD-PLAGI-KP01-PN")
    _area, farmers = area_and_union("LD-PLAGI-KP01", OrganizationKind.FARMERS_ASSOCIATION)
    group.association = farmers
    with pytest.raises(ValidationError):
        save_group(actor=cadre, group=group)


def test_a_group_is_managed_by_an_entrusting_association_of_its_ward(demo_user):
    area, _branch = area_and_union()
    elsewhere = Organization.objects.get(
        kind=OrganizationKind.WOMENS_UNION, unit__code="LD-XTANHAI", parent=None
    )
    front = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PLAGI")
    for association in (elsewhere, front):
        group = SavingsGroup(code="X1", name="Tổ thử", unit=area, association=association, founded_on=ON)
        with pytest.raises(ValidationError) as refused:
            save_group(actor=demo_user("admin"), group=group)
        assert "association" in refused.value.message_dict


def lines(*rows) -> list[LoanSnapshotLine]:
    return [
        LoanSnapshotLine(programme=p, outstanding_vnd=o, overdue_vnd=d, frozen_vnd=f, borrowers=b)
        for p, o, d, f, b in rows
    ]


def test_figures_entered_by_hand_are_totalled_and_checked(demo_user):
    group = SavingsGroup.objects.get(code="TK-LD-PPHUOCHOI-KP01-PN")
    cadre = demo_user("cadre_ward")
    snapshot = save_snapshot(
        actor=cadre,
        snapshot=LoanSnapshot(group=group, date=datetime.date(2019, 6, 30)),
        lines=lines(("poor", 300_000_000, 9_000_000, 0, 10), ("water", 100_000_000, 0, 5_000_000, 4)),
    )
    assert (snapshot.outstanding_vnd, snapshot.overdue_vnd, snapshot.frozen_vnd, snapshot.borrowers) == (
        400_000_000,
        9_000_000,
        5_000_000,
        14,
    )
    assert snapshot.overdue_ratio == Decimal("2.25")
    assert snapshot.unit.code == "LG-PH-KP01"  # the area before 1 July 2025

    with pytest.raises(ValidationError) as refused:
        save_snapshot(
            actor=cadre,
            snapshot=LoanSnapshot(group=group, date=datetime.date(2019, 3, 31)),
            lines=lines(("poor", 100_000_000, 120_000_000, 0, 3)),
        )
    assert "overdue_vnd" in refused.value.message_dict
    with pytest.raises(ValidationError):  # the same date twice
        save_snapshot(
            actor=cadre,
            snapshot=LoanSnapshot(group=group, date=datetime.date(2019, 6, 30)),
            lines=lines(("poor", 1, 0, 0, 1)),
        )
    with pytest.raises(ValidationError):  # read-only cadre
        save_snapshot(
            actor=demo_user("cadre_viewer"),
            snapshot=LoanSnapshot(group=group, date=datetime.date(2018, 12, 31)),
            lines=lines(("poor", 1, 0, 0, 1)),
        )


def test_the_figures_form_saves_a_snapshot_and_shows_a_mistake_next_to_its_field(login_as):
    group = SavingsGroup.objects.get(code="TK-LD-PPHUOCHOI-KP02-PN")
    client = login_as("cadre_ward")
    url = reverse("social:snapshot_create", args=[group.pk])
    bad = {"date": "2019-09-30", "poor-outstanding_vnd": "100000000", "poor-overdue_vnd": "200000000"}
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.index('id="id_poor-overdue_vnd"')
        < html.index("text-danger")
        < html.index('id="id_poor-frozen_vnd"')
    )
    good = {"date": "2019-09-30", "poor-outstanding_vnd": "100000000", "poor-overdue_vnd": "2000000"}
    response = client.post(url, good | {"students-outstanding_vnd": "50000000", "students-borrowers": "2"})
    assert response.status_code == 302
    snapshot = LoanSnapshot.objects.get(group=group, date=datetime.date(2019, 9, 30))
    assert (snapshot.outstanding_vnd, snapshot.overdue_vnd, snapshot.lines.count()) == (
        150_000_000,
        2_000_000,
        2,
    )


def test_overdue_ratio():
    assert ratio_percent(6_000_000, 776_000_000) == Decimal("0.77")
    assert ratio_percent(1, 3) == Decimal("33.33")
    assert ratio_percent(0, 500) == Decimal("0.00")
    assert ratio_percent(5, 0) is None


def _snapshot(group, date, outstanding, overdue) -> None:
    snapshot = LoanSnapshot.objects.create(
        group=group, date=date, unit=group.unit, outstanding_vnd=outstanding, overdue_vnd=overdue
    )
    LoanSnapshotLine.objects.create(
        snapshot=snapshot, programme="poor", outstanding_vnd=outstanding, overdue_vnd=overdue
    )


def test_report_figures_by_association_and_unit_use_each_open_group_s_latest_figures():
    women = make_groups(3, prefix="W")
    farmers = make_groups(1, prefix="F", kind=OrganizationKind.FARMERS_ASSOCIATION)
    _snapshot(women[0], datetime.date(2025, 12, 31), 900_000_000, 90_000_000)  # older: ignored
    _snapshot(women[0], ON, 100_000_000, 10_000_000)
    _snapshot(women[1], datetime.date(2025, 12, 31), 300_000_000, 2_000_000)
    _snapshot(women[2], ON, 500_000_000, 50_000_000)
    SavingsGroup.objects.filter(pk=women[2].pk).update(closed_on=datetime.date(2026, 3, 31))
    _snapshot(farmers[0], ON, 200_000_000, 0)
    mine = LoanSnapshot.objects.filter(group__in=[*women, *farmers])

    with translation.override("en"):
        figures = reports.loan_figures(mine, datetime.date(2026, 6, 30))

    by_association = {row.label: row for row in figures.by_association}
    women_row = by_association["Women's Union"]
    assert (women_row.groups, women_row.outstanding, women_row.overdue) == (2, 400_000_000, 12_000_000)
    assert women_row.overdue_ratio == Decimal("3.00")
    assert by_association["Farmers' Association"].overdue_ratio == Decimal("0.00")
    assert [(row.label, row.outstanding) for row in figures.by_unit] == [("Phường La Gi", 600_000_000)]
    assert figures.total.overdue_ratio == Decimal("2.00")
    before = reports.loan_figures(mine, datetime.date(2026, 1, 1))
    assert before.total.outstanding == 900_000_000 + 300_000_000
