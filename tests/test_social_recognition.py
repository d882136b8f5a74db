"""Exemplary models, movements and commendations: the public showcase names a person only with their
consent, shows only what is published, and each organization keeps its own records."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.models import Organization, OrganizationKind
from social import reports
from social.models import (
    AwardForm,
    Commendation,
    CommendationLevel,
    EmulationMovement,
    ExemplaryModel,
    ModelField,
    RecipientKind,
)
from social.services import save_commendation, save_model

pytestmark = pytest.mark.django_db

D = datetime.date


def la_gi_women() -> Organization:
    return Organization.objects.get(kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PLAGI", parent=None)


def model(**fields) -> ExemplaryModel:
    values = {
        "name": "Mô hình thử",
        "field": ModelField.ECONOMY,
        "organization": la_gi_women(),
        "year": 2026,
        "story": "Câu chuyện thử công khai.",
        "is_published": True,
    }
    return ExemplaryModel.objects.create(**(values | fields))


def commendation(**fields) -> Commendation:
    values = {
        "recipient_kind": RecipientKind.PERSON,
        "recipient_name": "Người thử",
        "organization": la_gi_women(),
        "level": CommendationLevel.COMMUNE,
        "form": AwardForm.COMMENDATION_LETTER,
        "decision_number": "99/QĐ-THỬ",
        "decision_date": D(2026, 5, 1),
        "is_published": True,
    }
    return Commendation.objects.create(**(values | fields))


def test_the_showcase_names_people_only_with_their_consent(client):
    agreed = model(name="Mô hình đồng ý", person_name="BÀ-ĐỒNG-Ý", name_consent=True)
    refused = model(name="Mô hình không đồng ý", person_name="ÔNG-KHÔNG-ĐỒNG-Ý", name_consent=False)
    hidden = model(name="MÔ-HÌNH-CHƯA-CÔNG-BỐ", is_published=False)
    commendation(recipient_name="NGƯỜI-ĐỒNG-Ý", name_consent=True, exemplary_model=agreed)
    commendation(recipient_name="NGƯỜI-KHÔNG-ĐỒNG-Ý", name_consent=False, exemplary_model=refused)
    commendation(recipient_kind=RecipientKind.COLLECTIVE, recipient_name="TẬP-THỂ-THỬ", name_consent=False)
    commendation(recipient_name="KHEN-CHƯA-CÔNG-BỐ", name_consent=True, is_published=False)

    pages = [client.get(reverse("social_public:model_list")).content.decode()]
    for shown in (agreed, refused):
        pages.append(client.get(reverse("social_public:model_detail", args=[shown.pk])).content.decode())
    everything = "\n".join(pages)
    for named in ("BÀ-ĐỒNG-Ý", "NGƯỜI-ĐỒNG-Ý", "TẬP-THỂ-THỬ", "Mô hình không đồng ý"):
        assert named in everything, named
    for secret in ("ÔNG-KHÔNG-ĐỒNG-Ý", "NGƯỜI-KHÔNG-ĐỒNG-Ý", "MÔ-HÌNH-CHƯA-CÔNG-BỐ", "KHEN-CHƯA-CÔNG-BỐ"):
        assert secret not in everything, secret
    assert client.get(reverse("social_public:model_detail", args=[hidden.pk])).status_code == 404


def test_each_organization_keeps_its_own_models_and_commendations(demo_user):
    cadre = demo_user("cadre_women")
    mine = ExemplaryModel(name="Mô hình mới", field=ModelField.CULTURE, organization=la_gi_women(), year=2026)
    movement = EmulationMovement.objects.filter(organization=la_gi_women()).first()
    saved = save_model(actor=cadre, model=mine, movements=[movement])
    assert list(saved.movements.all()) == [movement]
    farmers = Organization.objects.get(
        kind=OrganizationKind.FARMERS_ASSOCIATION, unit__code="LD-PPHUOCHOI", parent=None
    )
    theirs = ExemplaryModel(name="Mô hình khác", field=ModelField.CULTURE, organization=farmers, year=2026)
    with pytest.raises(ValidationError):
        save_model(actor=cadre, model=theirs)
    other = ExemplaryModel.objects.filter(organization=farmers).first()
    award = Commendation(
        recipient_name="Thử",
        organization=la_gi_women(),
        exemplary_model=other,
        level=CommendationLevel.COMMUNE,
        form=AwardForm.OTHER,
        decision_number="1",
        decision_date=D(2026, 1, 1),
    )
    with pytest.raises(ValidationError):  # a model cadre_women may not see
        save_commendation(actor=cadre, commendation=award)


def test_report_figures_of_models_and_commendations():
    model(year=2026, field=ModelField.ENVIRONMENT)
    commendation(level=CommendationLevel.PROVINCE, decision_date=D(2026, 2, 1))
    models = ExemplaryModel.objects.filter(name="Mô hình thử")
    awards = Commendation.objects.filter(decision_number="99/QĐ-THỬ")
    figures = reports.recognition_figures(models, awards, D(2026, 1, 1), D(2026, 12, 31))
    assert (figures.models, figures.commendations) == (1, 1)
    assert [count for _label, count in figures.commendations_by_level] == [1]
    assert reports.recognition_figures(models, awards, D(2025, 1, 1), D(2025, 12, 31)).models == 0
