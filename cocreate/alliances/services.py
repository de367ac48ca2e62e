"""Every write of an alliance: founding, declaration versions and signatures, membership, working
groups and meetings, pledges and their progress reports.

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
        organisation=owner.organisation if isinstance(owner, Renewal) else None,
        params={"title": meeting.title},
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
    if not (alliance.is_run_by(actor) or _is_admin(actor, organisation)):
        raise ValidationError({"organisation": _("Only an admin of the organisation may pledge for it.")})
    if not alliance.has_member(organisation):
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
        params={"org": organisation.name, "amount": str(amount), "unit": pledge.unit, "year": year},
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
        params={"org": pledge.organisation.name},
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
        params={
            "org": pledge.organisation.name,
            "amount": str(amount),
            "unit": pledge.unit,
            "date": period_end.isoformat(),
        },
        public=pledge.alliance.is_public,
    )
    return report
