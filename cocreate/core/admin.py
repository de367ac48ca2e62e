from django.contrib import admin

from cocreate.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "action", "summary", "actor", "organisation", "public"]
    list_filter = ["action", "public"]
    search_fields = ["summary", "action"]

    # The audit log is written only by services; nobody edits history.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
