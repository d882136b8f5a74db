"""The choices of the cadre and residents' forms: the organizer of a new activity defaults to the
cadre's own organization or the unit's Front committee (never the last one used) in a short list
grouped by unit; residential areas follow the ward chosen through small scoped endpoints; numbered
names sort as people count; and the wording asks each thing once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, VoterContactDetails
from concerns.models import Concern, ConcernStatus
from core.formatting import natural_key
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationKind
from tests.helpers import la_gi_womens_union, unit

from .test_activities_common import NEW_PHUOC_HOI, kind_url, org
from .test_activities_views_forms import common_post

pytestmark = pytest.mark.django_db

AREAS = reverse("cadre:area_options")
ORGANIZERS = reverse("cadre:organizer_options")
PUBLIC_AREAS = reverse("concerns_public:area_options")


def checked_organizers(content: str) -> list[str]:
    return re.findall(r'name="organizations" value="(\d+)" id="[^"]+" checked', content)


def organizer_boxes(content: str) -> int:
    return len(re.findall(r'type="checkbox" class="form-check-input" name="organizations"', content))


# The organizer of a new activity ----------------------------------------------------------------


def test_a_ward_cadre_starts_with_the_front_committee_of_the_ward(login_as):
    content = login_as("cadre_ward").get(kind_url("voter_contact")).content.decode()
    assert checked_organizers(content) == [str(org(NEW_PHUOC_HOI).pk)]
    # The chosen one heads the list, in its own group, before the groups of the units.
    committee = content.index(f'name="organizations" value="{org(NEW_PHUOC_HOI).pk}"')
    assert (
        content.index('id="id_organizations_group_0"')
        < committee
        < content.index('id="id_organizations_group_1"')
    )


def test_an_organizations_cadre_starts_with_their_own_organization(login_as):
    content = login_as("cadre_women").get(kind_url("meeting")).content.decode()
    assert checked_organizers(content) == [str(la_gi_womens_union().pk)]


def test_the_organizer_of_the_last_entry_is_not_carried_over(login_as):
    client = login_as("cadre_ward")
    team = org(f"{NEW_PHUOC_HOI}-KP03", OrganizationKind.MEDIATION_TEAM)
    data = common_post(
        organizations=[team.pk], level="commune_council", timing="before", session="Kỳ họp thứ 5",
        deputies_present="", voters_attending="40", opinions_count="3",
    )  # fmt: skip
    response = client.post(kind_url("voter_contact"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    content = client.get(kind_url("voter_contact")).content.decode()
    assert checked_organizers(content) == [str(org(NEW_PHUOC_HOI).pk)]


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_area", "admin"])
def test_the_organizer_list_stays_short(login_as, username):
    content = login_as(username).get(kind_url("meeting")).content.decode()
    assert 0 < organizer_boxes(content) <= 100
    assert "<select" not in content[content.index('id="div_id_organizations"') :].split("</fieldset>")[0]


def test_an_edited_activity_keeps_its_organizers_shown_first(login_as):
    activity = Activity.objects.filter(unit__code=NEW_PHUOC_HOI).order_by("pk").first()
    chosen = {str(pk) for pk in activity.organizations.values_list("pk", flat=True)}
    content = login_as("cadre_ward").get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert set(checked_organizers(content)) == chosen
    start = content.index('id="id_organizations_group_0"')
    chosen_group = content[start : content.find('id="id_organizations_group_1"', start)]
    assert ("Đã chọn" in chosen_group or "Chosen" in chosen_group) and all(
        f'name="organizations" value="{pk}"' in chosen_group for pk in chosen
    )


def test_a_voter_contact_counts_its_people_once(login_as):
    client = login_as("cadre_ward")
    form = client.get(kind_url("voter_contact")).context["form"]
    assert "participants_count" not in form.fields
    data = common_post(
        level="commune_council", timing="before", session="ONE-COUNT", deputies_present="",
        voters_attending="57", opinions_count="4",
    )  # fmt: skip
    data.pop("participants_count")
    assert client.post(kind_url("voter_contact"), data).status_code == 302
    details = VoterContactDetails.objects.get(session="ONE-COUNT")
    assert details.activity.participants_count == 57


# The endpoints of the narrowed choices ------------------------------------------------------------


def test_the_areas_of_a_ward_in_natural_order(login_as):
    ward = unit(NEW_PHUOC_HOI)
    options = login_as("cadre_ward").get(AREAS, {"parent": ward.pk}).json()["options"]
    expected = set(
        AdministrativeUnit.objects.filter(parent=ward, kind__in=RESIDENTIAL_AREA_KINDS).values_list(
            "pk", flat=True
        )
    )
    assert {pk for pk, _label in options} == expected
    names = [label.split(" – ")[0] for _pk, label in options if "(" not in label]  # today's, first
    assert names[:3] == ["Khu phố 1", "Khu phố 2", "Khu phố 3"] and names[-1] == "Khu phố 11"
    assert names == sorted(names, key=natural_key)
    assert all(" – phường Phước Hội" in label for _pk, label in options)  # the full path


def test_another_units_areas_are_not_served_to_a_cadre(login_as):
    client = login_as("cadre_ward")
    assert client.get(AREAS, {"parent": unit("LD-PLAGI").pk}).status_code == 404
    assert client.get(ORGANIZERS, {"parent": unit("LD-PLAGI").pk}).status_code == 404
    assert client.get(AREAS, {"parent": "x"}).status_code == 404
    assert client.get(AREAS).status_code == 404


def test_the_organizers_of_a_unit_start_with_the_chosen(login_as, demo_user):
    client = login_as("cadre_ward")
    chosen = org(NEW_PHUOC_HOI)
    groups = client.get(ORGANIZERS, {"parent": unit(NEW_PHUOC_HOI).pk, "chosen": chosen.pk}).json()["groups"]
    assert groups[0][1] == [[chosen.pk, chosen.name]]
    offered = [pk for _heading, options in groups for pk, _label in options]
    assert len(offered) == len(set(offered)) <= 100
    editable = set(Organization.objects.editable_by(demo_user("cadre_ward")).values_list("pk", flat=True))
    assert set(offered) <= editable


def test_the_public_endpoint_serves_only_todays_areas_of_an_open_ward(client):
    ward = unit(NEW_PHUOC_HOI)
    options = client.get(PUBLIC_AREAS, {"parent": ward.pk}).json()["options"]
    current = AdministrativeUnit.objects.current(timezone.localdate())
    expected = set(current.filter(parent=ward, kind__in=RESIDENTIAL_AREA_KINDS).values_list("pk", flat=True))
    assert {pk for pk, _name in options} == expected
    names = [name for _pk, name in options]
    assert names == sorted(names, key=natural_key)
    for closed_or_not_a_ward in (unit("LG-PH"), unit(f"{NEW_PHUOC_HOI}-KP01")):
        assert client.get(PUBLIC_AREAS, {"parent": closed_or_not_a_ward.pk}).status_code == 404


def test_the_area_lists_say_where_they_follow_the_ward(login_as, client):
    public = client.get(reverse("concerns_public:raise")).content.decode()
    assert re.search(
        rf'name="residential_area"[^>]*data-narrowed-by="id_unit"[^>]*data-options-url="{PUBLIC_AREAS}"',
        public,
    )
    cadre = login_as("cadre_ward")
    for url in (reverse("concerns:create"), kind_url("visit")):
        content = cadre.get(url).content.decode()
        assert re.search(
            rf'name="residential_area"[^>]*data-narrowed-by="id_unit"[^>]*data-options-url="{AREAS}"', content
        )


def test_a_wrong_area_without_javascript_is_refused_with_a_message(client):
    data = {
        "category": "environment",
        "unit": unit("LD-PLAGI").pk,
        "residential_area": unit(f"{NEW_PHUOC_HOI}-KP01").pk,
        "description": "Đường ngập nước sau mưa lớn ở khu phố.",
    }
    response = client.post(reverse("concerns_public:raise"), data)
    assert "residential_area" in response.context["form"].errors


# Natural order ----------------------------------------------------------------------------------


def test_residential_areas_are_offered_in_natural_order(login_as):
    field = login_as("cadre_ward").get(reverse("concerns:create")).context["form"].fields["residential_area"]
    labels = [str(label) for value, label in field.choices if value]
    current = [label for label in labels if "(" not in label and label.endswith("phường Phước Hội")]
    assert len(current) > 10
    assert current == sorted(current, key=natural_key)


def test_natural_key_counts_numbers():
    names = ["Khu phố 10", "Khu phố 2", "khu phố 1", "Khu phố 11"]
    assert sorted(names, key=natural_key) == ["khu phố 1", "Khu phố 2", "Khu phố 10", "Khu phố 11"]


# Wording ---------------------------------------------------------------------------------------


def test_the_answer_says_the_resident_reads_it(login_as):
    concern = Concern.objects.filter(unit__code=NEW_PHUOC_HOI, status=ConcernStatus.FORWARDED).first()
    assert concern is not None
    content = login_as("cadre_ward").get(reverse("concerns:answer", args=[concern.pk])).content.decode()
    assert "public status page" in content or "trang theo dõi công khai" in content


def test_a_concern_raised_at_a_visit_names_it_once(login_as):
    concern = Concern.objects.filter(unit__code=NEW_PHUOC_HOI, activity__isnull=False).first()
    content = login_as("cadre_ward").get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    raised_at = content[
        content.index("</dt>", content.index("Nêu tại")) : content.index("</dd>", content.index("Nêu tại"))
    ]
    assert str(concern.activity) in raised_at
    assert concern.get_source_display() not in raised_at.replace(str(concern.activity), "")
