"""Panels that an app above adds to the page of an object of an app below.

A concern's page shows the recommendations that took the concern up, but the concerns app
knows nothing of oversight: oversight registers a panel for concerns in its
``AppConfig.ready()`` (``register(Concern, provider)``), and the concern's view renders
``panels_for(request, concern)`` where the template leaves room for them. A provider returns
the panel's HTML, or an empty string when it has nothing to show to this user.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Model
from django.http import HttpRequest
from django.utils.safestring import SafeString

PanelProvider = Callable[[HttpRequest, Model], str]

_providers: dict[type[Model], list[PanelProvider]] = defaultdict(list)


def register(model: type[Model], provider: PanelProvider) -> None:
    if provider not in _providers[model]:
        _providers[model].append(provider)


def panels_for(request: HttpRequest, obj: Model) -> list[SafeString]:
    """The HTML of every panel registered for ``obj``'s model that has something to show."""
    panels = (provider(request, obj) for provider in _providers.get(type(obj), ()))
    return [SafeString(html) for html in panels if html]


# The residents' pages have panels of their own: a published voter contact's or dialogue's page
# (activities) shows the opinions raised there, counted by topic (concerns). A public provider
# shows the same thing to every visitor (the page is cached for anonymous visitors): it reads only
# public values and never looks at ``request.user``.
_public_providers: dict[type[Model], list[PanelProvider]] = defaultdict(list)


def register_public(model: type[Model], provider: PanelProvider) -> None:
    if provider not in _public_providers[model]:
        _public_providers[model].append(provider)


def public_panels_for(request: HttpRequest, obj: Model) -> list[SafeString]:
    """The HTML of every public panel registered for ``obj``'s model that has something to show."""
    panels = (provider(request, obj) for provider in _public_providers.get(type(obj), ()))
    return [SafeString(html) for html in panels if html]


# The cadre's start page (``/cadre/``) shows, after its buttons, the panels that the apps register
# for it: an app above core that knows the account's work (a board's projects, an association's
# members) returns its panel's HTML, or "" when the account has nothing there.
DashboardProvider = Callable[[HttpRequest], str]

_dashboard_providers: list[DashboardProvider] = []


def register_dashboard(provider: DashboardProvider) -> None:
    if provider not in _dashboard_providers:
        _dashboard_providers.append(provider)


def dashboard_panels(request: HttpRequest) -> list[SafeString]:
    """The HTML of every start-page panel that has something to show to ``request.user``."""
    panels = (provider(request) for provider in _dashboard_providers)
    return [SafeString(html) for html in panels if html]
