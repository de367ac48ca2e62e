from django.contrib import admin

from cocreate.transparency import models


@admin.register(models.LogEntry)
class LogEntryAdmin(admin.ModelAdmin[models.LogEntry]):
    list_display = ("title", "kind", "published_at")


admin.site.register(models.PublicComment)
