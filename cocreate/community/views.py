from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import get_organisation_for
from cocreate.community import selectors, services
from cocreate.community.forms import (
    AmbassadorForm,
    ContactForm,
    DirectorySearchForm,
    EventForm,
    NewsletterForm,
    PracticeForm,
    PracticeSearchForm,
    ProfileForm,
    ReturnForm,
)
from cocreate.community.models import Ambassador, Event, GoodPractice, MethodCard, Profile
from cocreate.core import ics
from cocreate.core.access import public, rule, signed_in
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.notifications.services import absolute

# Objects for `rule(...)`: always through a selector, so what is out of reach is a 404 first.

COMMUNITY = trail(gettext_lazy("Community"), "community:home")
PRACTICES = COMMUNITY.then(gettext_lazy("Good practices"), "community:practices")
METHODS = COMMUNITY.then(gettext_lazy("Methods"), "community:methods")
EVENTS = COMMUNITY.then(gettext_lazy("Events"), "community:events")
PATHS = COMMUNITY.then(gettext_lazy("Learning paths"), "community:paths")


def _organisation_trail(organisation: Organisation) -> Trail:
    return COMMUNITY.then(organisation.name, "community:organisation", organisation.pk)


def _profile(request: HttpRequest, profile_id: UUID) -> Profile:
    return selectors.get_profile_for(user_of(request), profile_id)


def _practice(request: HttpRequest, practice_id: UUID) -> GoodPractice:
    return selectors.get_practice_for(user_of(request), practice_id)


def _organisation(request: HttpRequest, organisation_id: UUID) -> Organisation:
    return get_organisation_for(user_of(request), organisation_id)


def _ambassador(request: HttpRequest, ambassador_id: UUID) -> Ambassador:
    return selectors.get_ambassador_for(user_of(request), ambassador_id)


def _event(request: HttpRequest, event_id: UUID) -> Event:
    return selectors.get_event(event_id)


# Home and members ----------------------------------------------------------------------------------


@public
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "community/home.html",
        {
            "profile": selectors.profile_for(user) if user.is_authenticated else None,  # type: ignore[arg-type]
            "practices": selectors.search_practices().practices[:3],
            "events": selectors.upcoming_events()[:3],
            "subscribed": selectors.is_subscribed(user, None) if user.is_authenticated else False,  # type: ignore[arg-type]
        },
    )


@signed_in
def edit_profile(request: HttpRequest) -> HttpResponse:
    """Join the community, or change one's profile."""
    user = user_of(request)
    profile = selectors.profile_for(user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.join(user=user, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your community profile is saved.") if profile else _("Welcome."))
            return redirect("community:profile", profile.pk)
    return render(
        request,
        "community/edit_profile.html",
        {"form": form, "profile": profile, "breadcrumbs": COMMUNITY.here(_("Your profile"))},
    )


@require_POST
@signed_in
def leave(request: HttpRequest) -> HttpResponse:
    services.leave(user=user_of(request))
    messages.success(request, _("You left the community. Your community profile is deleted."))
    return redirect("community:home")


@rule("community.view_directory")
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.directory(
        user_of(request),
        q=filters.get("q", ""),
        method=filters.get("method", ""),
        language=filters.get("language", ""),
        country=filters.get("country", ""),
    )
    page = Paginator(profiles, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "community/directory.html",
        {"form": form, "page": page, "breadcrumbs": COMMUNITY.here(_("Members"))},
    )


@public
def profile(request: HttpRequest, profile_id: UUID) -> HttpResponse:
    """Public profiles: anyone. Members-only profiles: members (a 404 for everyone else)."""
    shown = selectors.get_profile_for(request.user, profile_id)  # type: ignore[arg-type]
    return render(
        request,
        "community/profile.html",
        {
            "shown": shown,
            "can_contact": request.user.has_perm("community.contact", shown),
            "is_own": request.user.is_authenticated and shown.user_id == request.user.pk,
            "breadcrumbs": COMMUNITY.here(shown.user.full_name),
        },
    )


@rule("community.contact", _profile)
def contact(request: HttpRequest, shown: Profile) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_member(
                sender=user_of(request),
                recipient=shown,
                message=form.cleaned_data["message"],
                share_email=form.cleaned_data["share_email"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your message is sent. Their e-mail address stays private."))
            return redirect("community:profile", shown.pk)
    breadcrumbs = COMMUNITY.then(shown.user.full_name, "community:profile", shown.pk).here(_("Write"))
    return render(
        request, "community/contact.html", {"form": form, "shown": shown, "breadcrumbs": breadcrumbs}
    )


# Organisations and ambassadors ----------------------------------------------------------------------


@public
def organisation(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    org = selectors.get_organisation(organisation_id)
    user = request.user
    return render(
        request,
        "community/organisation.html",
        {
            "organisation": org,
            "ambassadors": selectors.ambassadors_of(org),
            "can_nominate": user.has_perm("community.nominate_ambassadors", org),
            "can_see_dashboard": user.has_perm("community.view_ambassador_dashboard", org),
            "subscribed": selectors.is_subscribed(user, org) if user.is_authenticated else False,  # type: ignore[arg-type]
            "breadcrumbs": COMMUNITY.here(org.name),
        },
    )


@rule("community.nominate_ambassadors", _organisation)
def nominate(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = AmbassadorForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate_ambassador(
                actor=user_of(request), organisation=organisation, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The innovation ambassador is named."))
            return redirect("community:organisation", organisation.pk)
    return render(
        request,
        "community/nominate.html",
        {
            "form": form,
            "organisation": organisation,
            "ambassadors": selectors.ambassadors_of(organisation),
            "breadcrumbs": _organisation_trail(organisation).here(_("Ambassadors")),
        },
    )


@require_POST
@rule("community.nominate_ambassadors", _ambassador)
def remove_ambassador(request: HttpRequest, ambassador: Ambassador) -> HttpResponse:
    """The rule asks about the ambassador's organisation (its `organisation` attribute)."""
    services.remove_ambassador(actor=user_of(request), ambassador=ambassador)
    messages.success(request, _("%(name)s is no longer an ambassador.") % {"name": ambassador.user})
    return redirect("community:nominate", ambassador.organisation.pk)


@rule("community.view_ambassador_dashboard", _organisation)
def ambassador_dashboard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "community/dashboard.html",
        {
            "organisation": organisation,
            "activity": selectors.activity_of(organisation),
            "breadcrumbs": _organisation_trail(organisation).here(_("Activity")),
        },
    )


# Good practices -------------------------------------------------------------------------------------


def _facet_links(request: HttpRequest, field: str, facets: list[selectors.Facet]) -> list[dict[str, Any]]:
    links = []
    for facet in facets:
        query = request.GET.copy()
        query[field] = facet.value
        query.pop("page", None)
        links.append({"label": facet.label, "count": facet.count, "url": "?" + query.urlencode()})
    return links


@public
def practices(request: HttpRequest) -> HttpResponse:
    form = PracticeSearchForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    result = selectors.search_practices(
        q=filters.get("q", ""),
        method=filters.get("method", ""),
        country=filters.get("country", ""),
        sector=filters.get("sector", ""),
    )
    page = Paginator(result.practices, 20).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "community/practices.html",
        {
            "form": form,
            "page": page,
            "facet_groups": [
                (_("Method"), _facet_links(request, "method", result.methods)),
                (_("Country"), _facet_links(request, "country", result.countries)),
                (_("Sector"), _facet_links(request, "sector", result.sectors)),
            ],
            "can_submit": user.has_perm("community.submit_practice"),
            "can_review": user.has_perm("community.review_practices"),
            "mine": selectors.practices_of(user) if user.is_authenticated else [],  # type: ignore[arg-type]
            "breadcrumbs": COMMUNITY.here(_("Good practices")),
        },
    )


@rule("community.submit_practice")
def practice_create(request: HttpRequest) -> HttpResponse:
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your draft is saved. Submit it for review when it is ready."))
            return redirect("community:practice", practice.pk)
    return render(
        request,
        "community/practice_form.html",
        {"form": form, "practice": None, "breadcrumbs": PRACTICES.here(_("New"))},
    )


@public
def practice(request: HttpRequest, practice_id: UUID) -> HttpResponse:
    shown = selectors.get_practice_for(request.user, practice_id)  # type: ignore[arg-type]
    user = request.user
    contact_profile = getattr(shown.contact, "community_profile", None) if shown.contact else None
    return render(
        request,
        "community/practice.html",
        {
            "practice": shown,
            "can_edit": user.has_perm("community.edit_practice", shown),
            "can_review": user.has_perm("community.review_practice", shown),
            "return_form": ReturnForm(),
            "contact_profile": contact_profile
            if contact_profile and user.has_perm("community.view_profile", contact_profile)
            else None,
            "breadcrumbs": PRACTICES.here(shown.title),
        },
    )


@public
def practice_attachment(request: HttpRequest, practice_id: UUID) -> FileResponse:
    """Through a view, not the media URL: an unpublished practice's file stays private."""
    shown = selectors.get_practice_for(request.user, practice_id)  # type: ignore[arg-type]
    if not shown.attachment:
        raise Http404
    return FileResponse(
        shown.attachment.open("rb"),
        as_attachment=True,
        filename=(shown.attachment.name or "").rsplit("/", 1)[-1],
    )


@rule("community.edit_practice", _practice)
def practice_edit(request: HttpRequest, practice: GoodPractice) -> HttpResponse:
    form = PracticeForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_practice(actor=user_of(request), practice=practice, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("community:practice", practice.pk)
    return render(
        request,
        "community/practice_form.html",
        {"form": form, "practice": practice, "breadcrumbs": PRACTICES.here(practice.title)},
    )


@require_POST
@rule("community.edit_practice", _practice)
def practice_submit(request: HttpRequest, practice: GoodPractice) -> HttpResponse:
    services.submit_practice(actor=user_of(request), practice=practice)
    messages.success(request, _("Submitted. An editor will review it."))
    return redirect("community:practice", practice.pk)


@rule("community.review_practices")
def review(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/review.html",
        {"practices": selectors.practices_to_review(), "breadcrumbs": PRACTICES.here(_("Review"))},
    )


@require_POST
@rule("community.review_practice", _practice)
def practice_publish(request: HttpRequest, practice: GoodPractice) -> HttpResponse:
    try:
        services.publish_practice(actor=user_of(request), practice=practice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published."))
    return redirect("community:practice", practice.pk)


@require_POST
@rule("community.review_practice", _practice)
def practice_return(request: HttpRequest, practice: GoodPractice) -> HttpResponse:
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_practice(
                actor=user_of(request), practice=practice, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Returned to the author."))
            return redirect("community:review")
    return render(
        request,
        "community/practice.html",
        {
            "practice": practice,
            "can_review": True,
            "return_form": form,
            "breadcrumbs": PRACTICES.here(practice.title),
        },
    )


# Methods --------------------------------------------------------------------------------------------


@public
def methods(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/methods.html",
        {"methods": selectors.all_methods(), "breadcrumbs": COMMUNITY.here(_("Methods"))},
    )


@public
def method(request: HttpRequest, method_id: UUID) -> HttpResponse:
    card = selectors.get_method(method_id)
    tool_links: dict[str, tuple[str, str]] = {
        MethodCard.Tool.CONVERSATION: (
            reverse("renewals:renewals"),
            _("Start a conversation from one of your renewals"),
        ),
        MethodCard.Tool.PANEL: (reverse("panels:panels"), _("Run a citizens' panel")),
        MethodCard.Tool.READINESS: (reverse("readiness:home"), _("Start a Co-Ready round")),
        MethodCard.Tool.RENEWALS: (reverse("renewals:renewals"), _("Plan it in one of your renewals")),
    }
    return render(
        request,
        "community/method.html",
        {"method": card, "tool": tool_links.get(card.tool), "breadcrumbs": METHODS.here(card.name)},
    )


# Events ---------------------------------------------------------------------------------------------


@public
def events(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/events.html",
        {
            "upcoming": selectors.upcoming_events(),
            "past": selectors.past_events()[:20],
            "can_create": request.user.has_perm("community.create_event"),
            "breadcrumbs": COMMUNITY.here(_("Events")),
        },
    )


@rule("community.create_event")
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect("community:event", event.pk)
    return render(request, "community/event_form.html", {"form": form, "breadcrumbs": EVENTS.here(_("New"))})


@public
def event(request: HttpRequest, event_id: UUID) -> HttpResponse:
    shown = selectors.get_event(event_id)
    registration = selectors.registration_of(request.user, shown)  # type: ignore[arg-type]
    return render(
        request,
        "community/event.html",
        {
            "event": shown,
            "registration": registration,
            "position": selectors.waiting_position(registration)
            if registration and registration.status == "waiting"
            else None,
            "can_manage": request.user.has_perm("community.manage_event", shown),
            "breadcrumbs": EVENTS.here(shown.title),
        },
    )


@require_POST
@signed_in
def event_register(request: HttpRequest, event_id: UUID) -> HttpResponse:
    shown = selectors.get_event(event_id)
    registration = services.register(user=user_of(request), event=shown)
    if registration.status == registration.Status.CONFIRMED:
        messages.success(request, _("Your place is confirmed."))
    else:
        messages.success(
            request,
            _("The event is full: you are on the waiting list. We will tell you if a place frees up."),
        )
    return redirect("community:event", shown.pk)


@require_POST
@signed_in
def event_cancel(request: HttpRequest, event_id: UUID) -> HttpResponse:
    shown = selectors.get_event(event_id)
    services.cancel(user=user_of(request), event=shown)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("community:event", shown.pk)


@public
def event_ics(request: HttpRequest, event_id: UUID) -> HttpResponse:
    shown = selectors.get_event(event_id)
    event = ics.CalendarEvent(
        uid=f"{shown.pk}@cocreate",
        summary=shown.title,
        start=shown.starts_at,
        end=shown.ends_at,
        description=shown.description,
        location=shown.location,
        url=absolute(reverse("community:event", args=[shown.pk])),
    )
    return ics.calendar_response(shown.title, [event], now=timezone.now(), filename=f"event-{shown.pk}.ics")


@rule("community.manage_event", _event)
def attendance(request: HttpRequest, event: Event) -> HttpResponse:
    if request.method == "POST":
        count = services.mark_attendance(
            actor=user_of(request), event=event, attended_ids=set(request.POST.getlist("attended"))
        )
        messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
        return redirect("community:attendance", event.pk)
    return render(
        request,
        "community/attendance.html",
        {
            "event": event,
            "registrations": selectors.attendance_list(event),
            "breadcrumbs": COMMUNITY.then(event.title, "community:event", event.pk).here(_("Attendance")),
        },
    )


# Learning paths ---------------------------------------------------------------------------------------


@public
def paths(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/paths.html",
        {"paths": selectors.all_paths(), "breadcrumbs": COMMUNITY.here(_("Learning paths"))},
    )


@public
def path_detail(request: HttpRequest, path_id: UUID) -> HttpResponse:
    learning_path = selectors.get_path(path_id)
    steps = selectors.steps_with_progress(request.user, learning_path)  # type: ignore[arg-type]
    return render(
        request,
        "community/path.html",
        {
            "path": learning_path,
            "steps": steps,
            "done": sum(1 for _s, d in steps if d),
            "breadcrumbs": PATHS.here(learning_path.title),
        },
    )


@require_POST
@signed_in
def step_done(request: HttpRequest, path_step_id: UUID) -> HttpResponse:
    step = selectors.get_step(path_step_id)
    services.mark_step(user=user_of(request), step=step, done=request.POST.get("done") == "1")
    return redirect("community:path", step.path.pk)


# Newsletters ------------------------------------------------------------------------------------------


@require_POST
@signed_in
def subscribe(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    organisation = None
    if request.POST.get("organisation"):
        try:
            organisation = selectors.get_organisation(UUID(request.POST["organisation"]))
        except ValueError:
            raise Http404 from None
    subscribed = request.POST.get("subscribed") == "1"
    services.set_subscription(user=user, organisation=organisation, subscribed=subscribed)
    messages.success(request, _("You are subscribed.") if subscribed else _("You are unsubscribed."))
    return redirect("community:organisation", organisation.pk) if organisation else redirect("community:home")


@signed_in
def newsletter_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    audiences = selectors.newsletter_audiences_for(user)
    if not audiences:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = NewsletterForm(request.POST or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        audience = form.cleaned_data["audience"]
        organisation = selectors.get_organisation(UUID(audience)) if audience else None
        try:
            newsletter = services.send_newsletter(
                actor=user,
                organisation=organisation,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Sent to %(n)s subscribers.") % {"n": newsletter.recipients})
            return redirect("community:newsletter", newsletter.pk)
    return render(
        request,
        "community/newsletter_form.html",
        {"form": form, "breadcrumbs": COMMUNITY.here(_("Write an update"))},
    )


@public
def newsletter(request: HttpRequest, newsletter_id: UUID) -> HttpResponse:
    """Newsletters are public updates, like a blog post."""
    sent = selectors.get_sent_newsletter(newsletter_id)
    return render(
        request,
        "community/newsletter.html",
        {"newsletter": sent, "breadcrumbs": COMMUNITY.here(sent.subject)},
    )
