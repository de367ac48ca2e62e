"""Every write of the process log and the public challenge.

Audit action codes are kept as they were before the split (`commitments.log_entry` …): they are
stored in the audit log and name its messages.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.alliances.models import Alliance
from cocreate.core import audit
from cocreate.renewals.models import Renewal
from cocreate.transparency.models import LogEntry, PublicComment


def _owner_org(owner: Renewal | Alliance) -> Organisation | None:
    return owner.organisation if isinstance(owner, Renewal) else None


@transaction.atomic
def add_log_entry(
    *,
    actor: User,
    owner: Renewal | Alliance,
    kind: str,
    title: str,
    text: str = "",
    link: str = "",
    file: UploadedFile[Any] | None = None,
    participation: dict[str, int] | None = None,
    publish: bool = False,
) -> LogEntry:
    entry = LogEntry(
        renewal=owner if isinstance(owner, Renewal) else None,
        alliance=owner if isinstance(owner, Alliance) else None,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        link=link.strip(),
        participation=participation or {},
        author=actor,
        published_at=timezone.now() if publish else None,
    )
    if file is not None:
        entry.file = file
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        action="commitments.log_entry",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": entry.title},
    )
    return entry


@transaction.atomic
def publish_log_entry(*, actor: User, entry: LogEntry, publish: bool = True) -> LogEntry:
    entry.published_at = timezone.now() if publish else None
    entry.save(update_fields=["published_at", "updated_at"])
    owner = entry.owner
    audit.record(
        actor=actor,
        action="commitments.log_publish" if publish else "commitments.log_withdraw",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": entry.title},
    )
    return entry


@transaction.atomic
def comment(
    *,
    entry: LogEntry,
    text: str,
    nickname: str = "",
    user: User | None = None,
    participant: GuestParticipant | None = None,
    submission_key: UUID | None = None,
) -> PublicComment:
    if not entry.is_public:
        raise ValidationError(_("Comments are open on published entries of public processes only."))
    if user is None and participant is None:
        raise ValidationError(_("A comment needs a participant or a signed-in person."))
    item = PublicComment(
        entry=entry,
        text=text.strip(),
        nickname=nickname.strip(),
        user=user,
        participant=participant,
        submission_key=submission_key,
    )
    item.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # the same form sent again: that comment is there already
        return PublicComment.objects.get(submission_key=submission_key)
    audit.record(
        actor=user,
        action="commitments.comment",
        target=entry,
        organisation=_owner_org(entry.owner),
        params={"title": entry.title},
    )
    return item


@transaction.atomic
def answer_comment(*, actor: User, comment: PublicComment, answer: str) -> PublicComment:
    comment.answer = answer.strip()
    if not comment.answer:
        raise ValidationError({"answer": _("Write the answer.")})
    comment.answered_at = timezone.now()
    comment.answered_by = actor
    comment.full_clean()
    comment.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    owner = comment.entry.owner
    audit.record(
        actor=actor,
        action="commitments.answer",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": comment.entry.title},
        public=owner.is_public,
    )
    return comment
