from django.contrib import admin

from cocreate.renewals.models import Renewal


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "service", "status", "cycle_number", "visibility"]
    list_filter = ["status", "visibility"]
    search_fields = ["title"]
