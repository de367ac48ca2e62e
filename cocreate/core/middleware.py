"""Middleware of the core app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Django's require_http_methods / require_POST / require_safe name their methods themselves; a 405
# written by hand (the read-only open-data API) answers reads only.
READ_METHODS = "GET, HEAD, OPTIONS"


class AllowOn405Middleware:
    """Every 405 says which methods the resource does allow (RFC 9110 §15.5.6)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 405 and not response.has_header("Allow"):
            response["Allow"] = READ_METHODS
        return response
