"""Absolute links: share links, QR codes and e-mailed links.

A link shown on a page is built from the request, so it carries the host and port the person
actually used (`make demo PORT=8123` gives :8123 links). SITE_URL, when set, wins: behind a
proxy that rewrites the host, or when the public name differs from the one the server sees.
Without a request (e-mails sent from background tasks) only SITE_URL can say where the site is;
unset, links fall back to FALLBACK_SITE_URL, the address of a local demo.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

FALLBACK_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """`path` ("/c/…/") as an absolute URL for the person making `request`."""
    if path.startswith(("http://", "https://")):
        return path
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return FALLBACK_SITE_URL + path


def site_url(path: str) -> str:
    """For links made without a request (e-mails from tasks): SITE_URL, or the demo default."""
    return absolute_url(None, path)
