"""Reads of accounts data that depend on who is asking."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Invitation, Membership, Organisation, Role, User, hash_token


def organisations_for(user: User) -> QuerySet[Organisation]:
    """Organisations the user works in (platform admins: all of them)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def all_organisations_for_platform_admin(user: User) -> QuerySet[Organisation]:
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        return Organisation.objects.none()
    return Organisation.objects.all().order_by("name")


def get_organisation_for(user: User, organisation_id: UUID) -> Organisation:
    return get_object_or_404(organisations_for(user), pk=organisation_id)


def role_of(user: User, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None when they are not a member."""
    return (
        Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    )


def is_staff_anywhere(user: User) -> bool:
    """Admin or staff of at least one organisation."""
    return Membership.objects.filter(user=user, role__in=[Role.ADMIN, Role.STAFF]).exists()


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__full_name")


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.select_related("invited_by").order_by("-created_at")


def invitation_by_token(token: str) -> Invitation | None:
    """Any invitation whose token matches, usable or not (the view explains which state it is in)."""
    return Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()


def current_organisation(request: HttpRequest) -> Organisation:
    """The organisation the user is working in now (see CurrentOrganisationMiddleware); 404 when
    the user belongs to none, so organisation pages never render empty for outsiders."""
    org = getattr(request, "organisation", None)
    if not org:
        raise Http404
    return org._wrapped if hasattr(org, "_wrapped") else org  # type: ignore[no-any-return]
