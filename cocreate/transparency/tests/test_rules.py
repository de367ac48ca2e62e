"""Rules, role × owner: who writes a renewal's or an alliance's process log and answers the public."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.alliances.tests.factories import alliance_with
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import rules, services

pytestmark = pytest.mark.django_db


def test_the_renewal_log_is_run_by_its_staff_and_team(
    org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
    outsider: Any,
    other_admin: Any,
    guest: Any,
) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    entry = services.add_log_entry(actor=staff, owner=renewal, kind="decision", title="D", publish=True)
    question = services.comment(entry=entry, text="Why?", participant=guest)
    for obj in (renewal, entry, question):
        assert staff.has_perm("transparency.manage_log", obj) and org_admin.has_perm(
            "transparency.manage_log", obj
        )
        for user in (facilitator, outsider, other_admin, AnonymousUser()):
            assert not user.has_perm("transparency.manage_log", obj)
    assert staff.has_perm("transparency.answer_comment", question)
    renewal.team.add(facilitator)
    assert facilitator.has_perm("transparency.answer_comment", question)  # on the team


def test_the_alliance_log_is_run_by_its_secretariat(org: Any, org_admin: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    entry = services.add_log_entry(actor=secretary, owner=alliance, kind="method", title="M")
    assert secretary.has_perm("transparency.manage_log", alliance)
    assert secretary.has_perm("transparency.manage_log", entry)
    assert not org_admin.has_perm("transparency.manage_log", entry)  # a member, not the secretariat
    assert rules.owner_of(entry) == alliance
    assert not rules.runs_the_process(secretary, None)
