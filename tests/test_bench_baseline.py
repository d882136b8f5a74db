"""The baseline of ``make bench`` is a bare view on the middleware ``startproject`` writes."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import django


def startproject_middleware() -> list[str]:
    template = Path(django.__file__).parent / "conf" / "project_template" / "project_name" / "settings.py-tpl"
    for node in ast.parse(template.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MIDDLEWARE" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("no MIDDLEWARE in the project template")


def test_the_bare_view_runs_on_djangos_default_middleware_stack():
    bare = importlib.import_module("bench.settings_bare")
    assert startproject_middleware() == bare.MIDDLEWARE
    assert bare.ROOT_URLCONF == "bench.urls_bare"


def test_the_reference_bare_view_runs_on_the_portals_middleware():
    from django.conf import settings

    reference = importlib.import_module("bench.settings_bare_portal")
    assert reference.MIDDLEWARE == settings.MIDDLEWARE
