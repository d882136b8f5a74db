"""What a position and a term of office are called, by the kind of body that holds them.

A position's ``title`` is one of a few generic values (chair, head, member ...); what it is
called depends on the body: the head of a board or a Front working committee is *Trưởng ban*,
of a mediation team or a group *Tổ trưởng*, of an association's branch *Chi hội trưởng*; the
Youth Union is led by a *Bí thư*; members of a Front or association committee are *Ủy viên*,
of a board or a team *thành viên*. ``position_title_label`` gives that name from the title, the
organization's kind and its tier (a unit's organization, a branch in a residential area, or a
group under a branch), all of them read with the organization: no query.

A term of office is named by its ordinal and its years: *Khóa XII, nhiệm kỳ 2024–2029*.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext, pgettext

from core.formatting import roman

from .structure import OrganizationKind

K = OrganizationKind

# Tiers of an organization: the body of a unit, a branch in a residential area, a group under a branch.
UNIT = "unit"
BRANCH = "branch"
GROUP = "group"

# Bodies led by a head (Trưởng ban) whose members are "thành viên".
_BOARDS = (K.FRONT_WORKING_COMMITTEE, K.INSPECTION_BOARD, K.INVESTMENT_MONITORING_BOARD)
# Associations whose branches are "chi hội" led by a Chi hội trưởng.
_ASSOCIATIONS = (
    K.WOMENS_UNION,
    K.FARMERS_ASSOCIATION,
    K.VETERANS_ASSOCIATION,
    K.RED_CROSS,
    K.ELDERLY_ASSOCIATION,
    K.STUDY_PROMOTION,
)
# Bodies with an elected committee whose members are "Ủy viên".
_COMMITTEES = (K.FRONT_COMMITTEE, K.TRADE_UNION, *_ASSOCIATIONS)


def organization_tier(organization) -> str:
    """``unit``, ``branch`` or ``group``, from what is already loaded with the organization.

    A branch has a parent in another unit (a chi hội under the ward's association); a group has
    its parent in the same unit (a tổ phụ nữ under its chi hội). The parent is read only when it
    was loaded with the organization (``select_related("parent")``); otherwise an organization
    with a parent counts as a branch.
    """
    if organization.parent_id is None:
        return UNIT
    parent_field = type(organization).parent
    if parent_field.is_cached(organization) and organization.parent.unit_id == organization.unit_id:
        return GROUP
    return BRANCH


def _board(title: str) -> str | None:
    return {
        "head": pgettext("title in a board or working committee", "Head"),
        "chair": pgettext("title in a board or working committee", "Head"),
        "deputy_head": pgettext("title in a board or working committee", "Deputy head"),
        "vice_chair": pgettext("title in a board or working committee", "Deputy head"),
        "member": pgettext("title in a board or team", "Member"),
    }.get(title)


def _team(title: str) -> str | None:
    return {
        "head": pgettext("title in a team or group", "Head"),
        "chair": pgettext("title in a team or group", "Head"),
        "deputy_head": pgettext("title in a team or group", "Deputy head"),
        "vice_chair": pgettext("title in a team or group", "Deputy head"),
        "member": pgettext("title in a board or team", "Member"),
    }.get(title)


def _branch(title: str) -> str | None:
    return {
        "head": pgettext("title in an association's branch", "Head"),
        "chair": pgettext("title in an association's branch", "Head"),
        "deputy_head": pgettext("title in an association's branch", "Deputy head"),
        "vice_chair": pgettext("title in an association's branch", "Deputy head"),
        "member": pgettext("title in a committee", "Member"),
    }.get(title)


def _youth(title: str) -> str | None:
    return {
        "secretary": gettext("Secretary"),
        "head": gettext("Secretary"),
        "chair": gettext("Secretary"),
        "deputy_secretary": gettext("Deputy secretary"),
        "deputy_head": gettext("Deputy secretary"),
        "vice_chair": gettext("Deputy secretary"),
        "member": pgettext("title in a committee", "Member"),
    }.get(title)


def _committee(title: str) -> str | None:
    return {"member": pgettext("title in a committee", "Member")}.get(title)


def position_title_label(title: str, kind: str, *, tier: str = UNIT) -> str:
    """What a holder of ``title`` in a body of ``kind`` is called (in the active language).

    Falls back to the generic label of the title (``PositionTitle``) for the other combinations.
    """
    label = None
    if kind == K.YOUTH_UNION:
        label = _youth(title)
    elif kind in _BOARDS:
        label = _board(title)
    elif kind == K.MEDIATION_TEAM or tier == GROUP:
        label = _team(title)
    elif kind in _ASSOCIATIONS and tier == BRANCH:
        label = _branch(title)
    elif kind in _COMMITTEES:
        label = _committee(title)
    if label is not None:
        return label
    from .people import PositionTitle

    try:
        return str(PositionTitle(title).label)
    except ValueError:
        return title


def term_label(ordinal: int, start: datetime.date, end: datetime.date | None) -> str:
    """``Khóa XII, nhiệm kỳ 2024–2029`` (``Term XII, 2024–2029``); ``từ 2024`` while it has no end."""
    if end is None:
        return gettext("Term %(roman)s, from %(start)s") % {"roman": roman(ordinal), "start": start.year}
    return gettext("Term %(roman)s, %(start)s–%(end)s") % {
        "roman": roman(ordinal),
        "start": start.year,
        "end": end.year,
    }
