"""Live pages pushed to phones with server-sent events (decision 0020).

A room says a thing changed with ``publish(topic)`` inside its service's transaction; once the
transaction commits, every app process hears of it — through Redis pub/sub where ``REDIS_URL`` is
set (production), or through a version counter in the shared cache that each process reads every
half second (the demo: one SQLite file, no Redis).

In each process one ``Hub`` per event loop holds the open streams. When a topic changes, the hub
builds its state once (``snapshot``, with the database, in Django's sync thread) and every stream
on that topic renders its own fragment from it (``render``): a round change costs one set of
queries per process, not one per phone. A stream first sends the current fragment, so a phone that
reconnects after a cut catches up at once; it ends after ``LIVE_STREAM_SECONDS`` and the browser
reconnects, which re-checks access. The browser falls back to polling the plain fragment URL
whenever the stream is down (``static/js/cocreate.js``).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connections, transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation

logger = logging.getLogger(__name__)

S = TypeVar("S")
CHANNEL = "cocreate:live"
CACHE_PREFIX = "live:v:"
RETRY_MS = 2000  # how long the browser waits before it reconnects a broken stream
CACHE_POLL_SECONDS = 0.5
# Every snapshot and render of this process runs on this one thread, so all open streams together
# hold one database connection, not one each (a request's own thread would keep its connection
# for as long as its stream stays open).
LIVE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live")


def _on_live_thread(function: Callable[..., S]) -> Callable[..., Any]:
    return sync_to_async(function, thread_sensitive=False, executor=LIVE_THREAD)


def topic(kind: str, pk: object) -> str:
    return f"{kind}:{pk}"


def publish(name: str) -> None:
    """Tell every app process, once the current transaction commits, that ``name`` changed."""
    transaction.on_commit(lambda: _send(name))


def _send(name: str) -> None:
    try:
        if settings.REDIS_URL:
            _redis().publish(CHANNEL, name)
        else:
            if not cache.add(CACHE_PREFIX + name, 1, timeout=None):
                cache.incr(CACHE_PREFIX + name)
    except Exception:  # a live update is a convenience: the write it follows has committed
        logger.warning("live update for %s not sent", name, exc_info=True)


_sync_client: Any = None


def _redis() -> Any:
    global _sync_client
    if _sync_client is None:
        import redis

        _sync_client = redis.Redis.from_url(settings.REDIS_URL)
    return _sync_client


class Listener(Protocol):
    def listen(self, hub: Hub) -> AsyncIterator[str]: ...


class RedisListener:
    """One subscription per process; a lost connection is retried, and every open stream is
    refreshed afterwards (a change may have passed meanwhile)."""

    async def listen(self, hub: Hub) -> AsyncIterator[str]:
        import redis.asyncio as aioredis

        while True:
            client = aioredis.Redis.from_url(settings.REDIS_URL)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    for name in list(hub.topics()):
                        yield name
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            yield message["data"].decode()
            except (OSError, aioredis.RedisError):
                logger.warning("live updates: Redis connection lost; retrying", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()


class CacheListener:
    """Without Redis: read the version of each open topic from the shared cache twice a second."""

    def __init__(self) -> None:
        self.seen: dict[str, Any] = {}

    async def listen(self, hub: Hub) -> AsyncIterator[str]:
        while True:
            names = list(hub.topics())
            if names:
                try:
                    versions = await _on_live_thread(_read_versions)(names)
                except Exception:
                    logger.warning("live updates: cache not readable", exc_info=True)
                    versions = {}
                for name in names:
                    version = versions.get(CACHE_PREFIX + name)
                    if name in self.seen and self.seen[name] != version:
                        yield name
                    self.seen[name] = version
                for gone in set(self.seen) - set(names):
                    del self.seen[gone]
            await asyncio.sleep(CACHE_POLL_SECONDS)


def _read_versions(names: list[str]) -> dict[str, Any]:
    close_old_connections()
    return cache.get_many([CACHE_PREFIX + n for n in names])


class Hub:
    """The open streams of one process (one event loop), by topic."""

    def __init__(self, listener: Listener) -> None:
        self.listener = listener
        self.waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self.versions: dict[str, int] = defaultdict(int)
        self.states: dict[str, tuple[int, asyncio.Future[Any]]] = {}
        self.task: asyncio.Task[None] | None = None

    def topics(self) -> list[str]:
        return [name for name, waiting in self.waiters.items() if waiting]

    def subscribe(self, name: str) -> asyncio.Event:
        event = asyncio.Event()
        self.waiters[name].add(event)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        return event

    def unsubscribe(self, name: str, event: asyncio.Event) -> None:
        self.waiters[name].discard(event)
        if not self.waiters[name]:
            del self.waiters[name]
            self.states.pop(name, None)

    def changed(self, name: str) -> None:
        self.versions[name] += 1
        for event in self.waiters.get(name, ()):
            event.set()

    async def _run(self) -> None:
        async for name in self.listener.listen(self):
            self.changed(name)

    async def state(self, name: str, snapshot: Callable[[], S]) -> S:
        """The topic's state at its current version, built once however many streams ask."""
        version = self.versions[name]
        held = self.states.get(name)
        if held is None or held[0] != version:
            future: asyncio.Future[Any] = asyncio.ensure_future(_on_live_thread(_fresh(snapshot))())
            self.states[name] = held = (version, future)
        return await asyncio.shield(held[1])  # type: ignore[no-any-return]


def _fresh(function: Callable[[], S]) -> Callable[[], S]:
    def run() -> S:
        close_old_connections()  # a long-lived stream outlives the request's connection checks
        return function()

    return run


def _release_connections() -> None:
    """The stream's request has done its reading: its connection goes back now, not when the
    stream ends minutes later (a thousand open streams must not hold a thousand connections)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        _hubs[loop] = Hub(RedisListener() if settings.REDIS_URL else CacheListener())
    return _hubs[loop]


def event(name: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {name}\n{lines}\n"


def stream(
    request: HttpRequest, *, name: str, snapshot: Callable[[], S], render: Callable[[S], str]
) -> HttpResponseBase:
    """The response of a live page's stream view (a plain view: it checks access first, and the
    language it is called in is the one every fragment of the stream is rendered in).

    Only an ASGI server can hold a stream open; a WSGI server (granian for pages, a test server)
    would serve it as one endless answer and lose a thread for good. There the answer is 204 — no
    stream here — and the page keeps polling.

    ``snapshot()`` reads the database once per change for every stream of the topic; ``render``
    turns that state into this viewer's fragment, in the viewer's language."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    language = translation.get_language()

    def render_here(state: S) -> str:
        with translation.override(language):
            return render(state)

    async def events() -> AsyncIterator[str]:
        await sync_to_async(_release_connections)()  # the request's thread, after every middleware
        live = hub()
        changed = live.subscribe(name)
        ends = asyncio.get_running_loop().time() + settings.LIVE_STREAM_SECONDS
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while True:
                changed.clear()
                state = await live.state(name, snapshot)
                yield event("change", await _on_live_thread(render_here)(state))
                while not changed.is_set():
                    left = ends - asyncio.get_running_loop().time()
                    if left <= 0:
                        return
                    try:
                        await asyncio.wait_for(changed.wait(), min(settings.LIVE_HEARTBEAT_SECONDS, left))
                    except TimeoutError:
                        yield ": still here\n\n"  # keeps proxies from closing a quiet stream
        finally:
            live.unsubscribe(name, changed)

    response = StreamingHttpResponse(events(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
