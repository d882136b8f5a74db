"""Carrying out a reorganization: check the plan, preview what changes, apply it, undo it.

A plan (``Reorganization.plan``) names the units that end (``before``), the units that take them
over (``after``: an existing unit, or a new one with its name, code, kind and parent), where each
open residential area of an ending unit goes (``areas``: to which "after" unit, under which
name; areas given the same name in the same unit become one), and, once the preview is shown,
which accounts' scopes move to the new units (``scopes``). What happens to the register of
authorities (the bodies of the units that end end too, the new units get theirs) is in
``reorganizing_authorities``.

``preview`` reads everything it needs in a fixed number of queries and returns the ``Outcome``:
the units closed and opened, the areas moved, the organizations closed, opened and re-attached,
the terms that end and start, the positions that end and the scopes that may move. ``apply``
carries that outcome out in one transaction with bulk writes (the records logged in the old
units are not touched: they reach today's units through the lineage), and writes down what it
changed so that ``undo`` can put it back while nothing has been recorded in the new units.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import search
from core.audit import set_actor
from core.caching import public_content_changed
from core.formatting import unit_in_text

from . import reorganizing_authorities
from .lineage import refresh_current_units
from .models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Authority,
    Organization,
    OrganizationLineage,
    OrganizationReach,
    Position,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
    Scope,
    Term,
    UnitLineage,
    UnitReach,
)
from .reach import rebuild_reach
from .scoping import descendants, scope_for

DAY = datetime.timedelta(days=1)
K = ReorganizationKind
# Rows that belong to the structure itself: a reorganization may remove them when it is undone.
# A row of any other model in a new unit or organization is a record, and stops the undo.
STRUCTURAL = (
    AdministrativeUnit,
    Organization,
    UnitLineage,
    OrganizationLineage,
    UnitReach,
    OrganizationReach,
    Term,
    Scope,
)


def _fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --------------------------------------------------------------------------------- the outcome
@dataclass
class NewUnit:
    key: str
    name: str
    code: str
    kind: str
    parent: AdministrativeUnit | None
    existing: AdministrativeUnit | None = None
    share: dict[int, Decimal] = field(default_factory=dict)  # unit before → its share

    @property
    def label(self) -> str:
        return self.existing.name if self.existing else self.name


@dataclass
class AreaMove:
    area: AdministrativeUnit
    to: str  # key of the new area
    name: str
    kind: str  # a village that joins a ward may become a quarter


@dataclass
class NewArea:
    key: str
    name: str
    code: str
    kind: str
    unit_key: str  # the "after" unit it lies in
    existing: AdministrativeUnit | None = None
    came_from: list[AdministrativeUnit] = field(default_factory=list)


@dataclass
class NewOrganization:
    key: str
    name: str
    kind: str
    unit_key: str  # an "after" unit or a new area
    parent_key: str | None  # another new organization
    parent: Organization | None  # or an organization that stays
    came_from: list[tuple[Organization, Decimal]] = field(default_factory=list)
    existing: Organization | None = None
    term_ordinal: int | None = None


@dataclass
class ScopeMove:
    scope: Scope
    targets: list[str]  # keys of "after" units or new organizations
    chosen: bool


@dataclass
class Outcome:
    reorganization: Reorganization
    units_closed: list[AdministrativeUnit]
    units_opened: list[NewUnit]
    areas_closed: list[AdministrativeUnit]
    areas: list[NewArea]
    organizations_closed: list[Organization]
    organizations: list[NewOrganization]
    reattached: list[tuple[Organization, str]]  # organization that stays → key of its new parent
    terms_ended: list[Term]
    positions_ended: list[Position]
    scopes: list[ScopeMove]
    authorities: reorganizing_authorities.AuthorityChanges = field(
        default_factory=reorganizing_authorities.AuthorityChanges
    )

    @property
    def last_old_day(self) -> datetime.date:
        return self.reorganization.effective_date - DAY

    @property
    def terms_started(self) -> list[NewOrganization]:
        return [org for org in self.organizations if org.term_ordinal is not None and org.existing is None]

    def label_of(self, key: str) -> str:
        for item in (*self.units_opened, *self.areas, *self.organizations):
            if item.key == key:
                return item.label if isinstance(item, NewUnit) else item.name
        return key


# --------------------------------------------------------------------------------- checking
class PlanErrors:
    """Every error of a plan, each as one translated sentence; raised together."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _ids(values) -> list[int]:
    try:
        return [int(v) for v in values or ()]
    except (TypeError, ValueError):
        return []


def _is_open(unit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_to is None or unit.valid_to >= on
    )


def _renamed(name: str, old: str, new: str) -> str:
    """``Hội Nông dân phường Phước Lộc`` in Phường Phước Lộc → ``Hội Nông dân phường Phước Hội``."""
    for before, after in ((unit_in_text(old), unit_in_text(new)), (old, new)):
        if before and before in name:
            return name.replace(before, after)
    return name


def preview(reorganization: Reorganization) -> Outcome:
    """What carrying out ``reorganization`` would change, or a ValidationError with every error."""
    r = reorganization
    plan = r.plan or {}
    errors = PlanErrors()
    effective = r.effective_date
    if r.basis_date and effective and r.basis_date > effective:
        errors.add(_("The legal basis cannot be dated after the reorganization takes effect."))
    before_ids = _ids(plan.get("before"))
    if len(set(before_ids)) != len(before_ids):
        errors.add(_("A unit is listed twice among the units that end."))
    after_specs = list(plan.get("after") or [])
    absorbs = len(after_specs) == 1 and bool(after_specs[0].get("unit"))
    counts = {
        # A merge joins several units into a new one, or one unit (or more) into a unit that stays.
        K.MERGE: (
            lambda b, a: a == 1 and (b >= 2 or (b == 1 and absorbs)),
            _("A merge joins two or more units into one unit."),
        ),
        K.SPLIT: (lambda b, a: b == 1 and a >= 2, _("A split divides one unit into two or more units.")),
        K.RENAME: (lambda b, a: b == 1 and a == 1, _("A rename changes one unit into one new unit.")),
        K.MOVE: (lambda b, a: b == 1 and a == 1, _("A move places one unit under another parent.")),
        K.DISSOLVE: (lambda b, a: b >= 1 and a == 0, _("A dissolution ends units without a successor.")),
    }
    if not before_ids:
        errors.add(_("Choose the units that this reorganization ends."))
    elif r.kind in counts and not counts[r.kind][0](len(set(before_ids)), len(after_specs)):
        errors.add(counts[r.kind][1])

    # One query: the units named in the plan, their parents' chain, and the open sub-units of the
    # units that end. Another: every unit's parent (to refuse a merge into one's own sub-unit).
    parent_of = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    named = set(before_ids)
    named.update(_ids(spec.get("unit") for spec in after_specs if spec.get("unit")))
    named.update(_ids(spec.get("parent") for spec in after_specs if spec.get("parent")))
    units = AdministrativeUnit.objects.in_bulk(named)
    children = list(
        AdministrativeUnit.objects.filter(parent_id__in=before_ids).order_by("kind", "name", "code")
    )
    before = [units[pk] for pk in dict.fromkeys(before_ids) if pk in units]
    if len(before) != len(set(before_ids)):
        errors.add(_("One of the units that end does not exist."))
    for unit in before:
        if unit.valid_to is not None and effective and unit.valid_to < effective:
            errors.add(_("%(unit)s already ended on %(date)s.") % {"unit": unit, "date": _fmt(unit.valid_to)})
        elif unit.valid_from is not None and effective and unit.valid_from >= effective:
            errors.add(
                _("%(unit)s only starts on %(date)s: the reorganization must take effect after that.")
                % {"unit": unit, "date": _fmt(unit.valid_from)}
            )
    children_of: dict[int, list[int]] = defaultdict(list)
    for pk, parent in parent_of.items():
        if parent is not None:
            children_of[parent].append(pk)
    below = descendants([u.pk for u in before], children_of) - {u.pk for u in before}

    # The units after.
    after: list[NewUnit] = []
    codes = [spec.get("code", "").strip() for spec in after_specs if not spec.get("unit")]
    taken = set(
        AdministrativeUnit.objects.filter(code__in=[c for c in codes if c]).values_list("code", flat=True)
    )
    for index, spec in enumerate(after_specs):
        key = str(spec.get("key") or f"u{index}")
        if spec.get("unit"):
            unit = units.get(_ids([spec["unit"]])[0]) if _ids([spec["unit"]]) else None
            if unit is None:
                errors.add(_("One of the units after does not exist."))
                continue
            if unit.pk in before_ids:
                errors.add(_("A unit cannot be merged into itself (%(unit)s).") % {"unit": unit})
            elif unit.pk in below:
                errors.add(
                    _("A unit cannot be merged into one of its own sub-units (%(unit)s).") % {"unit": unit}
                )
            elif effective and not _is_open(unit, effective):
                errors.add(_("%(unit)s is not open on %(date)s.") % {"unit": unit, "date": _fmt(effective)})
            if r.kind in (K.RENAME, K.MOVE):
                errors.add(_("A rename or a move makes a new unit: give its name and code."))
            after.append(NewUnit(key, unit.name, unit.code, unit.kind, unit.parent, existing=unit))
            continue
        name = (spec.get("name") or "").strip()
        code = (spec.get("code") or "").strip()
        kind = spec.get("kind") or (before[0].kind if before else "")
        parent_ids = _ids([spec.get("parent")]) if spec.get("parent") else []
        parent = units.get(parent_ids[0]) if parent_ids else None
        if not name:
            errors.add(_("Give the name of each new unit."))
        if not code:
            errors.add(_("Give the code of each new unit."))
        elif code in taken or codes.count(code) > 1:
            errors.add(_("The code %(code)s is already used by another unit.") % {"code": code})
        if kind in RESIDENTIAL_AREA_KINDS and before and not before[0].is_residential_area:
            errors.add(_("A ward or commune cannot become a residential area."))
        if parent is not None:
            if parent.pk in before_ids or parent.pk in below:
                errors.add(
                    _("A new unit cannot lie under a unit that this reorganization ends (%(unit)s).")
                    % {"unit": parent}
                )
            elif effective and not _is_open(parent, effective):
                errors.add(_("%(unit)s is not open on %(date)s.") % {"unit": parent, "date": _fmt(effective)})
        if r.kind == K.RENAME and before and name == before[0].name:
            errors.add(_("A rename needs a new name."))
        if r.kind == K.MOVE and before and (parent.pk if parent else None) == before[0].parent_id:
            errors.add(_("A move needs another parent unit."))
        after.append(NewUnit(key, name, code, kind, parent))
    after_by_key = {unit.key: unit for unit in after}
    if len(after_by_key) != len(after):
        errors.add(_("Two units after have the same key."))

    # Sub-units: residential areas follow the plan; any other open sub-unit must be reorganized first.
    open_children = [c for c in children if effective and _is_open(c, effective)]
    for child in open_children:
        if not child.is_residential_area:
            errors.add(
                _("%(unit)s still has open sub-units (%(child)s): reorganize them first.")
                % {"unit": units.get(child.parent_id, child.parent_id), "child": child}
            )
    open_areas = [c for c in open_children if c.is_residential_area]
    for sub in AdministrativeUnit.objects.filter(parent_id__in=[a.pk for a in open_areas]).select_related(
        "parent"
    ):
        if effective and _is_open(sub, effective):
            errors.add(
                _("%(unit)s still has open sub-units (%(child)s): reorganize them first.")
                % {"unit": sub.parent, "child": sub}
            )
    assignments = plan.get("areas") or {}
    moves: list[AreaMove] = []
    for area in open_areas:
        chosen = assignments.get(str(area.pk)) or {}
        target = chosen.get("to") or (after[0].key if len(after) == 1 else None)
        if r.kind == K.DISSOLVE:
            continue
        if target is None or target not in after_by_key:
            errors.add(
                _("Choose where %(area)s of %(unit)s goes.")
                % {"area": area, "unit": units.get(area.parent_id)}
            )
            continue
        moves.append(
            AreaMove(area, target, (chosen.get("name") or area.name).strip(), chosen.get("kind") or area.kind)
        )
    for key in assignments:
        if not any(str(area.pk) == key for area in open_areas):
            errors.add(_("Only the open residential areas of the units that end can be assigned."))
            break
    errors.raise_if_any()

    # Shares: of each unit's areas, how many went to each unit after (equal shares without areas).
    for unit in before:
        mine = [m for m in moves if m.area.parent_id == unit.pk]
        for new in after:
            if mine:
                share = Decimal(sum(1 for m in mine if m.to == new.key)) / Decimal(len(mine))
            else:
                share = Decimal(1) / Decimal(len(after)) if after else Decimal(0)
            explicit = (plan.get("shares") or {}).get(new.key)
            if explicit is not None and len(before) == 1:
                share = Decimal(str(explicit))
            if share > 0 or r.kind != K.SPLIT:
                new.share[unit.pk] = share.quantize(Decimal("0.0001"))
        if r.kind != K.DISSOLVE and not any(new.share.get(unit.pk) for new in after):
            # A unit whose areas all went elsewhere still names its successors.
            for new in after:
                new.share[unit.pk] = Decimal(1) / Decimal(len(after))

    # Areas after: moved areas given the same name in the same unit become one; an existing unit's
    # open area of that name takes them in.
    existing_areas = {
        (area.parent_id, area.name): area
        for area in AdministrativeUnit.objects.filter(
            parent_id__in=[u.existing.pk for u in after if u.existing], kind__in=RESIDENTIAL_AREA_KINDS
        )
        if effective and _is_open(area, effective)
    }
    areas: dict[tuple[str, str], NewArea] = {}
    for move in moves:
        unit = after_by_key[move.to]
        slot = (move.to, move.name)
        if slot not in areas:
            existing = existing_areas.get((unit.existing.pk, move.name)) if unit.existing else None
            code = (assignments.get(str(move.area.pk)) or {}).get("code") or ""
            areas[slot] = NewArea(f"a{len(areas)}", move.name, code, move.kind, move.to, existing=existing)
        areas[slot].came_from.append(move.area)
    _number_area_codes(list(areas.values()), after_by_key)
    area_of = {area.pk: new for new in areas.values() for area in new.came_from}

    # Organizations: those of the units and areas that end close; each kind continues in each unit
    # after (one organization for the organizations it takes over); a branch continues in its
    # area's new area; an organization that stays but whose parent ends is re-attached.
    closing_units = {u.pk for u in before} | {a.pk for a in open_areas}
    orgs = list(
        Organization.objects.filter(Q(unit_id__in=closing_units) | Q(parent__unit_id__in=closing_units))
        .select_related("unit", "parent")
        .order_by("unit__kind", "name", "pk")
    )
    orgs = [o for o in orgs if effective and _is_open(o, effective)]
    closing = [o for o in orgs if o.unit_id in closing_units]
    closing_ids = {o.pk for o in closing}
    stays = [o for o in orgs if o.unit_id not in closing_units and o.parent_id in closing_ids]
    kept_here = defaultdict(list)
    for org in Organization.objects.filter(
        unit_id__in=[u.existing.pk for u in after if u.existing]
        + [a.existing.pk for a in areas.values() if a.existing]
    ):
        if effective and _is_open(org, effective):
            kept_here[(org.unit_id, org.kind)].append(org)
    ordinals = dict(
        Term.objects.filter(organization_id__in=closing_ids)
        .values("organization_id")
        .annotate(top=Max("ordinal"))
        .values_list("organization_id", "top")
    )
    new_orgs: dict[tuple, NewOrganization] = {}
    successor_keys: dict[int, list[str]] = defaultdict(list)
    unit_key_of_org: dict[str, str] = {}
    area_unit = {area.key: area.unit_key for area in areas.values()}
    # Parents before their branches: the unit's organizations first, the areas' after them.
    before_ids_set = {u.pk for u in before}
    for org in sorted(
        closing, key=lambda o: (o.unit_id not in before_ids_set, o.parent_id is not None, o.pk)
    ):
        if r.kind == K.DISSOLVE:
            continue
        if org.unit_id not in before_ids_set:  # an organization of a residential area that moves
            target = area_of.get(org.unit_id)
            places = [(target.key, target.existing, Decimal(1), target.name)] if target else []
        else:
            places = [
                (new.key, new.existing, new.share[org.unit_id], new.label)
                for new in after
                if new.share.get(org.unit_id)
            ]
        for place_key, existing_unit, share, new_name in places:
            parent, parent_key = org.parent, None
            if org.parent_id in closing_ids:
                # The parent's successor in the same unit after (a branch joins its new association).
                candidates = successor_keys.get(org.parent_id, [])
                home = area_unit.get(place_key, place_key)
                parent_key = next((k for k in candidates if unit_key_of_org[k] == home), None) or (
                    candidates[0] if candidates else None
                )
                parent = None
            name = _renamed(org.name, org.unit.name, new_name)
            if org.unit_id not in before_ids_set:
                # An area's organization names its ward or commune too: "…khu phố 5, phường La Gi".
                old_unit = units.get(org.unit.parent_id)
                new_unit = after_by_key[area_unit[place_key]]
                name = _renamed(name, old_unit.name, new_unit.label) if old_unit else name
            # Groups under a branch of the same area (two women's groups) stay apart by name.
            group = org.parent is not None and org.parent.unit_id == org.unit_id
            slot = (place_key, org.kind, parent_key, parent.pk if parent else None, name if group else None)
            if slot not in new_orgs:
                same = kept_here.get((existing_unit.pk, org.kind), []) if existing_unit else []
                existing = same[0] if len(same) == 1 else None
                name = existing.name if existing else name
                new_orgs[slot] = NewOrganization(
                    f"o{len(new_orgs)}", name, org.kind, place_key, parent_key, parent, existing=existing
                )
                unit_key_of_org[new_orgs[slot].key] = area_unit.get(place_key, place_key)
            target_org = new_orgs[slot]
            target_org.came_from.append((org, share.quantize(Decimal("0.0001"))))
            successor_keys[org.pk].append(target_org.key)
    for new_org in new_orgs.values():
        known = [ordinals[org.pk] for org, _share in new_org.came_from if org.pk in ordinals]
        # The organization that takes over starts a new term, numbered on from the ones it continues.
        new_org.term_ordinal = max(known) + 1 if known and new_org.existing is None else None
    reattached = [
        (org, successor_keys[org.parent_id][0]) for org in stays if successor_keys.get(org.parent_id)
    ]

    terms_ended = list(
        Term.objects.filter(organization_id__in=closing_ids)
        .filter(Q(end__isnull=True) | Q(end__gte=effective))
        .select_related("organization")
        .order_by("organization__name", "ordinal")
    )
    positions_ended = list(
        Position.objects.filter(organization_id__in=closing_ids)
        .filter(Q(end__isnull=True) | Q(end__gte=effective), start__lt=effective)
        .select_related("person", "organization")
        .order_by("organization__name", "title", "pk")
    )

    # Scopes on what ends may move to what takes it over; the administrator chooses which.
    chosen = {str(k): v for k, v in (plan.get("scopes") or {}).items()}
    scopes = []
    for scope in (
        Scope.objects.filter(Q(unit_id__in=closing_units) | Q(organization_id__in=closing_ids))
        .select_related("user", "unit", "organization")
        .order_by("user__username", "pk")
    ):
        if scope.unit_id is not None:
            if scope.unit_id in area_of:
                targets = [area_of[scope.unit_id].key]
            else:
                targets = [new.key for new in after if new.share.get(scope.unit_id)]
        else:
            targets = successor_keys.get(scope.organization_id, [])
        if targets:
            scopes.append(ScopeMove(scope, targets, str(scope.pk) in chosen))

    outcome = Outcome(
        reorganization=r,
        units_closed=before,
        units_opened=after,
        areas_closed=open_areas,
        areas=list(areas.values()),
        organizations_closed=closing,
        organizations=list(new_orgs.values()),
        reattached=reattached,
        terms_ended=terms_ended,
        positions_ended=positions_ended,
        scopes=scopes,
    )
    outcome.authorities = reorganizing_authorities.plan(outcome)
    return outcome


def _number_area_codes(areas: list[NewArea], after_by_key: dict[str, NewUnit]) -> None:
    """New areas without a code get the code of their unit and a running number."""
    prefixes = Q()
    for unit in after_by_key.values():
        prefixes |= Q(code__startswith=f"{unit.code}-")
    used = (
        set(AdministrativeUnit.objects.filter(prefixes).values_list("code", flat=True)) if prefixes else set()
    )
    used |= {area.code for area in areas if area.code}
    counters: dict[str, int] = defaultdict(int)
    for area in areas:
        if area.existing is not None or area.code:
            continue
        unit = after_by_key[area.unit_key]
        counters[unit.key] += 1
        area.code = f"{unit.code}-{counters[unit.key]:02d}"
        while area.code in used:
            counters[unit.key] += 1
            area.code = f"{unit.code}-{counters[unit.key]:02d}"


# --------------------------------------------------------------------------------- carrying out
def _require_admin(actor) -> None:
    if not scope_for(actor).is_global:
        raise ValidationError(_("Only administrators can reorganize units."))


def apply(reorganization: Reorganization, *, actor, reindex: bool = True) -> Outcome:
    """Carry out the reorganization as previewed, in one transaction; nothing changes on an error.

    ``reindex=False`` leaves the search index and the public pages' cache to the caller, which
    carries out several in a row and rebuilds once (the demo: a rebuild takes about a second).
    """
    _require_admin(actor)
    if reorganization.status != ReorganizationStatus.DRAFT:
        raise ValidationError(_("This reorganization has already been carried out or undone."))
    with transaction.atomic(), set_actor(actor):
        outcome = preview(reorganization)
        changes = _carry_out(outcome)
        reorganization.changes = changes
        reorganization.status = ReorganizationStatus.APPLIED
        reorganization.applied_at = timezone.now()
        reorganization.save()
    if reindex:
        _structure_changed()
    return outcome


def _carry_out(o: Outcome) -> dict:
    r = o.reorganization
    start, last = r.effective_date, o.last_old_day
    changes: dict = {}

    # Units: the old ones close, the new ones open (the units first, then their areas).
    closed_units = [*o.units_closed, *o.areas_closed]
    changes["units_closed"] = {str(u.pk): _iso(u.valid_to) for u in closed_units}
    AdministrativeUnit.objects.filter(pk__in=[u.pk for u in closed_units]).update(valid_to=last)
    made_units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=u.code, name=u.name, kind=u.kind, parent=u.parent, valid_from=start, is_demo=_demo(o)
        )
        for u in o.units_opened
        if u.existing is None
    )
    unit_by_key = {u.key: u.existing for u in o.units_opened if u.existing}
    unit_by_key.update(zip([u.key for u in o.units_opened if u.existing is None], made_units, strict=True))
    made_areas = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=a.code,
            name=a.name,
            kind=a.kind,
            parent=unit_by_key[a.unit_key],
            valid_from=start,
            is_demo=any(area.is_demo for area in a.came_from),
        )
        for a in o.areas
        if a.existing is None
    )
    unit_by_key.update({a.key: a.existing for a in o.areas if a.existing})
    unit_by_key.update(zip([a.key for a in o.areas if a.existing is None], made_areas, strict=True))
    new_ids = [u.pk for u in (*made_units, *made_areas)]
    changes["units_created"] = new_ids
    AdministrativeUnit.objects.filter(pk__in=new_ids).update(current_unit=F("pk"))
    lineage = [
        UnitLineage(reorganization=r, before_id=before, after=unit_by_key[u.key], share=share)
        for u in o.units_opened
        for before, share in u.share.items()
        if share > 0
    ]
    lineage += [
        UnitLineage(reorganization=r, before=area, after=unit_by_key[a.key])
        for a in o.areas
        for area in a.came_from
    ]
    UnitLineage.objects.bulk_create(lineage)
    changes.update(
        reorganizing_authorities.carry_out(o.authorities, start=start, last=last, unit_by_key=unit_by_key)
    )

    # Organizations: the old ones close, their positions end; the new ones open with a new term.
    changes["organizations_closed"] = {str(org.pk): _iso(org.valid_to) for org in o.organizations_closed}
    Organization.objects.filter(pk__in=[org.pk for org in o.organizations_closed]).update(valid_to=last)
    org_by_key: dict[str, Organization] = {}
    made_orgs: list[Organization] = []
    # Parents before branches: each wave's parents already have their primary key.
    pending = [n for n in o.organizations if n.existing is None]
    org_by_key.update({n.key: n.existing for n in o.organizations if n.existing})
    while pending:
        ready = [n for n in pending if n.parent_key is None or n.parent_key in org_by_key]
        made = Organization.objects.bulk_create(
            Organization(
                name=n.name,
                kind=n.kind,
                unit=unit_by_key[n.unit_key],
                parent=org_by_key[n.parent_key] if n.parent_key else n.parent,
                description=n.came_from[0][0].description,
                office_address=n.came_from[0][0].office_address,
                public_contact=n.came_from[0][0].public_contact,
                valid_from=start,
                is_demo=any(org.is_demo for org, _share in n.came_from),
            )
            for n in ready
        )
        org_by_key.update(zip([n.key for n in ready], made, strict=True))
        made_orgs += made
        pending = [n for n in pending if n not in ready]
    changes["organizations_created"] = [org.pk for org in made_orgs]
    org_lineage = OrganizationLineage.objects.bulk_create(
        OrganizationLineage(reorganization=r, before=old, after=org_by_key[n.key], share=share)
        for n in o.organizations
        for old, share in n.came_from
    )
    changes["organizations_reattached"] = {str(org.pk): org.parent_id for org, _key in o.reattached}
    for org, key in o.reattached:
        org.parent = org_by_key[key]
    Organization.objects.bulk_update([org for org, _key in o.reattached], ["parent"])
    terms = Term.objects.bulk_create(
        Term(organization=org_by_key[n.key], ordinal=n.term_ordinal, start=start) for n in o.terms_started
    )
    changes["terms_created"] = [t.pk for t in terms]
    # A running term without an end ends with its organization; a term named by its five years
    # keeps them (the positions in it end).
    open_terms = [t.pk for t in o.terms_ended if t.end is None]
    changes["terms_ended"] = dict.fromkeys((str(pk) for pk in open_terms), None)
    Term.objects.filter(pk__in=open_terms).update(end=last)
    changes["positions_ended"] = {str(p.pk): _iso(p.end) for p in o.positions_ended}
    Position.objects.filter(pk__in=[p.pk for p in o.positions_ended]).update(end=last)

    # Scopes the administrator chose follow the unit or organization they were on.
    changes["scopes_moved"] = {}
    added: list[Scope] = []
    moved: list[Scope] = []
    for move in (m for m in o.scopes if m.chosen):
        scope = move.scope
        changes["scopes_moved"][str(scope.pk)] = [scope.unit_id, scope.organization_id]
        targets = [unit_by_key.get(k) or org_by_key.get(k) for k in move.targets]
        for index, target in enumerate(targets):
            copy = scope if index == 0 else Scope(user=scope.user, access=scope.access)
            copy.unit, copy.organization = (
                (target, None) if isinstance(target, AdministrativeUnit) else (None, target)
            )
            (moved if index == 0 else added).append(copy)
    Scope.objects.bulk_update(moved, ["unit", "organization"])
    changes["scopes_created"] = [s.pk for s in Scope.objects.bulk_create(added)]
    refresh_current_units()
    # What the scopes cover: the units and organizations that ended (and what lies below them or
    # became them), those made, and those put under another parent.
    rebuild_reach(
        unit_ids=[*(u.pk for u in closed_units), *new_ids, *(row.before_id for row in lineage)],
        organization_ids=[
            *(org.pk for org in o.organizations_closed),
            *changes["organizations_created"],
            *(org.pk for org, _key in o.reattached),
            *(row.before_id for row in org_lineage),
        ],
    )
    return changes


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _demo(o: Outcome) -> bool:
    return any(u.is_demo for u in o.units_closed)


def _structure_changed() -> None:
    search.rebuild([AdministrativeUnit, Organization])
    public_content_changed()


# --------------------------------------------------------------------------------- undoing
def last_applied() -> Reorganization | None:
    return (
        Reorganization.objects.filter(status=ReorganizationStatus.APPLIED)
        .order_by("-applied_at", "-pk")
        .first()
    )


def undo_blockers(reorganization: Reorganization) -> list[str]:
    """Why the reorganization cannot be undone (empty when it can)."""
    if reorganization.status != ReorganizationStatus.APPLIED:
        return [_("Only a reorganization that has been carried out can be undone.")]
    latest = last_applied()
    if latest is None or latest.pk != reorganization.pk:
        return [_("Only the last reorganization carried out can be undone.")]
    changes = reorganization.changes or {}
    used = []
    # The authorities the reorganization put in the new units are its own; any other is a record.
    own_authorities = reorganizing_authorities.kept_in_new_units(changes)
    for model, ids in (
        (AdministrativeUnit, changes.get("units_created", [])),
        (Organization, changes.get("organizations_created", [])),
    ):
        if not ids:
            continue
        for relation in model._meta.related_objects:
            if relation.related_model in STRUCTURAL:
                continue
            lookup = f"{relation.field.name}__in"
            rows = relation.related_model._base_manager.filter(**{lookup: ids})
            if relation.related_model is Authority:
                rows = rows.exclude(pk__in=own_authorities)
            if rows.exists():
                used.append(relation.related_model._meta.verbose_name_plural)
    if used:
        return [
            _("Records have been made in the new units since (%(what)s): it can no longer be undone.")
            % {"what": ", ".join(str(u) for u in dict.fromkeys(used))}
        ]
    return reorganizing_authorities.blockers(changes)


def undo(reorganization: Reorganization, *, actor) -> None:
    """Put back what the reorganization changed; refused when anything has been recorded since."""
    _require_admin(actor)
    with transaction.atomic(), set_actor(actor):
        reorganization = Reorganization.objects.select_for_update().get(pk=reorganization.pk)
        blockers = undo_blockers(reorganization)
        if blockers:
            raise ValidationError(blockers)
        c = reorganization.changes
        Scope.objects.filter(pk__in=c.get("scopes_created", [])).delete()
        scopes = Scope.objects.in_bulk([int(k) for k in c.get("scopes_moved", {})])
        for pk, (unit_id, org_id) in c.get("scopes_moved", {}).items():
            scopes[int(pk)].unit_id, scopes[int(pk)].organization_id = unit_id, org_id
        Scope.objects.bulk_update(list(scopes.values()), ["unit", "organization"])
        _restore(Position, c.get("positions_ended", {}), "end")
        Term.objects.filter(pk__in=c.get("terms_created", [])).delete()
        _restore(Term, c.get("terms_ended", {}), "end")
        orgs = Organization.objects.in_bulk([int(k) for k in c.get("organizations_reattached", {})])
        for pk, parent_id in c.get("organizations_reattached", {}).items():
            orgs[int(pk)].parent_id = parent_id
        Organization.objects.bulk_update(list(orgs.values()), ["parent"])
        units_before = list(reorganization.unit_lineage.values_list("before_id", flat=True))
        orgs_before = list(reorganization.organization_lineage.values_list("before_id", flat=True))
        reorganization.unit_lineage.all().delete()
        reorganization.organization_lineage.all().delete()
        _delete_leaves_first(Organization, c.get("organizations_created", []))
        _restore(Organization, c.get("organizations_closed", {}), "valid_to")
        reorganizing_authorities.undo(c)
        _delete_leaves_first(AdministrativeUnit, c.get("units_created", []))
        _restore(AdministrativeUnit, c.get("units_closed", {}), "valid_to")
        refresh_current_units()
        # The lineage rows are gone: what the ended units and organizations (and what lay below
        # them) covered, and the organizations put back under their parents.
        rebuild_reach(
            unit_ids=[*(int(pk) for pk in c.get("units_closed", {})), *units_before],
            organization_ids=[
                *(int(pk) for pk in c.get("organizations_closed", {})),
                *(int(pk) for pk in c.get("organizations_reattached", {})),
                *orgs_before,
            ],
        )
        reorganization.status = ReorganizationStatus.UNDONE
        reorganization.undone_at = timezone.now()
        reorganization.save()
    _structure_changed()


def _delete_leaves_first(model, ids: list[int]) -> None:
    """Delete the rows ``ids`` of a tree (units, organizations: ``parent`` protects), the branches
    before their parents: one delete per level."""
    while ids:
        parents = set(model.objects.filter(parent_id__in=ids).values_list("parent_id", flat=True))
        model.objects.filter(pk__in=[pk for pk in ids if pk not in parents]).delete()
        ids = [pk for pk in ids if pk in parents]


def _restore(model, values: dict[str, str | None], field_name: str) -> None:
    """Put back each row's former date (one query per distinct date, a handful)."""
    by_value: dict[str | None, list[int]] = defaultdict(list)
    for pk, value in values.items():
        by_value[value].append(int(pk))
    for value, ids in by_value.items():
        model.objects.filter(pk__in=ids).update(**{field_name: _day(value)})
