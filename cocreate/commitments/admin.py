from django.contrib import admin

from cocreate.commitments import models


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin[models.Commitment]):
    list_display = ("title", "organisation", "deadline", "status", "is_published")
    list_filter = ("status", "is_published")


admin.site.register(models.ProgressUpdate)
