"""Pages of accountability. Thin: parse the form, check the rule (by decorator), call one service."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.participants import get_or_create_participant
from cocreate.accounts.selectors import organisations_for
from cocreate.commitments import chart, opendata, selectors, services
from cocreate.commitments.forms import (
    AllianceForm,
    AnswerForm,
    ApplyForm,
    CommentForm,
    CommitmentForm,
    DeclarationForm,
    LogEntryForm,
    MeetingForm,
    OrganisationChoiceForm,
    PledgeEditForm,
    PledgeForm,
    PledgeReportForm,
    ProgressForm,
    StatusForm,
    WorkingGroupForm,
)
from cocreate.commitments.models import Alliance, AllianceMember, Commitment, LogEntry, Pledge, PublicComment
from cocreate.core import exports, ics, links
from cocreate.core.access import public, rule, signed_in, user_of
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.quality.models import QualityAction
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_public_renewal, get_renewal_for


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _commitment(request: HttpRequest, commitment_id: UUID) -> Commitment:
    return selectors.get_commitment_for(user_of(request), commitment_id)


def _entry(request: HttpRequest, entry_id: UUID) -> LogEntry:
    return selectors.get_log_entry_for(user_of(request), entry_id)


def _comment(request: HttpRequest, comment_id: UUID) -> PublicComment:
    return selectors.get_comment_for(user_of(request), comment_id)


def _alliance(request: HttpRequest, alliance_id: UUID) -> Alliance:
    return selectors.get_alliance_for(request.user, alliance_id)


def _pledge(request: HttpRequest, pledge_id: UUID) -> Pledge:
    return selectors.get_pledge_for(request.user, pledge_id)


def _membership(request: HttpRequest, member_id: UUID) -> AllianceMember:
    return selectors.get_membership_for(request.user, member_id)


def _owner_page(owner: Renewal | Alliance) -> str:
    if isinstance(owner, Renewal):
        return reverse("commitments:board", args=[owner.pk])
    return reverse("commitments:alliance", args=[owner.pk])


# --- commitments ------------------------------------------------------------------------------


@signed_in
def my_commitments(request: HttpRequest) -> HttpResponse:
    mine = selectors.my_commitments(user_of(request))
    return render(request, "commitments/mine.html", {"columns": selectors.board(mine), "count": mine.count()})


@rule("commitments.view_board", _renewal)
def board(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    commitments = renewal.commitments.select_related("organisation", "responsible")
    return render(
        request,
        "commitments/board.html",
        {
            "renewal": renewal,
            "columns": selectors.board(commitments),
            "late": selectors.late_count(commitments),
            "can_manage": request.user.has_perm("commitments.manage", renewal),
        },
    )


@rule("commitments.manage", _renewal)
def commitment_create(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    form = CommitmentForm(request.POST or None, organisation=renewal.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.add_commitment(
                actor=user_of(request), owner=renewal, organisation=renewal.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Commitment added."))
            return redirect("commitments:commitment", commitment.pk)
    return render(request, "commitments/commitment_form.html", {"renewal": renewal, "form": form})


def _quality_action(request: HttpRequest, quality_action_id: UUID) -> QualityAction:
    return get_object_or_404(
        QualityAction.objects.select_related("assessment__renewal__organisation"),
        pk=quality_action_id,
        assessment__renewal__organisation__in=organisations_for(user_of(request)),
    )


@require_POST
@rule("quality.manage", _quality_action)
def from_quality_action(request: HttpRequest, action: QualityAction) -> HttpResponse:
    """A Co-Master improvement becomes a commitment of the renewal, tracked (and later published)
    like any other."""
    commitment = services.commitment_from_action(
        actor=user_of(request), renewal=action.assessment.renewal, action=action
    )
    messages.success(request, _("The improvement is now a commitment of the renewal."))
    return redirect("commitments:commitment", commitment.pk)


def _commitment_page(request: HttpRequest, commitment: Commitment, **forms: Any) -> HttpResponse:
    user = user_of(request)
    context = {
        "commitment": commitment,
        "updates": commitment.updates.select_related("author"),
        "can_update": user.has_perm("commitments.update_commitment", commitment),
        "can_manage": user.has_perm("commitments.manage", commitment),
        "status_form": StatusForm(
            initial={"status": commitment.status, "drop_reason": commitment.drop_reason}
        ),
        "progress_form": ProgressForm(),
        **forms,
    }
    return render(request, "commitments/commitment.html", context)


@rule("commitments.view_commitment", _commitment)
def commitment_detail(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    return _commitment_page(request, commitment)


@require_POST
@rule("commitments.update_commitment", _commitment)
def commitment_status(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(actor=user_of(request), commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("commitments:commitment", commitment.pk)
    commitment.refresh_from_db()
    return _commitment_page(request, commitment, status_form=form)


@require_POST
@rule("commitments.update_commitment", _commitment)
def commitment_progress(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_progress(actor=user_of(request), commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("commitments:commitment", commitment.pk)
    return _commitment_page(request, commitment, progress_form=form)


@require_POST
@rule("commitments.manage", _commitment)
def commitment_publish(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    services.publish_commitment(actor=user_of(request), commitment=commitment)
    messages.success(request, _("The commitment is on the public page."))
    return redirect("commitments:commitment", commitment.pk)


# --- process log (staff side) -----------------------------------------------------------------


def _log_page(request: HttpRequest, owner: Renewal | Alliance) -> HttpResponse:
    form = LogEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_log_entry(actor=user_of(request), owner=owner, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added to the process log."))
            return redirect(request.path)
    return render(
        request,
        "commitments/process_log.html",
        {
            "owner": owner,
            "owner_url": _owner_page(owner),
            "entries": selectors.log_entries_of(owner).prefetch_related("comments"),
            "unanswered": selectors.unanswered_of(owner),
            "form": form,
            "answer_form": AnswerForm(),
        },
    )


@rule("commitments.manage", _renewal)
def renewal_log(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    return _log_page(request, renewal)


@rule("commitments.manage_alliance", _alliance)
def alliance_log(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return _log_page(request, alliance)


@require_POST
@rule("commitments.manage", _entry)
def log_publish(request: HttpRequest, entry: LogEntry) -> HttpResponse:
    publish = not request.POST.get("withdraw")
    services.publish_log_entry(actor=user_of(request), entry=entry, publish=publish)
    messages.success(request, _("Published.") if publish else _("Withdrawn from the public page."))
    owner = entry.owner
    return redirect("commitments:renewal_log" if entry.renewal else "commitments:alliance_log", owner.pk)


@require_POST
@rule("commitments.answer_comment", _comment)
def answer(request: HttpRequest, comment: PublicComment) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer_comment(actor=user_of(request), comment=comment, answer=form.cleaned_data["answer"])
        messages.success(request, _("Answer published."))
    else:
        messages.error(request, _("Write the answer before sending it."))
    entry = comment.entry
    return redirect(
        "commitments:renewal_log" if entry.renewal_id else "commitments:alliance_log",
        entry.renewal_id or entry.alliance_id,
    )


# --- alliances ---------------------------------------------------------------------------------


@public
def alliances(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/alliances.html",
        {
            "alliances": selectors.alliances_visible_to(request.user),
            "can_add": request.user.has_perm("commitments.add_alliance"),
        },
    )


@rule("commitments.add_alliance")
def alliance_create(request: HttpRequest) -> HttpResponse:
    form = AllianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.create_alliance(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The alliance is founded; you are its secretariat."))
            return redirect("commitments:alliance", alliance.pk)
    return render(request, "commitments/alliance_form.html", {"form": form})


@public
def alliance_detail(request: HttpRequest, alliance_id: UUID) -> HttpResponse:
    alliance = selectors.get_alliance_for(request.user, alliance_id)
    user = request.user
    progress = selectors.progress_of(alliance)
    declaration = alliance.current_declaration()
    own_admin = selectors.organisations_user_admins(user) if user.is_authenticated else None
    member_orgs = alliance.active_members().values_list("organisation", flat=True)
    signable = None
    if own_admin is not None and declaration is not None:
        signable = own_admin.filter(pk__in=member_orgs).exclude(signatures__declaration=declaration)
    return render(
        request,
        "commitments/alliance.html",
        {
            "alliance": alliance,
            "declaration": declaration,
            "signatures": declaration.signatures.select_related("organisation") if declaration else [],
            "progress": progress,
            "chart": chart.progress_svg(progress),
            "members": alliance.memberships.exclude(
                status__in=[AllianceMember.Status.APPLIED, AllianceMember.Status.REJECTED]
            ).select_related("organisation"),
            "groups": alliance.working_groups.prefetch_related("members", "meetings"),
            "pledges": alliance.pledges.select_related("organisation").prefetch_related("reports"),
            "log": selectors.public_log_of(alliance) if alliance.is_public else [],
            "activity": selectors.public_activity_of(alliance),
            "unanswered": selectors.unanswered_of(alliance),
            "sign_form": OrganisationChoiceForm(organisations=signable) if signable else None,
            "can_apply": own_admin is not None and own_admin.exclude(pk__in=member_orgs).exists(),
            "own_memberships": alliance.active_members().filter(organisation__in=own_admin)
            if own_admin is not None
            else [],
            "editable_pledges": {
                p.pk for p in alliance.pledges.all() if user.has_perm("commitments.edit_pledge", p)
            },
            "can_pledge": user.has_perm("commitments.act_for_member", alliance),
            "can_manage": user.has_perm("commitments.manage_alliance", alliance),
        },
    )


@rule("commitments.manage_alliance", _alliance)
def alliance_manage(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat's desk: applications, declaration versions, working groups, meetings."""
    actor = user_of(request)
    which = request.POST.get("form", "")
    forms = {
        "declaration": DeclarationForm(request.POST if which == "declaration" else None),
        "group": WorkingGroupForm(request.POST if which == "group" else None),
        "meeting": MeetingForm(request.POST if which == "meeting" else None),
    }
    if request.method == "POST" and which in forms and forms[which].is_valid():
        data = forms[which].cleaned_data
        try:
            if which == "declaration":
                services.new_declaration_version(actor=actor, alliance=alliance, text=data["text"])
            elif which == "group":
                services.add_working_group(actor=actor, alliance=alliance, **data)
            else:
                services.add_meeting(actor=actor, owner=alliance, **data)
        except ValidationError as error:
            add_errors(forms[which], error)
        else:
            messages.success(request, _("Saved."))
            return redirect("commitments:alliance_manage", alliance.pk)
    return render(
        request,
        "commitments/alliance_manage.html",
        {
            "alliance": alliance,
            "applications": alliance.memberships.filter(status=AllianceMember.Status.APPLIED).select_related(
                "organisation"
            ),
            "forms": forms,
        },
    )


@rule("commitments.apply_to_alliance", _alliance)
def apply(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    user = user_of(request)
    member_orgs = alliance.memberships.filter(
        status__in=[AllianceMember.Status.APPLIED, AllianceMember.Status.MEMBER]
    ).values_list("organisation", flat=True)
    form = ApplyForm(
        request.POST or None,
        organisations=selectors.organisations_user_admins(user).exclude(pk__in=member_orgs),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_join(actor=user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Application sent. The secretariat will decide on it."))
            return redirect("commitments:alliance", alliance.pk)
    return render(request, "commitments/alliance_apply.html", {"alliance": alliance, "form": form})


@require_POST
@rule("commitments.decide_application", _membership)
def decide(request: HttpRequest, membership: AllianceMember) -> HttpResponse:
    try:
        services.decide_application(
            actor=user_of(request), membership=membership, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decided."))
    return redirect("commitments:alliance_manage", membership.alliance_id)


@require_POST
@rule("commitments.leave_alliance", _membership)
def leave(request: HttpRequest, membership: AllianceMember) -> HttpResponse:
    try:
        services.leave(actor=user_of(request), membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your organisation has left the alliance. Its history stays on record."))
    return redirect("commitments:alliance", membership.alliance_id)


@require_POST
@rule("commitments.act_for_member", _alliance)
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
    return redirect("commitments:alliance", alliance.pk)


@rule("commitments.act_for_member", _alliance)
def pledge_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    user = user_of(request)
    organisations = selectors.organisations_user_admins(user).filter(
        pk__in=alliance.active_members().values_list("organisation", flat=True)
    )
    form = PledgeForm(
        request.POST or None, organisations=organisations, initial={"unit": alliance.target_unit}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_pledge(actor=user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Pledge added."))
            return redirect("commitments:alliance", alliance.pk)
    return render(request, "commitments/pledge_form.html", {"alliance": alliance, "form": form})


@rule("commitments.edit_pledge", _pledge)
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
            return redirect("commitments:alliance", pledge.alliance_id)
    return render(
        request, "commitments/pledge_form.html", {"alliance": pledge.alliance, "form": form, "pledge": pledge}
    )


@rule("commitments.edit_pledge", _pledge)
def pledge_report(request: HttpRequest, pledge: Pledge) -> HttpResponse:
    form = PledgeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_on_pledge(actor=user_of(request), pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("commitments:alliance", pledge.alliance_id)
    return render(
        request,
        "commitments/pledge_report.html",
        {"pledge": pledge, "alliance": pledge.alliance, "form": form, "reports": pledge.reports.all()},
    )


# --- public: log entries, challenge, feeds, calendars, open data -------------------------------


@public
def log_entry(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    entry = selectors.get_public_log_entry(entry_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            participant = None if user else get_or_create_participant(request, within=entry)
            services.comment(
                entry=entry,
                user=user,  # type: ignore[arg-type]
                participant=participant,
                submission_key=parse_uuid(request.POST.get("submission_key")),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. The team will answer here."))
            return redirect("open:log_entry", entry.pk)
    owner = entry.owner
    return render(
        request,
        "commitments/log_entry.html",
        {
            "entry": entry,
            "owner": owner,
            "owner_url": reverse("public:public_renewal", args=[entry.renewal_id])
            if entry.renewal_id
            else reverse("commitments:alliance", args=[entry.alliance_id]),
            "comments": entry.comments.all(),
            "form": form,
            "submission_key": request.POST.get("submission_key") or uuid4(),
        },
    )


class RenewalLogFeed(Feed):  # type: ignore[type-arg]
    """The published process log of a public renewal (RSS 2.0)."""

    def get_object(self, request: HttpRequest, renewal_id: UUID) -> Renewal:  # type: ignore[override]
        return get_public_renewal(renewal_id)

    def title(self, renewal: Renewal) -> str:
        return _("Process log: %(title)s") % {"title": renewal.title}

    def link(self, renewal: Renewal) -> str:
        return reverse("public:public_renewal", args=[renewal.pk])

    def description(self, renewal: Renewal) -> str:
        return renewal.goal

    def items(self, renewal: Renewal) -> Any:
        return selectors.public_log_of(renewal)[:50]

    def item_title(self, item: LogEntry) -> str:
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item: LogEntry) -> str:
        return item.text

    def item_link(self, item: LogEntry) -> str:
        return reverse("open:log_entry", args=[item.pk])

    def item_pubdate(self, item: LogEntry) -> Any:
        return item.published_at


class RenewalLogAtomFeed(RenewalLogFeed):
    feed_type = Atom1Feed
    subtitle = RenewalLogFeed.description


_rss = RenewalLogFeed()
_atom = RenewalLogAtomFeed()


@public
def renewal_feed(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    return _rss(request, renewal_id=renewal_id)


@public
def renewal_atom(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    return _atom(request, renewal_id=renewal_id)


def _calendar_response(name: str, owner: Renewal | Alliance, request: HttpRequest) -> HttpResponse:
    site = links.absolute_url(request, "/").rstrip("/")
    host = site.split("//")[-1]
    events = [
        ics.CalendarEvent(
            uid=f"meeting-{m.pk}@{host}",
            summary=m.title,
            start=m.starts_at,
            location=m.location,
            description=m.working_group.name if m.working_group else "",
        )
        for m in selectors.meetings_of(owner)
    ]
    if isinstance(owner, Renewal):  # a renewal's workshops are its meetings too
        events += [
            ics.CalendarEvent(
                uid=f"workshop-{w.pk}@{host}",
                summary=w.title,
                start=w.starts_at,
                location=w.place or w.online_link,
                description=str(w.get_format_display()),
            )
            for w in owner.workshops.all()
        ]
    commitments = selectors.public_commitments()
    commitments = (
        commitments.filter(renewal=owner)
        if isinstance(owner, Renewal)
        else commitments.filter(alliance=owner)
    )
    events += [
        ics.CalendarEvent(
            uid=f"commitment-{c.pk}@{host}",
            summary=_("Deadline: %(title)s") % {"title": c.title},
            start=c.deadline,
            description=c.get_status_display(),
            url=site + _owner_public_url(owner),
        )
        for c in commitments
    ]
    return ics.calendar_response(name, events, now=timezone.now(), filename="calendar.ics")


def _owner_public_url(owner: Renewal | Alliance) -> str:
    if isinstance(owner, Renewal):
        return reverse("public:public_renewal", args=[owner.pk])
    return reverse("commitments:alliance", args=[owner.pk])


@public
def renewal_calendar(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    renewal = get_public_renewal(renewal_id)
    return _calendar_response(renewal.title, renewal, request)


@public
def alliance_calendar(request: HttpRequest, alliance_id: UUID) -> HttpResponse:
    try:
        alliance = selectors.public_alliances().get(pk=alliance_id)
    except Alliance.DoesNotExist:
        raise Http404 from None
    return _calendar_response(alliance.name, alliance, request)


@public
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "commitments/open_data.html", {"datasets": list(opendata.DATASETS)})


@public
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    if dataset not in opendata.DATASETS or fmt not in ("json", *exports.FORMATS):
        raise Http404
    try:
        records = opendata.rows(dataset, {k: str(v) for k, v in request.GET.items()})
    except opendata.BadFilter as error:
        return HttpResponse(_("The filter %(name)s must be an id.") % {"name": error}, status=400)
    response: HttpResponseBase
    if fmt in exports.FORMATS:
        header, cells = opendata.table(records)
        response = exports.table_response(fmt, header, cells, name=dataset)
    else:
        response = HttpResponse(
            json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
