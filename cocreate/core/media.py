"""Uploaded files are served by access, never by guessing.

Every ``FileField`` whose files are shown to people is registered here by its app (in
``AppConfig.ready``) with the rule of the object it belongs to. ``/media/<path>`` finds the owner of the
file and answers it only to someone that rule lets see it; anyone else — and any path nobody owns —
gets the same 404, so a URL tells nothing about what exists.

The bytes are sent by Django (the demo, tests) or, when ``MEDIA_ACCEL_REDIRECT`` names an internal
location of the web server, by the web server through ``X-Accel-Redirect`` (see README, "Deploy").
Either way the answer carries ``Content-Disposition`` and ``X-Content-Type-Options: nosniff``, and
only re-encoded photos are shown inline.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from cocreate.core.access import public

# Only these are shown in the browser (they were re-encoded on the way in); everything else downloads.
INLINE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
DOWNLOAD_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Owner:
    model: type[Model]
    field: str
    can_view: Callable[[Any, Any], bool]


_owners: list[Owner] = []


def register(model: type[Model], field: str, can_view: Callable[[Any, Any], bool]) -> None:
    """``can_view(user, instance)``: the same rule as the page that shows the object."""
    if not any(o.model is model and o.field == field for o in _owners):
        _owners.append(Owner(model, field, can_view))


def owner_of(path: str) -> tuple[Owner, Any] | None:
    for owner in _owners:
        instance = owner.model._default_manager.filter(**{owner.field: path}).first()
        if instance is not None:
            return owner, instance
    return None


def _clean_path(path: str) -> str:
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or "\x00" in normal or normal != path:
        raise Http404
    return normal


def file_response(path: str) -> HttpResponseBase:
    filename = posixpath.basename(path)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    inline = extension in INLINE_TYPES
    content_type = INLINE_TYPES.get(extension) or DOWNLOAD_TYPES.get(extension) or "application/octet-stream"
    response: HttpResponseBase
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        # The web server sends the bytes from its internal location; the headers here still apply.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(path)
    else:
        try:
            handle = default_storage.open(path, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    # A file that slipped through as HTML or SVG still could not run anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


@public  # reachable by anyone; the owning object's rule decides below, and says 404 otherwise
@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    path = _clean_path(path)
    found = owner_of(path)
    if found is None:
        raise Http404
    owner, instance = found
    user: Any = request.user  # anonymous too: the selectors deny what it may not see
    if not owner.can_view(user, instance):
        raise Http404
    return file_response(path)
