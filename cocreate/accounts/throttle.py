"""Login throttling: more than LOGIN_FAILURE_LIMIT failed log-ins from one address within
LOGIN_FAILURE_WINDOW_SECONDS are refused, whatever account they aim at.

Counted in the cache (Redis or the database cache in production, so every app process shares
the count). The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies sit in front.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(address: str) -> str:
    return f"login-failures:{address}"


def is_locked_out(request: HttpRequest) -> bool:
    return int(cache.get(_key(client_address(request)), 0)) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(request: HttpRequest) -> None:
    key = _key(client_address(request))
    # add() starts the window only once; incr() keeps its expiry.
    if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
