"""Great Unity houses: cost by source, the home page's figure (houses handed over, counted once),
the support activities reconciled with the register, and photos public only with consent."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import SupportType
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from portal.selectors import headline_figures
from social import reports
from social.models import FundSpending, GreatUnityHouse, HousePhoto, HouseStatus, HouseWork
from social.services import save_house
from tests.factories import SupportDetailsFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MILLION = 1_000_000


def front(code: str = "LD-PPHUOCHOI") -> Organization:
    return Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code=code)


def house(*, area: str = "LD-PPHUOCHOI-KP03", work=HouseWork.NEW_BUILD, handed_over=TODAY, **costs):
    return GreatUnityHouse.objects.create(
        household="hộ thử nghiệm (bí mật)",
        unit=AdministrativeUnit.objects.get(code=area),
        organization=front(),
        work=work,
        status=HouseStatus.HANDED_OVER if handed_over else HouseStatus.BUILDING,
        handed_over_on=handed_over,
        **costs,
    )


def test_cost_totals_by_source():
    mine = [
        house(
            cost_fund_vnd=50 * MILLION,
            cost_state_vnd=20 * MILLION,
            cost_family_vnd=10 * MILLION,
            labour_days=30,
        ),
        house(work=HouseWork.REPAIR, cost_fund_vnd=25 * MILLION, cost_donors_vnd=5 * MILLION, labour_days=12),
        house(handed_over=None, cost_fund_vnd=60 * MILLION),  # not handed over: not counted
    ]
    assert mine[0].total_cost_vnd == 80 * MILLION
    figures = reports.house_figures(GreatUnityHouse.objects.filter(pk__in=[h.pk for h in mine]), TODAY, TODAY)
    assert (figures.built, figures.repaired, figures.labour_days) == (1, 1, 42)
    assert [amount for _label, amount in figures.costs] == [
        75 * MILLION,
        20 * MILLION,
        5 * MILLION,
        10 * MILLION,
    ]
    assert figures.total_cost == 110 * MILLION


def test_the_home_figure_counts_the_houses_handed_over_this_year_not_the_activities(client):
    year = TODAY.year
    start = datetime.date(year, 1, 1)
    counted = GreatUnityHouse.objects.handed_over_between(start, datetime.date(year, 12, 31)).count()
    # A support activity of the house type with its recipients adds nothing: houses come from the register.
    SupportDetailsFactory(
        activity__unit=AdministrativeUnit.objects.get(code="LD-PPHUOCHOI"),
        activity__date=start,
        support_type=SupportType.GREAT_UNITY_HOUSE,
        recipients=7,
    )
    assert headline_figures(year).houses_built == counted
    house(handed_over=start)
    house(handed_over=None)
    house(handed_over=datetime.date(year - 1, 12, 31))
    assert headline_figures(year).houses_built == counted + 1
    assert client.get(reverse("public:home")).context["figures"].houses_built == counted + 1


def test_the_demo_house_activities_are_linked_to_their_houses_once():
    from activities.models import Activity

    activities = Activity.objects.filter(support_details__support_type=SupportType.GREAT_UNITY_HOUSE)
    assert activities.exists()
    for activity in activities.select_related("support_details"):
        assert activity.great_unity_houses.count() == max(1, activity.support_details.recipients), activity


def test_the_migration_moves_unlinked_support_activities_into_the_register_once():
    migration = importlib.import_module("social.migrations.0002_houses_and_spending_from_support_activities")
    unit = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    house_activity = SupportDetailsFactory(
        activity__unit=unit, support_type=SupportType.GREAT_UNITY_HOUSE, recipients=3, value_vnd=150 * MILLION
    ).activity
    house_activity.organizations.add(front())
    fund_activity = SupportDetailsFactory(
        activity__unit=unit, support_type=SupportType.FUND_FOR_THE_POOR, recipients=5, value_vnd=15 * MILLION
    ).activity

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # nothing twice

    houses = GreatUnityHouse.objects.filter(handover_activity=house_activity)
    assert houses.count() == 3
    assert sum(h.cost_fund_vnd for h in houses) == 150 * MILLION
    assert all(
        h.status == HouseStatus.HANDED_OVER and h.handed_over_on == house_activity.date for h in houses
    )
    spending = FundSpending.objects.get(activity=fund_activity)
    assert (spending.amount_vnd, spending.committee) == (15 * MILLION, front())


def test_a_house_is_checked_before_it_is_saved(demo_user):
    cadre = demo_user("cadre_ward")
    area = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI-KP03")
    without_date = GreatUnityHouse(unit=area, organization=front(), status=HouseStatus.HANDED_OVER)
    with pytest.raises(ValidationError) as refused:
        save_house(actor=cadre, house=without_date)
    assert "handed_over_on" in refused.value.message_dict
    old_area = AdministrativeUnit.objects.get(code="LG-PH-KP03")
    after_its_end = GreatUnityHouse(
        unit=old_area, organization=front(), status=HouseStatus.HANDED_OVER, handed_over_on=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        save_house(actor=cadre, house=after_its_end)
    assert "unit" in refused.value.message_dict
    la_gi = GreatUnityHouse(
        unit=AdministrativeUnit.objects.get(code="LD-PLAGI-KP03"), organization=front("LD-PLAGI")
    )
    with pytest.raises(ValidationError):
        save_house(actor=cadre, house=la_gi)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (164, 22, 26)).save(buffer, format="JPEG")
    return buffer.getvalue()


def photo(of: GreatUnityHouse, *, consent: bool, caption: str) -> HousePhoto:
    record = HousePhoto(house=of, people_consent=consent, caption=caption)
    record.image.save("house.jpg", ContentFile(jpeg()), save=False)
    record.width, record.height = 8, 6
    record.save()
    return record


@pytest.mark.usefixtures("media_root")
def test_a_handover_photo_is_public_only_with_consent(client, login_as):
    handed_over = house(cost_fund_vnd=40 * MILLION)
    agreed = photo(handed_over, consent=True, caption="ẢNH-CÓ-ĐỒNG-Ý")
    refused = photo(handed_over, consent=False, caption="ẢNH-KHÔNG-ĐỒNG-Ý")
    building = photo(house(handed_over=None), consent=True, caption="ẢNH-CHƯA-BÀN-GIAO")

    html = client.get(reverse("social_public:house_list")).content.decode()
    assert agreed.image.url in html and "ẢNH-CÓ-ĐỒNG-Ý" in html
    for hidden in (refused, building):
        assert hidden.image.url not in html and hidden.caption not in html
    assert "hộ thử nghiệm" not in html  # never the household
    assert client.get(agreed.image.url).status_code == 200
    assert client.get(refused.image.url).status_code == 404
    assert client.get(building.image.url).status_code == 404
    assert login_as("cadre_ward").get(refused.image.url).status_code == 200
    assert login_as("cadre_women").get(refused.image.url).status_code == 404


@pytest.mark.usefixtures("media_root")
def test_a_photo_is_added_through_the_form_re_encoded(login_as):
    handed_over = house()
    client = login_as("cadre_ward")
    upload = SimpleUploadedFile("phone.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(
        reverse("social:house_photo_add", args=[handed_over.pk]),
        {"photo": upload, "caption": "Bàn giao nhà", "people_consent": "on"},
    )
    assert response.status_code == 302
    added = handed_over.photos.get()
    assert added.people_consent and added.image.name.startswith("social/houses/")
    assert "phone" not in added.image.name
