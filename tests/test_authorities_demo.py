"""The demo register of authorities (demo/authorities.py): the bodies of the La Gi area before and
after 1 July 2025, the new units' made by the reorganizations and linked to the old ones, every
forwarded demo concern and sent demo recommendation addressed to a body that existed that day, and
the ``authority_of`` helper the other demo seeds use."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

from concerns.models import Concern
from demo.authorities import Register, authority_of, link, seed_before
from organizations.models import AdministrativeUnit, Authority, AuthorityKind, Reorganization
from oversight.models import Recommendation

pytestmark = pytest.mark.django_db

K = AuthorityKind
MERGER = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)


def test_every_demo_authority_is_marked_and_lies_within_its_unit_s_dates():
    authorities = Authority.objects.select_related("unit")
    assert authorities.exists() and not authorities.filter(is_demo=False).exists()
    for authority in authorities:
        unit = authority.unit
        assert (
            authority.valid_from is None or unit.valid_from is None or unit.valid_from <= authority.valid_from
        )
        assert unit.valid_to is None or (authority.valid_to and authority.valid_to <= unit.valid_to), (
            authority
        )


def test_the_old_wards_bodies_end_on_30_06_2025_and_hand_over_to_the_new_ward_s():
    new_committee = Authority.objects.get(unit__code="LD-PPHUOCHOI", kind=K.PEOPLES_COMMITTEE)
    assert (new_committee.name, new_committee.valid_from) == ("Ủy ban nhân dân phường Phước Hội", MERGER)
    old = Authority.objects.filter(unit__code__in=["LG-PH", "LG-PL", "LG-TP"], kind=K.PEOPLES_COMMITTEE)
    assert old.count() == 3
    assert set(old.values_list("valid_to", "replaced_by")) == {(LAST_OLD_DAY, new_committee.pk)}
    # The new units' bodies were opened by the reorganizations, not written by the demo.
    created = {
        pk for r in Reorganization.objects.all() for pk in (r.changes or {}).get("authorities_created", [])
    }
    new_wards = Authority.objects.filter(valid_from=MERGER, unit__code__startswith="LD-P")
    assert set(new_wards.values_list("pk", flat=True)) <= created
    assert {"Công an xã Tân Hải", "Hội đồng nhân dân phường La Gi"} <= set(
        Authority.objects.filter(pk__in=created).values_list("name", flat=True)
    )


def test_the_province_s_bodies_hand_over_to_lam_dong_s():
    pairs = dict(
        Authority.objects.filter(unit__code="BT", replaced_by__isnull=False).values_list(
            "name", "replaced_by__name"
        )
    )
    assert pairs["Ủy ban nhân dân tỉnh Bình Thuận"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert pairs["Sở Xây dựng tỉnh Bình Thuận"] == "Sở Xây dựng tỉnh Lâm Đồng"
    assert (
        pairs["Sở Tài nguyên và Môi trường tỉnh Bình Thuận"] == "Sở Nông nghiệp và Môi trường tỉnh Bình Thuận"
    )
    assert (
        pairs["Sở Nông nghiệp và Môi trường tỉnh Bình Thuận"] == "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng"
    )
    town = Authority.objects.filter(unit__code="BT-LAGI")
    assert set(town.values_list("valid_to", flat=True)) == {LAST_OLD_DAY}
    assert {30, 15, 45} <= set(Authority.objects.values_list("answer_days", flat=True))


def test_every_forwarded_demo_concern_went_to_an_authority_that_existed_that_day():
    forwarded = Concern.objects.filter(is_demo=True, forwarded_on__isnull=False).select_related("authority")
    assert forwarded.count() > 50
    for concern in forwarded:
        assert concern.authority is not None, concern.tracking_code
        assert concern.authority.is_current(concern.forwarded_on), (concern.tracking_code, concern.authority)
    assert not forwarded.filter(due_date__lt=F("forwarded_on")).exists()
    # Before the merger the town's offices were asked too, since then the new wards' bodies.
    assert forwarded.filter(authority__unit__code="BT-LAGI").exists()
    assert forwarded.filter(authority__unit__code="LD-PPHUOCHOI").exists()


def test_every_sent_demo_recommendation_went_to_an_authority_that_existed_that_day():
    recommendations = Recommendation.objects.filter(is_demo=True).select_related("authority")
    assert recommendations.filter(sent_on__isnull=False).count() > 5
    for recommendation in recommendations:
        assert recommendation.authority is not None, recommendation.pk
        if recommendation.sent_on:
            assert recommendation.authority.is_current(recommendation.sent_on), recommendation.pk
    assert recommendations.filter(authority__name="Công ty TNHH Xây dựng Thành Đạt").exists()


def test_authority_of_finds_the_body_of_a_unit_on_a_day_or_its_successor():
    old_ward = AdministrativeUnit.objects.get(code="LG-PL")
    new_ward = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    area = new_ward.children.order_by("code").first()

    assert authority_of(old_ward, K.POLICE, datetime.date(2024, 3, 1)).name == "Công an phường Phước Lộc"
    assert authority_of(old_ward, K.POLICE).valid_to == LAST_OLD_DAY  # the ended unit's last day
    # An old ward's body on a day after the merger: the new ward's.
    assert authority_of(old_ward, K.PEOPLES_COMMITTEE, datetime.date(2025, 7, 3)).unit == new_ward
    assert authority_of(area, K.PEOPLES_COMMITTEE).unit == new_ward
    assert authority_of(new_ward, K.UTILITY) is None

    register = Register()
    assert register.of(old_ward, K.PEOPLES_COMMITTEE, datetime.date(2025, 7, 3)).unit == new_ward
    assert register.named("Điện lực La Gi", datetime.date(2024, 1, 1)).unit.code == "BT"
    assert register.named("Điện lực La Gi", datetime.date(2026, 1, 1)).unit.code == "LD"


def test_seeding_the_register_again_changes_nothing():
    units = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    keys = {"2025:LD-PLAGI", "2025:LD-PPHUOCHOI", "2025:LD-XTANHAI", "2025:BT-LAGI", "2025:BT"}
    before = list(Authority.objects.order_by("pk").values())

    assert seed_before(units, keys) == (0, 0)
    link()

    assert list(Authority.objects.order_by("pk").values()) == before
