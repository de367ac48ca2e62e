"""Every write of accountability: commitments, the process log, public comments, alliances."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, Membership, Organisation, Role, User
from cocreate.commitments.models import (
    Alliance,
    AllianceMember,
    Commitment,
    Declaration,
    LogEntry,
    Meeting,
    Pledge,
    PledgeReport,
    ProgressUpdate,
    PublicComment,
    ReminderSent,
    Signature,
    WorkingGroup,
)
from cocreate.core import audit, links
from cocreate.core.tasks import send_email
from cocreate.renewals.models import Renewal

REMIND_DAYS_BEFORE = 7


def _owner_org(owner: Renewal | Alliance) -> Organisation | None:
    return owner.organisation if isinstance(owner, Renewal) else None


# --- commitments ------------------------------------------------------------------------------


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
    commitment.full_clean()
    commitment.save()
    audit.record(
        actor=actor,
        action="commitments.add",
        target=owner,
        organisation=_owner_org(owner),
        summary=_("Committed: %(title)s") % {"title": commitment.title},
        public=publish and owner.is_public,
    )
    return commitment


@transaction.atomic
def commitment_from_action(*, actor: User, renewal: Renewal, action: Any) -> Commitment:
    """Take over an improvement action of Co-Ready or Co-Master (title, owner, deadline)."""
    return add_commitment(
        actor=actor,
        owner=renewal,
        title=action.title,
        organisation=action.organisation,
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
        summary=_("Published the commitment: %(title)s") % {"title": commitment.title},
        public=owner.is_public,
    )
    return commitment


@transaction.atomic
def set_status(*, actor: User, commitment: Commitment, status: str, drop_reason: str = "") -> Commitment:
    before = commitment.status
    commitment.status = status
    commitment.drop_reason = drop_reason.strip() if status == Commitment.Status.DROPPED else ""
    commitment.full_clean()
    commitment.save(update_fields=["status", "drop_reason", "updated_at"])
    owner = commitment.owner
    audit.record(
        actor=actor,
        action="commitments.status",
        target=owner,
        organisation=_owner_org(owner),
        summary=_("%(title)s: %(status)s")
        % {"title": commitment.title, "status": commitment.get_status_display()},
        changes={"status": [before, status]},
        public=commitment.is_public,
    )
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
        summary=_("Progress on %(title)s") % {"title": commitment.title},
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
                    summary=_("Reminder sent: %(reason)s") % {"reason": ReminderSent.Reason(reason).label},
                )
        except IntegrityError:
            continue  # already sent for this reason and deadline
        sent += 1
    return sent


# --- process log and public comments ------------------------------------------------------------


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
        summary=_("Wrote in the process log: %(title)s") % {"title": entry.title},
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
        summary=(_("Published: %(title)s") if publish else _("Withdrew: %(title)s")) % {"title": entry.title},
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
    owner = entry.owner
    audit.record(
        actor=user,
        action="commitments.comment",
        target=entry,
        organisation=_owner_org(owner),
        summary=_("A question from the public on %(title)s") % {"title": entry.title},
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
        summary=_("Answered a question from the public on %(title)s") % {"title": comment.entry.title},
        public=owner.is_public,
    )
    return comment


# --- alliances ---------------------------------------------------------------------------------


@transaction.atomic
def create_alliance(
    *,
    actor: User,
    name: str,
    purpose: str,
    target_amount: Decimal,
    target_unit: str,
    target_date: date,
    declaration: str,
    is_public: bool = True,
) -> Alliance:
    alliance = Alliance(
        name=name.strip(),
        purpose=purpose.strip(),
        target_amount=target_amount,
        target_unit=target_unit.strip(),
        target_date=target_date,
        is_public=is_public,
    )
    alliance.full_clean()
    alliance.save()
    alliance.secretariat.add(actor)
    new_declaration_version(actor=actor, alliance=alliance, text=declaration)
    audit.record(
        actor=actor,
        action="alliances.create",
        target=alliance,
        summary=_("Founded the alliance %(name)s") % {"name": alliance.name},
        public=is_public,
    )
    return alliance


@transaction.atomic
def new_declaration_version(*, actor: User, alliance: Alliance, text: str) -> Declaration:
    current = alliance.current_declaration()
    declaration = Declaration(
        alliance=alliance, version=(current.version + 1) if current else 1, text=text.strip()
    )
    declaration.full_clean()
    declaration.save()
    audit.record(
        actor=actor,
        action="alliances.declaration",
        target=alliance,
        summary=_("Declaration version %(v)s") % {"v": declaration.version},
        public=alliance.is_public,
    )
    return declaration


def _is_admin(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists()


@transaction.atomic
def sign_declaration(*, actor: User, declaration: Declaration, organisation: Organisation) -> Signature:
    """Only an admin of the organisation signs for it, and only for a current member."""
    if not _is_admin(actor, organisation):
        raise ValidationError({"organisation": _("Only an admin of the organisation may sign for it.")})
    if not declaration.alliance.active_members().filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Only members of the alliance sign its declaration.")})
    existing = declaration.signatures.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                declaration=declaration, organisation=organisation, signed_by=actor
            )
    except IntegrityError:  # a double submit
        return declaration.signatures.get(organisation=organisation)
    audit.record(
        actor=actor,
        action="alliances.sign",
        target=declaration.alliance,
        organisation=organisation,
        summary=_("%(org)s signed the declaration (version %(v)s)")
        % {"org": organisation.name, "v": declaration.version},
        public=declaration.alliance.is_public,
    )
    return signature


@transaction.atomic
def apply_to_join(
    *, actor: User, alliance: Alliance, organisation: Organisation, motivation: str = ""
) -> AllianceMember:
    if not _is_admin(actor, organisation):
        raise ValidationError({"organisation": _("Only an admin of the organisation may apply for it.")})
    current = alliance.memberships.filter(
        organisation=organisation, status__in=[AllianceMember.Status.APPLIED, AllianceMember.Status.MEMBER]
    ).first()
    if current is not None:
        return current
    membership = AllianceMember(alliance=alliance, organisation=organisation, motivation=motivation.strip())
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        action="alliances.apply",
        target=alliance,
        organisation=organisation,
        summary=_("%(org)s applied to join") % {"org": organisation.name},
    )
    return membership


@transaction.atomic
def decide_application(*, actor: User, membership: AllianceMember, approve: bool) -> AllianceMember:
    if membership.status != AllianceMember.Status.APPLIED:
        raise ValidationError(_("This application has already been decided."))
    if approve:
        membership.status = AllianceMember.Status.MEMBER
        membership.joined_on = timezone.localdate()
    else:
        membership.status = AllianceMember.Status.REJECTED
    membership.save(update_fields=["status", "joined_on", "updated_at"])
    alliance = membership.alliance
    audit.record(
        actor=actor,
        action="alliances.admit" if approve else "alliances.reject",
        target=alliance,
        organisation=membership.organisation,
        summary=(_("%(org)s joined the alliance") if approve else _("Application of %(org)s not accepted"))
        % {"org": membership.organisation.name},
        public=approve and alliance.is_public,
    )
    return membership


@transaction.atomic
def admit(*, actor: User, alliance: Alliance, organisation: Organisation) -> AllianceMember:
    """The secretariat admits an organisation directly (founding members)."""
    membership = alliance.memberships.filter(
        organisation=organisation, status__in=[AllianceMember.Status.APPLIED, AllianceMember.Status.MEMBER]
    ).first() or AllianceMember.objects.create(alliance=alliance, organisation=organisation)
    if membership.status == AllianceMember.Status.MEMBER:
        return membership
    return decide_application(actor=actor, membership=membership, approve=True)


@transaction.atomic
def leave(*, actor: User, membership: AllianceMember) -> AllianceMember:
    """Leaving keeps the row (and its pledges and reports) as history."""
    if membership.status != AllianceMember.Status.MEMBER:
        raise ValidationError(_("Only a current member can leave."))
    membership.status = AllianceMember.Status.LEFT
    membership.left_on = timezone.localdate()
    membership.save(update_fields=["status", "left_on", "updated_at"])
    audit.record(
        actor=actor,
        action="alliances.leave",
        target=membership.alliance,
        organisation=membership.organisation,
        summary=_("%(org)s left the alliance") % {"org": membership.organisation.name},
        public=membership.alliance.is_public,
    )
    return membership


@transaction.atomic
def add_working_group(
    *,
    actor: User,
    alliance: Alliance,
    name: str,
    description: str = "",
    members: list[Organisation] | None = None,
) -> WorkingGroup:
    group = WorkingGroup(alliance=alliance, name=name.strip(), description=description.strip())
    group.full_clean()
    group.save()
    if members:
        group.members.set(members)
    audit.record(
        actor=actor,
        action="alliances.group",
        target=alliance,
        summary=_("Working group: %(name)s") % {"name": group.name},
        public=alliance.is_public,
    )
    return group


@transaction.atomic
def add_meeting(
    *,
    actor: User,
    owner: Renewal | Alliance,
    title: str,
    starts_at: Any,
    location: str = "",
    minutes: str = "",
    working_group: WorkingGroup | None = None,
) -> Meeting:
    meeting = Meeting(
        renewal=owner if isinstance(owner, Renewal) else None,
        alliance=owner if isinstance(owner, Alliance) else None,
        working_group=working_group,
        title=title.strip(),
        starts_at=starts_at,
        location=location.strip(),
        minutes=minutes.strip(),
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        actor=actor,
        action="commitments.meeting",
        target=owner,
        organisation=_owner_org(owner),
        summary=_("Meeting: %(title)s") % {"title": meeting.title},
        public=owner.is_public,
    )
    return meeting


@transaction.atomic
def add_pledge(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation,
    title: str,
    amount: Decimal,
    unit: str,
    year: int,
) -> Pledge:
    is_secretariat = alliance.secretariat.filter(pk=actor.pk).exists()
    if not (is_secretariat or _is_admin(actor, organisation)):
        raise ValidationError({"organisation": _("Only an admin of the organisation may pledge for it.")})
    if not alliance.active_members().filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Only members of the alliance pledge.")})
    pledge = Pledge(
        alliance=alliance,
        organisation=organisation,
        title=title.strip(),
        amount=amount,
        unit=unit.strip(),
        year=year,
    )
    pledge.full_clean()
    pledge.save()
    audit.record(
        actor=actor,
        action="alliances.pledge",
        target=alliance,
        organisation=organisation,
        summary=_("%(org)s pledged %(amount)s %(unit)s by %(year)s")
        % {"org": organisation.name, "amount": amount, "unit": pledge.unit, "year": year},
        public=alliance.is_public,
    )
    return pledge


@transaction.atomic
def update_pledge(
    *, actor: User, pledge: Pledge, title: str, amount: Decimal, unit: str, year: int
) -> Pledge:
    before = {"amount": str(pledge.amount), "year": str(pledge.year)}
    pledge.title, pledge.amount, pledge.unit, pledge.year = title.strip(), amount, unit.strip(), year
    pledge.full_clean()
    pledge.save()
    audit.record(
        actor=actor,
        action="alliances.pledge_edit",
        target=pledge.alliance,
        organisation=pledge.organisation,
        summary=_("%(org)s changed its pledge") % {"org": pledge.organisation.name},
        changes=audit.changed_fields(before, {"amount": str(amount), "year": str(year)}),
        public=pledge.alliance.is_public,
    )
    return pledge


@transaction.atomic
def report_on_pledge(
    *, actor: User, pledge: Pledge, period_end: date, amount: Decimal, note: str = ""
) -> PledgeReport:
    report = PledgeReport(
        pledge=pledge, period_end=period_end, amount=amount, note=note.strip(), reported_by=actor
    )
    report.full_clean()
    report.save()
    audit.record(
        actor=actor,
        action="alliances.report",
        target=pledge.alliance,
        organisation=pledge.organisation,
        summary=_("%(org)s reported %(amount)s %(unit)s up to %(date)s")
        % {
            "org": pledge.organisation.name,
            "amount": amount,
            "unit": pledge.unit,
            "date": period_end.isoformat(),
        },
        public=pledge.alliance.is_public,
    )
    return report
