"""Member registers, household figures, the households visited, and who answers for which area.

Reads that views reuse live on the QuerySets (``visible_to`` / ``editable_by``), in
``members.counts`` (the figures of the registers) and ``members.coverage`` (households reached);
every write goes through ``members.services``.
"""

from .areas import (
    Assignment,
    AssignmentQuerySet,
    AssignmentRole,
    Household,
    HouseholdFigure,
    HouseholdFigureQuerySet,
    HouseholdQuerySet,
    HouseholdVisit,
)
from .register import (
    Ethnicity,
    LeaveReason,
    Member,
    MemberImport,
    MemberQuerySet,
    Membership,
    MembershipQuerySet,
)

__all__ = [
    "Assignment",
    "AssignmentQuerySet",
    "AssignmentRole",
    "Ethnicity",
    "Household",
    "HouseholdFigure",
    "HouseholdFigureQuerySet",
    "HouseholdQuerySet",
    "HouseholdVisit",
    "LeaveReason",
    "Member",
    "MemberImport",
    "MemberQuerySet",
    "Membership",
    "MembershipQuerySet",
]
