from django.contrib import admin

from cocreate.notifications.models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["user", "kind", "text", "count", "updated_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["user", "kind", "delivery"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin[Digest]):
    list_display = ["user", "frequency", "period", "items", "sent_at"]
    list_filter = ["frequency"]
