from django.contrib import admin

from cocreate.alliances import models


@admin.register(models.Alliance)
class AllianceAdmin(admin.ModelAdmin[models.Alliance]):
    list_display = ("name", "target_amount", "target_unit", "target_date", "is_public")
    filter_horizontal = ("secretariat",)


for model in (
    models.Declaration,
    models.Signature,
    models.AllianceMember,
    models.WorkingGroup,
    models.Meeting,
    models.Decision,
    models.Pledge,
    models.PledgeReport,
):
    admin.site.register(model)
