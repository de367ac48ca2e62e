"""Every write of an alliance: founding, declaration versions and signatures, membership, working
groups and meetings (agenda, minutes, decisions), pledges and their progress reports.

Audit action codes are kept as they were before the split (`alliances.*`, `commitments.meeting`):
they are stored in the audit log and name its messages.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.alliances import selectors
from cocreate.alliances.models import (
    Alliance,
    AllianceMember,
    Decision,
    Declaration,
    Meeting,
    Pledge,
    PledgeReport,
    Signature,
    WorkingGroup,
)
from cocreate.core import audit
from cocreate.renewals.models import Renewal


def _is_admin(user: User, organisation: Organisation) -> bool:
    return selectors.organisations_user_admins(user).filter(pk=organisation.pk).exists()


def _is_staff(user: User, organisation: Organisation) -> bool:
    return selectors.organisations_user_staffs(user).filter(pk=organisation.pk).exists()


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
        params={"name": alliance.name},
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
        params={"v": declaration.version},
        public=alliance.is_public,
    )
    return declaration


@transaction.atomic
def sign_declaration(*, actor: User, declaration: Declaration, organisation: Organisation) -> Signature:
    """Only an admin of the organisation signs for it, and only for a current member."""
    if not _is_admin(actor, organisation):
        raise ValidationError({"organisation": _("Only an admin of the organisation may sign for it.")})
    if not declaration.alliance.has_member(organisation):
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
        params={"org": organisation.name, "v": declaration.version},
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
        organisation=organisation, status__in=AllianceMember.CURRENT_STATUSES
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
        params={"org": organisation.name},
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
        params={"org": membership.organisation.name},
        public=approve and alliance.is_public,
    )
    return membership


@transaction.atomic
def admit(*, actor: User, alliance: Alliance, organisation: Organisation) -> AllianceMember:
    """The secretariat admits an organisation directly (founding members)."""
    membership = alliance.memberships.filter(
        organisation=organisation, status__in=AllianceMember.CURRENT_STATUSES
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
        params={"org": membership.organisation.name},
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
        params={"name": group.name},
        public=alliance.is_public,
    )
    return group


@transaction.atomic
def add_meeting(
    *,
    actor: User,
    owner: Renewal | Alliance,
    title: str,
    starts_at: datetime,
    location: str = "",
    minutes: str = "",
    working_group: WorkingGroup | None = None,
    ends_at: datetime | None = None,
    online_link: str = "",
    agenda: str = "",
) -> Meeting:
    """Schedule a meeting. The same title at the same time of the same owner is the same meeting:
    a double submit returns the first."""
    meeting = Meeting(
        renewal=owner if isinstance(owner, Renewal) else None,
        alliance=owner if isinstance(owner, Alliance) else None,
        working_group=working_group,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_link=online_link.strip(),
        agenda=agenda.strip(),
        minutes=minutes.strip(),
    )
    if working_group is not None and working_group.alliance_id != meeting.alliance_id:
        raise ValidationError({"working_group": _("The working group belongs to another alliance.")})
    if meeting.minutes and starts_at > timezone.now():
        raise ValidationError({"minutes": _("Minutes are written once the meeting has taken place.")})
    meeting.full_clean(validate_constraints=False)  # the database keeps one per title and time
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        owned = {"renewal": owner} if isinstance(owner, Renewal) else {"alliance": owner}
        return Meeting.objects.get(**owned, title=meeting.title, starts_at=starts_at)
    audit.record(
        actor=actor,
        action="commitments.meeting",
        target=owner,
        organisation=owner.organisation if isinstance(owner, Renewal) else None,
        params={"title": meeting.title},
        public=owner.is_public,
    )
    return meeting


def _meeting_owner(meeting: Meeting) -> Renewal | Alliance:
    owner = meeting.alliance or meeting.renewal
    assert owner is not None  # a check constraint keeps one of them set
    return owner


@transaction.atomic
def set_agenda(*, actor: User, meeting: Meeting, agenda: str) -> Meeting:
    """The agenda is set before the meeting; once it has started, what happened goes in the minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.has_started:
        raise ValidationError(
            {"agenda": _("The meeting has started: record what happened in the minutes instead.")}
        )
    before = meeting.agenda
    meeting.agenda = agenda.strip()
    if meeting.agenda == before:
        return meeting  # nothing changed (a double submit)
    meeting.full_clean(validate_constraints=False)
    meeting.save(update_fields=["agenda", "updated_at"])
    owner = _meeting_owner(meeting)
    audit.record(
        actor=actor,
        action="alliances.meeting_agenda",
        target=owner,
        organisation=owner.organisation if isinstance(owner, Renewal) else None,
        params={"title": meeting.title},
        public=owner.is_public,
    )
    return meeting


@transaction.atomic
def write_minutes(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    """Minutes are written once the meeting has started, and may be corrected."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.has_started:
        raise ValidationError({"minutes": _("The meeting has not started yet: set its agenda instead.")})
    before = meeting.minutes
    meeting.minutes = minutes.strip()
    if meeting.minutes == before:
        return meeting
    meeting.full_clean(validate_constraints=False)
    meeting.save(update_fields=["minutes", "updated_at"])
    owner = _meeting_owner(meeting)
    audit.record(
        actor=actor,
        action="alliances.meeting_minutes",
        target=owner,
        organisation=owner.organisation if isinstance(owner, Renewal) else None,
        params={"title": meeting.title},
        changes={"minutes": [len(before), len(meeting.minutes)]},
        public=owner.is_public,
    )
    return meeting


@transaction.atomic
def record_decision(*, actor: User, meeting: Meeting, title: str, details: str = "") -> Decision:
    """One decision of a meeting that has started, numbered in order. The meeting's row is locked
    while the number is taken; the same decision sent twice finds the first."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.has_started:
        raise ValidationError({"title": _("Decisions are recorded once the meeting has started.")})
    last = meeting.decisions.order_by("-number").values_list("number", flat=True).first()
    decision = Decision(
        meeting=meeting,
        number=(last or 0) + 1,
        title=title.strip(),
        details=details.strip(),
        recorded_by=actor,
    )
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        return meeting.decisions.get(title=decision.title)
    owner = _meeting_owner(meeting)
    audit.record(
        actor=actor,
        action="alliances.decision",
        target=owner,
        organisation=owner.organisation if isinstance(owner, Renewal) else None,
        params={"meeting": meeting.title, "n": decision.number, "title": decision.title},
        public=owner.is_public,
    )
    return decision


@transaction.atomic
def add_pledge(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation,
    title: str,
    amount: Decimal,
    year: int,
    unit: str = "",
    publish: bool = False,
) -> Pledge:
    """A member's quantified pledge toward the target (in the target's unit unless told otherwise).
    Its staff or the secretariat make it; the same title and year again returns the first."""
    if not (alliance.is_run_by(actor) or _is_staff(actor, organisation)):
        raise ValidationError({"organisation": _("Only the organisation's staff may pledge for it.")})
    if not alliance.has_member(organisation):
        raise ValidationError({"organisation": _("Only members of the alliance pledge.")})
    pledge = Pledge(
        alliance=alliance,
        organisation=organisation,
        title=title.strip(),
        amount=amount,
        unit=unit.strip() or alliance.target_unit,
        year=year,
        is_published=publish,
    )
    pledge.full_clean(validate_constraints=False)  # the database keeps one per title and year
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError:
        return alliance.pledges.get(organisation=organisation, title=pledge.title, year=year)
    audit.record(
        actor=actor,
        action="alliances.pledge",
        target=alliance,
        organisation=organisation,
        params={"org": organisation.name, "amount": str(amount), "unit": pledge.unit, "year": year},
        public=publish and alliance.is_public,
    )
    return pledge


@transaction.atomic
def publish_pledge(*, actor: User, pledge: Pledge) -> Pledge:
    """Put a draft pledge on the public page (once: publishing again changes nothing)."""
    updated = Pledge.objects.filter(pk=pledge.pk, is_published=False).update(
        is_published=True, updated_at=timezone.now()
    )
    pledge.refresh_from_db()
    if updated:
        audit.record(
            actor=actor,
            action="alliances.pledge_publish",
            target=pledge.alliance,
            organisation=pledge.organisation,
            params={"org": pledge.organisation.name, "title": pledge.title},
            public=pledge.alliance.is_public,
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
        params={"org": pledge.organisation.name},
        changes=audit.changed_fields(before, {"amount": str(amount), "year": str(year)}),
        public=pledge.is_published and pledge.alliance.is_public,
    )
    return pledge


@transaction.atomic
def report_on_pledge(
    *, actor: User, pledge: Pledge, period_end: date, amount: Decimal, note: str = ""
) -> PledgeReport:
    """The amount reached by a date. One figure per date (a constraint): the same date again
    corrects the figure, and the same figure again (a double submit) changes nothing."""
    existing = PledgeReport.objects.select_for_update().filter(pledge=pledge, period_end=period_end).first()
    if existing is None:
        report = PledgeReport(
            pledge=pledge, period_end=period_end, amount=amount, note=note.strip(), reported_by=actor
        )
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # a parallel request made it first
            return PledgeReport.objects.get(pledge=pledge, period_end=period_end)
        action, changes = "alliances.report", None
    else:
        report = existing
        if (report.amount, report.note) == (amount, note.strip()):
            return report
        changes = audit.changed_fields({"amount": str(report.amount)}, {"amount": str(amount)})
        report.amount, report.note, report.reported_by = amount, note.strip(), actor
        report.full_clean(validate_constraints=False)
        report.save(update_fields=["amount", "note", "reported_by", "updated_at"])
        action = "alliances.report_correct"
    audit.record(
        actor=actor,
        action=action,
        target=pledge.alliance,
        organisation=pledge.organisation,
        params={
            "org": pledge.organisation.name,
            "amount": str(amount),
            "unit": pledge.unit,
            "date": period_end.isoformat(),
        },
        changes=changes,
        public=pledge.is_published and pledge.alliance.is_public,
    )
    return report
