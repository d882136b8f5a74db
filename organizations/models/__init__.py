"""The organization structure: dated administrative units, organizations, people,
terms, positions, and the cadre accounts with their scopes.

Reads that views reuse live on the QuerySets (``visible_to`` / ``editable_by``); every
write goes through ``organizations.services``.
"""

from .accounts import (
    Access,
    Scope,
    User,
)
from .authorities import DEFAULT_ANSWER_DAYS, Authority, AuthorityKind, AuthorityQuerySet
from .lineage import (
    OrganizationLineage,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
    UnitLineage,
)
from .people import (
    Gender,
    Person,
    PersonQuerySet,
    Position,
    PositionQuerySet,
    PositionTitle,
    Term,
    TermQuerySet,
)
from .reach import OrganizationReach, UnitReach
from .structure import (
    BOARD_KINDS,
    COMMUNE_LEVEL_KINDS,
    MEMBER_ORGANIZATION_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    Organization,
    OrganizationKind,
    OrganizationQuerySet,
    UnitKind,
)

__all__ = [
    "Access",
    "AdministrativeUnit",
    "Authority",
    "AuthorityKind",
    "AuthorityQuerySet",
    "DEFAULT_ANSWER_DAYS",
    "AdministrativeUnitQuerySet",
    "BOARD_KINDS",
    "COMMUNE_LEVEL_KINDS",
    "Gender",
    "MEMBER_ORGANIZATION_KINDS",
    "Organization",
    "OrganizationKind",
    "OrganizationLineage",
    "OrganizationQuerySet",
    "OrganizationReach",
    "Person",
    "PersonQuerySet",
    "Position",
    "PositionQuerySet",
    "PositionTitle",
    "RESIDENTIAL_AREA_KINDS",
    "Reorganization",
    "ReorganizationKind",
    "ReorganizationStatus",
    "Scope",
    "Term",
    "TermQuerySet",
    "UnitKind",
    "UnitLineage",
    "UnitReach",
    "User",
]
