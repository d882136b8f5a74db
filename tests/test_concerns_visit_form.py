"""The one-screen "visit with a concern" form: prefilled from the cadre's last visit, saves
the visit and the concern together, keeps everything typed on an error, and tells the
browser's draft script when to keep and when to drop the draft."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind
from activities.services import log_visit
from concerns.models import Concern, ConcernEvent, ConcernSource
from organizations.models import Organization, OrganizationKind
from tests.helpers import unit

pytestmark = pytest.mark.django_db

URL = reverse("concerns:visit_log")
TODAY = timezone.localdate()


def form_data(**overrides) -> dict:
    data = {
        "residential_area": unit("LD-PPHUOCHOI-KP03").pk,
        "date": TODAY.isoformat(),
        "households_visited": "12",
        "organization": "",
        "visit_summary": "VISIT-SUMMARY thăm hộ khu phố 3",
        "category": "environment",
        "summary": "CONCERN-SUMMARY rác thải ven biển",
        "detail": "CONCERN-DETAIL gần nhà văn hóa",
        "resident_name": "Typed Resident",
        "resident_phone": "0912 345 000",
        "resident_consent": "on",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), Concern.objects.count(), ConcernEvent.objects.count()


def test_the_form_is_one_screen_with_big_category_buttons_and_a_draft(login_as, demo_user):
    response = login_as("cadre_ward").get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert f'data-form-draft="concern-visit:{demo_user("cadre_ward").pk}"' in content
    assert 'data-form-draft-restore="true"' in content
    assert "js/form-draft.js" in content
    # Categories are radio inputs styled as large toggle buttons (keyboard accessible).
    assert len(re.findall(r'<input type="radio" class="btn-check" name="category"', content)) == 9
    assert "<legend" in content
    visit_form = content[content.index('id="visit-concern-form"') :]
    visit_form = visit_form[: visit_form.index("</form>")]
    assert visit_form.count('name="csrfmiddlewaretoken"') == 1
    for name in (
        "residential_area",
        "date",
        "households_visited",
        "visit_summary",
        "summary",
        "detail",
        "resident_name",
        "resident_phone",
        "resident_consent",
    ):
        assert f'name="{name}"' in content, name


def test_area_and_date_come_from_the_cadres_last_visit(login_as, demo_user):
    cadre = demo_user("cadre_ward")
    area = unit("LD-PPHUOCHOI-KP05")
    committee = Organization.objects.get(kind=OrganizationKind.FRONT_WORKING_COMMITTEE, unit=area)
    log_visit(
        actor=cadre,
        unit=unit("LD-PPHUOCHOI"),
        residential_area=area,
        date=TODAY - datetime.timedelta(days=2),
        households_visited=5,
        summary="Earlier visit",
        organizations=[committee],
    )
    form = login_as("cadre_ward").get(URL).context["form"]
    assert form.initial["residential_area"] == area.pk
    # Entered today: the round of visits goes on on that day.
    assert form.initial["date"] == TODAY - datetime.timedelta(days=2)
    # The area's committee is the default: the field stays empty and follows the area chosen.
    assert "organization" not in form.initial


def test_an_association_chosen_for_the_last_visit_is_kept(login_as, demo_user):
    cadre = demo_user("cadre_ward")
    farmers = Organization.objects.get(
        kind=OrganizationKind.FARMERS_ASSOCIATION, unit__code="LD-PPHUOCHOI", valid_to__isnull=True
    )
    log_visit(
        actor=cadre,
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP06"),
        date=TODAY,
        households_visited=5,
        summary="Earlier visit",
        organizations=[farmers],
    )
    form = login_as("cadre_ward").get(URL).context["form"]
    assert form.initial["organization"] == farmers.pk


def test_a_valid_post_saves_one_visit_and_one_concern_then_shows_the_concern(login_as, demo_user):
    before = counts()
    client = login_as("cadre_ward")
    response = client.post(URL, form_data())
    concern = Concern.objects.get(summary="CONCERN-SUMMARY rác thải ven biển")
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:detail", args=[concern.pk]) + "?saved=concern-visit"
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    visit = concern.activity
    assert visit.kind == ActivityKind.VISIT and visit.summary == "VISIT-SUMMARY thăm hộ khu phố 3"
    assert visit.visit_details.households_visited == 12
    assert visit.created_by == demo_user("cadre_ward")
    assert (concern.source, concern.category, concern.resident_phone) == (
        ConcernSource.VISIT,
        "environment",
        "0912345000",
    )
    page = client.get(response["Location"])
    content = page.content.decode()
    assert f'data-form-draft-clear="concern-visit:{demo_user("cadre_ward").pk}"' in content
    assert concern.tracking_code in content
    messages = [str(m) for m in page.context["messages"]]
    assert any(concern.tracking_code in m for m in messages)
    # The concern's page without the marker keeps the drafts.
    assert (
        "data-form-draft-clear"
        not in client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    )


def test_an_invalid_post_keeps_everything_typed_and_saves_nothing(login_as):
    before = counts()
    data = form_data(category="")
    response = login_as("cadre_ward").post(URL, data)
    assert response.status_code == 200
    assert counts() == before
    form = response.context["form"]
    assert "category" in form.errors
    content = response.content.decode()
    assert 'data-form-draft-restore="false"' in content  # the page shows what was posted, not the draft
    for typed in (
        "VISIT-SUMMARY thăm hộ khu phố 3",
        "CONCERN-SUMMARY rác thải ven biển",
        "CONCERN-DETAIL gần nhà",
        "Typed Resident",
        "0912 345 000",
    ):
        assert typed in content, typed
    assert 'name="households_visited" value="12"' in content
    assert f'value="{TODAY.isoformat()}"' in content
    assert re.search(rf'<option value="{unit("LD-PPHUOCHOI-KP03").pk}" selected>', content)
    assert re.search(r'name="resident_consent"[^>]*checked', content)
    assert "invalid-feedback" in content


def test_errors_of_the_visit_and_of_the_concern_show_together_and_keep_the_category(login_as):
    before = counts()
    data = form_data(households_visited="0", resident_consent="")
    response = login_as("cadre_ward").post(URL, data)
    assert response.status_code == 200
    assert {"households_visited", "resident_consent"} <= set(response.context["form"].errors)
    assert re.search(r'value="environment" checked', response.content.decode())
    assert counts() == before


def test_a_residential_area_outside_the_scope_is_refused(login_as):
    before = counts()
    response = login_as("cadre_ward").post(URL, form_data(residential_area=unit("LD-PLAGI-KP01").pk))
    assert response.status_code == 200 and "residential_area" in response.context["form"].errors
    assert counts() == before


def test_an_old_area_on_a_date_after_the_merger_is_refused_by_the_service(login_as):
    before = counts()
    response = login_as("cadre_ward").post(URL, form_data(residential_area=unit("LG-PH-KP01").pk))
    assert response.status_code == 200 and "residential_area" in response.context["form"].errors
    assert counts() == before


def test_an_expired_session_loses_nothing_on_the_server_side(client):
    # Not logged in any more: the post goes to the login page and nothing is saved; the
    # browser keeps the draft and restores it when the form is shown again after login.
    before = counts()
    response = client.post(URL, form_data())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert counts() == before
