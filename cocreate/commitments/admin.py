from django.contrib import admin

from cocreate.commitments import models


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "deadline", "status", "is_published")
    list_filter = ("status", "is_published")


@admin.register(models.Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ("name", "target_amount", "target_unit", "target_date", "is_public")
    filter_horizontal = ("secretariat",)


@admin.register(models.LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "published_at")


for model in (
    models.Declaration,
    models.Signature,
    models.AllianceMember,
    models.WorkingGroup,
    models.Meeting,
    models.Pledge,
    models.PledgeReport,
    models.ProgressUpdate,
    models.PublicComment,
):
    admin.site.register(model)
