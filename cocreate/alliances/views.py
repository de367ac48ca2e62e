"""Pages of an alliance. Thin: parse the form, check the rule (by decorator), call one service."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.alliances import chart, outcomes, sections, selectors, services
from cocreate.alliances.forms import (
    AgendaForm,
    AllianceForm,
    ApplyForm,
    DecisionForm,
    DeclarationForm,
    MeetingForm,
    MinutesForm,
    OrganisationChoiceForm,
    PledgeEditForm,
    PledgeForm,
    PledgeReportForm,
    WorkingGroupForm,
)
from cocreate.alliances.models import Alliance, AllianceMember, Meeting, Pledge
from cocreate.core import ics, links
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors

ALLIANCES = trail(gettext_lazy("Alliances"), "alliances:alliances")


def _alliance_trail(alliance: Alliance) -> Trail:
    return ALLIANCES.then(alliance.name, "alliances:alliance", alliance.pk)


def _alliance(request: HttpRequest, alliance_id: UUID) -> Alliance:
    return selectors.get_alliance_for(request.user, alliance_id)


def _pledge(request: HttpRequest, pledge_id: UUID) -> Pledge:
    return selectors.get_pledge_for(request.user, pledge_id)


def _membership(request: HttpRequest, member_id: UUID) -> AllianceMember:
    return selectors.get_membership_for(request.user, member_id)


def _meeting(request: HttpRequest, meeting_id: UUID) -> Meeting:
    return selectors.get_meeting_for(request.user, meeting_id)


def _status(*bound: forms.Form) -> int:
    """400 when a form that was sent comes back with its errors."""
    return 400 if any(form.is_bound and form.errors for form in bound) else 200


@public
def alliances(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliances/alliances.html",
        {
            "alliances": selectors.alliances_visible_to(request.user),
            "can_add": request.user.has_perm("alliances.add_alliance"),
        },
    )


@rule("alliances.add_alliance")
def alliance_create(request: HttpRequest) -> HttpResponse:
    form = AllianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.create_alliance(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The alliance is founded; you are its secretariat."))
            return redirect("alliances:alliance", alliance.pk)
    return render(
        request,
        "alliances/alliance_form.html",
        {"form": form, "breadcrumbs": ALLIANCES.here(_("Found"))},
        status=_status(form),
    )


@public
def alliance_detail(request: HttpRequest, alliance_id: UUID) -> HttpResponse:
    user = request.user
    alliance = selectors.get_alliance_for(user, alliance_id)
    pledges = selectors.pledges_visible_to(user, alliance)
    progress = selectors.progress_of(alliance, pledges)
    declaration = alliance.current_declaration()
    signable = selectors.members_user_admins(user, alliance)
    if declaration is not None:
        signable = signable.exclude(signatures__declaration=declaration)
    return render(
        request,
        "alliances/alliance.html",
        {
            "alliance": alliance,
            "breadcrumbs": ALLIANCES.here(alliance.name),
            "declaration": declaration,
            "signatures": declaration.signatures.select_related("organisation") if declaration else [],
            "progress": progress,
            "chart": chart.progress_svg(progress),
            "members": selectors.members_of(alliance),
            "groups": alliance.working_groups.prefetch_related("members"),
            "meetings": selectors.meetings_of(alliance),
            "pledges": pledges.prefetch_related("reports"),
            "sections": sections.sections_for(alliance, user),
            "activity": selectors.public_activity_of(alliance),
            "sign_form": OrganisationChoiceForm(organisations=signable)
            if declaration is not None and signable.exists()
            else None,
            "can_apply": selectors.organisations_that_may_apply(user, alliance).exists(),
            "own_memberships": alliance.active_members().filter(
                organisation__in=selectors.organisations_user_admins(user)
            ),
            "editable_pledges": {p.pk for p in pledges if user.has_perm("alliances.edit_pledge", p)},
            "can_pledge": user.has_perm("alliances.pledge", alliance),
            "can_manage": user.has_perm("alliances.manage_alliance", alliance),
        },
    )


def _desk(request: HttpRequest, alliance: Alliance, **bound: forms.Form) -> HttpResponse:
    """The secretariat's desk, with the form that was just sent (and its errors) if any."""
    desk_forms = {
        "declaration": DeclarationForm(),
        "group": WorkingGroupForm(),
        "meeting": MeetingForm(alliance=alliance),
        **bound,
    }
    return render(
        request,
        "alliances/alliance_manage.html",
        {
            "alliance": alliance,
            "applications": selectors.applications_of(alliance),
            "forms": desk_forms,
            "meetings": selectors.meetings_of(alliance),
            "breadcrumbs": _alliance_trail(alliance).here(_("Secretariat")),
        },
        status=_status(*bound.values()),
    )


@rule("alliances.manage_alliance", _alliance)
def alliance_manage(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat's desk: applications, declaration versions, working groups, meetings."""
    return _desk(request, alliance)


@require_POST
@rule("alliances.manage_alliance", _alliance)
def declaration_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = DeclarationForm(request.POST)
    if form.is_valid():
        try:
            services.new_declaration_version(
                actor=user_of(request), alliance=alliance, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("alliances:alliance_manage", alliance.pk)
    return _desk(request, alliance, declaration=form)


@require_POST
@rule("alliances.manage_alliance", _alliance)
def working_group_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = WorkingGroupForm(request.POST)
    if form.is_valid():
        try:
            services.add_working_group(actor=user_of(request), alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("alliances:alliance_manage", alliance.pk)
    return _desk(request, alliance, group=form)


@require_POST
@rule("alliances.manage_alliance", _alliance)
def meeting_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = MeetingForm(request.POST, alliance=alliance)
    if form.is_valid():
        try:
            meeting = services.add_meeting(actor=user_of(request), owner=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect("alliances:meeting", meeting.pk)
    return _desk(request, alliance, meeting=form)


@rule("alliances.apply_to_alliance", _alliance)
def apply(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    user = user_of(request)
    form = ApplyForm(
        request.POST or None, organisations=selectors.organisations_that_may_apply(user, alliance)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_join(actor=user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Application sent. The secretariat will decide on it."))
            return redirect("alliances:alliance", alliance.pk)
    return render(
        request,
        "alliances/alliance_apply.html",
        {"alliance": alliance, "form": form, "breadcrumbs": _alliance_trail(alliance).here(_("Apply"))},
        status=_status(form),
    )


@require_POST
@rule("alliances.decide_application", _membership)
def decide(request: HttpRequest, membership: AllianceMember) -> HttpResponse:
    try:
        services.decide_application(
            actor=user_of(request), membership=membership, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decided."))
    return redirect("alliances:alliance_manage", membership.alliance_id)


@require_POST
@rule("alliances.leave_alliance", _membership)
def leave(request: HttpRequest, membership: AllianceMember) -> HttpResponse:
    try:
        services.leave(actor=user_of(request), membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your organisation has left the alliance. Its history stays on record."))
    return redirect("alliances:alliance", membership.alliance_id)


@require_POST
@rule("alliances.act_for_member", _alliance)
def sign(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    declaration = alliance.current_declaration()
    if declaration is None:
        raise Http404
    form = OrganisationChoiceForm(
        request.POST, organisations=selectors.organisations_user_admins(user_of(request))
    )
    if form.is_valid():
        try:
            services.sign_declaration(
                actor=user_of(request),
                declaration=declaration,
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Signed on behalf of %(org)s.") % {"org": form.cleaned_data["organisation"]}
            )
    else:
        messages.error(request, _("Choose an organisation you are an admin of."))
    return redirect("alliances:alliance", alliance.pk)


@rule("alliances.pledge", _alliance)
def pledge_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    user = user_of(request)
    form = PledgeForm(
        request.POST or None,
        organisations=selectors.members_user_staffs(user, alliance),
        initial={"unit": alliance.target_unit},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_pledge(actor=user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Pledge added."))
            return redirect("alliances:alliance", alliance.pk)
    return render(
        request,
        "alliances/pledge_form.html",
        {"alliance": alliance, "form": form, "breadcrumbs": _alliance_trail(alliance).here(_("Pledge"))},
        status=_status(form),
    )


@rule("alliances.edit_pledge", _pledge)
def pledge_edit(request: HttpRequest, pledge: Pledge) -> HttpResponse:
    form = PledgeEditForm(
        request.POST or None,
        initial={"title": pledge.title, "amount": pledge.amount, "unit": pledge.unit, "year": pledge.year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pledge(actor=user_of(request), pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Pledge changed."))
            return redirect("alliances:alliance", pledge.alliance_id)
    return render(
        request,
        "alliances/pledge_form.html",
        {
            "alliance": pledge.alliance,
            "form": form,
            "pledge": pledge,
            "breadcrumbs": _alliance_trail(pledge.alliance).here(_("Pledge")),
        },
        status=_status(form),
    )


@rule("alliances.edit_pledge", _pledge)
def pledge_report(request: HttpRequest, pledge: Pledge) -> HttpResponse:
    form = PledgeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_on_pledge(actor=user_of(request), pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("alliances:alliance", pledge.alliance_id)
    return render(
        request,
        "alliances/pledge_report.html",
        {
            "pledge": pledge,
            "alliance": pledge.alliance,
            "form": form,
            "reports": pledge.reports.all(),
            "breadcrumbs": _alliance_trail(pledge.alliance).here(_("Report progress")),
        },
        status=_status(form),
    )


@require_POST
@rule("alliances.edit_pledge", _pledge)
def pledge_publish(request: HttpRequest, pledge: Pledge) -> HttpResponse:
    services.publish_pledge(actor=user_of(request), pledge=pledge)
    messages.success(request, _("The pledge is on the public page."))
    return redirect("alliances:alliance", pledge.alliance_id)


# --- meetings: schedule, agenda before, minutes and decisions after --------------------------------


def _meeting_page(request: HttpRequest, meeting: Meeting, **bound: forms.Form) -> HttpResponse:
    user = request.user
    alliance = meeting.alliance
    assert alliance is not None  # the selector gives alliances' meetings only
    decisions = list(selectors.decisions_of(meeting))
    can_run = user.has_perm("alliances.run_meeting", meeting)
    started = meeting.has_started
    page_forms: dict[str, forms.Form] = {}
    if can_run:
        if started:
            page_forms["minutes"] = MinutesForm(initial={"minutes": meeting.minutes})
            page_forms["decision"] = DecisionForm()
        else:
            page_forms["agenda"] = AgendaForm(initial={"agenda": meeting.agenda})
    page_forms.update(bound)
    found = outcomes.outcomes_for(decisions, user)
    return render(
        request,
        "alliances/meeting.html",
        {
            "alliance": alliance,
            "meeting": meeting,
            "started": started,
            "decisions": [(d, found.get(d.pk, [])) for d in decisions],
            "can_run": can_run,
            "forms": page_forms,
            "breadcrumbs": _alliance_trail(alliance).here(meeting.title),
        },
        status=_status(*bound.values()),
    )


@public
def meeting_detail(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    return _meeting_page(request, _meeting(request, meeting_id))


@public
def meeting_ics(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    """The meeting as a calendar file (place and online link, agenda as the description)."""
    meeting = _meeting(request, meeting_id)
    page = links.absolute_url(request, reverse("alliances:meeting", args=[meeting.pk]))
    host = page.split("//")[-1].split("/")[0]
    event = ics.CalendarEvent(
        uid=f"meeting-{meeting.pk}@{host}",
        summary=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=meeting.location or meeting.online_link,
        description="\n\n".join(part for part in (meeting.online_link, meeting.agenda) if part),
        url=page,
    )
    return ics.calendar_response(meeting.title, [event], now=timezone.now(), filename="meeting.ics")


@require_POST
@rule("alliances.run_meeting", _meeting)
def meeting_agenda(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            services.set_agenda(actor=user_of(request), meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect("alliances:meeting", meeting.pk)
    return _meeting_page(request, meeting, agenda=form)


@require_POST
@rule("alliances.run_meeting", _meeting)
def meeting_minutes(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.write_minutes(actor=user_of(request), meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The minutes are saved."))
            return redirect("alliances:meeting", meeting.pk)
    return _meeting_page(request, meeting, minutes=form)


@require_POST
@rule("alliances.run_meeting", _meeting)
def decision_create(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.record_decision(actor=user_of(request), meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Decision %(n)s is recorded.") % {"n": decision.number})
            return redirect("alliances:meeting", meeting.pk)
    return _meeting_page(request, meeting, decision=form)
