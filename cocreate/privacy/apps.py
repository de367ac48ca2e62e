from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cocreate.privacy"
    label = "privacy"
    verbose_name = _("Privacy: your data, its export and erasure")

    def ready(self) -> None:
        from cocreate.privacy.registry import registry

        registry.discover()
        from cocreate.accounts.signals import consent_changed
        from cocreate.privacy.services import consent_heard

        consent_changed.connect(consent_heard, dispatch_uid="privacy.consent")
