"""Throttling of the doors into accounts: log-in, password reset and invitation acceptance.

Each door is counted twice, per client address and per account (the e-mail address typed, or the
invitation), so that neither one network nor a spread-out attack on one account gets far. Counts
are kept for any address typed, whether an account exists or not, and the answers are the same
either way: throttling never tells who has an account.

Counted in the cache (Redis or the database cache in production, so every app process shares the
count). The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies sit in front. Account
keys are hashed, so the cache holds no e-mail addresses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Door:
    name: str
    per_address: int
    per_account: int
    window_seconds: int


def login_door() -> Door:
    return Door(
        "login",
        settings.LOGIN_FAILURE_LIMIT,
        settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        settings.LOGIN_FAILURE_WINDOW_SECONDS,
    )


def reset_door() -> Door:
    return Door(
        "password-reset",
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
        settings.PASSWORD_RESET_WINDOW_SECONDS,
    )


def invitation_door() -> Door:
    return Door(
        "invitation",
        settings.INVITATION_ATTEMPT_LIMIT_PER_ADDRESS,
        settings.INVITATION_ATTEMPT_LIMIT_PER_INVITATION,
        settings.INVITATION_ATTEMPT_WINDOW_SECONDS,
    )


def client_address(request: HttpRequest) -> str:
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [a.strip() for a in header.split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _account_key(account: str) -> str:
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]


def _keys(door: Door, request: HttpRequest, account: str | None) -> list[tuple[str, int]]:
    keys = [(f"throttle:{door.name}:address:{client_address(request)}", door.per_address)]
    if account:
        keys.append((f"throttle:{door.name}:account:{_account_key(account)}", door.per_account))
    return keys


def is_blocked(door: Door, request: HttpRequest, account: str | None = None) -> bool:
    return any(int(cache.get(key, 0)) >= limit for key, limit in _keys(door, request, account))


def is_address_blocked(door: Door, request: HttpRequest) -> bool:
    return is_blocked(door, request, None)


def record(door: Door, request: HttpRequest, account: str | None = None) -> None:
    """Count one attempt (a failed log-in, a reset request, an invitation attempt)."""
    for key, _limit in _keys(door, request, account):
        # add() starts the window only once; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=door.window_seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=door.window_seconds)


# The log-in form's original interface (per address only), kept for its callers.
def is_locked_out(request: HttpRequest, account: str | None = None) -> bool:
    return is_blocked(login_door(), request, account)


def record_failure(request: HttpRequest, account: str | None = None) -> None:
    record(login_door(), request, account)
