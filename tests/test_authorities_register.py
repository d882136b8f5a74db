"""The register of authorities: the choices a cadre is offered (their units', the units' above and
the national bodies on the date sent, grouped by unit), the "did not exist on" check, and the
register kept by administrators only, through its service (validated, audited) and the admin."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from organizations.choices import authorities_for
from organizations.fields import AuthorityChoiceField
from organizations.models import Authority, AuthorityKind
from organizations.services_authorities import delete_authority, save_authority
from tests.factories import AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db

K = AuthorityKind
TODAY = datetime.date(2026, 6, 1)
BEFORE = datetime.date(2024, 6, 1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def authority_choices(user, *, on: datetime.date, chosen: int | None = None) -> list:
    """What an authority field offers ``user`` on ``on`` (as the forms call it): its groups."""
    field = AuthorityChoiceField(required=False)
    field.offer(user, on=on, chosen=chosen)
    return [(heading, options) for heading, options in field.choices if isinstance(options, list)]


def names(groups) -> dict[str, list[str]]:
    return {str(heading): [label for _pk, label in options] for heading, options in groups}


def test_a_ward_cadre_is_offered_its_ward_s_bodies_and_the_province_s_today(demo_user):
    national = AuthorityFactory(name="Bộ Thử", kind=K.OTHER)

    offered = names(authority_choices(demo_user("cadre_ward"), on=TODAY))

    assert list(offered) == ["Phường Phước Hội – tỉnh Lâm Đồng", "Tỉnh Lâm Đồng", "National bodies"]
    assert offered["Phường Phước Hội – tỉnh Lâm Đồng"] == [
        "Ủy ban nhân dân phường Phước Hội",
        "Hội đồng nhân dân phường Phước Hội",
        "Công an phường Phước Hội",
    ]
    assert "Sở Xây dựng tỉnh Lâm Đồng" in offered["Tỉnh Lâm Đồng"]
    assert offered["National bodies"] == [national.name]
    flat = [label for labels in offered.values() for label in labels]
    assert "Ủy ban nhân dân phường La Gi" not in flat  # another ward
    assert len(flat) < 30


def test_before_the_merger_the_old_units_town_and_province_are_offered(demo_user):
    offered = names(authority_choices(demo_user("cadre_ward"), on=BEFORE))

    until = " (until 30/06/2025)"
    assert list(offered)[:3] == [
        f"Phường Phước Hội – thị xã La Gi{until}",
        f"Phường Phước Lộc – thị xã La Gi{until}",
        f"Xã Tân Phước – thị xã La Gi{until}",
    ]
    assert f"Phòng Quản lý đô thị thị xã La Gi{until}" in offered[f"Thị xã La Gi – tỉnh Bình Thuận{until}"]
    department = "Sở Tài nguyên và Môi trường tỉnh Bình Thuận (until 28/02/2025)"
    assert department in offered[f"Tỉnh Bình Thuận{until}"]
    flat = [label for labels in offered.values() for label in labels]
    assert "Ủy ban nhân dân xã Tân Hải" not in flat
    assert not any("Nông nghiệp và Môi trường" in label for label in flat)  # from 01/03/2025


def test_the_chosen_authority_stays_offered_with_its_end_date(demo_user):
    old = Authority.objects.get(unit__code="LG-PH", kind=K.PEOPLES_COMMITTEE)

    offered = names(authority_choices(demo_user("cadre_ward"), on=TODAY, chosen=old.pk))

    group = offered["Phường Phước Hội – thị xã La Gi (until 30/06/2025)"]
    assert group == ["Ủy ban nhân dân phường Phước Hội (until 30/06/2025)"]


def test_an_administrator_is_offered_every_current_authority(demo_user):
    offered = names(authority_choices(demo_user("admin"), on=TODAY))

    assert sum(len(labels) for labels in offered.values()) == Authority.objects.current(TODAY).count()


def test_an_account_without_scope_is_offered_the_national_bodies_only():
    national = AuthorityFactory(name="Bộ Thử", kind=K.OTHER)

    assert names(authority_choices(UserFactory(), on=TODAY)) == {"National bodies": [national.name]}


def test_the_choices_cost_one_query(demo_user, django_assert_num_queries):
    user = demo_user("cadre_area")
    authority_choices(user, on=TODAY)  # the scope is read once per request
    with django_assert_num_queries(1):
        authority_choices(user, on=BEFORE)


class SendForm(forms.Form):
    authority = AuthorityChoiceField()
    sent_on = forms.DateField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].offer(user, on=TODAY)

    def clean(self):
        data = super().clean()
        if error := self.fields["authority"].not_current(data.get("authority"), data.get("sent_on")):
            self.add_error("authority", error)
        return data


def test_the_field_refuses_an_authority_that_did_not_exist_on_the_date(demo_user):
    old = Authority.objects.get(unit__code="LG-PH", kind=K.PEOPLES_COMMITTEE)
    user = demo_user("cadre_ward")

    with translation.override("en"):
        form = SendForm({"authority": old.pk, "sent_on": "2025-07-01"}, user=user)
        assert form.errors == {"authority": ["This authority did not exist on 01/07/2025."]}
    assert SendForm({"authority": old.pk, "sent_on": "2025-06-30"}, user=user).is_valid()


def test_the_field_refuses_an_authority_outside_the_user_s_units(demo_user):
    elsewhere = Authority.objects.current(TODAY).get(unit__code="LD-PLAGI", kind=K.PEOPLES_COMMITTEE)

    form = SendForm({"authority": elsewhere.pk, "sent_on": "2026-06-01"}, user=demo_user("cadre_ward"))

    assert "authority" in form.errors
    assert elsewhere not in authorities_for(demo_user("cadre_ward"))


# --- the register is kept by administrators ------------------------------------------------------


def test_an_administrator_saves_an_authority_with_an_audit_entry(demo_user):
    admin = demo_user("admin")
    authority = Authority(name="  Phòng Kinh tế phường Phước Hội ", kind=K.COMMITTEE_OFFICE, answer_days=20)

    save_authority(actor=admin, authority=authority)

    authority.refresh_from_db()
    assert authority.name == "Phòng Kinh tế phường Phước Hội"
    assert LogEntry.objects.get_for_object(authority).get().actor == admin


@pytest.mark.parametrize("username", ["cadre_area", "cadre_ward", "cadre_viewer"])
def test_a_cadre_cannot_change_the_register(demo_user, username):
    authority = AuthorityFactory()
    authority.name = "Đổi tên"

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save_authority(actor=demo_user(username), authority=authority)
    assert refused.value.messages == ["Only administrators can change the register of authorities."]
    with pytest.raises(ValidationError):
        delete_authority(actor=demo_user(username), authority=authority)
    assert Authority.objects.filter(pk=authority.pk).exists()


def test_a_chain_of_successors_cannot_come_back_to_an_authority(demo_user):
    first = AuthorityFactory()
    second = AuthorityFactory(replaced_by=first)
    first.replaced_by = second

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save_authority(actor=demo_user("admin"), authority=first)
    assert refused.value.message_dict == {"replaced_by": ["An authority cannot replace itself."]}


def test_the_days_to_answer_are_between_1_and_365(demo_user):
    with pytest.raises(ValidationError) as refused:
        save_authority(actor=demo_user("admin"), authority=Authority(name="Thử", kind=K.OTHER, answer_days=0))
    assert set(refused.value.message_dict) == {"answer_days"}


def test_the_admin_lists_searches_and_saves_through_the_service(login_as, demo_user):
    client = login_as("admin")
    changelist = reverse("admin:organizations_authority_changelist")

    response = client.get(changelist, {"q": "phước hội", "kind__exact": K.POLICE, "status": "current"})
    assert response.status_code == 200
    assert [a.name for a in response.context["cl"].result_list] == ["Công an phường Phước Hội"]

    committee = Authority.objects.current(TODAY).get(unit__code="LD-PPHUOCHOI", kind=K.PEOPLES_COMMITTEE)
    url = reverse("admin:organizations_authority_change", args=[committee.pk])
    data = {
        "name": committee.name,
        "kind": committee.kind,
        "unit": committee.unit_id,
        "answer_days": "20",
        "valid_from": "2025-07-01",
        "valid_to": "",
        "replaced_by": "",
    }
    assert client.post(url, data).status_code == 302
    committee.refresh_from_db()
    assert committee.answer_days == 20
    assert LogEntry.objects.get_for_object(committee).latest("timestamp").actor == demo_user("admin")


def test_a_cadre_without_the_model_permission_has_no_register_in_the_admin(client, demo_user):
    cadre = UserFactory(is_staff=True)
    client.force_login(cadre)

    assert client.get(reverse("admin:organizations_authority_changelist")).status_code == 403
