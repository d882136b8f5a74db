"""Factories for the tests. Every object they make is plainly a test object."""

import datetime

import factory
from django.contrib.auth.hashers import make_password

from organizations.models import (
    Access,
    AdministrativeUnit,
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

PASSWORD = "test-password-1"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Test unit {n}")
    kind = UnitKind.WARD
    valid_from = datetime.date(2020, 1, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test organization {n}")
    kind = OrganizationKind.WOMENS_UNION
    unit = factory.SubFactory(UnitFactory)


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
    ordinal = factory.Sequence(lambda n: n + 1)
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
