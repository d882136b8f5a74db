"""Every cadre page costs the same number of queries at the demo's size and at a country's size.

The pages are those the chooser crawl opens (tests/test_choosers_crawl.py): every GET page of the
permission matrix in the cadre area that answers the account 200 (the detail and edit pages of an
activity, a concern, an organization, a person, a member, a project, a recommendation, a house...
among them), and the form of each kind of activity. Each is measured for a ward's cadre and for a
province's, first on the demo data, then once the country has grown:

- outside the scope, two more provinces with their wards, communes, residential areas,
  organizations, authorities, activities (with their details and organizers) and concerns
  (``demo.national``);
- inside it, 300 more units, organizations, people and authorities (the chooser crawl's crowd),
  600 activities and 300 concerns over the La Gi demo (``bench.reports_data``), 60 more members,
  articles, commitments, houses, savings groups, projects, recommendations, supervisions and
  inspections in the ward, and more organizers, events, positions and branches on the very
  records the detail pages show.

Scopes are read through the reach tables (``organizations.reach``), lists are pages whose related
rows come joined or prefetched, and a chooser reads its chosen options whether its list is long or
not (``organizations.choosers``): no count depends on the size of the country. Each count is also
pinned in ``EXPECTED``, so that a new query is seen in review. The counts are the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Commitment
from bench.reports_data import load
from demo.national import grow
from organizations.models import Organization, OrganizationKind
from oversight.models import Inspection, Project, Recommendation, Supervision
from social.models import GreatUnityHouse, SavingsGroup
from tests.factories import (
    ConcernEventFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TermFactory,
)
from tests.helpers import unit
from tests.matrix import Row, ph_activity, ph_concern, ph_organization, ph_person
from tests.members_common import add_members
from tests.test_articles_common import make_published
from tests.test_choosers_crawl import _crowd, _pages

pytestmark = pytest.mark.django_db

# The demo account, and whether its crowd grows below the ward's province rather than the ward.
ACCOUNTS = {"ward": ("cadre_ward", False), "province": ("cadre_area", True)}
COLUMN = {"ward": 0, "province": 1}
WARD = "LD-PPHUOCHOI"
# How many of each child the records shown by the detail pages get, and of each other kind of record.
CHILDREN = 30
RECORDS = 60

# Each page's count, for the ward cadre and for the province cadre (None: a page the account does not
# open). Every page starts with the session, the user and the account's scope rows; a form then reads
# each chooser's first options and, when a value is chosen, its chosen options (one query each).
EXPECTED: dict[str, tuple[int | None, int | None]] = {
    "activities:create": (3, 3),
    "activities:create_kind": (12, 12),  # the matrix's row: the visit form
    "activities:create_kind:dialogue": (11, 11),
    "activities:create_kind:draft_comments": (10, 10),
    "activities:create_kind:mediation": (11, 11),
    "activities:create_kind:meeting": (11, 11),
    "activities:create_kind:other": (10, 10),
    "activities:create_kind:support": (10, 10),
    "activities:create_kind:visit": (12, 12),
    "activities:create_kind:voter_contact": (11, 11),
    "activities:detail": (9, 9),
    "activities:edit": (18, 18),
    "activities:list": (7, 7),
    "articles_cadre:create": (6, 6),
    "articles_cadre:edit": (9, 9),
    "articles_cadre:list": (6, 6),
    "articles_cadre:media": (7, 7),
    "articles_cadre:preview": (8, 8),
    "cadre:area_options": (5, 5),
    "cadre:coverage": (9, 9),
    "cadre:dashboard": (17, 17),
    "cadre:organization_create": (7, 7),
    "cadre:organization_detail": (7, 7),
    "cadre:organization_edit": (9, 9),
    "cadre:organization_list": (5, 5),
    "cadre:organizer_options": (5, 5),
    "cadre:person_create": (4, 4),
    "cadre:person_detail": (7, 7),
    "cadre:person_edit": (8, 8),
    "cadre:person_list": (6, 6),
    "cadre:position_create": (7, 7),
    "cadre:position_edit": (None, 8),
    "cadre:term_create": (None, 5),
    "cadre:term_edit": (5, 5),
    "commitments:list": (7, 7),
    "commitments:status": (5, 5),
    "concerns:answer": (4, 4),
    "concerns:close": (4, 4),
    "concerns:create": (7, 7),
    "concerns:detail": (7, 7),
    "concerns:duplicate": (4, 4),
    "concerns:edit": (10, 10),
    "concerns:forward": (4, 4),
    "concerns:inbox": (8, 8),
    "concerns:inform": (4, 4),
    "concerns:not_in_scope": (4, 4),
    "concerns:opinion_create": (9, 9),
    "concerns:petition_create": (7, 7),
    "concerns:visit_log": (9, 9),
    "concerns:withdraw_consent": (4, 4),
    "members:assignment_create": (7, 7),
    "members:assignment_edit": (11, 11),
    "members:assignment_list": (5, 5),
    "members:figure_create": (6, 6),
    "members:figure_edit": (8, 8),
    "members:figure_list": (7, 7),
    "members:member_create": (7, 7),
    "members:member_detail": (6, 6),
    "members:member_edit": (8, 8),
    "members:membership_add": (6, 6),
    "members:membership_leave": (5, 5),
    "members:membership_transfer": (6, 6),
    "members:register": (10, 10),
    "members:sheet_map": (4, None),
    "members:sheet_sample": (2, 2),
    "members:sheet_upload": (4, 4),
    "oversight:board_detail": (7, 7),
    "oversight:board_edit": (5, 5),
    "oversight:board_list": (5, 5),
    "oversight:inspection_create": (7, 7),
    "oversight:inspection_detail": (6, 6),
    "oversight:inspection_edit": (8, 8),
    "oversight:inspection_list": (8, 8),
    "oversight:inspection_recommend": (7, 7),
    "oversight:member_create": (7, 7),
    "oversight:member_edit": (9, 9),
    "oversight:plan_create": (5, 5),
    "oversight:plan_edit": (5, 5),
    "oversight:project_create": (7, 7),
    "oversight:project_detail": (8, 8),
    "oversight:project_edit": (11, 11),
    "oversight:project_list": (6, 6),
    "oversight:recommendation_close": (4, 4),
    "oversight:recommendation_detail": (7, 7),
    "oversight:recommendation_implementation": (4, 4),
    "oversight:recommendation_inbox": (7, 7),
    "oversight:recommendation_reply": (4, 4),
    "oversight:recommendation_resupervise": (9, 9),
    "oversight:recommendation_send": (4, 4),
    "oversight:report_create": (8, 8),
    "oversight:report_edit": (5, 5),
    "oversight:session_create": (7, 7),
    "oversight:session_detail": (6, 6),
    "oversight:session_edit": (5, 5),
    "oversight:session_recommend": (7, 7),
    "oversight:supervision_create": (8, 8),
    "oversight:supervision_detail": (7, 7),
    "oversight:supervision_edit": (11, 11),
    "oversight:supervision_list": (8, 8),
    "oversight:supervision_recommend": (7, 7),
    # This month from the days and the concerns, the months that have ended from the half-months.
    "reports:report": (39, 39),
    # What the report page loads into itself: the unit, the form's choice, the counts, the names.
    "reports:authorities": (7, 7),
    "reports:submission_detail": (9, None),
    "reports:submission_list": (7, 6),
    "reports:submission_overview": (6, 6),
    "reports:submission_start": (5, 5),
    "social:campaign_create": (5, 5),
    "social:campaign_edit": (7, 7),
    "social:commendation_create": (7, 7),
    "social:commendation_edit": (9, 9),
    "social:commendation_list": (6, 6),
    "social:fund_overview": (7, 7),
    "social:group_create": (7, 7),
    "social:group_detail": (7, 7),
    "social:group_edit": (10, 10),
    "social:group_list": (7, 7),
    "social:house_create": (8, 8),
    "social:house_detail": (7, 7),
    "social:house_edit": (11, 11),
    "social:house_list": (7, 7),
    "social:house_photo_add": (5, 5),
    "social:model_create": (6, 6),
    "social:model_detail": (6, 6),
    "social:model_edit": (9, 9),
    "social:model_list": (6, 6),
    "social:movement_create": (5, 5),
    "social:movement_edit": (7, 7),
    "social:movement_list": (6, 6),
    "social:overview": (10, 10),
    "social:receipt_create": (6, 6),
    "social:receipt_edit": (8, 8),
    "social:receipt_list": (7, 7),
    "social:sheet_import": (3, 3),
    "social:sheet_sample": (2, 2),
    "social:snapshot_create": (5, 5),
    "social:snapshot_edit": (6, 6),
    "social:spending_create": (7, 7),
    "social:spending_edit": (9, 9),
    "social:spending_list": (7, 7),
}


def _url(name: str, row: Row) -> str:
    url_name = name if name.count(":") == 1 else name.rsplit(":", 1)[0]
    return reverse(url_name, kwargs=row.kwargs() or None) + row.query_string()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _crowd_the_shown_records() -> None:
    """Organizers for the activity shown, events for the concern, branches, terms and positions
    for the organization, positions for the person."""
    activity, organization, person = ph_activity(), ph_organization(), ph_person()
    activity.organizations.add(
        *(OrganizationFactory(unit=activity.unit, name=f"Đồng tổ chức {n}") for n in range(CHILDREN))
    )
    concern = ph_concern()
    for _n in range(CHILDREN):
        ConcernEventFactory(concern=concern, from_status="received", to_status="received")
    for n in range(CHILDREN):
        OrganizationFactory(unit=organization.unit, parent=organization, name=f"Chi hội thêm {n}")
        TermFactory(organization=organization)
        PositionFactory(organization=organization, person=PersonFactory(unit=organization.unit))
        PositionFactory(organization=OrganizationFactory(unit=person.unit), person=person)


def _copies(rows: QuerySet, count: int, **texts: str) -> None:
    """``count`` copies of the first rows of ``rows``, each field of ``texts`` written anew (a
    format of the copy's number) so that nothing unique is copied."""
    originals = list(rows.order_by("pk")[:5])
    assert originals, rows.model
    made = []
    for number in range(count):
        row = copy.copy(originals[number % len(originals)])
        row.pk = None
        for name, text in texts.items():
            setattr(row, name, text.format(number))
        made.append(row)
    rows.model.objects.bulk_create(made)


def _crowd_the_records() -> None:
    """More of every kind of record the cadre pages list, in the ward (inside both scopes)."""
    area = unit(f"{WARD}-KP01")
    branch = Organization.objects.filter(unit=area, kind=OrganizationKind.WOMENS_UNION).first()
    add_members(branch, area, RECORDS, prefix="Hội viên thêm")
    make_published(RECORDS, Organization.objects.get(unit__code=WARD, kind=OrganizationKind.FRONT_COMMITTEE))
    ward = Q(unit__code=WARD) | Q(unit__parent__code=WARD)
    _copies(Commitment.objects.filter(ward), RECORDS, text="Cam kết thêm {}")
    _copies(GreatUnityHouse.objects.filter(ward), RECORDS, household="Hộ thêm {}")
    _copies(SavingsGroup.objects.filter(ward), RECORDS, code="TQ{:04d}", name="Tổ thêm {}")
    _copies(Project.objects.filter(ward), RECORDS, name="Công trình thêm {}")
    _copies(Recommendation.objects.filter(ward), RECORDS, content="Kiến nghị thêm {}")
    _copies(Supervision.objects.filter(ward), RECORDS, subject="Giám sát thêm {}")
    _copies(Inspection.objects.filter(board__unit__code=WARD), RECORDS, subject="Thanh tra thêm {}")


def _grow_the_country(root, *, commune_level: bool) -> None:
    grow(provinces=2, communes=6, areas=40, activities=300, concerns=100, seed=7)
    _crowd(root.parent if commune_level else root, commune_level=commune_level)
    load(activities=600, concerns=300, seed=11)
    _crowd_the_records()
    _crowd_the_shown_records()


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_every_cadre_page_costs_the_same_at_national_size(account, login_as, monkeypatch):
    username, commune_level = ACCOUNTS[account]
    client = login_as(username)
    pages = {name: _url(name, row) for name, row in _pages(username)}
    for url in pages.values():
        client.get(url)  # warm-up: content types, translations
    demo = {name: _count(client, url) for name, url in pages.items()}
    # The member import the matrix made for its mapping page is not demo data: the national set is
    # written beside it all the same.
    monkeypatch.setattr("demo.national.refuse_unless_demo", lambda: None)
    _grow_the_country(unit(WARD), commune_level=commune_level)
    national = {name: _count(client, url) for name, url in pages.items()}
    pinned = {name: EXPECTED.get(name, (None, None))[COLUMN[account]] for name in pages}
    wrong = [
        f"{name}: {demo[name]} at demo size, {national[name]} at national size, {pinned[name]} pinned"
        for name in pages
        if not demo[name] == national[name] == pinned[name]
    ]
    assert not wrong, f"{account} cadre's pages:\n" + "\n".join(wrong)
