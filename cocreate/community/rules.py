"""Who may do what in the community. Deny by default: anonymous users never pass a predicate.

Each check is a typed function of (user, object) that asks the model or the selectors; the
django-rules predicate of the same meaning wraps it for `rules.add_perm`.
"""

from __future__ import annotations

from typing import TypeGuard

import rules

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.rules import Person, is_org_admin, is_org_staff, is_platform_admin
from cocreate.accounts.selectors import is_staff_anywhere
from cocreate.community.models import Event, GoodPractice, Profile
from cocreate.community.selectors import is_ambassador_of, profile_of


def _signed_in(user: Person) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_active


def in_community(user: Person) -> bool:
    return profile_of(user) is not None


def edits_community(user: Person) -> bool:
    profile = profile_of(user)
    return profile is not None and profile.community_editor


def own_profile(user: Person, profile: Profile | None) -> bool:
    return _signed_in(user) and isinstance(profile, Profile) and profile.user_id == user.pk


def public_profile(user: Person, profile: Profile | None) -> bool:
    return isinstance(profile, Profile) and profile.is_public


def contactable(user: Person, profile: Profile | None) -> bool:
    return isinstance(profile, Profile) and profile.contactable


def wrote_practice(user: Person, practice: GoodPractice | None) -> bool:
    return _signed_in(user) and isinstance(practice, GoodPractice) and practice.author_id == user.pk


def editable_practice(user: Person, practice: GoodPractice | None) -> bool:
    return isinstance(practice, GoodPractice) and practice.is_editable


def submitted_practice(user: Person, practice: GoodPractice | None) -> bool:
    return isinstance(practice, GoodPractice) and practice.state == GoodPractice.State.SUBMITTED


def ambassador_of(user: Person, organisation: Organisation | None) -> bool:
    return (
        _signed_in(user) and isinstance(organisation, Organisation) and is_ambassador_of(user, organisation)
    )


def organises_event(user: Person, event: Event | None) -> bool:
    return _signed_in(user) and isinstance(event, Event) and event.organiser_id == user.pk


def staff_somewhere(user: Person) -> bool:
    return _signed_in(user) and is_staff_anywhere(user)


def whole_community(user: Person, organisation: Organisation | None) -> bool:
    """A newsletter to the whole community (no organisation)."""
    return organisation is None


is_community_member = rules.predicate(in_community)
is_community_editor = rules.predicate(edits_community)
is_own_profile = rules.predicate(own_profile)
is_public_profile = rules.predicate(public_profile)
accepts_messages = rules.predicate(contactable)
is_author = rules.predicate(wrote_practice)
practice_editable = rules.predicate(editable_practice)
practice_submitted = rules.predicate(submitted_practice)
is_ambassador = rules.predicate(ambassador_of)
is_event_organiser = rules.predicate(organises_event)
is_staff_somewhere = rules.predicate(staff_somewhere)
is_community_audience = rules.predicate(whole_community)

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
