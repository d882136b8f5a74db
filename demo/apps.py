from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The invented demonstration data and the commands that load it (``seed_demo``, ``grow_demo``).

    Nothing else in the project imports this app: it sits on top of every other one.
    """

    name = "demo"
    verbose_name = _("Demo data")
