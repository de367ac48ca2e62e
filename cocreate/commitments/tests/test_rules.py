"""Rules, role × state: who sees a renewal's commitments and who runs them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


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


def test_alliance_commitments_are_run_by_the_secretariat(org: Any, org_admin: Any, staff: Any) -> None:
    from datetime import date

    from cocreate.alliances.tests.factories import alliance_with
    from cocreate.commitments import rules, services

    alliance = alliance_with(org_admin, org)
    commitment = services.add_commitment(
        actor=org_admin, owner=alliance, title="T", organisation=org, deadline=date(2030, 1, 1)
    )
    assert org_admin.has_perm("commitments.manage", commitment)
    assert org_admin.has_perm("commitments.view_commitment", commitment)
    assert not staff.has_perm("commitments.view_commitment", commitment)  # member of org, not secretariat
    assert not rules.runs_the_owner(org_admin, None) and not rules.sees_the_owner(org_admin, None)
    assert not rules.answers_for(AnonymousUser(), commitment)
