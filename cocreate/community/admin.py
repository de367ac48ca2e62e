from django.contrib import admin

from cocreate.community.models import (
    Ambassador,
    Event,
    GoodPractice,
    LearningPath,
    MethodCard,
    Newsletter,
    PathStep,
    Profile,
    Registration,
)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "visibility", "community_editor"]
    list_filter = ["visibility", "community_editor"]


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "since"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "country", "sector", "published_at"]
    list_filter = ["state", "sector"]


@admin.register(MethodCard)
class MethodCardAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "tool"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "capacity"]
    inlines = [RegistrationInline]


class PathStepInline(admin.TabularInline):
    model = PathStep
    extra = 0


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    inlines = [PathStepInline]


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["subject", "organisation", "sent_at", "recipients"]
