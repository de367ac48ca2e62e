from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "cocreate.panels"
    label = "panels"
    verbose_name = _("Panels: representative recruitment by fair lottery")
