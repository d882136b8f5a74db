"""Factories for the tests. Every object they make is plainly a test object."""

import datetime

import factory
from django.contrib.auth.hashers import make_password

from organizations.models import (
    Access,
    AdministrativeUnit,
    Authority,
    AuthorityKind,
    Organization,
    OrganizationKind,
    Person,
    Position,
    PositionTitle,
    Scope,
    Term,
    UnitKind,
    User,
)
from organizations.reach import rebuild_reach

PASSWORD = "test-password-1"


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit, with its rows in the reach of the scopes (as ``save_unit`` leaves them)."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Test unit {n}")
    kind = UnitKind.WARD
    valid_from = datetime.date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        rebuild_reach(unit_ids=[unit.pk])
        return unit


class AuthorityFactory(factory.django.DjangoModelFactory):
    """An authority of the register, open since ever, not tied to a unit unless given one."""

    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Test authority {n}")
    kind = AuthorityKind.PEOPLES_COMMITTEE
    unit = None
    answer_days = 30


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization, with its rows in the reach of the scopes (as ``save_organization`` leaves
    them)."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test organization {n}")
    kind = OrganizationKind.WOMENS_UNION
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organization = super()._create(model_class, *args, **kwargs)
        rebuild_reach(organization_ids=[organization.pk])
        return organization


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    gender = "female"
    birth_year = 1980
    phone = factory.Sequence(lambda n: f"0900{n:06d}")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    unit = factory.SubFactory(UnitFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    organization = factory.SubFactory(OrganizationFactory)
    # Far above the demo's term numbers (a term number is unique within its organization).
    ordinal = factory.Sequence(lambda n: n + 1000)
    start = datetime.date(2025, 10, 1)
    end = datetime.date(2030, 9, 30)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = PositionTitle.MEMBER
    start = datetime.date(2025, 10, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class ScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scope

    user = factory.SubFactory(UserFactory)
    access = Access.WRITE


# concerns


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern in the "received" status, made directly (tests of the workflow use the services)."""

    class Meta:
        model = "concerns.Concern"
        skip_postgeneration_save = True

    source = "other"
    unit = factory.SubFactory(UnitFactory)
    category = "infrastructure"
    summary = factory.Sequence(lambda n: f"Test concern {n}")
    received_on = datetime.date(2026, 1, 5)
    status = "received"

    @factory.post_generation
    def counted(self, create, extracted, **kwargs):
        """Made around the services: the reports' figures of its half-month, as the services keep them."""
        if create:
            count_concerns(self)


class ConcernEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "concerns.ConcernEvent"

    concern = factory.SubFactory(ConcernFactory)
    from_status = ""
    to_status = "received"


# activities


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity of kind "other" (no details); pass ``organizations=[...]`` to choose the organizers."""

    class Meta:
        model = "activities.Activity"
        skip_postgeneration_save = True

    kind = "other"
    date = datetime.date(2026, 3, 2)
    unit = factory.SubFactory(UnitFactory)
    place = "Test hall"
    summary = factory.Sequence(lambda n: f"Test activity {n}")

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if not create:
            return
        self.organizations.set(extracted if extracted is not None else [OrganizationFactory(unit=self.unit)])
        _count_in_reports(self)


def count_concerns(*concerns) -> None:
    """Concerns made or changed around the services (a factory, a queryset ``update``): the
    reports' figures of their half-months, as the services keep them. Give a changed concern as it
    was and as it is when its place or receipt date changed."""
    from concerns.figures import halves_of_concern, refresh_concern_halves

    refresh_concern_halves(halves_of_concern(*concerns))


def _count_in_reports(activity) -> None:
    """Made around the services: the work log's figures of its day, as the services keep them."""
    from activities.figures import days_of, refresh_work_days

    refresh_work_days(days_of(activity))


class DetailsFactory(factory.django.DjangoModelFactory):
    """The details of an activity; its day's figures then count them."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def figures(self, create, extracted, **kwargs):
        if create:
            _count_in_reports(self.activity)


class VisitDetailsFactory(DetailsFactory):
    class Meta:
        model = "activities.VisitDetails"

    activity = factory.SubFactory(ActivityFactory, kind="visit")
    residential_area = factory.LazyAttribute(
        lambda o: UnitFactory(
            kind=UnitKind.QUARTER, parent=o.activity.unit, valid_from=o.activity.unit.valid_from
        )
    )
    households_visited = 5


class MediationDetailsFactory(DetailsFactory):
    class Meta:
        model = "activities.MediationDetails"

    activity = factory.SubFactory(ActivityFactory, kind="mediation")
    mediation_team = factory.LazyAttribute(
        lambda o: OrganizationFactory(kind=OrganizationKind.MEDIATION_TEAM, unit=o.activity.unit)
    )
    dispute_type = "land"
    parties_count = 2
    parties = factory.Sequence(lambda n: f"Test confidential parties {n}")
    sessions = 1
    outcome = "successful"


class SupportDetailsFactory(DetailsFactory):
    class Meta:
        model = "activities.SupportDetails"

    activity = factory.SubFactory(ActivityFactory, kind="support")
    support_type = "tet_gifts"
    recipients = 3
    value_vnd = 1_500_000
    beneficiaries = factory.Sequence(lambda n: f"Test confidential beneficiaries {n}")


# oversight


class MonitoringBoardOrganizationFactory(OrganizationFactory):
    kind = OrganizationKind.INVESTMENT_MONITORING_BOARD


class InspectionBoardFactory(OrganizationFactory):
    kind = OrganizationKind.INSPECTION_BOARD


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project under construction in a test ward, with a monitoring board of that ward."""

    class Meta:
        model = "oversight.Project"

    name = factory.Sequence(lambda n: f"Test project {n}")
    investor = "Test investor"
    funding_source = "state_budget"
    total_investment_vnd = 1_000_000_000
    unit = factory.SubFactory(UnitFactory)
    board = factory.LazyAttribute(lambda o: MonitoringBoardOrganizationFactory(unit=o.unit))
    planned_start = datetime.date(2026, 1, 1)
    planned_end = datetime.date(2026, 12, 31)
    stage = "construction"
    progress = 10


class MonitoringSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.MonitoringSession"

    project = factory.SubFactory(ProjectFactory)
    board = factory.LazyAttribute(lambda o: o.project.board)
    held_on = datetime.date(2026, 3, 2)
    stage = "construction"
    aspects = factory.LazyFunction(lambda: ["quality"])


class MonitoringFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.MonitoringFinding"

    session = factory.SubFactory(MonitoringSessionFactory)
    aspect = "quality"
    text = factory.Sequence(lambda n: f"Test finding {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A draft recommendation of a monitoring session (tests of the lifecycle use the services)."""

    class Meta:
        model = "oversight.Recommendation"

    session = factory.SubFactory(MonitoringSessionFactory)
    unit = factory.LazyAttribute(lambda o: o.session.project.unit)
    organization = factory.LazyAttribute(lambda o: o.session.board)
    content = factory.Sequence(lambda n: f"Test recommendation {n}")
    authority = factory.SubFactory(AuthorityFactory)
    status = "draft"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Inspection"

    board = factory.SubFactory(InspectionBoardFactory)
    trigger = "petition"
    petition_reference = factory.Sequence(lambda n: f"Test petition {n}")
    subject = factory.Sequence(lambda n: f"Test inspection {n}")
    start = datetime.date(2026, 2, 2)


class SupervisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "oversight.Supervision"

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.FRONT_COMMITTEE)
    unit = factory.LazyAttribute(lambda o: o.organization.unit)
    subject = factory.Sequence(lambda n: f"Test supervision {n}")
    content = "Test content"
    form = "team"
    start = datetime.date(2026, 2, 2)
