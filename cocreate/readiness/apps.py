from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "cocreate.readiness"
    label = "readiness"
    verbose_name = _("Co-Ready: organisational readiness")
