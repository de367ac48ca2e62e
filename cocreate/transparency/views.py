"""Pages of the process log: the staff's desk (write, publish, answer) and the public entry page
where anyone may ask or challenge. Thin: parse the form, check the rule, call one service."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID, uuid4

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from cocreate.accounts.access import user_of
from cocreate.accounts.models import User
from cocreate.accounts.participants import get_or_create_participant
from cocreate.alliances.models import Alliance
from cocreate.alliances.selectors import get_alliance_for
from cocreate.core import links
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.core.input_trail import link_path
from cocreate.core.text import parse_uuid
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_renewal_for
from cocreate.transparency import selectors, services
from cocreate.transparency.forms import AnswerForm, CommentForm, LogEntryForm
from cocreate.transparency.models import LogEntry, PublicComment


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _alliance(request: HttpRequest, alliance_id: UUID) -> Alliance:
    return get_alliance_for(request.user, alliance_id)


def _entry(request: HttpRequest, entry_id: UUID) -> LogEntry:
    return selectors.get_log_entry_for(request.user, entry_id)


def _comment(request: HttpRequest, comment_id: UUID) -> PublicComment:
    return selectors.get_comment_for(request.user, comment_id)


def _staff_trail(owner: Renewal | Alliance) -> Trail:
    if isinstance(owner, Renewal):
        return trail(owner.title, "commitments:board", owner.pk)
    return trail(owner.name, "alliances:alliance", owner.pk)


def _public_trail(owner: Renewal | Alliance) -> Trail:
    if isinstance(owner, Renewal):
        return trail(owner.title, "public:public_renewal", owner.pk)
    return trail(owner.name, "alliances:alliance", owner.pk)


def _log_url(owner: Renewal | Alliance) -> str:
    if isinstance(owner, Renewal):
        return reverse("transparency:renewal_log", args=[owner.pk])
    return reverse("transparency:alliance_log", args=[owner.pk])


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
        "transparency/process_log.html",
        {
            "owner": owner,
            "breadcrumbs": _staff_trail(owner).here(_("Process log")),
            "entries": selectors.log_entries_of(owner).prefetch_related("comments"),
            "unanswered": selectors.unanswered_of(owner),
            "form": form,
            "answer_form": AnswerForm(),
        },
    )


@rule("transparency.manage_log", _renewal)
def renewal_log(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    return _log_page(request, renewal)


@rule("transparency.manage_log", _alliance)
def alliance_log(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return _log_page(request, alliance)


@require_POST
@rule("transparency.manage_log", _entry)
def log_publish(request: HttpRequest, entry: LogEntry) -> HttpResponse:
    publish = not request.POST.get("withdraw")
    services.publish_log_entry(actor=user_of(request), entry=entry, publish=publish)
    messages.success(request, _("Published.") if publish else _("Withdrawn from the public page."))
    return redirect(_log_url(entry.owner))


@require_POST
@rule("transparency.answer_comment", _comment)
def answer(request: HttpRequest, comment: PublicComment) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer_comment(actor=user_of(request), comment=comment, answer=form.cleaned_data["answer"])
        messages.success(request, _("Answer published."))
    else:
        messages.error(request, _("Write the answer before sending it."))
    return redirect(_log_url(comment.entry.owner))


@public
def log_entry(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    entry = selectors.get_public_log_entry(entry_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user if isinstance(request.user, User) else None
        try:
            participant = None if user else get_or_create_participant(request, within=entry)
            services.comment(
                entry=entry,
                user=user,
                participant=participant,
                submission_key=parse_uuid(request.POST.get("submission_key")),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. The team will answer here."))
            return redirect("transparency_public:log_entry", entry.pk)
    return render(
        request,
        "transparency/log_entry.html",
        {
            "entry": entry,
            "owner": entry.owner,
            "breadcrumbs": _public_trail(entry.owner).here(entry.title),
            "comments": entry.comments.all(),
            "form": form,
            "submission_key": request.POST.get("submission_key") or uuid4(),
        },
    )


# --- "What happened to my input" ----------------------------------------------------------------

MY_INPUT = _lazy("What happened to my input")


def _my_input_page(request: HttpRequest, found: selectors.MyInput, *, by_link: bool) -> HttpResponse:
    personal_link = ""
    if found.participant is not None:
        personal_link = links.absolute_url(request, link_path(found.participant))
    response = render(
        request,
        "transparency/my_input.html",
        {
            "found": found,
            "by_link": by_link,
            "personal_link": personal_link,
            "request_code_url": f"{reverse('privacy:request_code')}?{urlencode({'next': _my_input_path()})}",
            "breadcrumbs": Trail().here(MY_INPUT),
        },
    )
    # Someone's own words: not kept by shared caches, the link not passed on to other pages.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _my_input_path() -> str:
    return reverse("transparency_public:my_input")


@require_safe
@public
def my_input(request: HttpRequest) -> HttpResponse:
    """What this browser, this account, or an e-mail address proven with a code gave, and what
    happened to each item."""
    return _my_input_page(request, selectors.my_input_for_request(request), by_link=False)


@require_safe
@public
def my_input_link(request: HttpRequest, token: str) -> HttpResponse:
    """The same page through a personal link (a signed token naming one guest identity)."""
    return _my_input_page(request, selectors.my_input_for_link(token), by_link=True)
