"""System checks of Cocreate's own settings (``manage.py check``; ``check --deploy`` in CI)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security)
def field_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production never derives the key of panel volunteers' data from SECRET_KEY: without a
    FIELD_ENCRYPTION_KEY of its own it refuses to start (migrate, runserver and check all stop)."""
    if not getattr(settings, "REQUIRE_FIELD_ENCRYPTION_KEY", False):
        return []
    key = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not key:
        return [
            Error(
                "FIELD_ENCRYPTION_KEY is not set.",
                hint=(
                    "Production needs a Fernet key of its own for panel volunteers' data: "
                    'python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())". '
                    "Keep it apart from the database backups (README, Deploy)."
                ),
                id="cocreate.E001",
            )
        ]
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return [
            Error(
                "FIELD_ENCRYPTION_KEY is not a Fernet key (32 bytes, URL-safe base64).",
                hint="Generate one with cryptography's Fernet.generate_key().",
                id="cocreate.E002",
            )
        ]
    return []
