"""The layers of the project point one way.

``core`` imports no app of the project; each domain app imports only ``core`` and the domain
apps below it; the residents' site (``portal``) may use every domain app; ``demo`` sits on top
and nothing imports it. Every module is read (imports inside functions count too), and so is
every template's ``{% load %}``: a template tag library is an import of the app that owns it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Lowest first. An app may import the apps of a lower layer, never one of its own layer or above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("organizations",),
    ("members",),
    ("activities",),
    ("articles",),
    ("concerns",),
    ("oversight",),
    ("social",),
    ("reports",),
    ("portal",),
    ("demo",),
)
LAYER_OF = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
PROJECT_APPS = frozenset(LAYER_OF)
# Where each app's templates live (templates/<folder>/); the residents' pages are the portal's.
TEMPLATE_FOLDERS = {app: (app,) for app in PROJECT_APPS} | {"portal": ("portal", "public")}
LOAD_TAG = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def imported_modules(source: str) -> set[str]:
    """Every absolute module an app's module imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def app_modules(app: str) -> list[Path]:
    return [
        path
        for path in sorted((BASE_DIR / app).rglob("*.py"))
        if "migrations" not in path.relative_to(BASE_DIR).parts
    ]


def upward_imports(app: str, modules: set[str]) -> list[str]:
    """The imported modules that belong to an app of the same layer as ``app`` or above it."""
    wrong = []
    for module in sorted(modules):
        target = module.split(".")[0]
        if target in PROJECT_APPS and target != app and LAYER_OF[target] >= LAYER_OF[app]:
            wrong.append(module)
    return wrong


def tag_libraries() -> dict[str, str]:
    """Template tag library name → the app that defines it."""
    return {
        path.stem: app
        for app in PROJECT_APPS
        for path in (BASE_DIR / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def test_every_project_app_has_a_layer():
    installed = {name for name in settings.INSTALLED_APPS if (BASE_DIR / name / "apps.py").exists()}
    assert installed == PROJECT_APPS


def test_the_layers_follow_the_order_of_installed_apps():
    order = [name for name in settings.INSTALLED_APPS if name in PROJECT_APPS]
    assert [LAYER_OF[name] for name in order] == sorted(LAYER_OF[name] for name in order)


@pytest.mark.parametrize("app", sorted(PROJECT_APPS, key=LAYER_OF.get))
def test_an_app_imports_only_the_layers_below_it(app):
    offending = {
        str(path.relative_to(BASE_DIR)): wrong
        for path in app_modules(app)
        if (wrong := upward_imports(app, imported_modules(path.read_text(encoding="utf-8"))))
    }
    assert not offending, f"{app} imports an app of its own layer or above: {offending}"


@pytest.mark.parametrize("app", sorted(PROJECT_APPS, key=LAYER_OF.get))
def test_an_apps_templates_load_only_tags_of_the_layers_below_it(app):
    owners = tag_libraries()
    offending = {}
    for folder in TEMPLATE_FOLDERS[app]:
        for path in sorted((BASE_DIR / "templates" / folder).rglob("*.html")):
            libraries = {
                name
                for match in LOAD_TAG.finditer(path.read_text(encoding="utf-8"))
                for name in match[1].split()
            }
            wrong = sorted(
                name for name in libraries if name in owners and upward_imports(app, {owners[name]})
            )
            if wrong:
                offending[str(path.relative_to(BASE_DIR))] = wrong
    assert not offending, f"templates of {app} load tags of an app of its own layer or above: {offending}"


def test_nothing_but_demo_imports_demo():
    """Nothing of the portal imports the demo; the load tests (``bench``), which run on it, may."""
    importers = []
    allowed = {"demo", "bench", "tests", ".venv", "var", "node_modules"}
    for path in sorted(BASE_DIR.glob("*/**/*.py")):
        relative = path.relative_to(BASE_DIR)
        top = relative.parts[0]
        if top in allowed or "migrations" in relative.parts:
            continue
        modules = imported_modules(path.read_text(encoding="utf-8"))
        if any(module == "demo" or module.startswith("demo.") for module in modules):
            importers.append(str(relative))
    assert not importers, f"only the demo app may import demo: {importers}"


# --- the checker checks: each rule fails on the mistake it is there to catch ---------------


def test_an_import_from_above_is_found_even_inside_a_function():
    source = "def f():\n    from concerns.selectors import inbox\n"
    assert upward_imports("organizations", imported_modules(source)) == [
        "concerns.selectors",
        "concerns.selectors.inbox",
    ]


def test_an_import_from_the_same_layer_is_found():
    assert upward_imports("portal", imported_modules("import demo.structure\n")) == ["demo.structure"]
    assert upward_imports("core", imported_modules("from organizations import scoping\n")) == [
        "organizations",
        "organizations.scoping",
    ]


def test_imports_from_below_and_outside_the_project_pass():
    source = "from core.caching import cache_public_page\nfrom django.db import models\nfrom . import x\n"
    assert upward_imports("activities", imported_modules(source)) == []
