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
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "organisation", "visibility", "community_editor"]
    list_filter = ["visibility", "community_editor"]


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin[Ambassador]):
    list_display = ["user", "organisation", "since"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin[GoodPractice]):
    list_display = ["title", "state", "country", "sector", "published_at"]
    list_filter = ["state", "sector"]


@admin.register(MethodCard)
class MethodCardAdmin(admin.ModelAdmin[MethodCard]):
    list_display = ["name", "key", "tool"]


class RegistrationInline(admin.TabularInline[Registration, Event]):
    model = Registration
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "starts_at", "capacity"]
    inlines = [RegistrationInline]


class PathStepInline(admin.TabularInline[PathStep, LearningPath]):
    model = PathStep
    extra = 0


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin[LearningPath]):
    inlines = [PathStepInline]


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin[Newsletter]):
    list_display = ["subject", "organisation", "sent_at", "recipients"]
