"""The names of the authorities tied to a unit, written in one place.

A ward's People's Committee is "Ủy ban nhân dân phường La Gi", its council "Hội đồng nhân dân
phường La Gi", its police "Công an phường La Gi": the name of the body and the unit's name as it
is written inside a sentence. A reorganization names the authorities of a new unit this way
(``organizations.reorganizing_authorities``), and the demo names its register with it. Offices,
departments, courts, companies and other bodies have names of their own and no pattern.

These are the bodies' own names, in Vietnamese whatever the language of the page, like the
names of units and organizations: they are data, not text of the portal.
"""

from __future__ import annotations

from core.formatting import unit_in_text

from .models import AuthorityKind

NAME_PATTERNS: dict[str, str] = {
    AuthorityKind.PEOPLES_COMMITTEE: "Ủy ban nhân dân {unit}",
    AuthorityKind.PEOPLES_COUNCIL: "Hội đồng nhân dân {unit}",
    AuthorityKind.POLICE: "Công an {unit}",
    AuthorityKind.NA_DELEGATION: "Đoàn đại biểu Quốc hội {unit}",
}


def has_name_pattern(kind: str) -> bool:
    """Whether a unit has one authority of ``kind``, named after the unit."""
    return kind in NAME_PATTERNS


def authority_name(kind: str, unit_name: str) -> str:
    """``authority_name(PEOPLES_COMMITTEE, "Phường La Gi")`` → ``Ủy ban nhân dân phường La Gi``."""
    return NAME_PATTERNS[kind].format(unit=unit_in_text(unit_name))
