from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cocreate.renewals.models import Renewal


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin[Renewal]):
    list_display = ["title", "organisation", "service", "status", "cycle_number", "visibility"]
    list_filter = ["visibility", "closed_at"]
    search_fields = ["title"]

    @admin.display(description=_("status"))
    def status(self, renewal: Renewal) -> str:
        return renewal.get_status_display()  # derived from the cycle's work (renewals/cycle.py)
