from django.contrib import admin

from cocreate.quality.models import QualityAction, QualityAssessment


@admin.register(QualityAssessment)
class QualityAssessmentAdmin(admin.ModelAdmin[QualityAssessment]):
    list_display = ["__str__", "cycle_number", "published_at"]
    readonly_fields = ["organisers", "participants"]


@admin.register(QualityAction)
class QualityActionAdmin(admin.ModelAdmin[QualityAction]):
    list_display = ["title", "owner", "deadline", "status"]
