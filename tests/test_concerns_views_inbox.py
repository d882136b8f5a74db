"""The concern inbox per role: the concerns in scope only, filters that narrow it and never widen
it, overdue concerns first, pagination, and the concern panels of the dashboard. Runs against the
demo structure and accounts of ``seed_demo``."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from concerns import services
from concerns.models import Concern, ConcernCategory
from concerns.selectors import dashboard_context
from tests.concerns_common import DAY, TODAY, S, register_authority
from tests.factories import ConcernFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db


# --- the inbox ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username, sees_own, sees_other",
    [
        ("admin", True, True),
        ("cadre_area", True, True),
        ("cadre_viewer", True, True),
        ("cadre_ward", True, False),
        ("cadre_women", False, False),
    ],
)
def test_inbox_lists_the_concerns_in_scope_only(
    login_as, forwarded_concern, la_gi_concern, username, sees_own, sees_other
):
    response = login_as(username).get(reverse("concerns:inbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (forwarded_concern.tracking_code in content) is sees_own
    assert (la_gi_concern.tracking_code in content) is sees_other
    assert "OWN-DETAIL-SECRET" not in content  # confidential data only on the concern's page


@pytest.mark.parametrize(
    "query",
    [
        "?unit={other_ward}",
        "?unit={other_area}",
        "?unit={other_ward}&status=received",
        "?category=environment",
        "?status=received",
        "?received_after={week_ago}",
    ],
)
def test_filters_never_widen_the_inbox(login_as, forwarded_concern, la_gi_concern, query):
    query = query.format(
        other_ward=la_gi_concern.unit_id,
        other_area=la_gi_concern.residential_area_id,
        week_ago=(TODAY - 7 * DAY).isoformat(),
    )
    response = login_as("cadre_ward").get(reverse("concerns:inbox") + query)
    assert response.status_code == 200
    content = response.content.decode()
    assert la_gi_concern.tracking_code not in content
    assert "OTHER-SUMMARY" not in content
    if "unit=" in query:
        # A unit outside the scope is not a choice: a form error and an empty list.
        assert "unit" in response.context["filter"].errors
        assert 'id="id_unit"' in content and "is-invalid" in content
        assert len(response.context["page"]) == 0


def test_filters_narrow_the_inbox(login_as, forwarded_concern, demo_user):
    answered = services.receive_concern(
        actor=demo_user("cadre_ward"),
        unit=unit("LD-PPHUOCHOI"),
        residential_area=unit("LD-PPHUOCHOI-KP02"),
        category=ConcernCategory.HEALTH,
        summary="Muỗi",
        received_on=TODAY - 40 * DAY,
    )
    old = ConcernFactory(
        unit=unit("LG-PH"), category=ConcernCategory.HEALTH, received_on=datetime.date(2024, 5, 2)
    )
    client = login_as("cadre_ward")

    def listed(query: str) -> set[int]:
        response = client.get(reverse("concerns:inbox") + query)
        assert response.status_code == 200
        assert not response.context["filter"].errors
        return {c.pk for c in response.context["page"]}

    mine = {forwarded_concern.pk, answered.pk, old.pk}
    assert listed(f"?unit={unit('LD-PPHUOCHOI-KP01').pk}") & mine == {forwarded_concern.pk}
    # As it is now (the default), the new ward includes the old ward merged into it, and the old
    # ward stands for the new one; as it was, each has only what was logged in it. (Health
    # concerns only, so that the 2024 one is on the first page.)
    health = {answered.pk, old.pk}
    assert listed(f"?unit={unit('LD-PPHUOCHOI').pk}&category=health") & mine == health
    assert listed(f"?unit={unit('LG-PH').pk}&category=health") & mine == health
    assert listed(f"?unit={unit('LD-PPHUOCHOI').pk}&view=was") & mine == {forwarded_concern.pk, answered.pk}
    assert listed(f"?unit={unit('LG-PH').pk}&view=was") & mine == {old.pk}
    assert listed("?category=health") & mine == {answered.pk, old.pk}
    assert listed("?status=forwarded") & mine == {forwarded_concern.pk}
    assert listed(f"?received_after={(TODAY - 10 * DAY).isoformat()}") & mine == {forwarded_concern.pk}
    assert listed("?received_before=2024-12-31") & mine == {old.pk}


def test_overdue_first_then_newest_with_a_badge_and_an_overdue_filter(login_as, forwarded_concern, demo_user):
    cadre = demo_user("cadre_ward")
    late = services.receive_concern(
        actor=cadre,
        unit=unit("LD-PPHUOCHOI"),
        category=ConcernCategory.HEALTH,
        summary="Late one",
        received_on=TODAY - 60 * DAY,
    )
    late = services.forward_concern(
        actor=cadre,
        concern=late,
        authority=register_authority(),
        forwarded_on=TODAY - 50 * DAY,
        due_date=TODAY - DAY,
    )
    client = login_as("cadre_ward")
    response = client.get(reverse("concerns:inbox"))
    page = list(response.context["page"])
    assert page[0].is_overdue
    positions = {c.pk: i for i, c in enumerate(page)}
    assert positions[late.pk] < positions[forwarded_concern.pk]
    overdue_flags = [c.is_overdue for c in page]
    assert overdue_flags == sorted(overdue_flags, reverse=True)
    assert "Overdue" in response.content.decode() or "Quá hạn" in response.content.decode()
    only = client.get(reverse("concerns:inbox") + "?overdue=on")
    listed = {c.pk for c in only.context["page"]}
    assert late.pk in listed and forwarded_concern.pk not in listed
    assert all(c.is_overdue for c in only.context["page"])


def test_inbox_is_paginated_by_25(login_as):
    area = unit("LD-PPHUOCHOI-KP03")
    ConcernFactory.create_batch(30, unit=unit("LD-PPHUOCHOI"), residential_area=area, summary="PAGED")
    client = login_as("cadre_ward")
    response = client.get(reverse("concerns:inbox") + f"?unit={area.pk}&view=was")
    assert len(response.context["page"]) == 25
    second = client.get(reverse("concerns:inbox") + f"?unit={area.pk}&view=was&page=2")
    assert len(second.context["page"]) == 5 + Concern.objects.filter(residential_area=area).count() - 30


# --- dashboard panels ------------------------------------------------------------------------------


def test_dashboard_context_shows_overdue_counts_and_hot_spots_in_scope(
    demo_user, forwarded_concern, la_gi_concern
):
    cadre = demo_user("cadre_ward")
    area = unit("LD-PPHUOCHOI-KP04")
    hot = ConcernFactory.create_batch(
        5,
        unit=unit("LD-PPHUOCHOI"),
        residential_area=area,
        category=ConcernCategory.SECURITY_ORDER,
        received_on=TODAY - 3 * DAY,
    )
    ConcernFactory.create_batch(
        5,
        unit=unit("LD-PLAGI"),
        residential_area=unit("LD-PLAGI-KP03"),
        category=ConcernCategory.SECURITY_ORDER,
        received_on=TODAY - 3 * DAY,
    )
    late = services.forward_concern(
        actor=cadre,
        concern=hot[0],
        authority=register_authority("LD-PLAGI"),
        forwarded_on=TODAY - 2 * DAY,
        due_date=TODAY - DAY,
    )
    context = dashboard_context(cadre)
    most_overdue = Concern.objects.visible_to(cadre).overdue().order_by("due_date", "pk")[:5]
    assert context["concerns_overdue"] == list(most_overdue)
    assert late in Concern.objects.visible_to(cadre).overdue()
    assert context["concerns_overdue_count"] == Concern.objects.visible_to(cadre).overdue().count()
    counts = {row["status"]: row["count"] for row in context["concerns_status_counts"]}
    assert counts[S.FORWARDED] == Concern.objects.visible_to(cadre).filter(status=S.FORWARDED).count()
    spots = [(s.place, s.category) for s in context["concerns_hotspots"]]
    assert (area, ConcernCategory.SECURITY_ORDER) in spots
    assert all(s.place.code.startswith(("LD-PPHUOCHOI", "LG-")) for s in context["concerns_hotspots"])
    html = render_to_string("concerns/_dashboard_panels.html", context)
    ours = next(s for s in context["concerns_hotspots"] if (s.place, s.category) == (area, hot[0].category))
    assert ours.concerns and {c.pk for c in ours.concerns} <= {c.pk for c in hot}
    assert all(reverse("concerns:detail", args=[c.pk]) in html for c in ours.concerns)
    assert "?overdue=on" in html
    assert la_gi_concern.tracking_code not in html


def test_the_pages_run_through_the_overdue_then_the_others_in_the_order_of_one_sorted_list(login_as):
    """The inbox reads the overdue and the other concerns apart (``selectors.inbox_page``): across
    the page where one part ends and the other begins, the pages are the slices of one list sorted
    overdue first, then the newest."""
    area = unit("LD-PPHUOCHOI-KP03")
    ward = unit("LD-PPHUOCHOI")
    for n in range(30):
        forwarded = {"status": "forwarded", "forwarded_on": TODAY - 40 * DAY}
        late = {**forwarded, "due_date": TODAY - (n % 4 + 1) * DAY} if n % 2 else forwarded
        ConcernFactory(unit=ward, residential_area=area, received_on=TODAY - (n + 50) * DAY, **late)
    client = login_as("cadre_ward")
    query = f"?unit={area.pk}&view=was"
    everything = list(
        Concern.objects.visible_to(client.get(reverse("concerns:inbox")).wsgi_request.user)
        .filter(residential_area=area)
        .inbox_order(TODAY)
    )
    assert sum(c.is_overdue for c in everything) == 15 and len(everything) > 25
    shown = []
    for number in (1, 2, 3):
        page = client.get(reverse("concerns:inbox") + f"{query}&page={number}").context["page"]
        shown += list(page)
        assert page.has_next is (len(shown) < len(everything))
    assert [c.pk for c in shown] == [c.pk for c in everything]
