"""User content that carries its own translations: a dict of language code -> text.

Shipped models and libraries store their texts this way (e.g. {"en": "…", "sl": "…"}), so that an
expert can edit them in the admin without a new release. `translated` picks the active language,
then English, then whatever there is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


def translated(value: Any, language: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        for code in (language, settings.LANGUAGE_CODE, *value.keys()):
            text = value.get(code)
            if text:
                return str(text)
    return ""
