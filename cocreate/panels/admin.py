from django.contrib import admin

from cocreate.panels.models import Panel, Selection


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin[Panel]):
    """Volunteers are deliberately not in the admin: their data is for the organisers' pages only."""

    list_display = ["title", "organisation", "size", "status", "retention_until", "purged_at"]


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin[Selection]):
    list_display = ["panel", "state", "seed", "created_at"]
    readonly_fields = ["audit"]
