"""Choosers (organizations/choosers.py): a unit, organization, person or authority field renders its
whole <select> up to CHOOSER_THRESHOLD options and only the chosen ones above it, with the address
of a JSON endpoint that lists the field's own choices for the user who got the page: logged in
only, the same scope as the field (a token of another user, kind or field is a 404, a parent only
narrows), diacritics and case ignored, 20 at a time in the select's order, at a fixed number of
queries. A post is still checked against the field's QuerySet."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.filters import readable_units
from activities.forms import visit_areas
from concerns.forms import organizations_for_entry, units_for_reading
from concerns.models import Concern
from members.forms import visible_people
from organizations.choosers import PAGE_SIZE, Spec
from organizations.fields import (
    AuthorityChoiceField,
    PersonChoiceField,
    UnitChoiceField,
    offered_authorities,
)
from organizations.models import Authority, AuthorityKind, Organization, User
from tests.factories import OrganizationFactory, PersonFactory, UnitFactory
from tests.helpers import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ACTIVITIES = reverse("activities:list")
PHUOC_HOI = "LD-PPHUOCHOI"
LA_GI = "LD-PLAGI"
TODAY = timezone.localdate()


def select_of(content: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>.*?</select>', content, re.S)
    assert found, f"no select {name}"
    return found.group(0)


def option_values(content: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select_of(content, name))


def chooser_url(content: str, name: str) -> str:
    found = re.search(r'data-chooser-url="([^"]+)"', select_of(content, name))
    assert found, f"the select {name} is not a chooser"
    return html.unescape(found.group(1))


def url_for(function, user, *, order: str = "query", **params) -> str:
    """The endpoint's address for ``function`` and ``user``, as a form's widget would write it."""
    return Spec.of(function, user, params, order=order, queryset=function(user, **params)).url()


def ask(client, url: str, **params):
    return client.get(f"{url}&{urlencode(params)}" if params else url)


def listed(client, url: str, **params) -> list[list]:
    """Every option the endpoint lists, page after page."""
    found, page = [], 1
    while True:
        data = ask(client, url, page=page, **params).json()
        found += data["results"]
        if not data["more"]:
            return found
        page += 1


def ids(results: list[list]) -> set[int]:
    return {pk for pk, _label in results}


# --- the widget ------------------------------------------------------------------------------------


def test_a_short_list_renders_the_whole_select(login_as, demo_user):
    content = login_as("cadre_ward").get(ACTIVITIES).content.decode()
    units = list(readable_units(demo_user("cadre_ward")).values_list("pk", flat=True))
    assert 0 < len(units) <= 100
    assert option_values(content, "unit") == ["", *map(str, units)]
    assert "data-chooser-url" not in select_of(content, "unit")


def test_a_long_list_renders_only_the_chosen_option(login_as, settings):
    settings.CHOOSER_THRESHOLD = 2
    ward = unit(PHUOC_HOI)
    content = login_as("cadre_ward").get(ACTIVITIES, {"unit": ward.pk}).content.decode()
    assert option_values(content, "unit") == ["", str(ward.pk)]
    assert f'<option value="{ward.pk}" selected>Phường Phước Hội' in select_of(content, "unit")
    assert option_values(content, "organization") == [""]
    assert chooser_url(content, "unit").startswith(reverse("cadre:unit_choices") + "?token=")
    assert chooser_url(content, "organization").startswith(reverse("cadre:organization_choices"))
    # What the script says comes with the page, in its language.
    assert "data-chooser-texts=" in select_of(content, "unit")


def test_a_field_costs_the_same_below_and_above_the_threshold(login_as, settings):
    """Up to the threshold the rows read to decide are the options rendered, above it the chosen
    option alone; the chosen option is read on both sides (one query per field with a choice), so
    that a page costs the same in a small scope and in a large one."""
    client = login_as("cadre_ward")
    ward = unit(PHUOC_HOI)

    def cost() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(ACTIVITIES, {"unit": ward.pk}).status_code == 200
        return len(context.captured_queries)

    client.get(ACTIVITIES)  # warm the content-type cache
    short = cost()
    settings.CHOOSER_THRESHOLD = 2
    assert cost() == short


def test_a_multiple_choice_above_the_threshold_keeps_its_chosen_options(login_as, settings):
    settings.CHOOSER_THRESHOLD = 1
    content = login_as("cadre_ward").get(reverse("activities:create_kind", args=["visit"])).content.decode()
    cadres = select_of(content, "cadres")
    assert "multiple" in cadres and "data-chooser-url" in cadres
    assert option_values(content, "cadres") == []
    assert chooser_url(content, "residential_area").startswith(reverse("cadre:unit_choices"))


def test_a_checkbox_list_stays_checkboxes_below_the_threshold(login_as, settings):
    url = reverse("oversight:supervision_create")
    content = login_as("cadre_ward").get(url).content.decode()
    assert re.search(r'type="checkbox" name="participants"', content)
    assert '<select name="participants"' not in content
    settings.CHOOSER_THRESHOLD = 1
    content = login_as("cadre_ward").get(url).content.decode()
    assert 'type="checkbox" name="participants"' not in content
    assert chooser_url(content, "participants").startswith(reverse("cadre:organization_choices"))


# --- the endpoint: who may ask ---------------------------------------------------------------------


def test_the_endpoint_needs_a_login(client, demo_user):
    url = url_for(readable_units, demo_user("cadre_ward"))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_token_made_for_another_user_another_kind_or_altered_is_a_404(login_as, demo_user):
    ward_url = url_for(readable_units, demo_user("cadre_ward"))
    assert login_as("cadre_ward").get(ward_url).status_code == 200
    # The province cadre's page would list more: the ward cadre's token does not open it to them,
    # nor theirs to the ward cadre.
    assert login_as("cadre_area").get(ward_url).status_code == 404
    area_url = url_for(readable_units, demo_user("cadre_area"))
    assert login_as("cadre_ward").get(area_url).status_code == 404
    client = login_as("cadre_ward")
    token = ward_url.split("token=")[1]
    assert client.get(reverse("cadre:organization_choices") + "?token=" + token).status_code == 404
    payload, _colon, signature = token.partition("%3A")
    assert client.get(ward_url.replace(payload, payload[:-2] + "xx")).status_code == 404
    assert client.get(reverse("cadre:unit_choices")).status_code == 404
    assert client.get(reverse("cadre:unit_choices") + "?token=nothing").status_code == 404


# --- the endpoint: the scope -----------------------------------------------------------------------


def test_a_ward_cadre_gets_the_units_of_the_field_and_never_another_wards(login_as, demo_user):
    user = demo_user("cadre_ward")
    url = url_for(units_for_reading, user)
    client = login_as("cadre_ward")
    everything = listed(client, url)
    assert ids(everything) == set(units_for_reading(user).values_list("pk", flat=True))
    la_gi = unit(LA_GI)
    assert la_gi.pk not in ids(everything)
    assert listed(client, url, q="la gi") == [] or la_gi.pk not in ids(listed(client, url, q="la gi"))
    # A parent only narrows: the residential areas of La Gi are not listed below it.
    assert listed(client, url, parent=la_gi.pk) == []
    below = listed(client, url, parent=unit(PHUOC_HOI).pk)
    assert below and all(" – phường Phước Hội" in label for _pk, label in below)


def test_a_ward_cadre_never_gets_another_wards_organization(login_as, demo_user):
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    url = url_for(organizations_for_entry, user)
    everything = listed(client, url)
    assert ids(everything) == set(organizations_for_entry(user).values_list("pk", flat=True))
    la_gi = set(Organization.objects.filter(unit__code__startswith=LA_GI).values_list("pk", flat=True))
    assert la_gi and not la_gi & ids(everything)
    assert not la_gi & ids(listed(client, url, q="la gi"))


def test_a_ward_cadre_never_gets_another_wards_person(login_as, demo_user, phuoc_hoi_person, la_gi_person):
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    url = url_for(visible_people, user)
    assert listed(client, url, q="nguoi la gi") == []
    found = listed(client, url, q="pham thi thu")
    assert [pk for pk, _label in found] == [phuoc_hoi_person.pk]
    assert found[0][1] == "Phạm Thị Thử (phường Phước Hội)"
    assert la_gi_person.pk not in ids(listed(client, url))


def test_a_ward_cadre_never_gets_another_wards_authority(login_as, demo_user):
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    url = url_for(offered_authorities, user, order="grouped", on=TODAY, chosen=[])
    everything = listed(client, url)
    assert ids(everything) == set(offered_authorities(user, on=TODAY).values_list("pk", flat=True))
    committee = Authority.objects.current(TODAY).get(unit__code=LA_GI, kind=AuthorityKind.PEOPLES_COMMITTEE)
    assert committee.pk not in ids(everything)
    assert committee.pk not in ids(listed(client, url, q=committee.name))
    # Grouped as the select groups them: the ward's own People's Committee comes first.
    own = Authority.objects.current(TODAY).get(unit__code=PHUOC_HOI, kind=AuthorityKind.PEOPLES_COMMITTEE)
    assert everything[0][0] == own.pk


# --- the endpoint: searching and paging ------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["phuoc hoi", "PHƯỚC HỘI", "  Phước   hội ", unicodedata.normalize("NFD", "Phước Hội")]
)
def test_the_search_ignores_diacritics_and_case(login_as, demo_user, text):
    client = login_as("cadre_ward")
    url = url_for(readable_units, demo_user("cadre_ward"))
    found = listed(client, url, q=text)
    assert unit(PHUOC_HOI).pk in ids(found)
    assert all("Phước Hội" in label for _pk, label in found)


def test_each_word_is_looked_for_in_the_name_or_the_unit_above(login_as, demo_user):
    client = login_as("cadre_ward")
    url = url_for(visit_areas, demo_user("cadre_ward"), order="natural")
    found = listed(client, url, q="khu pho 1 phuoc hoi")
    assert found and all(label.startswith("Khu phố 1") and "Phước Hội" in label for _pk, label in found)
    assert listed(client, url, q="100% _") == []  # wildcards are plain characters


def test_twenty_a_page_in_the_order_and_with_the_labels_of_the_select(login_as, demo_user):
    ward = unit(PHUOC_HOI)
    for number in range(1, 46):
        UnitFactory(name=f"Khu phố thử {number}", kind="quarter", parent=ward)
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    url = url_for(visit_areas, user, order="natural")
    pages = [ask(client, url, q="thu", page=page).json() for page in (1, 2, 3)]
    assert [len(page["results"]) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert [page["more"] for page in pages] == [True, True, False]
    found = [result for page in pages for result in page["results"]]
    field = UnitChoiceField(queryset=visit_areas(user).filter(name__startswith="Khu phố thử"))
    assert [[value.value, label] for value, label in list(field.choices)[1:]] == found
    # In natural order: 2 before 10.
    names = [label.split(" – ")[0] for _pk, label in found]
    assert names[:3] == ["Khu phố thử 1", "Khu phố thử 2", "Khu phố thử 3"]


def test_people_are_paged_in_the_database_in_the_fields_order(login_as, demo_user):
    ward = unit(PHUOC_HOI)
    for number in range(30):
        PersonFactory(full_name=f"Nguyễn Thị Thử {number:02d}", unit=ward)
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    url = url_for(visible_people, user)
    first, second = (ask(client, url, q="nguyen thi thu", page=page).json() for page in (1, 2))
    assert (len(first["results"]), first["more"], len(second["results"]), second["more"]) == (
        20,
        True,
        10,
        False,
    )
    field = PersonChoiceField(queryset=visible_people(user).filter(full_name__startswith="Nguyễn Thị Thử"))
    expected = [[value.value, label] for value, label in list(field.choices)[1:]]
    assert first["results"] + second["results"] == expected


def _building_queries(function, username: str) -> int:
    """The queries that building ``function``'s QuerySet for a fresh user makes: reading the
    user's scope, not the rows (the scope's own count belongs to organizations/scoping.py)."""
    user = User.objects.get(username=username)
    with CaptureQueriesContext(connection) as context:
        function(user)
    return len(context.captured_queries)


@pytest.mark.parametrize("kind", ["unit", "organization"])
def test_the_endpoint_costs_the_same_with_10_and_500_more_rows(login_as, demo_user, kind):
    ward = unit(PHUOC_HOI)
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    if kind == "unit":
        url = url_for(visit_areas, user, order="natural")

        def add(count: int, start: int) -> None:
            for number in range(start, start + count):
                UnitFactory(name=f"Khu phố thêm {number}", kind="quarter", parent=ward)

    else:
        url = url_for(organizations_for_entry, user)

        def add(count: int, start: int) -> None:
            for number in range(start, start + count):
                OrganizationFactory(name=f"Tổ thêm {number}", unit=ward)

    # session, user, the scope, and one query for the page of options
    chooser = visit_areas if kind == "unit" else organizations_for_entry
    expected = 2 + _building_queries(chooser, "cadre_ward") + 1
    add(10, 0)
    for params in ({"q": "them"}, {"q": "them", "page": 2}, {}):
        with CaptureQueriesContext(connection) as small:
            assert ask(client, url, **params).status_code == 200
        assert len(small.captured_queries) == expected, params
    add(490, 10)
    for params in ({"q": "them"}, {"q": "them", "page": 2}, {}):
        with CaptureQueriesContext(connection) as large:
            assert ask(client, url, **params).status_code == 200
        assert len(large.captured_queries) == expected, params
    assert ask(client, url, q="them", page=26).json() == {"results": [], "more": False}


# --- a post is checked as before ---------------------------------------------------------------------


def test_a_posted_unit_outside_the_scope_is_the_fields_error_above_the_threshold(login_as, settings):
    settings.CHOOSER_THRESHOLD = 1
    before = Concern.objects.count()
    data = {
        "source": "other",
        "received_on": TODAY.isoformat(),
        "unit": unit(LA_GI).pk,
        "category": "other",
        "summary": "Đường ngập (chooser)",
    }
    response = login_as("cadre_ward").post(reverse("concerns:create"), data)
    assert response.status_code == 200 and Concern.objects.count() == before
    assert response.context["form"].errors["unit"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    content = response.content.decode()
    # The page shown again keeps a chooser, without the refused unit.
    assert str(unit(LA_GI).pk) not in option_values(content, "unit")
    assert chooser_url(content, "unit")


def test_a_filter_refuses_a_unit_outside_the_scope(login_as, settings):
    settings.CHOOSER_THRESHOLD = 1
    response = login_as("cadre_ward").get(ACTIVITIES, {"unit": unit(LA_GI).pk})
    assert response.status_code == 200
    assert "unit" in response.context["filter"].form.errors


class SendForm(forms.Form):
    authority = AuthorityChoiceField()

    def __init__(self, *args, user, chosen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].offer(user, on=TODAY, chosen=chosen)


def test_an_offered_authority_field_becomes_a_chooser_and_still_checks_the_post(demo_user, settings):
    settings.CHOOSER_THRESHOLD = 2
    user = demo_user("cadre_ward")
    own = Authority.objects.current(TODAY).get(unit__code=PHUOC_HOI, kind=AuthorityKind.PEOPLES_COMMITTEE)
    elsewhere = Authority.objects.current(TODAY).get(unit__code=LA_GI, kind=AuthorityKind.PEOPLES_COMMITTEE)
    assert SendForm({"authority": own.pk}, user=user).is_valid()
    refused = SendForm({"authority": elsewhere.pk}, user=user)
    assert not refused.is_valid() and "authority" in refused.errors
    rendered = str(SendForm({"authority": own.pk}, user=user)["authority"])
    assert re.findall(r'<option value="(\d*)"', rendered) == ["", str(own.pk)]
    assert reverse("cadre:authority_choices") in rendered
    # Below the threshold, the groups by unit as before.
    settings.CHOOSER_THRESHOLD = 100
    rendered = str(SendForm(user=user)["authority"])
    assert "<optgroup" in rendered and "data-chooser-url" not in rendered


def test_an_old_authority_chosen_before_is_listed_only_when_chosen(login_as, demo_user):
    user = demo_user("cadre_ward")
    client = login_as("cadre_ward")
    old = Authority.objects.get(unit__code="LG-PH", kind=AuthorityKind.PEOPLES_COMMITTEE)
    assert old.valid_to is not None and old.valid_to < TODAY
    kept = url_for(offered_authorities, user, order="grouped", on=TODAY, chosen=[old.pk])
    assert old.pk in ids(listed(client, kept))
    today = url_for(offered_authorities, user, order="grouped", on=TODAY, chosen=[])
    assert old.pk not in ids(listed(client, today))
