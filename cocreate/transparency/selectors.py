"""Reads of the process log that depend on who is asking. Public reads (pages, feeds, exports, the
API) all go through the `public_*` functions, so none can show more than the public page."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.accounts.selectors import organisations_for
from cocreate.alliances.models import Alliance
from cocreate.renewals.models import Renewal
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
