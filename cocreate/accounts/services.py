"""Every write about people and organisations. Keyword-only, transactional, audited."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts import signals
from cocreate.accounts.models import (
    GuestParticipant,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
    hash_token,
)
from cocreate.core import audit, links


class InvitationUnusable(Exception):
    """The invitation was used, revoked or has expired."""


@transaction.atomic
def create_organisation(
    *, actor: User | None, name: str, country: str, kind: str, size_band: str, admin: User | None = None
) -> Organisation:
    org = Organisation(name=name, country=country, kind=kind, size_band=size_band)
    org.full_clean()
    org.save()
    if admin is not None:
        Membership.objects.create(user=admin, organisation=org, role=Role.ADMIN)
    audit.record(
        actor=actor, action="organisation.create", target=org, organisation=org, params={"name": org.name}
    )
    return org


@transaction.atomic
def create_organisation_with_admin(
    *, actor: User, name: str, country: str, kind: str, size_band: str, admin_email: str
) -> tuple[Organisation, str]:
    """A platform admin sets up an organisation; its first admin joins through an invitation.
    Returns the organisation and the raw invitation token (shown once)."""
    org = create_organisation(actor=actor, name=name, country=country, kind=kind, size_band=size_band)
    _invitation, token = invite_member(actor=actor, organisation=org, email=admin_email, role=Role.ADMIN)
    return org, token


@transaction.atomic
def update_organisation(
    *, actor: User, organisation: Organisation, name: str, country: str, kind: str, size_band: str
) -> Organisation:
    before = {
        "name": organisation.name,
        "country": organisation.country,
        "kind": organisation.kind,
        "size_band": organisation.size_band,
    }
    after = {"name": name, "country": country, "kind": kind, "size_band": size_band}
    for field, value in after.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    audit.record(
        actor=actor,
        action="organisation.update",
        target=organisation,
        organisation=organisation,
        params={"name": organisation.name},
        changes=audit.changed_fields(before, after),
    )
    return organisation


def invitation_link(token: str) -> str:
    return links.site_url(reverse("accounts:accept_invitation", args=[token]))


@transaction.atomic
def invite_member(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token
    (shown once to the inviter, never stored)."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of %(org)s.") % {"org": organisation}}
        )
    # A new invitation replaces any pending one for the same address.
    organisation.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        actor=actor,
        action="invitation.create",
        target=invitation,
        organisation=organisation,
        params={"role": invitation.role},
    )
    link = invitation_link(token)
    context = {"organisation": organisation, "link": link, "inviter": actor, "invitation": invitation}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("You are invited to join %(org)s on Cocreate") % {"org": organisation.name},
            message=render_to_string("accounts/emails/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, token


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    if invitation.get_state() != Invitation.State.PENDING:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="invitation.revoke",
        target=invitation,
        organisation=invitation.organisation,
        params={},
    )


def _claim(invitation: Invitation, user: User) -> Membership:
    """Mark the invitation used, exactly once even under parallel requests, and add the member."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if claimed != 1:
        raise InvitationUnusable
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    audit.record(
        actor=user,
        action="membership.join",
        target=membership,
        organisation=invitation.organisation,
        params={"role": membership.role},
    )
    return membership


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """An existing, signed-in user accepts. The invitation was sent to an address; only the
    person holding that address's account may use it."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    return _claim(invitation, user)


@transaction.atomic
def sign_up_with_invitation(*, invitation: Invitation, full_name: str, password: str, language: str) -> User:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address exists already: log in to accept."))
    user = User(email=invitation.email, full_name=full_name.strip(), language=language)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError(
            _("An account with this e-mail address exists already: log in to accept.")
        ) from None
    _claim(invitation, user)
    return user


@transaction.atomic
def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_another_admin(membership)
    before = membership.role
    membership.role = role
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        action="membership.role",
        target=membership,
        organisation=membership.organisation,
        params={},
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    if membership.role == Role.ADMIN:
        _ensure_another_admin(membership)
    audit.record(
        actor=actor,
        action="membership.remove",
        target=membership.organisation,
        organisation=membership.organisation,
        params={},
    )
    membership.delete()


def _ensure_another_admin(membership: Membership) -> None:
    others = Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError(_("An organisation needs at least one admin. Make someone else admin first."))


@transaction.atomic
def update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
    audit.record(actor=user, action="user.profile", target=user, params={})
    return user


@transaction.atomic
def update_participant(
    *, participant: GuestParticipant, nickname: str, email: str, consent: bool
) -> GuestParticipant:
    """A guest sets an optional nickname and e-mail. No consent, no e-mail kept."""
    participant.nickname = nickname.strip()
    if participant.email_confirmed_at is not None:
        # A confirmed address is this identity's voice (decision 0012): it stays; consent is separate.
        participant.notify_consent_at = (participant.notify_consent_at or timezone.now()) if consent else None
    else:
        participant.email = email.strip().lower() if consent else ""
        participant.notify_consent_at = timezone.now() if consent and email else None
    participant.language = translation.get_language() or participant.language
    participant.full_clean()
    participant.save()
    from cocreate.accounts.forms import NOTIFY_CONSENT_WORDING

    signals.consent_changed.send(
        sender=GuestParticipant,
        participant=participant,
        purpose="notifications",
        wording=str(NOTIFY_CONSENT_WORDING),
        given=participant.notify_consent_at is not None,
    )
    return participant
