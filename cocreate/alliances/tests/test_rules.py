"""Rules, role × state: who founds, applies, signs and pledges, who edits a pledge, who decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.alliances import rules, services
from cocreate.alliances.tests.factories import alliance_with

pytestmark = pytest.mark.django_db


def test_only_admins_of_a_member_sign_and_its_staff_pledge(
    org: Any, org_admin: Any, staff: Any, facilitator: Any, other_admin: Any, outsider: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    assert org_admin.has_perm("alliances.act_for_member", alliance)
    for user in (staff, other_admin, outsider, secretary, AnonymousUser()):
        assert not user.has_perm("alliances.act_for_member", alliance)
    for user in (org_admin, staff):
        assert user.has_perm("alliances.pledge", alliance)
    for user in (facilitator, other_admin, outsider, secretary, AnonymousUser()):
        assert not user.has_perm("alliances.pledge", alliance)
    assert other_admin.has_perm("alliances.apply_to_alliance", alliance)
    assert not staff.has_perm("alliances.apply_to_alliance", alliance)


def test_pledge_edited_only_by_its_members_staff_or_the_secretariat(
    org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
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
    for user in (org_admin, staff, secretary):
        assert user.has_perm("alliances.edit_pledge", pledge)
    for user in (facilitator, other_admin, AnonymousUser()):
        assert not user.has_perm("alliances.edit_pledge", pledge)
    # Django grants every permission to an active superuser (platform admin), by design.
    assert platform_admin.has_perm("alliances.edit_pledge", pledge)


def test_a_meeting_is_run_by_the_secretariat_and_its_working_group(
    org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
    other_org: Any,
    other_admin: Any,
    outsider: Any,
    secretary: Any,
) -> None:
    alliance = alliance_with(secretary, org, other_org)
    group = services.add_working_group(actor=secretary, alliance=alliance, name="Letters", members=[org])
    in_group = services.add_meeting(
        actor=secretary, owner=alliance, working_group=group, title="Group", starts_at=timezone.now()
    )
    plenary = services.add_meeting(actor=secretary, owner=alliance, title="All", starts_at=timezone.now())
    decision = services.record_decision(actor=secretary, meeting=in_group, title="We decide")
    for obj in (in_group, decision):
        for user in (secretary, org_admin, staff):
            assert user.has_perm("alliances.run_meeting", obj)
        for user in (facilitator, other_admin, outsider, AnonymousUser()):
            assert not user.has_perm("alliances.run_meeting", obj)
    # A meeting of the whole alliance: the secretariat only; a member's people read it.
    assert secretary.has_perm("alliances.run_meeting", plenary)
    for user in (org_admin, staff, other_admin):
        assert not user.has_perm("alliances.run_meeting", plenary)
    assert rules.alliance_of(decision) == alliance
    assert not rules.in_the_working_group(org_admin, None)


def test_secretariat_decides_and_member_admin_leaves(
    org: Any, org_admin: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    membership = alliance.active_members().get()
    assert secretary.has_perm("alliances.decide_application", membership)
    assert not org_admin.has_perm("alliances.decide_application", membership)
    assert org_admin.has_perm("alliances.leave_alliance", membership)
    assert not other_admin.has_perm("alliances.leave_alliance", membership)
    assert secretary.has_perm("alliances.manage_alliance", alliance)
    assert not org_admin.has_perm("alliances.manage_alliance", alliance)


def test_founding_needs_an_admin_of_some_organisation(
    org_admin: Any, staff: Any, outsider: Any, platform_admin: Any
) -> None:
    assert org_admin.has_perm("alliances.add_alliance")
    assert platform_admin.has_perm("alliances.add_alliance")
    for user in (staff, outsider, AnonymousUser()):
        assert not user.has_perm("alliances.add_alliance")


def test_predicates_refuse_objects_of_another_kind(org: Any, org_admin: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    assert rules.runs_alliance(secretary, alliance) and not rules.runs_alliance(secretary, None)
    assert not rules.runs_alliance(AnonymousUser(), alliance)
    assert not rules.admins_the_organisation(org_admin, None)
    assert not rules.admins_a_member(org_admin, None)
    membership = alliance.active_members().get()
    assert rules.alliance_of(membership) == alliance and rules.admins_the_organisation(org_admin, membership)
