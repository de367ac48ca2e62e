from django.contrib import admin

from cocreate.portfolio.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "organisation", "archived_at"]
    list_filter = ["organisation"]
    search_fields = ["name"]
