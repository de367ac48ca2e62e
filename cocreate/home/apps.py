from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top of the house: pages that gather every app (home, dashboard) and the demo data.
    It may import any app; no app imports it."""

    name = "cocreate.home"
    label = "home"
    verbose_name = _("Home")
