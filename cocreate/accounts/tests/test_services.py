from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts import services
from cocreate.accounts.models import Invitation, Membership, Role, hash_token
from cocreate.accounts.tests.factories import InvitationFactory, UserFactory
from cocreate.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_invite_member_stores_only_the_token_hash_and_emails_the_link(
    org, org_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite_member(
            actor=org_admin, organisation=org, email="New@Example.org", role=Role.STAFF
        )
    assert invitation.email == "new@example.org"
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="invitation.create", organisation=org).count() == 1


def test_inviting_an_existing_member_is_refused(org, org_admin, staff):
    with pytest.raises(ValidationError):
        services.invite_member(actor=org_admin, organisation=org, email=staff.email, role=Role.STAFF)


def test_a_new_invitation_revokes_the_pending_one(org, org_admin):
    first, _ = services.invite_member(
        actor=org_admin, organisation=org, email="a@example.org", role=Role.STAFF
    )
    services.invite_member(actor=org_admin, organisation=org, email="a@example.org", role=Role.ADMIN)
    first.refresh_from_db()
    assert first.get_state() == Invitation.State.REVOKED


def test_sign_up_with_invitation_creates_user_and_membership_once(org):
    invitation = InvitationFactory(organisation=org, role=Role.FACILITATOR)
    user = services.sign_up_with_invitation(
        invitation=invitation, full_name="Nina", password="a-long-passphrase", language="sl"
    )
    assert Membership.objects.get(user=user, organisation=org).role == Role.FACILITATOR
    invitation.refresh_from_db()
    assert invitation.get_state() == Invitation.State.ACCEPTED
    other = UserFactory()
    with pytest.raises(services.InvitationUnusable):
        services._claim(invitation, other)


def test_expired_invitation_cannot_be_used(org):
    invitation = InvitationFactory(organisation=org)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert invitation.get_state() == Invitation.State.EXPIRED
        with pytest.raises(services.InvitationUnusable):
            services.sign_up_with_invitation(
                invitation=invitation, full_name="X", password="a-long-passphrase", language="en"
            )


def test_weak_password_is_refused_and_nothing_is_stored(org):
    invitation = InvitationFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.sign_up_with_invitation(invitation=invitation, full_name="X", password="123", language="en")
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert not Membership.objects.filter(organisation=org).exists()


def test_accept_needs_the_invited_address(org, outsider):
    invitation = InvitationFactory(organisation=org, email="someone.else@example.org")
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation=invitation, user=outsider)
    invitation = InvitationFactory(organisation=org, email=outsider.email)
    services.accept_invitation(invitation=invitation, user=outsider)
    assert Membership.objects.filter(user=outsider, organisation=org).exists()


def test_the_last_admin_cannot_be_demoted_or_removed(org, org_admin, staff):
    admin_membership = Membership.objects.get(user=org_admin, organisation=org)
    with pytest.raises(ValidationError):
        services.change_role(actor=org_admin, membership=admin_membership, role=Role.STAFF)
    with pytest.raises(ValidationError):
        services.remove_member(actor=org_admin, membership=admin_membership)
    staff_membership = Membership.objects.get(user=staff, organisation=org)
    services.change_role(actor=org_admin, membership=staff_membership, role=Role.ADMIN)
    services.change_role(actor=org_admin, membership=admin_membership, role=Role.STAFF)
    assert Membership.objects.get(pk=admin_membership.pk).role == Role.STAFF


def test_participant_email_is_kept_only_with_consent(guest):
    services.update_participant(participant=guest, nickname="Mo", email="mo@example.org", consent=False)
    assert guest.email == "" and not guest.may_be_notified
    services.update_participant(participant=guest, nickname="Mo", email="mo@example.org", consent=True)
    assert guest.may_be_notified
