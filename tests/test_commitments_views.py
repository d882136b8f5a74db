"""The commitments' screens: the cadre list (overdue first, filters, scope), the status form (errors
next to the fields with the summary on top, 403 for a read-only cadre, 404 for another scope, sent
twice saved once), the commitments on an activity's cadre page and its public page, the overdue
commitments on the start page and at the top of the concern inbox, and pinned query counts at 5 and
500 commitments."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.commitments import add_commitment, record_commitment_status
from activities.models import Activity, ActivityKind, Commitment, CommitmentStatus, Visibility
from activities.panels import overdue_commitments_panel
from core import caching
from organizations.scoping import scope_for
from tests.commitments_common import LA_GI, PHUOC_HOI, authority
from tests.helpers import EITHER_REPEAT, assert_saved_once, unit
from tests.test_activities_common import create, new_activity

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LIST = reverse("commitments:list")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def status_url(commitment: Commitment) -> str:
    return reverse("commitments:status", args=[commitment.pk])


@pytest.fixture
def ward(demo_user):
    return demo_user("cadre_ward")


@pytest.fixture
def dialogue(ward):
    return create(
        ward,
        ActivityKind.DIALOGUE,
        activity=new_activity(
            ActivityKind.DIALOGUE,
            date=TODAY - 40 * DAY,
            visibility=Visibility.PUBLISHED,
            summary="ĐỐI-THOẠI-CK",
        ),
    )


@pytest.fixture
def late(ward, dialogue):
    return add_commitment(
        actor=ward,
        unit=dialogue.unit,
        owner=authority(),
        text="CK-QUA-HAN Nạo vét mương khu phố 3",
        deadline=TODAY - 5 * DAY,
        activity=dialogue,
    )


@pytest.fixture
def later(ward, dialogue):
    return add_commitment(
        actor=ward,
        unit=dialogue.unit,
        owner=authority(),
        text="CK-CHUA-DEN-HAN Lắp đèn đường",
        deadline=TODAY + 20 * DAY,
        activity=dialogue,
    )


def make_commitments(n: int, unit_code: str = PHUOC_HOI) -> None:
    owner, place = authority(unit_code), unit(unit_code)
    Commitment.objects.bulk_create(
        [
            Commitment(
                unit=place,
                owner=owner,
                text=f"CK-HANG-LOAT {i:03d}",
                deadline=TODAY + (i % 7 - 3) * DAY,
                status=CommitmentStatus.KEPT if i % 5 == 0 else CommitmentStatus.PENDING,
                status_on=TODAY if i % 5 == 0 else None,
                evidence="Biên bản kiểm tra" if i % 5 == 0 else "",
            )
            for i in range(n)
        ]
    )


# The list -----------------------------------------------------------------------------------------


def test_the_list_puts_overdue_commitments_first_with_their_owner_and_a_badge(login_as, late, later):
    response = login_as("cadre_ward").get(LIST, {"unit": late.unit_id}, **ENGLISH)
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows.index(late) < rows.index(later)
    assert all(row.is_overdue for row in rows[: rows.index(later)] if row.status == "pending")
    html = response.content.decode()
    assert "CK-QUA-HAN" in html and "Overdue" in html and "Committed by" in html
    assert status_url(late) in html


def test_the_filters_narrow_the_list(login_as, late, later):
    client = login_as("cadre_ward")
    overdue = list(client.get(LIST, {"overdue": "on"}).context["page"])
    assert late in overdue and later not in overdue
    assert all(row.is_overdue for row in overdue)
    kept = list(client.get(LIST, {"status": "kept"}).context["page"])
    assert later not in kept and all(row.status == "kept" for row in kept)
    by_owner = list(client.get(LIST, {"owner": late.owner_id}).context["page"])
    assert late in by_owner and all(row.owner_id == late.owner_id for row in by_owner)
    other_ward = client.get(LIST, {"unit": unit(LA_GI).pk}).context["page"]
    assert not list(other_ward)  # a unit outside the scope shows nothing


def test_another_scope_does_not_see_the_commitments(login_as, late):
    for username in ("cadre_women",):
        page = login_as(username).get(LIST).context["page"]
        assert late not in list(page)
    viewer = login_as("cadre_viewer").get(LIST, {"overdue": "on"})
    assert late in list(viewer.context["page"])
    assert status_url(late) not in viewer.content.decode()  # read only: no status button


# The status form -------------------------------------------------------------------------------


def test_the_status_is_recorded_and_shown_on_the_activity_page(login_as, late, dialogue):
    client = login_as("cadre_ward")
    page = client.get(status_url(late), **ENGLISH)
    assert page.status_code == 200 and "CK-QUA-HAN" in page.content.decode()
    assert "Overdue" in page.content.decode()
    response = client.post(
        status_url(late),
        {"status": "kept", "status_on": TODAY.isoformat(), "evidence": "Biên bản nghiệm thu số 3/BB-UBND"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{dialogue.get_absolute_url()}#commitment-{late.pk}"
    late.refresh_from_db()
    assert (late.status, late.status_on, late.evidence) == ("kept", TODAY, "Biên bản nghiệm thu số 3/BB-UBND")
    detail = client.get(dialogue.get_absolute_url(), **ENGLISH).content.decode()
    assert "Biên bản nghiệm thu số 3/BB-UBND" in detail and "Kept" in detail


def test_mistakes_are_shown_next_to_the_fields_with_the_summary_on_top(login_as, late, dialogue):
    client = login_as("cadre_ward")
    response = client.post(status_url(late), {"status": "partly_kept", "status_on": "", "evidence": " "})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "status_on": [_("Enter the date the status was checked.")],
        "evidence": [_("Describe the evidence for this status.")],
    }
    html = response.content.decode()
    assert html.index('id="error-summary"') < html.index('id="commitment-status-form"')
    # The service's own checks land on the field too: a date before the dialogue.
    before = (dialogue.date - DAY).isoformat()
    response = client.post(status_url(late), {"status": "kept", "status_on": before, "evidence": "Biên bản"})
    assert list(response.context["form"].errors) == ["status_on"]
    future = client.post(status_url(late), {"status": "kept", "status_on": (TODAY + DAY).isoformat()})
    assert "status_on" in future.context["form"].errors
    late.refresh_from_db()
    assert late.status == CommitmentStatus.PENDING


def test_the_read_only_cadre_gets_403_and_another_scope_404(login_as, late):
    data = {"status": "kept", "status_on": TODAY.isoformat(), "evidence": "Biên bản"}
    viewer = login_as("cadre_viewer")
    assert viewer.get(status_url(late)).status_code == 403
    assert viewer.post(status_url(late), data).status_code == 403
    women = login_as("cadre_women")
    assert women.get(status_url(late)).status_code == 404
    assert women.post(status_url(late), data).status_code == 404
    late.refresh_from_db()
    assert late.status == CommitmentStatus.PENDING


def test_a_commitment_of_an_answer_returns_to_the_list(login_as, ward):
    made = add_commitment(
        actor=ward, unit=unit(PHUOC_HOI), owner=authority(), text="CK-TRA-LOI", deadline=TODAY + DAY
    )
    client = login_as("cadre_ward")
    assert "CK-TRA-LOI" in client.get(status_url(made)).content.decode()
    response = client.post(status_url(made), {"status": "no_longer_relevant", "status_on": TODAY.isoformat(),
                                              "evidence": "Đã có quy hoạch mới"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == LIST


@EITHER_REPEAT
def test_the_status_form_sent_twice_records_once(login_as, late, forget_cookie):
    assert_saved_once(
        login_as("cadre_ward"),
        status_url(late),
        {"status": "kept", "status_on": TODAY.isoformat(), "evidence": "Biên bản nghiệm thu"},
        LogEntry.objects.get_for_object(late).filter(action=LogEntry.Action.UPDATE),
        forget_cookie=forget_cookie,
    )


# The activity's pages ---------------------------------------------------------------------------


def test_the_activity_page_shows_owner_deadline_status_and_overdue(login_as, late, later, dialogue):
    html = login_as("cadre_ward").get(dialogue.get_absolute_url(), **ENGLISH).content.decode()
    assert f'id="commitment-{late.pk}"' in html and f'id="commitment-{later.pk}"' in html
    assert "Overdue" in html and late.owner.name in html
    assert status_url(late) in html
    read_only = login_as("cadre_viewer").get(dialogue.get_absolute_url()).content.decode()
    assert status_url(late) not in read_only


def test_the_public_page_shows_the_commitments_with_their_status_and_nothing_confidential(
    client, ward, late, later, dialogue
):
    record_commitment_status(
        actor=ward,
        commitment=later,
        status="partly_kept",
        status_on=TODAY,
        evidence="Đã lắp 5 trên 10 bóng đèn",
    )
    html = client.get(reverse("portal:activity_detail", args=[dialogue.pk]), **ENGLISH).content.decode()
    assert "CK-QUA-HAN" in html and "Overdue" in html
    assert "Partly kept" in html and "Đã lắp 5 trên 10 bóng đèn" in html
    assert late.owner.name in html and late.deadline.strftime("%d/%m/%Y") in html
    assert status_url(late) not in html
    assert dialogue.internal_notes == "" or dialogue.internal_notes not in html


def test_the_public_page_changes_at_once_when_a_status_is_recorded(
    client, ward, late, dialogue, django_capture_on_commit_callbacks
):
    url = reverse("portal:activity_detail", args=[dialogue.pk])
    assert "Biên bản KẾT-QUẢ" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        record_commitment_status(
            actor=ward, commitment=late, status="kept", status_on=TODAY, evidence="Biên bản KẾT-QUẢ"
        )
    assert "Biên bản KẾT-QUẢ" in client.get(url).content.decode()


def test_a_voter_contact_page_shows_its_commitments_at_a_fixed_cost(client, ward, django_assert_num_queries):
    contact = create(
        ward,
        ActivityKind.VOTER_CONTACT,
        activity=new_activity(
            ActivityKind.VOTER_CONTACT, date=TODAY - 10 * DAY, visibility=Visibility.PUBLISHED, summary="TXCT"
        ),
    )
    url = reverse("portal:activity_detail", args=[contact.pk])

    def grow(n: int) -> None:
        Commitment.objects.bulk_create(
            [
                Commitment(activity=contact, unit=contact.unit, owner=authority(), text=f"CK-TXCT {i}",
                           deadline=TODAY + (i % 3 - 1) * DAY)
                for i in range(n)
            ]
        )  # fmt: skip

    grow(5)
    caching_off()
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    grow(495)
    caching_off()
    with django_assert_num_queries(len(small.captured_queries)):
        large = client.get(url)
    assert first.content.decode().count("CK-TXCT") == 5 and large.content.decode().count("CK-TXCT") == 500


def caching_off() -> None:
    """Empty the page cache (shared and this process's copies): the next showing is built again."""
    cache.clear()
    caching.forget_local_cache()


# Start page and inbox -------------------------------------------------------------------------------


def test_the_start_page_shows_the_overdue_commitments(login_as, late, later):
    html = login_as("cadre_ward").get(reverse("cadre:dashboard"), **ENGLISH).content.decode()
    panel = html.split('id="overdue-commitments"')[1].split("</section>")[0]
    assert "CK-QUA-HAN" in panel and "CK-CHUA-DEN-HAN" not in panel
    assert f"{LIST}?overdue=on" in panel
    women = login_as("cadre_women").get(reverse("cadre:dashboard")).content.decode()
    assert "CK-QUA-HAN" not in women


def test_the_concern_inbox_counts_the_overdue_commitments(login_as, late):
    response = login_as("cadre_ward").get(reverse("concerns:inbox"), **ENGLISH)
    html = response.content.decode()
    assert 'id="inbox-overdue-commitments"' in html and f"{LIST}?overdue=on" in html
    count = response.context["overdue_commitments_count"]
    assert count >= 1
    late.status, late.status_on, late.evidence = "kept", TODAY, "Biên bản"
    late.save()
    assert (
        login_as("cadre_ward").get(reverse("concerns:inbox")).context["overdue_commitments_count"]
        == count - 1
    )


# Pinned queries -----------------------------------------------------------------------------------

# Session, user, the scope's rows; the filter's unit choices (a subquery of the reach tables), owner
# choices, the count and the page of commitments (with owner, unit and activity joined, the overdue
# mark and the edit flag computed in the same query).
LIST_QUERIES = 7
# With a unit: + checking the chosen unit ("this unit and below" is a subquery), and the filter's
# chosen option (read at any length of its list).
LIST_FILTERED_QUERIES = 9
# Session, user, the scope's rows (1), the commitment (owner, unit and activity joined), whether the
# user may change it.
STATUS_QUERIES = 5


@pytest.mark.parametrize(
    "query, expected",
    [("", LIST_QUERIES), ("?unit={ward}&overdue=on&status=pending", LIST_FILTERED_QUERIES)],
)
def test_the_list_costs_the_same_at_5_and_500_commitments(
    login_as, django_assert_num_queries, query, expected
):
    client = login_as("cadre_ward")
    url = LIST + query.format(ward=unit(PHUOC_HOI).pk)
    client.get(url)  # warm-up (content types, translations)
    make_commitments(5)
    with django_assert_num_queries(expected):
        small = client.get(url)
    make_commitments(495)
    with django_assert_num_queries(expected):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.context["page"].paginator.count > small.context["page"].paginator.count


def test_the_status_form_costs_the_same_whatever_the_commitments(login_as, late, django_assert_num_queries):
    client = login_as("cadre_ward")
    client.get(status_url(late))
    make_commitments(5)
    with django_assert_num_queries(STATUS_QUERIES):
        client.get(status_url(late))
    make_commitments(495)
    with django_assert_num_queries(STATUS_QUERIES):
        client.get(status_url(late))


def test_the_overdue_panel_costs_one_query_whatever_the_commitments(rf, ward, django_assert_num_queries):
    request = rf.get("/cadre/")
    request.user = ward
    scope_for(ward)
    make_commitments(5)
    with django_assert_num_queries(1):
        small = overdue_commitments_panel(request)
    make_commitments(495)
    with django_assert_num_queries(1):
        large = overdue_commitments_panel(request)
    assert "CK-HANG-LOAT" in small and large.count('<li class="mb-2">') == 5
    total = Commitment.objects.visible_to(ward).overdue(TODAY).count()
    assert f'text-bg-danger">{total}</span>' in large


def test_an_activity_page_with_many_commitments_costs_the_same(login_as, dialogue, django_assert_num_queries):
    client = login_as("cadre_ward")
    url = dialogue.get_absolute_url()

    def grow(n: int) -> None:
        Commitment.objects.bulk_create(
            [
                Commitment(
                    activity=dialogue, unit=dialogue.unit, owner=authority(), text=f"CK-{i}", deadline=TODAY
                )
                for i in range(n)
            ]
        )

    client.get(url)
    grow(5)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(495)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).content.decode().count("CK-") >= 500


def test_the_activity_is_untouched_by_recording_a_status(ward, late, dialogue):
    before = Activity.objects.get(pk=dialogue.pk).updated_at
    record_commitment_status(
        actor=ward, commitment=late, status="not_kept", status_on=TODAY, evidence="Chưa làm"
    )
    assert Activity.objects.get(pk=dialogue.pk).updated_at == before
