"""Every write of commitments: adding, publishing, status, progress, and the reminders."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.alliances.models import Alliance
from cocreate.assessments.models import ActionBase
from cocreate.commitments import selectors, sources
from cocreate.commitments.models import Commitment, InputNotice, ProgressUpdate, ReminderSent
from cocreate.core import audit, links
from cocreate.core.tasks import send_email
from cocreate.notifications import services as notifications
from cocreate.notifications.models import Kind
from cocreate.renewals.models import Renewal

REMIND_DAYS_BEFORE = 7


def _owner_org(owner: Renewal | Alliance) -> Organisation | None:
    return owner.organisation if isinstance(owner, Renewal) else None


@transaction.atomic
def add_commitment(
    *,
    actor: User,
    owner: Renewal | Alliance,
    title: str,
    organisation: Organisation,
    deadline: date,
    why: str = "",
    findings: str = "",
    responsible: User | None = None,
    source: models.Model | None = None,
    publish: bool = False,
) -> Commitment:
    """A new commitment of a renewal or an alliance. With a `source` (what it answers), asking
    again for the same source returns the commitment already made: exactly one per source."""
    return _add_commitment(
        actor=actor, owner=owner, title=title, organisation=organisation, deadline=deadline, why=why,
        findings=findings, responsible=responsible, source=source, publish=publish,
    )[0]  # fmt: skip


@transaction.atomic
def commit_source(
    *,
    actor: User,
    owner: Renewal | Alliance,
    source: models.Model,
    title: str,
    organisation: Organisation,
    deadline: date,
    logged_as: str,
    log_params: dict[str, Any],
    why: str = "",
    findings: str = "",
    responsible: User | None = None,
    publish: bool = False,
) -> Commitment:
    """`add_commitment` of an idea, a finding, an outcome, once per source: a double tap or a
    parallel request gets the commitment made first. The source's room names its own entry of the
    owner's log (`logged_as`, with `log_params` and the title), written once, by the call that made it."""
    commitment, made = _add_commitment(
        actor=actor, owner=owner, title=title, organisation=organisation, deadline=deadline, why=why,
        findings=findings, responsible=responsible, source=source, publish=publish,
    )  # fmt: skip
    if made:
        audit.record(
            actor=actor,
            action=logged_as,
            target=owner,
            organisation=_owner_org(owner),
            params={**log_params, "title": commitment.title},
            public=commitment.is_public,
        )
    return commitment


def _add_commitment(
    *,
    actor: User,
    owner: Renewal | Alliance,
    title: str,
    organisation: Organisation,
    deadline: date,
    why: str,
    findings: str,
    responsible: User | None,
    source: models.Model | None,
    publish: bool,
) -> tuple[Commitment, bool]:
    if responsible is not None and not responsible.memberships.filter(organisation=organisation).exists():
        raise ValidationError(
            {"responsible": _("The responsible person must belong to the responsible organisation.")}
        )
    commitment = Commitment(
        renewal=owner if isinstance(owner, Renewal) else None,
        alliance=owner if isinstance(owner, Alliance) else None,
        title=title.strip(),
        why=why.strip(),
        findings=findings.strip(),
        organisation=organisation,
        responsible=responsible,
        deadline=deadline,
        is_published=publish,
    )
    if source is not None:
        commitment.source_type = ContentType.objects.get_for_model(source)
        commitment.source_id = str(source.pk)
    commitment.full_clean(validate_constraints=False)  # the database enforces one per source
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError:
        if source is None:
            raise
        existing = Commitment.objects.get(source_type=commitment.source_type, source_id=commitment.source_id)
        return existing, False  # the same source asked twice (double tap, retry): the first one stands
    audit.record(
        actor=actor,
        action="commitments.add",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": commitment.title},
        public=publish and owner.is_public,
    )
    if source is not None:
        tell_input_givers(commitment=commitment, event=InputNotice.Event.MADE, source=source)
    return commitment, True


@transaction.atomic
def commitment_from_action(*, actor: User, renewal: Renewal, action: ActionBase) -> Commitment:
    """Take over an improvement action of Co-Ready or Co-Master (title, owner, deadline); the
    renewal is one of the action's organisation, which becomes the responsible one."""
    return add_commitment(
        actor=actor,
        owner=renewal,
        title=action.title,
        organisation=renewal.organisation,
        deadline=action.deadline,
        responsible=action.owner,
        why=_("Improvement action from an assessment."),
        source=action,
    )


@transaction.atomic
def publish_commitment(*, actor: User, commitment: Commitment) -> Commitment:
    if commitment.is_published:
        return commitment
    commitment.is_published = True
    commitment.save(update_fields=["is_published", "updated_at"])
    owner = commitment.owner
    audit.record(
        actor=actor,
        action="commitments.publish",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": commitment.title},
        public=owner.is_public,
    )
    return commitment


@transaction.atomic
def set_status(*, actor: User, commitment: Commitment, status: str, drop_reason: str = "") -> Commitment:
    before = commitment.status
    commitment.status = status
    commitment.drop_reason = drop_reason.strip() if status == Commitment.Status.DROPPED else ""
    if status != before:
        commitment.completed_at = timezone.now() if status == Commitment.Status.DONE else None
    commitment.full_clean(validate_constraints=False)
    commitment.save(update_fields=["status", "drop_reason", "completed_at", "updated_at"])
    owner = commitment.owner
    audit.record(
        actor=actor,
        action="commitments.status",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": commitment.title, "status": status},
        changes={"status": [before, status]},
        public=commitment.is_public,
    )
    if status == Commitment.Status.DONE and before != status:
        tell_input_givers(commitment=commitment, event=InputNotice.Event.DONE)
    return commitment


@transaction.atomic
def report_progress(
    *, actor: User, commitment: Commitment, text: str, link: str = "", file: UploadedFile[Any] | None = None
) -> ProgressUpdate:
    update = ProgressUpdate(commitment=commitment, text=text.strip(), link=link.strip(), author=actor)
    if file is not None:
        update.file = file
    update.full_clean()
    update.save()
    if commitment.status == Commitment.Status.PLANNED:
        commitment.status = Commitment.Status.IN_PROGRESS
        commitment.save(update_fields=["status", "updated_at"])
    owner = commitment.owner
    audit.record(
        actor=actor,
        action="commitments.progress",
        target=owner,
        organisation=_owner_org(owner),
        params={"title": commitment.title},
        public=commitment.is_public,
    )
    return update


def _reminder_text(commitment: Commitment, reason: str) -> tuple[str, str]:
    link = links.site_url(reverse("commitments:commitment", args=[commitment.pk]))
    if reason == ReminderSent.Reason.OVERDUE:
        subject = _("Overdue: %(title)s") % {"title": commitment.title}
        lead = _("The deadline of this commitment has passed (%(date)s).")
    else:
        subject = _("Due soon: %(title)s") % {"title": commitment.title}
        lead = _("The deadline of this commitment is %(date)s.")
    body = "\n\n".join(
        [
            lead % {"date": commitment.deadline.isoformat()},
            commitment.title,
            _("Report progress or change its status here: %(link)s") % {"link": link},
        ]
    )
    return subject, body


def send_commitment_reminders(*, today: date | None = None) -> int:
    """E-mail responsible people a week before the deadline and once it has passed; a reminder is
    recorded before it is queued, so a second run (or a parallel one) sends nothing twice."""
    today = today or timezone.localdate()
    sent = 0
    open_ones = Commitment.objects.filter(
        status__in=Commitment.OPEN_STATUSES, responsible__isnull=False, responsible__is_active=True
    ).select_related("responsible")
    for commitment in open_ones.filter(deadline__lte=today + timedelta(days=REMIND_DAYS_BEFORE)):
        reason = ReminderSent.Reason.OVERDUE if commitment.deadline < today else ReminderSent.Reason.DUE_SOON
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    commitment=commitment, reason=reason, deadline=commitment.deadline
                )
                subject, body = _reminder_text(commitment, reason)
                assert commitment.responsible is not None
                to = commitment.responsible.email
                transaction.on_commit(functools.partial(send_email.enqueue, subject, body, to))
                audit.record(
                    actor=None,
                    action="commitments.reminder",
                    target=commitment,
                    params={"reason": str(reason)},
                )
        except IntegrityError:
            continue  # already sent for this reason and deadline
        sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# telling the people whose input a commitment answers


def _first_notice(commitment: Commitment, event: str, **recipient: User | GuestParticipant) -> bool:
    """Record the notice; False when this person was already told of this event (the constraint)."""
    try:
        with transaction.atomic():
            InputNotice.objects.create(commitment=commitment, event=event, **recipient)
    except IntegrityError:
        return False
    return True


def _outcome_text(commitment: Commitment, event: str, excerpt: str) -> str:
    """The sentence a person is told, in the active language."""
    values = {
        "input": excerpt[:200],
        "org": commitment.organisation.name,
        "title": commitment.title,
        "date": formats.date_format(commitment.deadline, "SHORT_DATE_FORMAT"),
    }
    if event == InputNotice.Event.DONE:
        if excerpt:
            return _("Done: “%(title)s”, which %(org)s committed to after “%(input)s”.") % values
        return _("Done: “%(title)s”, which %(org)s committed to after your input.") % values
    if excerpt:
        return _("“%(input)s” became a commitment of %(org)s: “%(title)s”, by %(date)s.") % values
    return _("Your input became a commitment of %(org)s: “%(title)s”, by %(date)s.") % values


def _outcome_link(commitment: Commitment, described: sources.Described) -> str:
    """Where the person can follow it: the public commitment page, else the public source page."""
    if commitment.is_public:
        return reverse("commitments:public_commitment", args=[commitment.pk])
    return described.public_url or ""


@transaction.atomic
def tell_input_givers(*, commitment: Commitment, event: str, source: models.Model | None = None) -> int:
    """Tell the people who gave the input a commitment answers that it was made or done: an account
    in the app (and by e-mail as its owner chose), a guest by e-mail only if they left an address
    and agreed to be told — after the commit, so no e-mail announces a rolled-back change. Each
    person is recorded before being told: nobody is told twice of the same event."""
    source = source if source is not None else selectors.source_of(commitment)
    kind = sources.kind_of(source) if source is not None else None
    if source is None or kind is None:
        return 0
    described = kind.describe(source)
    excerpt = kind.excerpt(source)
    link = _outcome_link(commitment, described)
    told = 0
    seen_emails: set[str] = set()
    for giver in kind.givers(source):
        participant = giver.participant
        user = giver.user or (participant.user if participant is not None else None)
        if user is not None:
            if user.is_active and _first_notice(commitment, event, user=user):
                with translation.override(user.language):
                    text = _outcome_text(commitment, event, excerpt)
                notifications.notify(user=user, kind=Kind.INPUT_OUTCOME, text=text[:500], link=link)
                told += 1
            continue
        if participant is None or not participant.may_be_notified:
            continue
        address = participant.email.strip().lower()
        if address in seen_emails:
            continue  # two guest identities with one address: one e-mail
        seen_emails.add(address)
        if not _first_notice(commitment, event, participant=participant):
            continue
        with translation.override(participant.language):
            text = _outcome_text(commitment, event, excerpt)
            body = render_to_string(
                "commitments/emails/input_outcome.txt",
                {"text": text, "link": links.site_url(link) if link else ""},
            )
            subject = (
                _("Done: %(title)s") if event == InputNotice.Event.DONE else _("Your input: %(title)s")
            ) % {"title": commitment.title}
        transaction.on_commit(
            functools.partial(send_email.enqueue, subject=subject[:120], body=body, to=participant.email)
        )
        told += 1
    if told:
        owner = commitment.owner
        audit.record(
            actor=None,
            action="commitments.told",
            target=owner,
            organisation=_owner_org(owner),
            params={"title": commitment.title, "event": str(event), "n": told},
        )
    return told
