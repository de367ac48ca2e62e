"""Role × state for renewals (the adhocracy4 way: every role against every state)."""

import pytest

from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("visibility", [Renewal.Visibility.PRIVATE, Renewal.Visibility.PUBLIC])
def test_role_matrix(visibility, org, org_admin, staff, facilitator, outsider, other_admin, platform_admin):
    renewal = RenewalFactory(service__organisation=org, visibility=visibility)
    expect = {
        # persona: (view, change)
        org_admin: (True, True),
        staff: (True, False),  # staff off the team read; the team and admins edit (issue 15)
        facilitator: (True, False),
        outsider: (False, False),
        other_admin: (False, False),
        platform_admin: (True, True),  # Django: an active superuser holds every permission
    }
    for user, (view, change) in expect.items():
        assert user.has_perm("renewals.view_renewal", renewal) is view, user
        assert user.has_perm("renewals.change_renewal", renewal) is change, user
        if not user.is_superuser:
            public = visibility == Renewal.Visibility.PUBLIC
            assert user.has_perm("renewals.view_public_renewal", renewal) is public


def test_facilitator_on_the_team_may_edit(org, facilitator):
    renewal = RenewalFactory(service__organisation=org)
    assert not facilitator.has_perm("renewals.change_renewal", renewal)
    renewal.team.add(facilitator)
    facilitator = type(facilitator).objects.get(pk=facilitator.pk)  # fresh role cache
    assert facilitator.has_perm("renewals.change_renewal", renewal)


@pytest.mark.parametrize("persona", ["staff", "facilitator"])
def test_team_members_edit_and_leaving_the_team_ends_it(persona, request, org):
    user = request.getfixturevalue(persona)
    renewal = RenewalFactory(service__organisation=org)
    assert not user.has_perm("renewals.change_renewal", renewal)
    renewal.team.add(user)
    user = type(user).objects.get(pk=user.pk)  # fresh role cache
    assert user.has_perm("renewals.change_renewal", renewal)
    renewal.team.remove(user)
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("renewals.change_renewal", renewal)
