from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.participants import get_or_create_participant
from cocreate.accounts.selectors import current_organisation
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.forms import FromSourceForm
from cocreate.core import ics, links, live
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import trail
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.workshops import live as live_pages
from cocreate.workshops import selectors, services
from cocreate.workshops.forms import (
    BlockForm,
    IdeaForm,
    NoteForm,
    PanelForm,
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
        status=400 if form.errors else 200,
    )


@rule("workshops.view", _workshop)
def workshop_detail(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _detail_page(request, workshop)


def _detail_page(
    request: HttpRequest,
    workshop: Workshop,
    *,
    status: int = 200,
    idea_note: HarvestNote | None = None,
    **bound: forms.Form,
) -> HttpResponse:
    """The workshop page. An action whose form is invalid shows it again here with its errors and
    what was typed (status 400); the other forms start empty."""
    harvest = selectors.harvest(workshop)
    context: dict[str, Any] = {
        "workshop": workshop,
        "link": join_link(request, workshop),
        "attendees": workshop.attendees.all(),
        "script": workshop.script.all(),
        "rounds": workshop.rounds.all(),
        **_plan_context(workshop),
        "rooms": workshop.rooms.all(),
        "slots": workshop.slots.all(),
        "board": selectors.board(workshop),
        "harvest": harvest,
        "commitments": commitment_selectors.commitments_for(harvest),
        "may_commit": request.user.has_perm("workshops.commit_outcome", workshop),
        "steps": selectors.idea_steps(workshop),
        "people_form": PeopleForm(),
        "panel_form": PanelForm(panels=selectors.panels_to_invite(workshop)),
        "block_form": BlockForm(),
        "round_form": RoundForm(),
        "note_form": NoteForm(workshop=workshop),
        "idea_form": None,
        "idea_note": idea_note,
        "breadcrumbs": trail(_("Workshops"), "workshops:workshops").here(workshop.title),
        **bound,
    }
    return render(request, "workshops/detail.html", context, status=status)


def _invalid(request: HttpRequest, workshop: Workshop, **bound: Any) -> HttpResponse:
    return _detail_page(request, workshop, status=400, **bound)


def _back_to(workshop: Workshop, anchor: str) -> HttpResponse:
    return redirect(reverse("workshops:workshop", args=[workshop.pk]) + f"#{anchor}")


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


# --- The set-up and live actions of the workshop page: one view each ------------------------------


@require_POST
@rule("workshops.manage", _workshop)
def add_people(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = PeopleForm(request.POST)
    if form.is_valid():
        try:
            added = services.add_people(
                actor=user_of(request), workshop=workshop, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(n)s participants added.") % {"n": len(added)})
            return _back_to(workshop, "people")
    return _invalid(request, workshop, people_form=form)


@require_POST
@rule("workshops.manage", _workshop)
def add_panel(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = PanelForm(request.POST, panels=selectors.panels_to_invite(workshop))
    if form.is_valid():
        try:
            added = services.add_panel_members(
                actor=user_of(request), workshop=workshop, panel=form.cleaned_data["panel"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(n)s panel members added.") % {"n": len(added)})
            return _back_to(workshop, "people")
    return _invalid(request, workshop, panel_form=form)


@require_POST
@rule("workshops.manage", _workshop)
def presence(request: HttpRequest, workshop: Workshop, attendee_id: UUID) -> HttpResponse:
    """Check-in at the door: two explicit intentions (present=1 or 0), never a toggle."""
    attendee = get_object_or_404(Attendee, workshop=workshop, pk=attendee_id)
    services.set_present(
        actor=user_of(request), attendee=attendee, present=request.POST.get("present") == "1"
    )
    return _back_to(workshop, "people")


@require_POST
@rule("workshops.manage", _workshop)
def save_block(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            services.save_script_block(actor=user_of(request), workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _back_to(workshop, "script")
    return _invalid(request, workshop, block_form=form)


@require_POST
@rule("workshops.manage", _workshop)
def save_round(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            services.save_round(actor=user_of(request), workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _back_to(workshop, "cafe")
    return _invalid(request, workshop, round_form=form)


@require_POST
@rule("workshops.manage", _workshop)
def request_plan(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Queue the table rotation (World Café) or the schedule (Open Space); the page's planning part
    says how it goes. When the task backend ran it at once (tests, or a run already finished), say
    the result as before."""
    try:
        services.request_planning(actor=user_of(request), workshop=workshop)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to(workshop, "plan")
    if workshop.is_planning or workshop.planning_error:
        return _back_to(workshop, "plan")
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
    return _back_to(workshop, "plan")


@require_POST
@rule("workshops.manage", _workshop)
def advance(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Start the first round, or the next one when the workshop is live."""
    try:
        seen = request.POST.get("round", "")  # the round the facilitator saw when pressing
        services.start_or_advance(
            actor=user_of(request), workshop=workshop, from_round=int(seen) if seen.isdigit() else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(workshop, "live")


@require_POST
@rule("workshops.manage", _workshop)
def stop(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    services.stop_live(actor=user_of(request), workshop=workshop)
    return _back_to(workshop, "live")


@require_POST
@rule("workshops.manage", _workshop)
def add_note(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = NoteForm(request.POST, request.FILES, workshop=workshop)
    if form.is_valid():
        try:
            services.add_note(actor=user_of(request), workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Notes saved."))
            return _back_to(workshop, "harvest")
    return _invalid(request, workshop, note_form=form)


@require_POST
@rule("workshops.manage", _workshop)
def note_to_idea(request: HttpRequest, workshop: Workshop, note_id: UUID) -> HttpResponse:
    note = get_object_or_404(HarvestNote, workshop=workshop, pk=note_id)
    form = IdeaForm(request.POST, steps=selectors.idea_steps(workshop))
    if form.is_valid():
        try:
            services.note_to_idea(actor=user_of(request), note=note, step=form.cleaned_data["step"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The outcome is now an idea in the renewal's journey."))
            return _back_to(workshop, "harvest")
    return _invalid(request, workshop, idea_form=form, idea_note=note)


@rule("workshops.commit_outcome", _workshop)
def note_commitment(request: HttpRequest, workshop: Workshop, note_id: UUID) -> HttpResponse:
    """“Make it a commitment”: a table's or a session's outcome, its words as the title; the deadline
    and the person responsible are asked. Sent twice, it is still one commitment (the first)."""
    note = get_object_or_404(HarvestNote.objects.select_related("session"), workshop=workshop, pk=note_id)
    made = commitment_selectors.commitment_for_source(note)
    if made is not None and request.method != "POST":
        return redirect("commitments:commitment", made.pk)
    assert workshop.renewal is not None  # the rule asks for it
    form = FromSourceForm(request.POST or None, organisation=workshop.renewal.organisation, title=note.text)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.outcome_to_commitment(
                actor=user_of(request), note=note, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The outcome is now a commitment of the renewal."))
            return redirect("commitments:commitment", commitment.pk)
    return render(
        request,
        "workshops/commitment_form.html",
        {
            "workshop": workshop,
            "note": note,
            "form": form,
            "breadcrumbs": trail(_("Workshops"), "workshops:workshops")
            .then(workshop.title, "workshops:workshop", workshop.pk)
            .here(_("Make it a commitment")),
        },
        status=400 if form.errors else 200,
    )


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
    """The Open Space board for the wall; it follows the schedule as it changes (``board_stream``)."""
    return render(request, "workshops/board.html", live_pages.board_state(workshop.pk))


@rule("workshops.view", _workshop)
def board_fragment(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return HttpResponse(live_pages.render_board(live_pages.board_state(workshop.pk)))


@rule("workshops.view", _workshop)
def board_stream(request: HttpRequest, workshop: Workshop) -> HttpResponseBase:
    workshop_id = workshop.pk
    return live.stream(
        request,
        name=live_pages.board_topic(workshop_id),
        snapshot=lambda: live_pages.board_state(workshop_id),
        render=live_pages.render_board,
    )


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
    state = live_pages.live_state(workshop.pk)
    context = live_pages.live_context(state, attendee.pk if attendee else None)
    return render(request, "workshops/join.html", {**context, "attendee": attendee, "form": form})


@public
def live_fragment(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    """The live fragment, for a phone whose stream is down (it polls this every 2 s)."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    state = live_pages.live_state(workshop.pk)
    return HttpResponse(live_pages.render_live(state, attendee.pk if attendee else None))


@public
def live_stream(request: HttpRequest, workshop_id: UUID) -> HttpResponseBase:
    """Round changes and the timer, pushed to every registered phone (server-sent events)."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    attendee_id = attendee.pk if attendee else None
    return live.stream(
        request,
        name=live_pages.round_topic(workshop.pk),
        snapshot=lambda: live_pages.live_state(workshop.pk),
        render=lambda state: live_pages.render_live(state, attendee_id),
    )


@public
def market(request: HttpRequest, workshop_id: UUID) -> HttpResponse:
    """The Open Space marketplace: propose sessions, put your dots on the ones you want."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    if attendee is None:
        return redirect("workshops_public:join", workshop.pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
        status=400 if form.errors else 200,
    )


def _market_action(
    request: HttpRequest, workshop_id: UUID, session_id: UUID, act: Callable[[Session, Attendee], object]
) -> HttpResponse:
    """A participant's action on one session of the marketplace, then back to it."""
    workshop = selectors.get_workshop_by_link(workshop_id)
    attendee = selectors.attendee_of(workshop, getattr(request, "participant", None))
    if attendee is None:
        return redirect("workshops_public:join", workshop.pk)
    act(get_object_or_404(Session, workshop=workshop, pk=session_id), attendee)
    return redirect("workshops_public:market", workshop.pk)


# A dot and its removal are two explicit intentions, never a toggle: a double tap keeps one dot
# (decision 0011).
@public
@require_POST
def add_dot(request: HttpRequest, workshop_id: UUID, session_id: UUID) -> HttpResponse:
    return _market_action(
        request, workshop_id, session_id, lambda s, a: services.add_interest(session=s, attendee=a)
    )


@public
@require_POST
def remove_dot(request: HttpRequest, workshop_id: UUID, session_id: UUID) -> HttpResponse:
    return _market_action(
        request, workshop_id, session_id, lambda s, a: services.remove_interest(session=s, attendee=a)
    )


@public
@require_POST
def file_report(request: HttpRequest, workshop_id: UUID, session_id: UUID) -> HttpResponse:
    """The convener files what their session found; only the convener may."""

    def report(session: Session, attendee: Attendee) -> None:
        if session.convener_id != attendee.pk:
            raise Http404
        services.file_report(session=session, text=request.POST.get("report", ""))
        messages.success(request, _("Report saved."))

    return _market_action(request, workshop_id, session_id, report)


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
