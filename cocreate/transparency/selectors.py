"""Reads of the process log that depend on who is asking. Public reads (pages, feeds, exports, the
API) all go through the `public_*` functions, so none can show more than the public page."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from cocreate.accounts.models import GuestParticipant, User
from cocreate.accounts.selectors import organisations_for
from cocreate.alliances.models import Alliance
from cocreate.core.input_trail import TrailItem, claim_of
from cocreate.privacy import selectors as privacy_selectors
from cocreate.privacy.models import StandIn
from cocreate.renewals.models import Renewal
from cocreate.transparency import trails
from cocreate.transparency.models import LogEntry, PublicComment


def _of(entries: QuerySet[LogEntry], owner: Renewal | Alliance) -> QuerySet[LogEntry]:
    return entries.filter(renewal=owner) if isinstance(owner, Renewal) else entries.filter(alliance=owner)


def log_entries_of(owner: Renewal | Alliance) -> QuerySet[LogEntry]:
    """Every entry, drafts included: for the people who run the process (views check the rule)."""
    return _of(LogEntry.objects.all(), owner)


def public_log_entries() -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(published_at__isnull=False)
        .filter(Q(renewal__visibility=Renewal.Visibility.PUBLIC) | Q(alliance__is_public=True))
        .select_related("renewal", "alliance")
    )


def public_log_of(owner: Renewal | Alliance) -> QuerySet[LogEntry]:
    return _of(public_log_entries(), owner)


def get_public_log_entry(entry_id: UUID) -> LogEntry:
    try:
        return public_log_entries().get(pk=entry_id)
    except (LogEntry.DoesNotExist, ValueError):
        raise Http404 from None


def log_entries_visible_to(user: User | AnonymousUser) -> QuerySet[LogEntry]:
    if not isinstance(user, User) or not user.is_active:
        return LogEntry.objects.none()
    if user.is_superuser:
        return LogEntry.objects.all()
    return LogEntry.objects.filter(
        Q(renewal__organisation__in=organisations_for(user)) | Q(alliance__secretariat=user)
    ).distinct()


def get_log_entry_for(user: User | AnonymousUser, entry_id: UUID) -> LogEntry:
    try:
        return log_entries_visible_to(user).get(pk=entry_id)
    except (LogEntry.DoesNotExist, ValueError):
        raise Http404 from None


def can_see_log_entry(user: User | AnonymousUser, entry: LogEntry) -> bool:
    """An entry (and its file) is seen on the public page or by the people who run the process."""
    pk = entry.pk
    return public_log_entries().filter(pk=pk).exists() or log_entries_visible_to(user).filter(pk=pk).exists()


def get_comment_for(user: User | AnonymousUser, comment_id: UUID) -> PublicComment:
    comments = PublicComment.objects.filter(entry__in=log_entries_visible_to(user)).select_related("entry")
    try:
        return comments.get(pk=comment_id)
    except (PublicComment.DoesNotExist, ValueError):
        raise Http404 from None


def unanswered_of(owner: Renewal | Alliance) -> QuerySet[PublicComment]:
    """Open questions on published entries, oldest first (their age is shown)."""
    entries = public_log_of(owner) if owner.is_public else LogEntry.objects.none()
    return PublicComment.objects.filter(entry__in=entries, answered_at__isnull=True).order_by("created_at")


# --- "What happened to my input" ----------------------------------------------------------------


@dataclass(frozen=True)
class MyInput:
    """What one person gave, with each item's trail, and how they were recognised."""

    items: list[TrailItem]
    participant: GuestParticipant | None = None  # the identity whose personal link may be offered
    proven_email: str = ""  # an address proven with a code in this session
    signed_in: bool = False


def _confirmed_emails(participants: list[GuestParticipant]) -> list[str]:
    return [p.email for p in participants if p.email and p.email_confirmed_at is not None]


def my_input_for_request(request: HttpRequest) -> MyInput:
    """Through this browser's guest identity, the signed-in account (and its identity), and the
    guest identities of an e-mail address proven with the privacy app's code: the same people the
    privacy page shows the data of."""
    subject = privacy_selectors.subject_for_request(request)
    user = subject.user if isinstance(subject.user, User) else None
    emails = [*subject.emails, *_confirmed_emails(subject.participants)]
    if user is not None:
        emails.append(user.email)
    items = trails.trail_of([p.pk for p in subject.participants], user, list(dict.fromkeys(emails)))
    return MyInput(
        items=items,
        participant=getattr(request, "participant", None),
        proven_email=privacy_selectors.proven_email(request),
        signed_in=user is not None,
    )


def my_input_for_link(token: str) -> MyInput:
    """Through a personal link: the one guest identity it names. A tampered link, or one whose
    identity was erased, names nobody: 404."""
    claim = claim_of(token)
    if claim is None:
        raise Http404
    participant = (
        GuestParticipant.objects.filter(pk=claim.participant_id)
        .exclude(pk__in=StandIn.objects.values("participant"))
        .first()
    )
    if participant is None or not claim.names(participant):
        raise Http404
    items = trails.trail_of([participant.pk], None, _confirmed_emails([participant]))
    return MyInput(items=items, participant=participant)
