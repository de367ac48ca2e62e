from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts import admission
from cocreate.accounts.access import user_of
from cocreate.accounts.admission import participant_for_xid
from cocreate.accounts.models import Admission
from cocreate.accounts.views import invitation_codes_page
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.forms import FromSourceForm
from cocreate.conversations import export, selectors, services
from cocreate.conversations import live as live_results
from cocreate.conversations.forms import ConversationForm, ModerationForm, NewConversationForm, StatementForm
from cocreate.conversations.models import Conversation, Statement, Vote
from cocreate.conversations.templatetags.ballot import ballot_html
from cocreate.core import exports, in_place, links, live, page_cache
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_renewal_for

VOTE_WORDS = {"agree": Vote.Choice.AGREE, "disagree": Vote.Choice.DISAGREE, "pass": Vote.Choice.PASS}


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _conversation(request: HttpRequest, conversation_id: UUID) -> Conversation:
    return selectors.get_conversation_for(user_of(request), conversation_id)


def _renewal_trail(renewal: Renewal) -> Trail:
    return trail(renewal.title, "renewals:renewal", renewal.pk)


def participation_link(request: HttpRequest, conversation: Conversation) -> str:
    return links.absolute_url(request, reverse("conversations_public:participate", args=[conversation.pk]))


@rule("conversations.manage", _renewal)
def create(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    form = NewConversationForm(request.POST or None, renewal=renewal)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.create_conversation(
                actor=user_of(request), renewal=renewal, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conversation is open. Share its link."))
            return redirect("conversations:manage", conversation.pk)
    breadcrumbs = _renewal_trail(renewal).here(_("Conversation"))
    return render(
        request, "conversations/form.html", {"form": form, "renewal": renewal, "breadcrumbs": breadcrumbs}
    )


@rule("conversations.manage", _conversation)
def manage(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    link = participation_link(request, conversation)
    findings = selectors.findings(conversation)
    return render(
        request,
        "conversations/manage.html",
        {
            "conversation": conversation,
            "findings": findings,
            "commitments": commitment_selectors.commitments_for(f.statement for f in findings),
            "statements": selectors.statements_with_counts(conversation),
            "link": link,
            "snapshot": selectors.snapshot_of(conversation),
            "breadcrumbs": _renewal_trail(conversation.renewal).here(conversation.topic),
        },
    )


@rule("conversations.manage", _conversation)
def edit(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    initial = {
        "topic": conversation.topic,
        "description": conversation.description,
        "participants_may_add": conversation.participants_may_add,
        "moderation": conversation.moderation,
        "is_public": conversation.is_public,
        "admission": conversation.admission,
    }
    form = ConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_conversation(
                actor=user_of(request), conversation=conversation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("conversations:manage", conversation.pk)
    breadcrumbs = _renewal_trail(conversation.renewal).here(_("Conversation"))
    return render(request, "conversations/form.html", {"form": form, "conversation": conversation,
                                                       "renewal": conversation.renewal,
                                                       "breadcrumbs": breadcrumbs})  # fmt: skip


@rule("conversations.manage", _conversation)
def codes(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """Printable invitation codes: one card, one voice (decision 0012)."""
    return invitation_codes_page(
        request, target=conversation, title=conversation.topic, link=participation_link(request, conversation)
    )


@require_POST
@rule("conversations.manage", _conversation)
def set_status(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    status = Conversation.Status.CLOSED if conversation.is_open else Conversation.Status.OPEN
    services.set_status(actor=user_of(request), conversation=conversation, status=status)
    return redirect("conversations:manage", conversation.pk)


@require_POST
@rule("conversations.manage", _conversation)
def add_seed(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.add_statement(
                conversation=conversation,
                text=form.cleaned_data["text"],
                author_user=user_of(request),
                seed=True,
            )
            messages.success(request, _("Statement added."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("text", [])))
    return redirect("conversations:manage", conversation.pk)


def _statement(request: HttpRequest, conversation_id: UUID, statement_id: UUID) -> Statement:
    conversation = _conversation(request, conversation_id)
    return get_object_or_404(Statement.objects.select_related("conversation"), conversation=conversation,
                             pk=statement_id)  # fmt: skip


@require_POST
@rule("conversations.manage", _statement)
def moderate(request: HttpRequest, statement: Statement) -> HttpResponse:
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.moderate_statement(actor=user_of(request), statement=statement, **form.cleaned_data)
            messages.success(
                request,
                _("Statement %(n)s: %(state)s.")
                % {"n": statement.number, "state": statement.get_state_display()},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose publish or hide."))
    return redirect("conversations:manage", statement.conversation.pk)


@rule("conversations.manage", _statement)
def finding_commitment(request: HttpRequest, statement: Statement) -> HttpResponse:
    """“Make it a commitment”: a finding (consensus or divisive), its statement as the title; the
    deadline and the person responsible are asked. Sent twice, it is still one commitment."""
    made = commitment_selectors.commitment_for_source(statement)
    if made is not None and request.method != "POST":
        return redirect("commitments:commitment", made.pk)
    conversation = statement.conversation
    form = FromSourceForm(
        request.POST or None, organisation=conversation.renewal.organisation, title=statement.text
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.finding_to_commitment(
                actor=user_of(request), statement=statement, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The finding is now a commitment of the renewal."))
            return redirect("commitments:commitment", commitment.pk)
    breadcrumbs = (
        _renewal_trail(conversation.renewal)
        .then(conversation.topic, "conversations:manage", conversation.pk)
        .here(_("Make it a commitment"))
    )
    return render(
        request,
        "conversations/commitment_form.html",
        {
            "statement": statement,
            "conversation": conversation,
            "finding": selectors.finding_of(statement),
            "form": form,
            "breadcrumbs": breadcrumbs,
        },
        status=400 if form.errors else 200,
    )


@public
def participate(request: HttpRequest, conversation_id: UUID) -> HttpResponse:
    """Service users vote here by link or QR code, without an account: one statement at a time.
    Who may take part is the conversation's admission (decision 0012); `?xid=` is Polis's identity
    handed in by an embedding site."""
    if request.method == "POST" and "vote" in request.POST and "xid" not in request.GET:
        return _vote(request, conversation_id)
    conversation = selectors.get_conversation_by_link(conversation_id)
    if request.GET.get("xid") and conversation.admission == Admission.OPEN:
        try:
            participant_for_xid(request, organisation=conversation.organisation, xid=request.GET["xid"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    statement_form = StatementForm(request.POST if "text" in request.POST else None)
    if request.method == "POST":
        if not conversation.is_open:
            # Said plainly; a statement being typed stays in its field (the form is shown bound).
            messages.error(request, _closed())
            if not statement_form.is_bound:
                return redirect("conversations_public:participate", conversation.pk)
        elif "vote" in request.POST:
            return _vote(request, conversation.pk)
        elif statement_form.is_bound and statement_form.is_valid():
            try:
                author = admission.admit(request, target=conversation, admission=conversation.admission)
                added = services.add_statement(
                    conversation=conversation,
                    text=statement_form.cleaned_data["text"],
                    author_participant=author,
                )
            except ValidationError as error:
                add_errors(statement_form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your statement waits for a moderator.")
                    if added.state == Statement.State.PENDING
                    else _("Thank you. Your statement is in the conversation."),
                )
                return redirect("conversations_public:participate", conversation.pk)
    ballot = selectors.ballot_for(conversation, getattr(request, "participant", None))
    return render(
        request,
        "conversations/participate.html",
        {
            "conversation": conversation,
            "statement": ballot.statement,
            "done": ballot.done,
            "total": ballot.total,
            "statement_form": statement_form,
            "admitted": admission.may_take_part(
                request, target=conversation, admission=conversation.admission
            ),
            "results_visible": request.user.has_perm("conversations.view_results", conversation),
        },
    )


def _closed() -> str:
    return _("This conversation is closed: nothing more can be added or counted.")


def _vote(request: HttpRequest, conversation_id: UUID) -> HttpResponse:
    """The busiest write of a city-wide conversation: the statement and its conversation in one
    query, nothing else loaded, one upsert (see services.vote)."""
    statement_id = parse_uuid(request.POST.get("statement"))
    value = VOTE_WORDS.get(request.POST["vote"])
    if statement_id is None or value is None:
        raise Http404
    statement = selectors.get_statement_to_vote(conversation_id, statement_id)
    conversation = statement.conversation
    if not conversation.is_open:
        if in_place.requested(request):
            return in_place.reload_page()
        messages.error(request, _closed())
        return redirect("conversations_public:participate", conversation.pk)
    refused = ""
    try:
        participant = admission.admit(request, target=conversation, admission=conversation.admission)
        services.vote(statement=statement, participant=participant, value=value)
    except ValidationError as error:
        refused = " ".join(error.messages)
    if in_place.requested(request):
        return _next_ballot(request, conversation, refused=refused)
    if refused:
        messages.error(request, refused)
    return redirect("conversations_public:participate", conversation.pk)


def _next_ballot(request: HttpRequest, conversation: Conversation, *, refused: str) -> HttpResponse:
    """A vote sent in place is answered with the part of the page that changes -- the progress and
    the next statement -- instead of a redirect to the whole page: a phone keeps its place and loads
    a fraction of it, and the server is spared the page after every vote (decision 0024). Built in
    Python (templatetags/ballot.py, decision 0026): a third of a city-wide conversation's requests."""
    ballot = selectors.ballot_for(conversation, getattr(request, "participant", None))
    admitted = admission.may_take_part(request, target=conversation, admission=conversation.admission)
    part = ballot_html(
        {
            "conversation": conversation,
            "statement": ballot.statement,
            "done": ballot.done,
            "total": ballot.total,
            "admitted": admitted,
            "in_place": True,
            "refused": refused,
            "request": request,
            "csrf_token": get_token(request),
        }
    )
    if in_place.introduced(request):  # their first vote: the note on following one's input, with their link
        part += render_to_string("core/components/my_input.html", {"oob": True}, request=request)
    return HttpResponse(part)


def _results_page(request: HttpRequest, conversation_id: UUID, template: str) -> HttpResponse:
    """The results (page or fragment): access first, then shared among visitors without an identity."""
    conversation = selectors.get_results_for(request.user, conversation_id)
    return page_cache.for_everyone(
        request,
        f"{template}:{conversation.pk}",
        lambda extra: render(request, template, {**live_results.results_context(conversation), **extra}),
    )


@public
def results(request: HttpRequest, conversation_id: UUID) -> HttpResponse:
    """Public when the conversation and its renewal are; otherwise its organisation's members."""
    return _results_page(request, conversation_id, "conversations/results.html")


@public
def results_live(request: HttpRequest, conversation_id: UUID) -> HttpResponse:
    """The results fragment, for a page whose stream is down (it polls this every 2 s)."""
    return _results_page(request, conversation_id, "conversations/partials/results_body.html")


@public
def results_stream(request: HttpRequest, conversation_id: UUID) -> HttpResponseBase:
    """New results pushed to every open results page as the worker computes them."""
    conversation = selectors.get_results_for(request.user, conversation_id)
    return live.stream(
        request,
        name=live_results.results_topic(conversation),
        snapshot=lambda: live_results.results_state(conversation.pk),
        render=live_results.render_results,
    )


@public
def export_table(request: HttpRequest, conversation_id: UUID, table: str, fmt: str) -> HttpResponseBase:
    conversation = selectors.get_results_for(request.user, conversation_id)
    data: dict[str, Any] = dict(export.tables(conversation))
    if fmt == "json":
        # The opinion groups with what sets each apart, group-informed consensus and divisive
        # statements, each with every group's agreement (aggregates only).
        data = {**data, "opinions": selectors.opinions_open_data(conversation)}
        if table == "all":
            return JsonResponse(
                {"topic": conversation.topic, **data}, json_dumps_params={"ensure_ascii": False}
            )
        if table not in data:
            raise Http404
        return JsonResponse(data[table], safe=False, json_dumps_params={"ensure_ascii": False})
    columns = {
        "comments": export.COMMENT_COLUMNS,
        "votes": export.VOTE_COLUMNS,
        "participants-votes": export.participant_columns(conversation),
    }.get(table)
    if columns is None or fmt not in exports.FORMATS:
        raise Http404
    # Polis's open-data layout: exactly these columns, in this order.
    return exports.table_response(fmt, columns, exports.dict_rows(data[table], columns), name=table)
