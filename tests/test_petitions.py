"""Petitions the Front receives (complaint, denunciation, recommendation, report): each kind, how it
came, forwarded and answered through the concern workflow, and the denouncer's identity, protected
by law: shown only on the petition's own page to the cadres who may change records in its unit,
never in a list, an export, a search or a public page (``ConcernQuerySet.with_identity_flag``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerns import services
from concerns.models import (
    Concern,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    PetitionChannel,
    PetitionType,
)
from organizations.models import Organization, OrganizationKind
from tests.concerns_common import register_authority
from tests.factories import ScopeFactory, UserFactory
from tests.helpers import unit
from tests.opinions_common import DAY, PH, TODAY

pytestmark = pytest.mark.django_db

S = ConcernStatus
NAME = "Người Tố Cáo Thử"
PHONE = "0912000555"


def petition(actor, petition_type=PetitionType.COMPLAINT, *, unit_code: str = PH, **fields) -> Concern:
    values = {
        "unit": unit(unit_code),
        "residential_area": unit(f"{unit_code}-KP02"),
        "petition_type": petition_type,
        "channel": PetitionChannel.BY_POST,
        "summary": "PETITION-SUMMARY lấn chiếm đất công",
        "received_on": TODAY - 2 * DAY,
        "category": ConcernCategory.LAND_HOUSING,
    } | fields
    return services.receive_petition(actor=actor, **values)


@pytest.fixture
def cadre(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def denunciation(cadre):
    return petition(
        cadre,
        PetitionType.DENUNCIATION,
        petitioner_name=NAME,
        petitioner_phone=PHONE,
        consent=True,
        detail="PETITION-DETAIL người bị tố cáo là cán bộ địa chính",
    )


# --- receiving -------------------------------------------------------------------------------------


@pytest.mark.parametrize("petition_type", PetitionType.values)
def test_each_kind_of_petition_is_received_with_its_channel(cadre, petition_type):
    concern = petition(cadre, petition_type, channel=PetitionChannel.IN_PERSON)
    assert (concern.source, concern.petition_type, concern.petition_channel, concern.status) == (
        ConcernSource.PETITION,
        petition_type,
        PetitionChannel.IN_PERSON,
        S.RECEIVED,
    )
    assert concern.events.get().data == {"received_on": (TODAY - 2 * DAY).isoformat()}


@pytest.mark.parametrize(
    "fields, key",
    [
        ({"channel": ""}, "channel"),
        ({"petition_type": ""}, "petition_type"),
        ({"petitioner_name": NAME}, "consent"),
        ({"petitioner_phone": "123", "consent": True}, "petitioner_phone"),
        ({"received_on": TODAY + DAY}, "received_on"),
    ],
)
def test_a_petition_needs_its_kind_and_channel_and_consent_for_the_petitioner_s_data(cadre, fields, key):
    before = Concern.objects.count()
    with pytest.raises(ValidationError) as caught:
        petition(cadre, **fields)
    assert key in caught.value.message_dict
    assert Concern.objects.count() == before


def test_a_petition_is_received_only_in_the_cadre_s_units(demo_user):
    with pytest.raises(ValidationError):
        petition(demo_user("cadre_ward"), unit_code="LD-PLAGI")
    with pytest.raises(ValidationError):
        petition(demo_user("cadre_viewer"))


def test_a_petition_is_forwarded_and_answered_through_the_concern_workflow(cadre):
    concern = petition(cadre, PetitionType.RECOMMENDATION)
    committee = register_authority()
    concern = services.forward_concern(
        actor=cadre, concern=concern, authority=committee, forwarded_on=TODAY - DAY
    )
    assert (concern.status, concern.authority, concern.due_date) == (
        S.FORWARDED,
        committee,
        committee.due_date_from(TODAY - DAY),
    )
    concern = services.answer_concern(
        actor=cadre,
        concern=concern,
        answer="Đã kiểm tra, lập biên bản.",
        answered_on=TODAY,
        reply_document_number="7/UBND",
    )
    concern = services.mark_resident_informed(
        actor=cadre, concern=concern, informed_on=TODAY, how="in_writing"
    )
    concern = services.close_concern(actor=cadre, concern=concern, closed_on=TODAY)
    assert concern.status == S.CLOSED and concern.petition_type == PetitionType.RECOMMENDATION


# --- the denouncer's identity: the rule, once ------------------------------------------------------


@pytest.mark.parametrize(
    "username, sees",
    [("cadre_ward", True), ("cadre_area", True), ("admin", True), ("cadre_viewer", False)],
)
def test_the_denouncer_is_shown_only_to_those_who_may_change_records_in_its_unit(
    denunciation, demo_user, username, sees
):
    user = demo_user(username)
    flag = Concern.objects.visible_to(user).with_identity_flag(user).get(pk=denunciation.pk).identity_visible
    assert flag is sees


def test_other_petitioners_are_shown_to_every_reader_of_the_petition(cadre, demo_user):
    complaint = petition(cadre, petitioner_name="Người Khiếu Nại", petitioner_phone=PHONE, consent=True)
    viewer = demo_user("cadre_viewer")
    assert Concern.objects.with_identity_flag(viewer).get(pk=complaint.pk).identity_visible is True


def test_an_organization_s_cadre_who_received_a_denunciation_does_not_see_the_denouncer(demo_user):
    cadre = demo_user("cadre_women")
    women = Organization.objects.get(
        kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PLAGI", valid_to__isnull=True
    )
    concern = petition(
        cadre,
        PetitionType.DENUNCIATION,
        unit_code="LD-PLAGI",
        organization=women,
        petitioner_name=NAME,
        petitioner_phone=PHONE,
        consent=True,
    )
    assert Concern.objects.editable_by(cadre).filter(pk=concern.pk).exists()
    assert Concern.objects.with_identity_flag(cadre).get(pk=concern.pk).identity_visible is False
    assert (
        Concern.objects.with_identity_flag(demo_user("cadre_area")).get(pk=concern.pk).identity_visible
        is True
    )


def test_the_petition_page_shows_the_denouncer_to_the_ward_cadre_only(denunciation, login_as):
    url = reverse("concerns:detail", args=[denunciation.pk])
    shown = login_as("cadre_ward").get(url).content.decode()
    assert NAME in shown and PHONE in shown
    assert 'id="petition-type"' in shown and 'id="petition-channel"' in shown
    protected = login_as("cadre_viewer").get(url).content.decode()
    assert NAME not in protected and PHONE not in protected
    assert 'id="identity-protected"' in protected
    assert "PETITION-DETAIL" in protected  # the confidential detail is not the identity


def test_the_denouncer_is_in_no_list_search_or_public_page(denunciation, login_as, client):
    cadre = login_as("cadre_ward")
    pages = [
        cadre.get(reverse("concerns:inbox")),
        cadre.get(reverse("concerns:inbox") + "?source=petition&petition_type=denunciation"),
        cadre.get(reverse("cadre:dashboard")),
        cadre.get(reverse("concerns:edit", args=[denunciation.pk])),
    ]
    assert denunciation.tracking_code in pages[1].content.decode()
    client.logout()
    pages.append(client.get(reverse("concerns_public:status") + f"?code={denunciation.tracking_code}"))
    for response in pages:
        assert response.status_code == 200
        content = response.content.decode()
        assert NAME not in content and PHONE not in content
    # The public search finds nothing of the petition by the denouncer's name (the page repeats
    # the words searched for, nothing else of them).
    found = client.get(reverse("portal:search"), {"q": NAME}).content.decode()
    assert "PETITION" not in found and denunciation.tracking_code not in found and PHONE not in found


def test_the_admin_search_does_not_find_a_petitioner_by_name(denunciation, login_as):
    response = login_as("admin").get(reverse("admin:concerns_concern_changelist") + f"?q={NAME}")
    assert response.status_code == 200
    assert denunciation.tracking_code not in response.content.decode()


@pytest.mark.parametrize("access, sees", [("read", False), ("write", True)])
def test_the_admin_page_of_a_denunciation_follows_the_same_rule(denunciation, client, access, sees):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_concern", content_type__app_label="concerns")
    )
    ScopeFactory(user=staff, unit=unit(PH), access=access)
    client.force_login(staff)
    response = client.get(reverse("admin:concerns_concern_change", args=[denunciation.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert (NAME in content) is sees and (PHONE in content) is sees
    assert denunciation.tracking_code in content


def test_no_export_or_other_app_reads_a_resident_s_or_petitioner_s_name_or_phone():
    """Exports (reports), search documents and every app but concerns never read the name or phone:
    only the concern's own page and forms do (and demo data and migrations write them)."""
    base = Path(settings.BASE_DIR)
    readers = []
    for path in base.rglob("*"):
        if path.suffix not in (".py", ".html") or not path.is_file():
            continue
        relative = path.relative_to(base)
        if relative.parts[0] in (".venv", "node_modules", "tests", "demo", "concerns", "var") or (
            "migrations" in relative.parts
        ):
            continue
        if relative.parts[:2] == ("templates", "concerns"):
            continue
        if re.search(r"resident_(name|phone)|petitioner_(name|phone)", path.read_text(encoding="utf-8")):
            readers.append(str(relative))
    assert not readers


# --- the petition form -----------------------------------------------------------------------------


def petition_data(**overrides) -> dict:
    return {
        "petition_type": "denunciation",
        "channel": "by_post",
        "received_on": (TODAY - DAY).isoformat(),
        "unit": unit(PH).pk,
        "residential_area": unit(f"{PH}-KP02").pk,
        "organization": "",
        "category": "land_housing",
        "summary": "FORM-PETITION lấn chiếm đất công",
        "detail": "",
        "petitioner_name": NAME,
        "petitioner_phone": PHONE,
        "consent": "on",
    } | overrides


def test_the_petition_form_receives_a_petition(login_as):
    client = login_as("cadre_ward")
    url = reverse("concerns:petition_create")
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("<h1") == 1
    response = client.post(url, petition_data())
    concern = Concern.objects.get(summary="FORM-PETITION lấn chiếm đất công")
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert (
        concern.petition_type,
        concern.petition_channel,
        concern.resident_name,
        concern.resident_phone,
    ) == (
        PetitionType.DENUNCIATION,
        PetitionChannel.BY_POST,
        NAME,
        PHONE,
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"channel": ""}, "channel"),
        ({"petition_type": ""}, "petition_type"),
        ({"consent": ""}, "consent"),
        ({"unit": "LD-PLAGI", "residential_area": ""}, "unit"),
        ({"received_on": (TODAY + DAY).isoformat()}, "received_on"),
    ],
)
def test_the_petition_form_shows_errors_next_to_the_fields(login_as, overrides, field):
    if overrides.get("unit"):
        overrides["unit"] = unit(overrides["unit"]).pk
    response = login_as("cadre_ward").post(reverse("concerns:petition_create"), petition_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'id="error-summary"' in response.content.decode() or "error" in response.content.decode()
    assert not Concern.objects.filter(summary="FORM-PETITION lấn chiếm đất công").exists()


def test_the_inbox_filters_petitions_by_kind(cadre, denunciation, login_as):
    complaint = petition(cadre, PetitionType.COMPLAINT, summary="PETITION-COMPLAINT")
    client = login_as("cadre_ward")
    petitions = client.get(reverse("concerns:inbox") + "?source=petition").context["page"]
    assert {denunciation, complaint} <= set(petitions)
    assert all(c.source == ConcernSource.PETITION for c in petitions)
    only = list(client.get(reverse("concerns:inbox") + "?petition_type=complaint").context["page"])
    assert complaint in only and denunciation not in only


def test_a_petition_s_kind_and_channel_are_corrected_on_its_edit_page(cadre, login_as):
    concern = petition(cadre, PetitionType.COMPLAINT)
    client = login_as("cadre_ward")
    url = reverse("concerns:edit", args=[concern.pk])
    form = client.get(url).context["form"]
    assert {"petition_type", "petition_channel"} <= set(form.fields) and "topic" not in form.fields
    data = {
        "category": concern.category,
        "summary": concern.summary,
        "detail": "",
        "unit": concern.unit_id,
        "residential_area": concern.residential_area_id,
        "petition_type": PetitionType.REPORT,
        "petition_channel": PetitionChannel.ELECTRONIC,
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    concern.refresh_from_db()
    assert (concern.petition_type, concern.petition_channel) == (
        PetitionType.REPORT,
        PetitionChannel.ELECTRONIC,
    )
    assert concern.events.last().data["fields"] == ["petition_type", "petition_channel"]


def test_a_petition_is_received_with_its_own_form_not_the_general_one(login_as):
    form = login_as("cadre_ward").get(reverse("concerns:create")).context["form"]
    sources = {value for value, _label in form.fields["source"].choices}
    assert ConcernSource.PETITION not in sources and ConcernSource.PUBLIC_FORM not in sources
    assert ConcernSource.VOTER_CONTACT in sources
