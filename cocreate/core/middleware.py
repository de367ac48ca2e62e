"""Middleware of the core app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


# What a response or request may carry to change its own policy (django-csp's decorators, a nonce).
_OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace",
               "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")  # fmt: skip
_SETTINGS = {"CONTENT_SECURITY_POLICY": (HEADER, "_csp_exempt"),
             "CONTENT_SECURITY_POLICY_REPORT_ONLY": (HEADER_REPORT_ONLY, "_csp_exempt_ro")}  # fmt: skip


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the settings' policy built once per process, not per response.

    Building it (a dataclass turned into a dict, every directive copied and joined, twice: the
    policy and the report-only one) cost ~5 % of a guest's vote. A response with a policy of its
    own (django-csp's decorators) or a request that asked for a nonce goes through django-csp as is.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in _OWN_POLICY):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # as django-csp: Django's debug pages keep their inline styles
        for name, policy in _settings_policies():
            header, exempt = _SETTINGS[name]
            prefixes = tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not (prefixes and request.path_info.startswith(prefixes))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written raises instead of being unsafe.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


@functools.cache
def _settings_policies() -> tuple[tuple[str, str], ...]:
    return (
        ("CONTENT_SECURITY_POLICY", build_policy()),
        ("CONTENT_SECURITY_POLICY_REPORT_ONLY", build_policy(report_only=True)),
    )


@receiver(setting_changed)
def _policy_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        _settings_policies.cache_clear()
