from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cocreate.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Staff are told of recorded events (notifications/staff.py); core sends, it imports no app.
        from cocreate.core.audit import recorded
        from cocreate.notifications.staff import on_recorded

        recorded.connect(on_recorded, dispatch_uid="notifications.staff")
