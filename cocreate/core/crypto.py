"""Encryption at rest for sensitive personal data (panel volunteers' demographics and contacts).

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`. The key comes from FIELD_ENCRYPTION_KEY
(a Fernet key, base64); without it, one is derived from SECRET_KEY so the demo works. Production
(REQUIRE_FIELD_ENCRYPTION_KEY) refuses to start without its own key (system check cocreate.E001)
and keeps it apart from the database backups; rotation is described in the README, "Deploy".
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet() -> Fernet:
    configured = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not configured and getattr(settings, "REQUIRE_FIELD_ENCRYPTION_KEY", False):
        # Production: never silently fall back to a key derived from SECRET_KEY (check cocreate.E001).
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    key = (
        configured
        or base64.urlsafe_b64encode(
            hashlib.sha256(("cocreate-field-key:" + settings.SECRET_KEY).encode()).digest()
        ).decode()
    )
    return Fernet(key.encode())


def encrypt(value: Any) -> str:
    """Any JSON-serialisable value → ciphertext (text, safe to store in a TextField)."""
    return _fernet().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def decrypt(token: str) -> Any:
    if not token:
        return None
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise ValueError("Encrypted value cannot be read with the configured key.") from None


def keyed_hash(value: str, *, purpose: str) -> str:
    """A stable, non-reversible fingerprint (e.g. to find duplicate volunteers without storing
    their e-mail in clear)."""
    secret = (settings.SECRET_KEY + ":" + purpose).encode()
    return hashlib.blake2b(value.strip().lower().encode(), key=secret[:64], digest_size=20).hexdigest()
