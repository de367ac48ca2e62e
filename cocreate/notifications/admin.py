from django.contrib import admin

from cocreate.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["user", "kind", "text", "created_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["user", "kind", "delivery"]
