"""The live mode's stream, end to end in one process: the first event is the page's fragment, and
the facilitator's round change arrives as the next one (published on commit, heard through the
cache, rendered from one snapshot)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import AsyncClient, Client
from django.urls import reverse

from cocreate.core import live
from cocreate.core.tests.test_live import _run
from cocreate.workshops import planning, services
from cocreate.workshops.tests.test_workshops import cafe


@pytest.mark.django_db(transaction=True)
def test_the_round_change_reaches_an_open_stream(org: Any, staff: Any, settings: Any) -> None:
    settings.REDIS_URL = ""
    cache.clear()
    workshop = cafe(org, staff, people=12)
    planning.plan_rotation(actor=staff, workshop=workshop)
    fragment = Client().get(reverse("workshops_public:live", args=[workshop.pk])).content.decode()
    stream = reverse("workshops_public:live_stream", args=[workshop.pk])
    assert Client().get(stream).status_code == 204  # a WSGI server holds no stream: the page polls

    async def scenario() -> None:
        response = await AsyncClient().get(stream)  # as the ASGI server serves it
        assert response.status_code == 200 and response["Content-Type"].startswith("text/event-stream")
        chunks = response.streaming_content.__aiter__()

        async def next_event() -> str:
            while not (chunk := (await asyncio.wait_for(anext(chunks), 5)).decode()).startswith("event:"):
                pass
            return chunk

        assert await next_event() == live.event("change", fragment)
        await asyncio.sleep(live.CACHE_POLL_SECONDS * 2.5)  # the hub has read the topic's version
        await asyncio.to_thread(services.start_or_advance, actor=staff, workshop=workshop, from_round=0)
        assert '<p class="live__round">Round 1</p>' in await next_event()
        await chunks.aclose()

    try:
        _run(scenario)
    finally:
        live.LIVE_THREAD.submit(connections.close_all).result()  # its connection, before teardown
