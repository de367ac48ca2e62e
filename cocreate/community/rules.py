"""Who may do what in the community. Deny by default: anonymous users never pass a predicate."""

from __future__ import annotations

from typing import Any

import rules

from cocreate.accounts.models import Membership, Organisation, Role
from cocreate.accounts.rules import is_org_admin, is_org_staff, is_platform_admin


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def profile_of(user: Any) -> Any:
    if not _signed_in(user):
        return None
    cache = user.__dict__.setdefault("_community_profile", {})
    if "profile" not in cache:
        from cocreate.community.models import Profile

        cache["profile"] = Profile.objects.filter(user=user).first()
    return cache["profile"]


@rules.predicate
def is_community_member(user: Any) -> bool:
    return profile_of(user) is not None


@rules.predicate
def is_community_editor(user: Any) -> bool:
    profile = profile_of(user)
    return bool(profile is not None and profile.community_editor)


@rules.predicate
def is_own_profile(user: Any, profile: Any) -> bool:
    return bool(_signed_in(user) and profile is not None and profile.user_id == user.pk)


@rules.predicate
def is_public_profile(user: Any, profile: Any) -> bool:
    return bool(profile is not None and profile.is_public)


@rules.predicate
def accepts_messages(user: Any, profile: Any) -> bool:
    return bool(profile is not None and profile.contactable)


@rules.predicate
def is_author(user: Any, practice: Any) -> bool:
    return bool(_signed_in(user) and practice is not None and practice.author_id == user.pk)


@rules.predicate
def practice_editable(user: Any, practice: Any) -> bool:
    return bool(practice is not None and practice.is_editable)


@rules.predicate
def practice_submitted(user: Any, practice: Any) -> bool:
    return bool(practice is not None and practice.state == practice.State.SUBMITTED)


@rules.predicate
def is_ambassador(user: Any, organisation: Any) -> bool:
    return bool(
        _signed_in(user)
        and isinstance(organisation, Organisation)
        and organisation.ambassadors.filter(user=user).exists()
    )


@rules.predicate
def is_event_organiser(user: Any, event: Any) -> bool:
    return bool(_signed_in(user) and event is not None and event.organiser_id == user.pk)


@rules.predicate
def is_staff_somewhere(user: Any) -> bool:
    return bool(
        _signed_in(user) and Membership.objects.filter(user=user, role__in=[Role.ADMIN, Role.STAFF]).exists()
    )


@rules.predicate
def is_community_audience(user: Any, organisation: Any) -> bool:
    """A newsletter to the whole community (no organisation)."""
    return organisation is None


reviewer = is_community_editor | is_platform_admin
rules.add_perm("community.view_directory", is_community_member | is_platform_admin)
rules.add_perm("community.view_profile", is_public_profile | is_own_profile | is_community_member)
rules.add_perm("community.contact", is_community_member & accepts_messages & ~is_own_profile)
rules.add_perm("community.submit_practice", is_community_member)
rules.add_perm("community.edit_practice", is_author & practice_editable)
rules.add_perm("community.review_practices", reviewer)
rules.add_perm("community.review_practice", reviewer & practice_submitted)
rules.add_perm("community.nominate_ambassadors", is_org_admin | is_platform_admin)
rules.add_perm("community.view_ambassador_dashboard", is_ambassador | is_org_admin | is_platform_admin)
rules.add_perm("community.create_event", is_community_editor | is_staff_somewhere | is_platform_admin)
rules.add_perm("community.manage_event", is_event_organiser | is_platform_admin)
rules.add_perm(
    "community.write_newsletter",
    (is_community_audience & reviewer) | (~is_community_audience & (is_org_staff | is_platform_admin)),
)
