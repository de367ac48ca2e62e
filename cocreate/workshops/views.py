from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.models import Organisation
from cocreate.accounts.participants import get_or_create_participant
from cocreate.accounts.selectors import current_organisation
from cocreate.core import ics, links
from cocreate.core.access import public, rule, user_of
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.journeys.models import Step
from cocreate.workshops import selectors, services
from cocreate.workshops.forms import (
    BlockForm,
    NoteForm,
    PeopleForm,
    RegisterForm,
    RoundForm,
    SessionForm,
    WorkshopForm,
)
from cocreate.workshops.models import Attendee, HarvestNote, Session, Workshop


def _workshop(request: HttpRequest, workshop_id: UUID) -> Workshop:
    return selectors.get_workshop_for(user_of(request), workshop_id)


def join_link(request: HttpRequest, workshop: Workshop) -> str:
    return links.absolute_url(request, reverse("workshops_public:join", args=[workshop.pk]))


@rule("workshops.manage", current_organisation)
def workshop_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = WorkshopForm(request.POST or None)
    renewals = organisation.renewals.all()
    if request.method == "POST" and form.is_valid():
        chosen = parse_uuid(request.POST.get("renewal"))
        renewal = renewals.filter(pk=chosen).first() if chosen else None
        try:
            workshop = services.create_workshop(
                actor=user_of(request), organisation=organisation, renewal=renewal, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Workshop planned from the template; adapt the script."))
            return redirect("workshops:workshop", workshop.pk)
    return render(
        request,
        "workshops/list.html",
        {
            "workshops": selectors.workshops_of(user_of(request), organisation),
            "form": form,
            "renewals": renewals,
            "chosen": request.GET.get("renewal", ""),
        },
    )


@rule("workshops.view", _workshop)
def workshop_detail(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    link = join_link(request, workshop)
    journey_steps = (
        Step.objects.filter(
            stage__journey__renewal=workshop.renewal, deleted_at__isnull=True, stage__journey__kind="as_is"
        ).select_related("stage")
        if workshop.renewal
        else []
    )
    return render(
        request,
        "workshops/detail.html",
        {
            "workshop": workshop,
            "link": link,
            "attendees": workshop.attendees.all(),
            "script": workshop.script.all(),
            "rounds": workshop.rounds.all(),
            **_plan_context(workshop),
            "rooms": workshop.rooms.all(),
            "slots": workshop.slots.all(),
            "board": selectors.board(workshop),
            "harvest": selectors.harvest(workshop),
            "steps": journey_steps,
            "people_form": PeopleForm(),
            "panels": workshop.organisation.panels.filter(status__in=["selected", "closed"]),
            "block_form": BlockForm(),
            "round_form": RoundForm(),
            "note_form": NoteForm(),
        },
    )


def _plan_context(workshop: Workshop) -> dict[str, Any]:
    stale = workshop.planning_requested_at is not None and (
        workshop.planning_requested_at < timezone.now() - services.PLANNING_STALE_AFTER
    )
    return {
        "seating": selectors.seating(workshop),
        "sessions": selectors.sessions_with_interest(workshop),
        "metrics": workshop.plan_metrics,
        "schedule_metrics": workshop.schedule_metrics,
        "planning_stale": stale,
    }


@rule("workshops.view", _workshop)
def plan(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """htmx asks for this part of the workshop page every 2 s while the worker plans."""
    return render(request, "workshops/partials/plan.html", {"workshop": workshop, **_plan_context(workshop)})


def _request_planning(request: HttpRequest, workshop: Workshop) -> None:
    """Queue the plan; the page's planning part says how it goes. When the task backend ran it at
    once (tests, or a run already finished), say the result as before."""
    services.request_planning(actor=user_of(request), workshop=workshop)
    if workshop.is_planning or workshop.planning_error:
        return
    if workshop.format == Workshop.Format.WORLD_CAFE:
        metrics = workshop.plan_metrics
        messages.success(
            request,
            _("Rotation planned: %(r)s repeated meetings, at least %(g)s groups per table.")
            % {"r": metrics["repeated_pairs"], "g": metrics["min_distinct_groups"]},
        )
    else:
        messages.success(
            request,
            _("Schedule made: people can attend %(p)s %% of what they want.")
            % {"p": round(100 * workshop.schedule_metrics["satisfaction_mean"])},
        )


@require_POST
@rule("workshops.manage", _workshop)
def manage(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """One endpoint for the set-up forms of the workshop page; `op` says which."""
    actor, op, anchor = user_of(request), request.POST.get("op"), ""
    try:
        if op == "people":
            form: Any = PeopleForm(request.POST)
            if form.is_valid():
                n = len(services.add_people(actor=actor, workshop=workshop, text=form.cleaned_data["text"]))
                messages.success(request, _("%(n)s participants added.") % {"n": n})
            anchor = "people"
        elif op == "panel":
            panel_id = parse_uuid(request.POST.get("panel"))
            panel = workshop.organisation.panels.filter(pk=panel_id).first() if panel_id else None
            if panel is None:
                messages.error(request, _("Choose a panel."))
            else:
                n = len(services.add_panel_members(actor=actor, workshop=workshop, panel=panel))
                messages.success(request, _("%(n)s panel members added.") % {"n": n})
            anchor = "people"
        elif op == "block":
            form = BlockForm(request.POST)
            if form.is_valid():
                services.save_script_block(actor=actor, workshop=workshop, **form.cleaned_data)
            else:
                messages.error(request, _("A block needs a name and minutes."))
            anchor = "script"
        elif op == "round":
            form = RoundForm(request.POST)
            if form.is_valid():
                services.save_round(actor=actor, workshop=workshop, **form.cleaned_data)
            anchor = "cafe"
        elif op in ("plan", "schedule"):
            _request_planning(request, workshop)
            anchor = "plan"
        elif op in ("start", "next"):
            services.start_or_advance(actor=actor, workshop=workshop)
            anchor = "live"
        elif op == "stop":
            services.stop_live(actor=actor, workshop=workshop)
            anchor = "live"
        elif op == "presence":
            attendee = get_object_or_404(
                Attendee, workshop=workshop, pk=parse_uuid(request.POST.get("attendee"))
            )
            services.set_present(actor=actor, attendee=attendee, present=request.POST.get("present") == "1")
            anchor = "people"
        elif op == "note":
            form = NoteForm(request.POST, request.FILES)
            if form.is_valid():
                session_id = parse_uuid(request.POST.get("session"))
                session = workshop.sessions.filter(pk=session_id).first() if session_id else None
                services.add_note(actor=actor, workshop=workshop, session=session, **form.cleaned_data)
                messages.success(request, _("Notes saved."))
            else:
                messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            anchor = "harvest"
        elif op == "idea":
            note = get_object_or_404(HarvestNote, workshop=workshop, pk=parse_uuid(request.POST.get("note")))
            step = get_object_or_404(Step, pk=parse_uuid(request.POST.get("step")))
            services.note_to_idea(actor=actor, note=note, step=step)
            messages.success(request, _("The outcome is now an idea in the renewal's journey."))
            anchor = "harvest"
        else:
            messages.error(request, _("Nothing to do."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("workshops:workshop", args=[workshop.pk]) + (f"#{anchor}" if anchor else ""))


@rule("workshops.view", _workshop)
def printable(request: HttpRequest, workshop: Workshop, what: str) -> HttpResponse:
    if what not in ("run-sheet", "table-cards", "itineraries"):
        raise Http404
    context: dict[str, Any] = {
        "workshop": workshop,
        "script": workshop.script.all(),
        "rounds": workshop.rounds.all(),
        "seating": selectors.seating(workshop),
    }
    if what == "itineraries":
        context["itineraries"] = [(a, selectors.itinerary(workshop, a)) for a in workshop.attendees.all()]
    return render(request, f"workshops/print_{what.replace('-', '_')}.html", context)


@rule("workshops.view", _workshop)
def board(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return render(
        request,
        "workshops/board.html",
        {"workshop": workshop, "board": selectors.board(workshop), "rooms": workshop.rooms.all()},
    )


def _live_context(workshop: Workshop, attendee: Attendee | None) -> dict[str, Any]:
    context: dict[str, Any] = {"workshop": workshop, "attendee": attendee, "now": timezone.now()}
    if workshop.is_live:
        current = workshop.rounds.filter(number=workshop.current_round).first()
        context["round"] = current
        if current and workshop.round_started_at:
            elapsed = (timezone.now() - workshop.round_started_at).total_seconds()
            context["remaining"] = max(0, int(current.minutes * 60 - elapsed))
        if attendee is not None:
            seat = attendee.seats.filter(round_number=workshop.current_round).first()
            context["table"] = seat.table if seat else None
            context["my_sessions"] = attendee.interests.select_related("session__room", "session__slot")
    return context


@public
def join(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    """Participants join by link or QR code on a phone; then this page shows their table, the
    question and the timer, refreshed every 2 s (and by a plain reload without JavaScript)."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and attendee is None and form.is_valid():
        try:
            services.register(
                workshop=workshop,
                participant=get_or_create_participant(request, within=workshop),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("workshops_public:join", workshop.pk)
    return render(request, "workshops/join.html", {**_live_context(workshop, attendee), "form": form})


@public
def live(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    return render(request, "workshops/partials/live.html", _live_context(workshop, attendee))


@public
def market(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    """The Open Space marketplace: propose sessions, put your dots on the ones you want."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    if attendee is None:
        return redirect("workshops_public:join", workshop.pk)
    form = SessionForm(request.POST if "title" in request.POST else None)
    if request.method == "POST":
        if "dot" in request.POST or "undot" in request.POST:
            # Two explicit intentions, never a toggle: a double tap keeps one dot (decision 0011).
            wanted = "dot" in request.POST
            session_id = parse_uuid(request.POST.get("dot" if wanted else "undot"))
            session = get_object_or_404(Session, workshop=workshop, pk=session_id)
            if wanted:
                services.add_interest(session=session, attendee=attendee)
            else:
                services.remove_interest(session=session, attendee=attendee)
            return redirect("workshops_public:market", workshop.pk)
        if "report" in request.POST:
            session = get_object_or_404(
                Session, workshop=workshop, convener=attendee, pk=parse_uuid(request.POST.get("session"))
            )
            services.file_report(session=session, text=request.POST.get("report", ""))
            messages.success(request, _("Report saved."))
            return redirect("workshops_public:market", workshop.pk)
        if form.is_valid():
            try:
                services.propose_session(workshop=workshop, convener=attendee, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("workshops_public:market", workshop.pk)
    mine = set(attendee.interests.values_list("session_id", flat=True))
    return render(
        request,
        "workshops/market.html",
        {
            "workshop": workshop,
            "attendee": attendee,
            "form": form,
            "sessions": selectors.sessions_with_interest(workshop),
            "mine": mine,
        },
    )


@public
def calendar(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    workshop = selectors.get_workshop_by_link(workshop_id)
    description = str(workshop.get_format_display())
    if workshop.accessibility:
        description += " — " + workshop.accessibility
    event = ics.CalendarEvent(
        uid=f"workshop-{workshop.pk}@cocreate",
        summary=workshop.title,
        start=workshop.starts_at,
        end=workshop.ends_at,
        description=description,
        location=workshop.place or workshop.online_link,
        url=join_link(request, workshop),
    )
    return ics.calendar_response(workshop.title, [event], now=workshop.updated_at, filename="workshop.ics")
