from django.contrib import admin

from cocreate.readiness.models import ImprovementAction, RoadmapEntry, Round


@admin.register(RoadmapEntry)
class RoadmapEntryAdmin(admin.ModelAdmin[RoadmapEntry]):
    list_display = ["__str__", "attribute", "kind", "order"]
    list_filter = ["attribute", "kind"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["title", "organisation", "created_at"]
    readonly_fields = ["collection"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin[ImprovementAction]):
    list_display = ["title", "organisation", "owner", "deadline", "status"]
