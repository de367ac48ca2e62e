"""The policy header is built once per process and is what django-csp would build for each response."""

from __future__ import annotations

from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from cocreate.core.middleware import ContentSecurityPolicyMiddleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-reports/"}}


def _both(view: Any, path: str = "/", nonce: bool = False) -> tuple[HttpResponse, HttpResponse]:
    """The answer of ours and of django-csp's own middleware for the same request and view."""
    answers = []
    for middleware in (ContentSecurityPolicyMiddleware, CSPMiddleware):
        request = RequestFactory().get(path)

        def respond(request: HttpRequest) -> HttpResponse:
            if nonce:
                str(request.csp_nonce)  # type: ignore[attr-defined]
            return view(request)

        answers.append(middleware(respond)(request))
    return answers[0], answers[1]


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_the_policy_is_the_one_django_csp_builds() -> None:
    ours, theirs = _both(_plain)
    assert ours[HEADER] == theirs[HEADER]
    assert "default-src 'self'" in ours[HEADER] and "frame-ancestors 'none'" in ours[HEADER]
    assert HEADER_REPORT_ONLY not in ours and HEADER_REPORT_ONLY not in theirs


def test_a_changed_setting_changes_the_header_built_once_before() -> None:
    before, _ = _both(_plain)
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["https://example.org"]}},
                           CONTENT_SECURITY_POLICY_REPORT_ONLY=REPORT_ONLY):  # fmt: skip
        ours, theirs = _both(_plain)
        assert ours[HEADER] == theirs[HEADER] == "default-src https://example.org"
        assert ours[HEADER_REPORT_ONLY] == theirs[HEADER_REPORT_ONLY]
    after, _ = _both(_plain)
    assert after[HEADER] == before[HEADER]
    assert HEADER_REPORT_ONLY not in after


def test_a_view_with_a_policy_of_its_own_keeps_it() -> None:
    ours, theirs = _both(csp_update({"img-src": "https://tiles.example.org"})(_plain))
    assert ours[HEADER] == theirs[HEADER]
    assert "https://tiles.example.org" in ours[HEADER]


@override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}})
def test_a_nonce_asked_for_is_in_the_policy() -> None:
    ours, theirs = _both(_plain, nonce=True)
    assert "'nonce-" in ours[HEADER]
    assert ours[HEADER].split("'nonce-")[0] == theirs[HEADER].split("'nonce-")[0]


def test_an_exempt_view_and_a_header_set_by_the_view_are_left_alone() -> None:
    ours, _ = _both(csp_exempt()(_plain))
    assert HEADER not in ours

    def sandboxed(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("file")
        response[HEADER] = "default-src 'none'; sandbox"
        return response

    ours, _ = _both(sandboxed)
    assert ours[HEADER] == "default-src 'none'; sandbox"


EXCLUDING = {"DIRECTIVES": {"default-src": [SELF]}, "EXCLUDE_URL_PREFIXES": ["/x/"]}


@override_settings(CONTENT_SECURITY_POLICY=EXCLUDING)
def test_an_excluded_path_gets_no_header() -> None:
    ours, theirs = _both(_plain, path="/x/file")
    assert HEADER not in ours and HEADER not in theirs
    assert _both(_plain, path="/y/")[0][HEADER] == "default-src 'self'"


def test_a_nonce_asked_for_after_the_header_is_written_raises() -> None:
    request = RequestFactory().get("/")
    ContentSecurityPolicyMiddleware(_plain)(request)
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)  # type: ignore[attr-defined]
