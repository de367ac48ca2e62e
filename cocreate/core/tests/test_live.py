"""core/live.py: what a stream sends, when, and how a change reaches every process."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import AsyncRequestFactory, RequestFactory

from cocreate.core import live

ASYNC = AsyncRequestFactory()  # streams are served by the ASGI server only


@pytest.fixture
def without_redis(settings: Any) -> None:
    settings.REDIS_URL = ""
    settings.LIVE_HEARTBEAT_SECONDS = 0.05
    cache.clear()


def _run(scenario: Any) -> None:
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps an event loop
    running on the main thread of the same test process."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as error:  # re-raised on the test's thread
            failures.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the scenario did not finish within a minute"
    if failures:
        raise failures[0]


async def _next(chunks: AsyncIterator[bytes]) -> str:
    return (await asyncio.wait_for(anext(chunks), 2)).decode()


def test_a_wsgi_server_answers_no_stream_and_the_page_polls() -> None:
    response = live.stream(RequestFactory().get("/"), name="w:0", snapshot=lambda: 0, render=str)
    assert response.status_code == 204


def test_an_event_keeps_every_line_of_the_fragment() -> None:
    assert live.event("change", "<p>\n  a\n</p>") == "event: change\ndata: <p>\ndata:   a\ndata: </p>\n\n"
    assert live.event("change", "") == "event: change\ndata: \n\n"


@pytest.mark.django_db(transaction=True)
def test_publish_tells_the_other_processes_only_once_the_write_commits(without_redis: None) -> None:
    key = live.CACHE_PREFIX + "t:1"
    with transaction.atomic():
        live.publish("t:1")
        assert cache.get(key) is None  # a write that might still roll back tells nobody
    assert cache.get(key) == 1
    with transaction.atomic():
        live.publish("t:1")
        transaction.set_rollback(True)
    assert cache.get(key) == 1
    live.publish("t:1")
    assert cache.get(key) == 2


def test_streams_share_one_snapshot_per_change_and_each_renders_its_own(
    without_redis: None, settings: Any
) -> None:
    settings.LIVE_STREAM_SECONDS = 1
    built: list[int] = []

    def snapshot() -> int:
        built.append(len(built) + 1)
        return len(built)

    async def scenario() -> None:
        phones = [
            live.stream(
                ASYNC.get("/"), name="w:1", snapshot=snapshot, render=lambda n, who=who: f"{who} sees {n}"
            )
            for who in ("ana", "bor")
        ]
        chunks = [phone.streaming_content.__aiter__() for phone in phones]  # type: ignore[attr-defined]
        for stream in chunks:
            assert (await _next(stream)) == f"retry: {live.RETRY_MS}\n\n"
        assert [await _next(s) for s in chunks] == [
            live.event("change", "ana sees 1"),
            live.event("change", "bor sees 1"),
        ]
        assert (await _next(chunks[0])) == ": still here\n\n"  # a quiet stream keeps the proxy awake
        live.hub().changed("w:1")
        assert (await _next(chunks[0])) == live.event("change", "ana sees 2")
        assert (await _next(chunks[1])) == live.event("change", "bor sees 2")
        assert built == [1, 2]  # once per change, however many phones
        rest = [chunk async for chunk in chunks[0]]  # the stream ends after LIVE_STREAM_SECONDS
        assert set(rest) <= {b": still here\n\n"}
        assert "w:1" in live.hub().topics()  # the second phone is still there
        assert {chunk async for chunk in chunks[1]} <= {b": still here\n\n"}
        assert live.hub().topics() == []

    _run(scenario)


def test_a_phone_that_goes_away_leaves_the_hub(without_redis: None, settings: Any) -> None:
    settings.LIVE_HEARTBEAT_SECONDS = 30

    async def scenario() -> None:
        response = live.stream(ASYNC.get("/"), name="w:9", snapshot=lambda: 0, render=str)
        chunks = response.streaming_content.__aiter__()  # type: ignore[attr-defined]
        await _next(chunks)
        await _next(chunks)
        waiting = asyncio.ensure_future(anext(chunks))  # the server waits on a quiet stream
        await asyncio.sleep(0.01)
        assert live.hub().topics() == ["w:9"]
        waiting.cancel()  # the phone went away: the server cancels the response
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert live.hub().topics() == []

    _run(scenario)


def test_without_redis_a_change_in_another_process_arrives_through_the_cache(without_redis: None) -> None:
    async def scenario() -> None:
        hub = live.Hub(live.CacheListener())
        changed = hub.subscribe("w:2")
        await asyncio.sleep(live.CACHE_POLL_SECONDS * 2.5)  # the listener has read the versions once
        changed.clear()
        await asyncio.to_thread(live._send, "w:2")  # as the worker or another app process would
        await asyncio.wait_for(changed.wait(), live.CACHE_POLL_SECONDS * 4)
        hub.unsubscribe("w:2", changed)
        assert hub.task is not None
        hub.task.cancel()

    _run(scenario)


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_with_redis_a_change_in_another_process_arrives_through_pub_sub(settings: Any) -> None:
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must run under CI (127.0.0.1:6379): production's live updates go through it")
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    live._sync_client = None

    async def scenario() -> None:
        hub = live.Hub(live.RedisListener())
        changed = hub.subscribe("w:3")
        await asyncio.sleep(0.5)  # subscribed
        changed.clear()
        await asyncio.to_thread(live._send, "w:3")
        await asyncio.wait_for(changed.wait(), 2)
        hub.unsubscribe("w:3", changed)
        assert hub.task is not None
        hub.task.cancel()

    try:
        _run(scenario)
    finally:
        live._sync_client = None
