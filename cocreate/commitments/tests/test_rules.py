"""Rules, role × state: who signs, who edits a pledge, who runs a renewal's commitments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.commitments import services
from cocreate.commitments.tests.factories import CommitmentFactory, alliance_with
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def test_only_admins_of_a_member_act_for_it(
    org: Any, org_admin: Any, staff: Any, other_admin: Any, outsider: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    assert org_admin.has_perm("commitments.act_for_member", alliance)
    for user in (staff, other_admin, outsider, secretary, AnonymousUser()):
        assert not user.has_perm("commitments.act_for_member", alliance)
    assert other_admin.has_perm("commitments.apply_to_alliance", alliance)
    assert not staff.has_perm("commitments.apply_to_alliance", alliance)


def test_pledge_edited_only_by_its_members_admins_or_the_secretariat(
    org: Any,
    org_admin: Any,
    staff: Any,
    other_org: Any,
    other_admin: Any,
    platform_admin: Any,
    secretary: Any,
) -> None:
    alliance = alliance_with(secretary, org, other_org)
    pledge = services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="P",
        amount=Decimal(5),
        unit="t",
        year=2030,
    )
    assert org_admin.has_perm("commitments.edit_pledge", pledge)
    assert secretary.has_perm("commitments.edit_pledge", pledge)
    for user in (staff, other_admin, AnonymousUser()):
        assert not user.has_perm("commitments.edit_pledge", pledge)
    # Django grants every permission to an active superuser (platform admin), by design.
    assert platform_admin.has_perm("commitments.edit_pledge", pledge)


def test_secretariat_decides_and_member_admin_leaves(
    org: Any, org_admin: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    membership = alliance.active_members().get()
    assert secretary.has_perm("commitments.decide_application", membership)
    assert not org_admin.has_perm("commitments.decide_application", membership)
    assert org_admin.has_perm("commitments.leave_alliance", membership)
    assert not other_admin.has_perm("commitments.leave_alliance", membership)
    assert secretary.has_perm("commitments.manage_alliance", alliance)
    assert not org_admin.has_perm("commitments.manage_alliance", alliance)


def test_renewal_commitments(
    org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
    outsider: Any,
    other_admin: Any,
    platform_admin: Any,
) -> None:
    renewal = RenewalFactory(service__organisation=org)
    commitment = CommitmentFactory(renewal=renewal, responsible=facilitator)
    assert staff.has_perm("commitments.manage", renewal) and org_admin.has_perm(
        "commitments.manage", commitment
    )
    assert not facilitator.has_perm("commitments.manage", renewal)
    assert facilitator.has_perm("commitments.update_commitment", commitment)  # responsible for it
    assert facilitator.has_perm("commitments.view_board", renewal)
    renewal.team.add(facilitator)
    assert facilitator.has_perm("commitments.manage", renewal)  # on the team
    for user in (outsider, other_admin, AnonymousUser()):
        assert not user.has_perm("commitments.view_board", renewal)
        assert not user.has_perm("commitments.update_commitment", commitment)
    assert platform_admin.has_perm("commitments.view_board", renewal)
