"""The demo emulation movements, exemplary models and commendations (``social_data`` holds the texts)."""

from __future__ import annotations

import datetime

from organizations.models import Organization
from social.models import Commendation, EmulationMovement, ExemplaryModel, RecipientKind

from .social_data import COMMENDATIONS, MODELS, MOVEMENTS, RESULTS, STORY, unnamed_person


def _organization(unit_code: str, kind: str) -> Organization:
    """The commune-level organization of ``kind`` in the unit (not a branch)."""
    return (
        Organization.objects.filter(unit__code=unit_code, kind=kind, parent__isnull=True)
        .order_by("pk")
        .first()
    )


def seed_models(today: datetime.date) -> None:
    movements = {}
    for key, name, kind, (unit_code, org_kind), started in MOVEMENTS:
        movements[key] = EmulationMovement.objects.create(
            name=name,
            kind=kind,
            organization=_organization(unit_code, org_kind),
            started_on=started,
            description="Phong trào, cuộc vận động do Mặt trận và các đoàn thể phát động (minh họa).",
            is_demo=True,
        )
    models = []
    for number, (name, field, (unit_code, org_kind), year, keys, person, consent, published) in enumerate(
        MODELS, start=1
    ):
        person_name = person if consent or not person else unnamed_person(number)
        intro = f"Người khởi xướng là {person}. " if person and consent else ""
        model = ExemplaryModel.objects.create(
            name=f"Mô hình “{name}”",
            field=field,
            organization=_organization(unit_code, org_kind),
            year=year,
            decision_number=f"{10 + number}/QĐ-MT (minh họa)",
            decision_date=datetime.date(year, 11, 18) if datetime.date(year, 11, 18) <= today else None,
            decided_by="Ban Thường trực Ủy ban MTTQ (minh họa)",
            results=RESULTS,
            story=STORY.format(name=name, person=intro, years=max(1, today.year - year)),
            person_name=person_name,
            name_consent=consent,
            is_published=published,
            is_demo=True,
        )
        model.movements.set([movements[key] for key in keys])
        models.append(model)
    commendations = []
    for number, row in enumerate(COMMENDATIONS, start=1):
        kind, name, consent, (unit_code, org_kind), model_index, movement, level, form, by, year = row
        decided = min(datetime.date(year, 12, 1), today - datetime.timedelta(days=number))
        commendations.append(
            Commendation(
                recipient_kind=kind,
                recipient_name=name or unnamed_person(100 + number),
                name_consent=consent if kind == RecipientKind.PERSON else True,
                organization=_organization(unit_code, org_kind),
                exemplary_model=models[model_index] if model_index is not None else None,
                movement=movements[movement],
                level=level,
                form=form,
                awarded_by=by,
                decision_number=f"{100 + number}/QĐ-KT (minh họa)",
                decision_date=decided,
                reason="Có thành tích xuất sắc trong phong trào thi đua (minh họa).",
                is_published=True,
                is_demo=True,
            )
        )
    Commendation.objects.bulk_create(commendations)
