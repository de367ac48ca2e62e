from django.contrib import admin

from cocreate.assessments.models import Collection, ModelFamily, ModelVersion, Question


class QuestionInline(admin.StackedInline[Question, ModelVersion]):
    model = Question
    extra = 0
    fields = ["attribute", "order", "text", "help", "options", "allow_dont_know"]
    readonly_fields = ["attribute"]


@admin.register(ModelFamily)
class ModelFamilyAdmin(admin.ModelAdmin[ModelFamily]):
    list_display = ["key", "__str__"]


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin[ModelVersion]):
    """The .dxi of a version is read-only: a changed model is a new version (import it), so
    results computed under the old one never change. Texts and questions may be polished."""

    list_display = ["__str__", "created_at", "note"]
    readonly_fields = ["family", "number", "dxi"]
    inlines = [QuestionInline]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin[Collection]):
    list_display = ["__str__", "status", "closed_at"]
    readonly_fields = ["version", "result"]
