"""One scoping mechanism: every model a cadre reads is scoped by ``ScopedQuerySet``, and the
"may edit" flag a page shows is the same rule as ``editable_by``."""

from __future__ import annotations

import pytest
from django.apps import apps

from organizations.scoping import ScopedQuerySet

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = ("admin", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer", "board_member")


def scoped_models() -> list:
    return [
        model
        for model in apps.get_models()
        if hasattr(model._default_manager.all(), "visible_to") and model.__module__.split(".")[0] != "core"
    ]


def test_every_model_with_visible_to_uses_the_scoped_queryset():
    models = scoped_models()
    assert len(models) >= 15
    assert not [
        model.__name__ for model in models if not isinstance(model._default_manager.all(), ScopedQuerySet)
    ]


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_the_edit_flag_is_the_editable_by_rule(demo_user, username):
    user = demo_user(username)
    for model in scoped_models():
        rows = model._default_manager.all()
        flagged = set(
            rows.visible_to(user).with_edit_flag(user).filter(user_can_edit=True).values_list("pk", flat=True)
        )
        editable_and_visible = set(rows.visible_to(user).values_list("pk", flat=True)) & set(
            rows.editable_by(user).values_list("pk", flat=True)
        )
        assert flagged == editable_and_visible, model.__name__


def test_the_flag_says_yes_and_no_within_one_scope(demo_user):
    """The ward cadre reads the old and new units of Phước Hội but edits only what they write to."""
    from concerns.models import Concern

    ward_cadre = demo_user("cadre_ward")
    viewer = demo_user("cadre_viewer")
    concerns = list(Concern.objects.visible_to(ward_cadre).with_edit_flag(ward_cadre))
    assert concerns and all(concern.user_can_edit for concern in concerns)
    read_only = list(Concern.objects.visible_to(viewer).with_edit_flag(viewer))
    assert read_only and not any(concern.user_can_edit for concern in read_only)


def test_nobody_outside_every_scope_sees_or_edits(django_user_model):
    from activities.models import Activity

    stranger = django_user_model.objects.create_user("stranger", password="x")
    assert not Activity.objects.visible_to(stranger).exists()
    assert not Activity.objects.editable_by(stranger).exists()
    assert not Activity.objects.with_edit_flag(stranger).filter(user_can_edit=True).exists()
