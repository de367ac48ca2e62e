"""Reads of the community that depend on who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.community.models import (
    Ambassador,
    Event,
    GoodPractice,
    LearningPath,
    MethodCard,
    PathStep,
    Profile,
    Registration,
    StepDone,
    Subscription,
)


def profile_of(user: User | AnonymousUser) -> Profile | None:
    """The person's community profile, cached on the user for the request (the services that
    change it drop the cache)."""
    if not isinstance(user, User) or not user.is_active:
        return None
    cache: dict[str, Profile | None] = user.__dict__.setdefault("_community_profile", {})
    if "profile" not in cache:
        cache["profile"] = Profile.objects.filter(user=user).first()
    return cache["profile"]


def is_ambassador_of(user: User, organisation: Organisation) -> bool:
    return organisation.ambassadors.filter(user=user).exists()


def profile_for(user: User) -> Profile | None:
    """The person's own profile, or None when they have not joined."""
    profile: Profile | None = profile_of(user) if user.is_authenticated else None
    return profile


def profiles_visible_to(user: User) -> QuerySet[Profile]:
    """Members see every member; everyone else sees public profiles only."""
    profiles = Profile.objects.select_related("user", "organisation")
    if user.is_authenticated and (profile_of(user) is not None or user.is_superuser):
        return profiles
    return profiles.filter(visibility=Profile.Visibility.PUBLIC)


def get_profile_for(user: User, profile_id: UUID) -> Profile:
    return get_object_or_404(profiles_visible_to(user), pk=profile_id)


def directory(
    user: User, *, q: str = "", method: str = "", language: str = "", country: str = ""
) -> QuerySet[Profile]:
    profiles = profiles_visible_to(user)
    for word in q.split()[:10]:
        profiles = profiles.filter(
            Q(user__full_name__icontains=word) | Q(skills__icontains=word) | Q(interests__icontains=word)
        )
    if method:
        profiles = profiles.filter(methods__icontains=method)
    if language:
        profiles = profiles.filter(languages__icontains=language)
    if country:
        profiles = profiles.filter(country=country)
    return profiles.order_by("user__full_name")


# Good practices ----------------------------------------------------------------------------------


def get_practice_for(user: User, practice_id: UUID) -> GoodPractice:
    """Published: anyone. Otherwise its author, and reviewers once it is submitted."""
    practice = (
        GoodPractice.objects.select_related("method", "contact", "author").filter(pk=practice_id).first()
    )
    if practice is None:
        raise Http404
    if practice.is_published:
        return practice
    if user.is_authenticated:
        if practice.author_id == user.pk:
            return practice
        if practice.state == GoodPractice.State.SUBMITTED and user.has_perm("community.review_practices"):
            return practice
    raise Http404


def can_see_practice(user: User, practice: GoodPractice) -> bool:
    """A practice's attachment is seen by whoever may see the practice."""
    try:
        get_practice_for(user, practice.pk)
    except Http404:
        return False
    return True


def practices_of(user: User) -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(author=user).order_by("-updated_at")
        if user.is_authenticated
        else (GoodPractice.objects.none())
    )


def practices_to_review() -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.filter(state=GoodPractice.State.SUBMITTED)
        .select_related("author")
        .order_by("updated_at")
    )


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    practices: QuerySet[GoodPractice]
    methods: list[Facet]
    countries: list[Facet]
    sectors: list[Facet]


def _text_search(practices: QuerySet[GoodPractice], q: str) -> QuerySet[GoodPractice]:
    if not q:
        return practices
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A")
            + SearchVector("problem", "method__name", "tags", weight="B")
            + SearchVector("context", "result", "lessons", weight="C")
        )
        query = SearchQuery(q, search_type="websearch")
        return (
            practices.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "-published_at")
        )
    for word in q.split()[:10]:
        practices = practices.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(method__name__icontains=word)
            | Q(lessons__icontains=word)
        )
    return practices


def _facet(practices: QuerySet[GoodPractice], field: str, labels: dict[Any, Any]) -> list[Facet]:
    rows = practices.order_by().values(field).annotate(n=Count("pk", distinct=True)).order_by("-n", field)
    return [Facet(str(r[field]), str(labels.get(r[field], r[field])), r["n"]) for r in rows if r[field]]


def search_practices(*, q: str = "", method: str = "", country: str = "", sector: str = "") -> SearchResult:
    """Published practices matching the words, with counts per method, country and sector of the
    result set (the facet counts already honour the other filters)."""
    practices = _text_search(GoodPractice.objects.filter(state=GoodPractice.State.PUBLISHED), q.strip()[:200])
    if method:
        practices = practices.filter(method__key=method)
    if country:
        practices = practices.filter(country=country)
    if sector:
        practices = practices.filter(sector=sector)
    method_names = dict(MethodCard.objects.values_list("key", "name"))
    from cocreate.accounts.countries import COUNTRIES

    return SearchResult(
        practices=practices.select_related("method"),
        methods=_facet(practices, "method__key", method_names),
        countries=_facet(practices, "country", dict(COUNTRIES)),
        sectors=_facet(practices, "sector", dict(GoodPractice.Sector.choices)),
    )


# Methods, events, learning paths -------------------------------------------------------------------


def get_method(method_id: UUID) -> MethodCard:
    return get_object_or_404(MethodCard.objects, pk=method_id)


def get_event(event_id: UUID) -> Event:
    """Events are public: anyone may read them and their calendar file."""
    return get_object_or_404(Event.objects.select_related("organiser", "organisation"), pk=event_id)


def registration_of(user: User, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return event.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).first()


def waiting_position(registration: Registration) -> int:
    return registration.event.registrations.filter(
        status=Registration.Status.WAITING, queued_at__lte=registration.queued_at
    ).count()


def attendance_list(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("user")
        .order_by("user__full_name")
    )


def get_path(path_id: UUID) -> LearningPath:
    return get_object_or_404(LearningPath.objects, pk=path_id)


def get_step(step_id: UUID) -> PathStep:
    return get_object_or_404(PathStep.objects.select_related("path"), pk=step_id)


def steps_with_progress(user: User, path: LearningPath) -> list[tuple[PathStep, bool]]:
    done = (
        set(StepDone.objects.filter(user=user, step__path=path).values_list("step_id", flat=True))
        if user.is_authenticated
        else set()
    )
    return [(step, step.pk in done) for step in path.steps.select_related("event")]


# Organisations, ambassadors, newsletters -----------------------------------------------------------


def get_organisation(organisation_id: UUID) -> Organisation:
    """The organisation's community page is public: its name and its ambassadors."""
    return get_object_or_404(Organisation.objects, pk=organisation_id)


def get_ambassador_for(user: User, ambassador_id: UUID) -> Ambassador:
    """Ambassadors of the organisations the user works in (a 404 for the rest)."""
    from cocreate.accounts.selectors import organisations_for

    return get_object_or_404(
        Ambassador.objects.select_related("organisation", "user"),
        pk=ambassador_id,
        organisation__in=organisations_for(user),
    )


def ambassadors_of(organisation: Organisation) -> QuerySet[Ambassador]:
    return organisation.ambassadors.select_related("user", "user__community_profile").order_by("since")


@dataclass(frozen=True)
class OrganisationActivity:
    renewals: int
    readiness_rounds: int
    event_attendances: int
    members_in_community: int


def activity_of(organisation: Organisation) -> OrganisationActivity:
    """Counts only: the ambassador sees how active the organisation is, not who did what."""
    from cocreate.readiness.models import Round
    from cocreate.renewals.models import Renewal

    member_ids = organisation.memberships.values("user_id")
    return OrganisationActivity(
        renewals=Renewal.objects.filter(organisation=organisation).count(),
        readiness_rounds=Round.objects.filter(organisation=organisation).count(),
        event_attendances=Registration.objects.filter(user__in=member_ids, attended=True).count(),
        members_in_community=Profile.objects.filter(user__in=member_ids).count(),
    )


def is_subscribed(user: User, organisation: Organisation | None) -> bool:
    return (
        user.is_authenticated and Subscription.objects.filter(user=user, organisation=organisation).exists()
    )


def newsletter_audiences_for(user: User) -> list[tuple[str, str]]:
    """Where this person may send an update: ("", community) and organisations they are staff of."""
    from django.utils.translation import gettext as _

    audiences: list[tuple[str, str]] = []
    if user.has_perm("community.write_newsletter", None):
        audiences.append(("", _("The whole community")))
    orgs = (
        Organisation.objects.all()
        if user.is_superuser
        else Organisation.objects.filter(memberships__user=user, memberships__role__in=["admin", "staff"])
    )
    audiences += [(str(o.pk), o.name) for o in orgs.order_by("name")]
    return audiences


def upcoming_events() -> QuerySet[Event]:
    from django.utils import timezone

    return Event.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at")


def past_events() -> QuerySet[Event]:
    from django.utils import timezone

    return Event.objects.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def all_methods() -> QuerySet[MethodCard]:
    return MethodCard.objects.order_by("name")


def all_paths() -> QuerySet[LearningPath]:
    return LearningPath.objects.order_by("title")


def get_sent_newsletter(newsletter_id: UUID) -> Any:
    from cocreate.community.models import Newsletter

    return get_object_or_404(
        Newsletter.objects.select_related("organisation"), pk=newsletter_id, sent_at__isnull=False
    )
