from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.community import selectors
from cocreate.community.models import GoodPractice, Profile
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_profiles_are_hidden_from_non_members_unless_public(
    outsider: Any, staff: Any, facilitator: Any
) -> None:
    hidden = ProfileFactory(user=staff)
    public = ProfileFactory(user=facilitator, visibility=Profile.Visibility.PUBLIC)
    anonymous = AnonymousUser()
    assert list(selectors.profiles_visible_to(anonymous)) == [public]
    assert list(selectors.profiles_visible_to(outsider)) == [public]
    assert not outsider.has_perm("community.view_directory")
    assert outsider.has_perm("community.view_profile", public)
    assert anonymous.has_perm("community.view_profile", public) is True
    assert not outsider.has_perm("community.view_profile", hidden)
    ProfileFactory(user=outsider)
    outsider.__dict__.pop("_community_profile", None)
    assert set(selectors.profiles_visible_to(outsider)) == {hidden, public, outsider.community_profile}
    assert outsider.has_perm("community.view_directory")


def test_only_members_contact_and_only_who_accepts(outsider: Any, staff: Any) -> None:
    target = ProfileFactory(user=staff, contactable=True)
    assert not outsider.has_perm("community.contact", target)
    own = ProfileFactory(user=outsider, contactable=True)
    outsider.__dict__.pop("_community_profile", None)
    assert outsider.has_perm("community.contact", target)
    assert not outsider.has_perm("community.contact", own)
    target.contactable = False
    assert not outsider.has_perm("community.contact", target)


@pytest.mark.parametrize(
    ("state", "author_edits", "editor_reviews"),
    [
        ("draft", True, False),
        ("submitted", False, True),
        ("returned", True, False),
        ("published", False, False),
    ],
)
def test_practice_permissions_by_state(
    outsider: Any, staff: Any, platform_admin: Any, state: str, author_edits: bool, editor_reviews: bool
) -> None:
    ProfileFactory(user=outsider)
    ProfileFactory(user=staff, community_editor=True)
    practice = GoodPracticeFactory(author=outsider, state=state)
    assert outsider.has_perm("community.edit_practice", practice) is author_edits
    assert outsider.has_perm("community.review_practice", practice) is False  # a member cannot publish
    assert staff.has_perm("community.review_practice", practice) is editor_reviews
    assert platform_admin.has_perm(
        "community.review_practice", practice
    )  # Django: a superuser has every perm
    assert staff.has_perm("community.edit_practice", practice) is False


def test_unpublished_practice_is_a_404_for_others(outsider: Any, staff: Any) -> None:
    from django.http import Http404

    practice = GoodPracticeFactory(author=outsider, state=GoodPractice.State.SUBMITTED)
    assert selectors.get_practice_for(outsider, practice.pk) == practice
    with pytest.raises(Http404):
        selectors.get_practice_for(staff, practice.pk)
    ProfileFactory(user=staff, community_editor=True)
    staff.__dict__.pop("_community_profile", None)
    assert selectors.get_practice_for(staff, practice.pk) == practice


def test_ambassadors_events_and_newsletters(
    org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
    other_admin: Any,
    platform_admin: Any,
    outsider: Any,
) -> None:
    from cocreate.community import services

    assert org_admin.has_perm("community.nominate_ambassadors", org)
    assert platform_admin.has_perm("community.nominate_ambassadors", org)
    assert not staff.has_perm("community.nominate_ambassadors", org)
    assert not other_admin.has_perm("community.nominate_ambassadors", org)
    assert not facilitator.has_perm("community.view_ambassador_dashboard", org)
    services.nominate_ambassador(actor=org_admin, organisation=org, user=facilitator)
    assert facilitator.has_perm("community.view_ambassador_dashboard", org)
    event = EventFactory(organiser=staff)
    assert staff.has_perm("community.manage_event", event) and not outsider.has_perm(
        "community.manage_event", event
    )
    assert staff.has_perm("community.create_event") and not outsider.has_perm("community.create_event")
    assert staff.has_perm("community.write_newsletter", org)
    assert not facilitator.has_perm("community.write_newsletter", org)
    assert not staff.has_perm("community.write_newsletter", None)  # the community's: editors only
    ProfileFactory(user=outsider, community_editor=True)
    outsider.__dict__.pop("_community_profile", None)  # the per-request cache
    assert outsider.has_perm("community.write_newsletter", None)
    assert not outsider.has_perm("community.write_newsletter", org)
