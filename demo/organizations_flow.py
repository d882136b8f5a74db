"""The demo's reorganizations carried out through ``organizations.reorganizing``, as an administrator would.

A reorganization of the plan is recognised by its kind, effective date, legal basis and the codes of
the units it ends; one already carried out is skipped, so seeding again changes nothing.
"""

from __future__ import annotations

from core.caching import public_content_changed
from organizations.models import AdministrativeUnit, Reorganization, ReorganizationStatus, User
from organizations.reorganizing import apply

from .structure import ReorganizationSpec


def carried_out(specs: list[ReorganizationSpec]) -> set[str]:
    """The keys of the plan's reorganizations that have been carried out (two queries)."""
    done = list(
        Reorganization.objects.filter(status=ReorganizationStatus.APPLIED).only(
            "kind", "effective_date", "basis_number", "plan"
        )
    )
    ids = {pk for r in done for pk in (r.plan or {}).get("before", [])}
    code_of = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "code"))
    seen = {
        (
            r.kind,
            r.effective_date,
            r.basis_number,
            frozenset(code_of.get(pk) for pk in r.plan.get("before", [])),
        )
        for r in done
    }
    return {
        spec.key
        for spec in specs
        if (spec.kind, spec.effective, spec.basis_number, frozenset(spec.before)) in seen
    }


def carry_out(specs: list[ReorganizationSpec], *, actor: User, done: set[str]) -> None:
    """Create and carry out, in order, each reorganization of the plan not yet carried out."""
    changed = False
    for spec in specs:
        if spec.key in done:
            continue
        codes = {*spec.before, *(code for code, _entry in spec.areas)}
        codes |= {entry.get("unit") or entry.get("parent") for entry in spec.after} - {None}
        pk = dict(AdministrativeUnit.objects.filter(code__in=codes).values_list("code", "pk"))
        after = [
            {"key": e["key"], "unit": pk[e["unit"]]} if e.get("unit") else {**e, "parent": pk[e["parent"]]}
            for e in spec.after
        ]
        reorganization = Reorganization.objects.create(
            kind=spec.kind,
            effective_date=spec.effective,
            basis_number=spec.basis_number,
            basis_date=spec.basis_date,
            basis_body=spec.basis_body,
            note=spec.note,
            created_by=actor,
            plan={
                "before": [pk[code] for code in spec.before],
                "after": after,
                "areas": {str(pk[code]): entry for code, entry in spec.areas},
                "shares": dict(spec.shares),
            },
        )
        apply(reorganization, actor=actor, reindex=False)
        changed = True
    if changed:
        # The seed_demo command rebuilds the search index once everything is seeded.
        public_content_changed()
