"""A small province made for the report tests, with a record of every kind whose figure is known.

Two wards under a province: Phường An (quarters An 1 and An 2) and Phường Bình (quarter Bình 1),
each with its Front committee; in An a Women's Union with a branch, an inspection board, a
monitoring board and a mediation team. The first quarter of 2026 holds most records; the last
quarter of 2025 (the period before) and the first quarter of 2025 (the same period last year) a
few. ``EXPECTED`` is every indicator's total for the first quarter of 2026, ``EXPECTED_ROWS`` some
of each ward's, computed by hand from the records below.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from activities.figures import rebuild_work_days
from activities.models import (
    Activity,
    DialogueDetails,
    DraftCommentDetails,
    MediationDetails,
    MeetingDetails,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)
from articles.models import Article
from members.models import Household, HouseholdFigure, HouseholdVisit, Member, Membership
from oversight.models import MonitoringFinding, Recommendation
from reports.periods import CALENDAR, Period
from social.models import (
    ExemplaryModel,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    LoanSnapshot,
    SavingsGroup,
)
from tests.factories import (
    ActivityFactory,
    ConcernFactory,
    InspectionFactory,
    MonitoringSessionFactory,
    OrganizationFactory,
    ProjectFactory,
    SupervisionFactory,
    UnitFactory,
)

D = datetime.date
QUARTER = Period.of_quarter(2026, 1, CALENDAR)
TODAY = D(2026, 6, 30)


def make_commitment(activity, *, kept: bool):
    """A commitment made at ``activity``, kept or not, however commitments are recorded today."""
    try:
        model = apps.get_model("activities", "Commitment")
    except LookupError:
        model = apps.get_model("activities", "DialogueCommitment")
        return model.objects.create(activity=activity, text="Test commitment", fulfilled=kept)
    if kept:
        return model.objects.create(
            activity=activity,
            unit=activity.unit,
            text="Test commitment",
            status="kept",
            status_on=activity.date,
            evidence="Test evidence",
        )
    return model.objects.create(activity=activity, unit=activity.unit, text="Test commitment")


def activity(kind: str, day: datetime.date, unit, organizer, details=None, **fields):
    made = ActivityFactory(kind=kind, date=day, unit=unit, organizations=[organizer])
    if details is not None:
        details.objects.create(activity=made, **fields)
    return made


def bulk_visits(ward, count: int, *, first_day: datetime.date, days: int) -> None:
    """``count`` visits in ``ward`` spread over ``days`` days from ``first_day`` (``bulk_create``,
    then the figures of each day rebuilt, as after any load around the services)."""
    Activity.objects.bulk_create(
        [
            Activity(
                kind="visit",
                date=first_day + datetime.timedelta(days=n % days),
                unit=ward,
                summary="Bulk",
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    rebuild_work_days()


def make_town() -> dict:
    province = UnitFactory(code="RP", name="Tỉnh Thử Báo Cáo", kind="province")
    an = UnitFactory(code="RA", name="Phường An", parent=province)
    binh = UnitFactory(code="RB", name="Phường Bình", parent=province)
    an1 = UnitFactory(code="RA-1", name="Khu phố An 1", kind="quarter", parent=an)
    an2 = UnitFactory(code="RA-2", name="Khu phố An 2", kind="quarter", parent=an)
    binh1 = UnitFactory(code="RB-1", name="Khu phố Bình 1", kind="quarter", parent=binh)
    front_an = OrganizationFactory(name="Ủy ban MTTQ Việt Nam phường An", kind="front_committee", unit=an)
    front_binh = OrganizationFactory(
        name="Ủy ban MTTQ Việt Nam phường Bình", kind="front_committee", unit=binh
    )
    union_an = OrganizationFactory(name="Hội Liên hiệp Phụ nữ phường An", unit=an)
    union_binh = OrganizationFactory(name="Hội Liên hiệp Phụ nữ phường Bình", unit=binh)
    branch_an1 = OrganizationFactory(name="Chi hội Phụ nữ khu phố An 1", unit=an1, parent=union_an)
    team = OrganizationFactory(name="Tổ hòa giải phường An", kind="mediation_team", unit=an)
    inspection_board = OrganizationFactory(
        name="Ban Thanh tra nhân dân phường An", kind="inspection_board", unit=an
    )
    town = locals()
    _work_log(town)
    _concerns(town)
    _oversight(town)
    _registers(town)
    _social(town)
    # Made with factories, around the services: the work log's figures of each day from the records.
    rebuild_work_days()
    return town


def _work_log(t: dict) -> None:
    an, binh, front_an, front_binh = t["an"], t["binh"], t["front_an"], t["front_binh"]
    activity(
        "visit", D(2026, 1, 10), an, front_an, VisitDetails, residential_area=t["an1"], households_visited=5
    )
    activity(
        "visit", D(2026, 2, 10), an, front_an, VisitDetails, residential_area=t["an2"], households_visited=3
    )
    activity("meeting", D(2026, 3, 1), binh, front_binh, MeetingDetails, organization=front_binh, topic="Họp")
    activity(
        "voter_contact",
        D(2026, 2, 1),
        an,
        front_an,
        VoterContactDetails,
        level="commune_council",
        timing="before",
        session="Kỳ họp thứ 5",
        voters_attending=120,
        opinions_count=7,
    )
    dialogue = activity(
        "dialogue",
        D(2026, 3, 5),
        binh,
        front_binh,
        DialogueDetails,
        leaders_present="Chủ tịch",
        topics="Đường",
    )
    for kept in (True, True, False):
        make_commitment(dialogue, kept=kept)
    for outcome, where in (("successful", an), ("successful", an), ("pending", an), ("unsuccessful", binh)):
        activity(
            "mediation",
            D(2026, 2, 20),
            where,
            front_an if where == an else front_binh,
            MediationDetails,
            mediation_team=t["team"],
            dispute_type="land",
            parties="Test parties",
            sessions=1,
            outcome=outcome,
        )
    activity(
        "draft_comments",
        D(2026, 1, 20),
        binh,
        front_binh,
        DraftCommentDetails,
        document_title="Dự thảo",
        drafting_body="UBND",
        opinions_gathered=15,
    )
    activity(
        "support",
        D(2026, 2, 15),
        an,
        front_an,
        SupportDetails,
        support_type="tet_gifts",
        recipients=10,
        value_vnd=2_000_000,
    )
    activity(
        "support",
        D(2026, 3, 15),
        binh,
        front_binh,
        SupportDetails,
        support_type="other",
        recipients=4,
        value_vnd=500_000,
    )
    # The period before and the same period last year.
    activity(
        "visit", D(2025, 11, 10), an, front_an, VisitDetails, residential_area=t["an1"], households_visited=4
    )
    for _visit in range(2):
        activity(
            "visit",
            D(2025, 2, 2),
            binh,
            front_binh,
            VisitDetails,
            residential_area=t["binh1"],
            households_visited=2,
        )
    # Households of the quarters: four numbered households, visits on days of the periods.
    h1, h2, h3 = (Household.objects.create(residential_area=t["an1"], code=str(n)) for n in (1, 2, 3))
    h4 = Household.objects.create(residential_area=t["an2"], code="1")
    for household, day in (
        (h1, D(2026, 1, 10)),
        (h1, D(2026, 2, 10)),
        (h2, D(2026, 1, 10)),
        (h4, D(2026, 2, 10)),
        (h3, D(2025, 11, 10)),
    ):
        HouseholdVisit.objects.create(household=household, visited_on=day)
    HouseholdFigure.objects.create(residential_area=t["an1"], year=2026, households=10, source="Test")
    HouseholdFigure.objects.create(residential_area=t["an2"], year=2024, households=20, source="Test")


def _concerns(t: dict) -> None:
    an, binh, an1 = t["an"], t["binh"], t["an1"]
    ConcernFactory(
        unit=an,
        residential_area=an1,
        received_on=D(2026, 1, 5),
        category="environment",
        source="visit",
        answered_on=D(2026, 1, 15),
        status="answered",
    )
    ConcernFactory(
        unit=an,
        residential_area=an1,
        received_on=D(2026, 1, 20),
        category="infrastructure",
        source="petition",
        answered_on=D(2026, 2, 19),
        status="answered",
    )
    ConcernFactory(
        unit=an,
        received_on=D(2026, 2, 1),
        category="land_housing",
        source="petition",
        forwarded_on=D(2026, 2, 2),
        due_date=D(2026, 3, 1),
        status="forwarded",
    )
    ConcernFactory(
        unit=binh,
        received_on=D(2026, 3, 1),
        category="environment",
        forwarded_on=D(2026, 3, 2),
        due_date=D(2026, 4, 1),
        answered_on=D(2026, 4, 10),
        status="answered",
    )
    ConcernFactory(
        unit=binh,
        received_on=D(2026, 3, 10),
        category="environment",
        answered_on=D(2026, 3, 14),
        status="answered",
    )
    # The period before: one answered in the quarter, one closed as a duplicate in the quarter.
    ConcernFactory(
        unit=binh,
        received_on=D(2025, 12, 20),
        forwarded_on=D(2025, 12, 21),
        due_date=D(2026, 1, 20),
        answered_on=D(2026, 2, 15),
        status="answered",
    )
    ConcernFactory(
        unit=an,
        received_on=D(2025, 11, 1),
        forwarded_on=D(2025, 11, 2),
        due_date=D(2025, 12, 1),
        status="duplicate",
        closed_on=D(2026, 1, 10),
    )


def _oversight(t: dict) -> None:
    an, binh, front_an, front_binh = t["an"], t["binh"], t["front_an"], t["front_binh"]
    first = SupervisionFactory(organization=front_an, unit=an, start=D(2026, 2, 2))
    SupervisionFactory(organization=front_an, unit=an, start=D(2026, 3, 2), follows=first)
    criticism = SupervisionFactory(
        organization=front_binh, unit=binh, start=D(2026, 1, 15), kind="social_criticism"
    )

    def recommend(origin, **fields):
        return Recommendation.objects.create(
            supervision=origin, unit=origin.unit, organization=origin.organization, content="Test", **fields
        )

    recommend(
        first,
        status="replied",
        sent_on=D(2026, 2, 10),
        reply_on=D(2026, 3, 1),
        reply_outcome="accepted",
        implementation="implemented",
        implementation_on=D(2026, 3, 20),
    )
    recommend(
        first, status="replied", sent_on=D(2026, 2, 10), reply_on=D(2026, 3, 5), reply_outcome="rejected"
    )
    recommend(criticism, status="sent", sent_on=D(2026, 3, 1))
    recommend(
        criticism,
        status="replied",
        sent_on=D(2026, 3, 20),
        reply_on=D(2026, 4, 5),
        reply_outcome="partly_accepted",
    )
    board = t["inspection_board"]
    InspectionFactory(
        board=board,
        start=D(2026, 2, 2),
        violations_found=2,
        money_recovered_vnd=5_000_000,
        land_recovered_m2=Decimal("120.5"),
    )
    InspectionFactory(
        board=board, start=D(2026, 3, 10), violations_found=1, land_recovered_m2=Decimal("25.0")
    )
    project = ProjectFactory(unit=an)
    building = MonitoringSessionFactory(
        project=project, held_on=D(2026, 1, 20), stage="construction", savings_vnd=1_000_000
    )
    finished = MonitoringSessionFactory(project=project, held_on=D(2026, 3, 10), stage="completed")
    for session in (building, building, finished):
        MonitoringFinding.objects.create(session=session, aspect="quality", text="Test finding")


def _registers(t: dict) -> None:
    an1, union_an, branch = t["an1"], t["union_an"], t["branch_an1"]

    def join(organization, joined, left=None, reason=""):
        member = Member.objects.create(full_name="Test Member", residential_area=an1)
        return Membership.objects.create(
            member=member, organization=organization, joined_on=joined, left_on=left, leave_reason=reason
        )

    join(branch, D(2024, 1, 1))
    join(branch, D(2026, 2, 1))
    join(union_an, D(2023, 1, 1), D(2026, 3, 1), "moved")
    aware = timezone.get_current_timezone()
    for organization, when, status in (
        (union_an, datetime.datetime(2026, 2, 1, 10, tzinfo=aware), "published"),
        (t["front_binh"], datetime.datetime(2026, 3, 31, 23, 30, tzinfo=aware), "published"),
        (union_an, datetime.datetime(2026, 4, 1, 0, 30, tzinfo=aware), "published"),
        (union_an, None, "draft"),
    ):
        Article.objects.create(
            title="Test article",
            slug=f"test-article-{Article.objects.count()}",
            summary="Test",
            body="Test",
            organization=organization,
            status=status,
            published_at=when,
        )


def _social(t: dict) -> None:
    an1, binh1 = t["an1"], t["binh1"]
    group_an = SavingsGroup.objects.create(
        code="RT-1", name="Tổ An", unit=an1, association=t["branch_an1"], founded_on=D(2020, 1, 1)
    )
    group_binh = SavingsGroup.objects.create(
        code="RT-2", name="Tổ Bình", unit=binh1, association=t["union_binh"], founded_on=D(2020, 1, 1)
    )
    for group, day, outstanding, overdue in (
        (group_an, D(2025, 12, 31), 100_000_000, 2_000_000),
        (group_an, D(2026, 3, 31), 120_000_000, 1_200_000),
        (group_binh, D(2026, 3, 31), 80_000_000, 4_000_000),
    ):
        LoanSnapshot.objects.create(
            group=group, date=day, unit=group.unit, outstanding_vnd=outstanding, overdue_vnd=overdue
        )
    FundReceipt.objects.create(committee=t["front_an"], date=D(2026, 1, 15), amount_vnd=3_000_000)
    FundReceipt.objects.create(committee=t["front_binh"], date=D(2026, 2, 20), amount_vnd=1_000_000)
    FundSpending.objects.create(
        committee=t["front_an"], date=D(2026, 3, 1), purpose="housing", amount_vnd=2_500_000
    )
    GreatUnityHouse.objects.create(
        unit=an1,
        organization=t["front_an"],
        work="new_build",
        status="handed_over",
        handed_over_on=D(2026, 3, 15),
        cost_fund_vnd=50_000_000,
        cost_state_vnd=20_000_000,
        cost_donors_vnd=10_000_000,
        cost_family_vnd=5_000_000,
    )
    GreatUnityHouse.objects.create(
        unit=binh1,
        organization=t["front_binh"],
        work="repair",
        status="handed_over",
        handed_over_on=D(2026, 2, 1),
        cost_fund_vnd=15_000_000,
    )
    GreatUnityHouse.objects.create(unit=binh1, organization=t["front_binh"], status="planned")
    ExemplaryModel.objects.create(
        name="Mô hình 1", field="economy", organization=t["union_an"], year=2026, decision_date=D(2026, 2, 10)
    )
    ExemplaryModel.objects.create(name="Mô hình 2", field="culture", organization=t["front_binh"], year=2026)
    ExemplaryModel.objects.create(
        name="Mô hình 3",
        field="culture",
        organization=t["front_binh"],
        year=2025,
        decision_date=D(2025, 12, 1),
    )


# Every indicator's total in the first quarter of 2026 (the report of the province).
EXPECTED = {
    "activities": 12,
    "visits": 2,
    "households_visited": 8,
    "households_reached": 3,
    "coverage": Decimal("10.0"),  # (2 in An 1 + 1 in An 2) of (10 + 20) households
    "meetings": 1,
    "concerns_raised": 5,
    "concerns_answered": 3,
    "concerns_answered_share": Decimal("60.0"),
    "concerns_answer_days": Decimal("10"),  # 4, 10 and 30 days
    "concerns_overdue": 1,
    "concerns_land_housing": 1,
    "concerns_environment": 3,
    "concerns_infrastructure": 1,
    "concerns_social_policy": 0,
    "concerns_security_order": 0,
    "concerns_health": 0,
    "concerns_education": 0,
    "concerns_administrative": 0,
    "concerns_other": 0,
    "petitions": 2,
    # No opinion or question in the hand-made quarter: test_reports_indicators adds some.
    "opinions_recorded": 0,
    "opinions_answered_on_spot": 0,
    "opinions_answered": 0,
    "opinions_overdue": 0,
    "voter_contacts": 1,
    "voters_attending": 120,
    "opinions": 7,
    "dialogues": 1,
    "commitments": 3,
    "commitments_kept": 2,
    "commitments_kept_share": Decimal("66.7"),
    "mediations": 4,
    "mediations_successful": 2,
    "mediation_success_rate": Decimal("50.0"),
    "supervisions": 2,
    "resupervisions": 1,
    "social_criticisms": 1,
    "drafts_commented": 1,
    "recommendations_sent": 4,
    "recommendations_answered": 2,
    "recommendations_accepted": 1,
    "recommendations_accepted_share": Decimal("50.0"),
    "recommendations_implemented": 1,
    "inspections": 2,
    "violations_found": 3,
    "money_recovered": 5_000_000,
    "land_recovered": Decimal("145.5"),
    "monitoring_sessions": 2,
    "projects_monitored": 1,
    "projects_preparation": 0,
    "projects_construction": 1,
    "projects_completed": 1,
    "projects_handed_over": 0,
    "projects_suspended": 0,
    "findings": 3,
    "monitoring_savings": 1_000_000,
    "support_given": 2,
    "support_recipients": 14,
    "support_value": 2_500_000,
    "articles_published": 2,
    "members": 2,
    "members_joined": 1,
    "members_left": 1,
    "loans_outstanding": 200_000_000,
    "loans_overdue": 5_200_000,
    "loans_overdue_ratio": Decimal("2.6"),  # not the mean of An's 1.0% and Bình's 5.0%
    "fund_raised": 4_000_000,
    "fund_spent": 2_500_000,
    "houses_built": 1,
    "houses_repaired": 1,
    "houses_cost": 100_000_000,
    "models_recognised": 2,
}
# Some figures of each ward: (An, Bình).
EXPECTED_ROWS = {
    "activities": (7, 5),
    "mediations": (3, 1),
    "mediation_success_rate": (Decimal("66.7"), Decimal("0.0")),
    "concerns_raised": (3, 2),
    "concerns_answer_days": (Decimal("20"), Decimal("4")),
    "coverage": (Decimal("10.0"), None),
    "loans_overdue_ratio": (Decimal("1.0"), Decimal("5.0")),
    "members": (2, 0),
    "fund_raised": (3_000_000, 1_000_000),
}
# The period before (the last quarter of 2025) and the same quarter of 2025.
EXPECTED_PREVIOUS = {
    "visits": 1,
    "households_visited": 4,
    "households_reached": 1,
    "coverage": Decimal("0.0"),  # An 1 has no figure before 2026; An 2's 20 households, none reached
    "concerns_raised": 2,
    "concerns_overdue": 1,  # forwarded, due on 01/12/2025, closed as a duplicate only in 2026
    "members": 2,
    "loans_outstanding": 100_000_000,
    "loans_overdue_ratio": Decimal("2.0"),
    "models_recognised": 1,
}
EXPECTED_LAST_YEAR = {"visits": 2, "households_visited": 4, "activities": 2}
