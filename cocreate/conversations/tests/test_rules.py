"""Who may run a conversation (role × object) and see its results (public × private)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.conversations import rules, services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    return services.create_conversation(
        actor=staff, renewal=renewal, topic="Home care", is_public=True, seed_statements=["One"]
    )


def test_running_a_conversation_is_running_its_renewal(
    conversation, staff, facilitator, outsider, other_admin
):
    statement = conversation.statements.get()
    for obj in (conversation.renewal, conversation, statement):
        assert staff.has_perm("conversations.manage", obj)
        for nobody in (facilitator, outsider, other_admin, AnonymousUser()):
            assert not nobody.has_perm("conversations.manage", obj)
    conversation.renewal.team.add(facilitator)  # a member on the renewal's team runs it too
    assert rules.runs_conversation(facilitator, statement)
    conversation.renewal.team.add(outsider)  # the team alone is not enough: a member of the organisation
    assert not rules.runs_conversation(outsider, conversation)


def test_anything_else_is_refused(conversation, staff):
    assert not rules.runs_conversation(staff, None)
    assert not staff.has_perm("conversations.manage", conversation.renewal.organisation)
    assert not staff.has_perm("conversations.manage")


def test_results_are_public_only_when_the_conversation_and_its_renewal_are(conversation, outsider, staff):
    assert outsider.has_perm("conversations.view_results", conversation)
    conversation.renewal.visibility = Renewal.Visibility.PRIVATE
    conversation.renewal.save()
    assert not outsider.has_perm("conversations.view_results", conversation)
    assert staff.has_perm("conversations.view_results", conversation)  # the organisation sees them
    assert not rules.shows_results_publicly(outsider, None)
