"""Join by code: codes made on first use, typed loosely, leading only to open activities.

A cross-app test (core's join codes met through a conversation), so it lives here rather than in
core, which imports no app (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import Conversation
from cocreate.core import join, links
from cocreate.core.models import JoinCode
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(org_admin: Any, org: Any) -> Conversation:
    renewal = RenewalFactory(service__organisation=org)
    return conversation_services.create_conversation(
        actor=org_admin, renewal=renewal, topic="Opening hours", is_public=True, seed_statements=["One"]
    )


def test_every_participant_facing_model_is_joinable() -> None:
    join.registry.discover()
    assert {
        "journeys.journeymap",
        "conversations.conversation",
        "workshops.workshop",
        "panels.panel",
        "quality.qualityassessment",
    } <= set(join.registry.joinables)


def test_a_code_is_made_once_from_the_unambiguous_alphabet(conversation: Conversation) -> None:
    code = join.code_for(conversation)
    assert len(code) == join.LENGTH and set(code) <= set(join.ALPHABET)
    assert join.code_for(conversation) == code
    assert JoinCode.objects.count() == 1


def test_typing_the_code_loosely_arrives(conversation: Conversation) -> None:
    code = join.code_for(conversation)
    typed = f" {code[:3].lower()} {code[3:]} "
    response = Client().get(reverse("home:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations_public:participate", args=[conversation.pk])
    assert Client().get(reverse("home:join_code", args=[code.lower()]))["Location"] == response["Location"]


def test_a_closed_activity_or_an_unknown_code_explains(conversation: Conversation) -> None:
    code = join.code_for(conversation)
    conversation.status = Conversation.Status.CLOSED
    conversation.save()
    response = Client().get(reverse("home:join"), {"code": code})
    assert response.status_code == 200
    assert b"No open activity has this code" in response.content
    assert Client().get(reverse("home:join_code", args=["ZZZZZZ"])).status_code == 404


def test_a_code_of_an_ended_activity_is_reused(conversation: Conversation, monkeypatch: Any) -> None:
    old = join.code_for(conversation)
    conversation.status = Conversation.Status.CLOSED
    conversation.save()
    monkeypatch.setattr(join, "_new_code", lambda: old)
    fresh = Conversation.objects.create(renewal=conversation.renewal, topic="Again")
    assert join.code_for(fresh) == old
    assert not JoinCode.objects.filter(object_id=str(conversation.pk)).exists()


def test_wrong_guesses_are_throttled(settings: Any) -> None:
    client = Client()
    for _ in range(30):
        client.get(reverse("home:join"), {"code": "ZZZZZZ"})
    assert client.get(reverse("home:join"), {"code": "ZZZZZZ"}).status_code == 429


def test_links_follow_the_request_unless_site_url_is_set(rf: Any, settings: Any) -> None:
    settings.SITE_URL = ""
    request = rf.get("/", HTTP_HOST="localhost:8123")
    assert links.absolute_url(request, "/c/x/") == "http://localhost:8123/c/x/"
    assert links.site_url("/c/x/") == links.FALLBACK_SITE_URL + "/c/x/"
    settings.SITE_URL = "https://cocreate.example.org/"
    assert links.absolute_url(request, "/c/x/") == "https://cocreate.example.org/c/x/"
