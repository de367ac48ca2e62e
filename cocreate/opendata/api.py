"""The read-only open-data API (django-ninja): the same public rows as the CSV/JSON exports,
paged and filterable, described by OpenAPI at /open/api/openapi.json.

Every route is public (`access.public`), rate-limited per client address and sends CORS headers
that allow reading from any origin (GET only; nothing here writes).
"""

from __future__ import annotations

import functools
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import URLPattern, URLResolver, reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from cocreate.core.access import public
from cocreate.opendata import datasets

MAX_LIMIT = 100
MAX_OFFSET = 10_000_000

api = NinjaAPI(
    title="Cocreate open data",
    version="1",
    description="Public renewals, their process log and commitments; alliances, declarations, members, "
    "pledges and progress reports. Read-only; only what the public pages show.",
    urls_namespace="open_api",
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP refuses
)


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)  # SQLite refuses offsets beyond 64 bits


class CycleOut(Schema):
    number: int
    started: str
    closed: str | None = Field(description="When the cycle was closed (None: still running)")
    stage: str = Field(description="Where the cycle stands, derived from the work done in it")
    plan: list[str] = Field(description="The improvements carried into this cycle from the previous one")
    next_plan: list[str] = Field(description="The improvements this cycle was closed with, for the next one")


class RenewalOut(Schema):
    id: UUID
    title: str
    organisation: str
    organisation_id: UUID
    service: str
    status: str
    cycle: int
    cycles: list[CycleOut] = Field(description="The renewal's cycles, first to current")
    coserve_fit: str | None = Field(description="Co-Serve's overall fit of the service for co-creation")
    coserve_rank: int | None = Field(
        description="The service's rank among its organisation's assessed services"
    )
    coserve_services_ranked: int | None = Field(
        description="How many of the organisation's services were ranked"
    )
    coserve_criteria: dict[str, str] = Field(
        description="Each Co-Serve criterion and the organisation's answer"
    )
    coserve_advice: str = Field(description='Co-Serve\'s advice: "co-create", "consult", "inform" or empty')
    reason_against_advice: str = Field(
        description="Why the organisation co-creates although Co-Serve advised to consult or inform"
    )


class CommitmentOut(Schema):
    id: UUID
    renewal_id: UUID | None
    alliance_id: UUID | None
    title: str
    why: str
    organisation: str
    organisation_id: UUID
    deadline: str
    status: str
    late: bool
    drop_reason: str


class LogEntryOut(Schema):
    id: UUID
    renewal_id: UUID | None
    alliance_id: UUID | None
    kind: str
    title: str
    text: str
    link: str
    participation: dict[str, int]
    published_at: str


class AllianceOut(Schema):
    id: UUID
    name: str
    purpose: str
    target_amount: str
    target_unit: str
    target_date: str


class DeclarationOut(Schema):
    id: UUID
    alliance_id: UUID
    version: int
    text: str
    signed_by_organisations: list[str]


class MemberOut(Schema):
    id: UUID
    alliance_id: UUID
    organisation: str
    organisation_id: UUID
    sector: str
    status: str
    joined_on: str | None
    left_on: str | None


class PledgeOut(Schema):
    id: UUID
    alliance_id: UUID
    organisation: str
    organisation_id: UUID
    sector: str
    title: str
    amount: str
    unit: str
    year: int


class ReportOut(Schema):
    id: UUID
    pledge_id: UUID
    organisation: str
    period_end: str
    amount: str
    unit: str
    note: str


class ErrorOut(Schema):
    detail: Any


def _responses(item: type[Schema]) -> dict[int, Any]:
    """The page on success; 400/422 for malformed parameters; 429 when a client asks too often."""
    return {200: _page_schema(item), 400: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _page(name: str, paging: Paging, filters: dict[str, Any]) -> dict[str, Any]:
    if not 1 <= paging.limit <= MAX_LIMIT or paging.offset < 0:
        raise HttpError(400, f"limit must be 1–{MAX_LIMIT} and offset 0 or more")
    params = {k: str(v) for k, v in filters.items() if v is not None}
    try:
        queryset = datasets.filtered(name, params)
    except datasets.BadFilter as error:
        raise HttpError(400, f"{error} must be an id") from None
    total = queryset.count()
    items = [datasets.DATASETS[name].row(o) for o in queryset[paging.offset : paging.offset + paging.limit]]
    following = paging.offset + paging.limit
    return {"count": total, "next_offset": following if following < total else None, "items": items}


def _page_schema(item: type[Schema]) -> type[Schema]:
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {"__annotations__": {"count": int, "next_offset": int | None, "items": list[item]}},  # type: ignore[valid-type]
    )


@api.get("/renewals", response=_responses(RenewalOut), url_name="renewals")
def list_renewals(request: HttpRequest, paging: Query[Paging], organisation: UUID | None = None) -> Any:
    return _page("renewals", paging, {"organisation": organisation})


@api.get("/commitments", response=_responses(CommitmentOut), url_name="commitments")
def list_commitments(
    request: HttpRequest,
    paging: Query[Paging],
    organisation: UUID | None = None,
    status: str | None = None,
    renewal: UUID | None = None,
    alliance: UUID | None = None,
) -> Any:
    return _page(
        "commitments",
        paging,
        {"organisation": organisation, "status": status, "renewal": renewal, "alliance": alliance},
    )


@api.get("/log-entries", response=_responses(LogEntryOut), url_name="log_entries")
def list_log_entries(
    request: HttpRequest,
    paging: Query[Paging],
    renewal: UUID | None = None,
    alliance: UUID | None = None,
    kind: str | None = None,
) -> Any:
    return _page("log-entries", paging, {"renewal": renewal, "alliance": alliance, "kind": kind})


@api.get("/alliances", response=_responses(AllianceOut), url_name="alliances")
def list_alliances(request: HttpRequest, paging: Query[Paging]) -> Any:
    return _page("alliances", paging, {})


@api.get("/declarations", response=_responses(DeclarationOut), url_name="declarations")
def list_declarations(request: HttpRequest, paging: Query[Paging], alliance: UUID | None = None) -> Any:
    return _page("declarations", paging, {"alliance": alliance})


@api.get("/members", response=_responses(MemberOut), url_name="members")
def list_members(
    request: HttpRequest,
    paging: Query[Paging],
    alliance: UUID | None = None,
    organisation: UUID | None = None,
    status: str | None = None,
) -> Any:
    return _page("members", paging, {"alliance": alliance, "organisation": organisation, "status": status})


@api.get("/pledges", response=_responses(PledgeOut), url_name="pledges")
def list_pledges(
    request: HttpRequest,
    paging: Query[Paging],
    alliance: UUID | None = None,
    organisation: UUID | None = None,
) -> Any:
    return _page("pledges", paging, {"alliance": alliance, "organisation": organisation})


@api.get("/pledge-reports", response=_responses(ReportOut), url_name="pledge_reports")
def list_pledge_reports(
    request: HttpRequest,
    paging: Query[Paging],
    pledge: UUID | None = None,
    alliance: UUID | None = None,
    organisation: UUID | None = None,
) -> Any:
    return _page(
        "pledge-reports", paging, {"pledge": pledge, "alliance": alliance, "organisation": organisation}
    )


def per_minute() -> int:
    return int(getattr(settings, "OPEN_DATA_REQUESTS_PER_MINUTE", 120))


def api_root(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("open_api:openapi-json"))


def rate_limited_and_open(view: Any) -> Any:
    """A small fixed-window limiter per client address (in the shared cache), and CORS for reading."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response: HttpResponse = JsonResponse({"detail": "Read-only API"}, status=405)
        else:
            key = "open-data-rate:" + request.META.get("REMOTE_ADDR", "unknown")
            cache.add(key, 0, timeout=60)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=60)
                count = 1
            if count > per_minute():
                response = JsonResponse({"detail": "Too many requests; try again in a minute."}, status=429)
                response["Retry-After"] = "60"
            elif request.method == "OPTIONS":
                response = HttpResponse(status=204)
            else:
                response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        return response

    return public(wrapper)


@functools.cache
def urlpatterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        # Without the interactive docs, ninja's root would answer 404: point it at the description.
        view = api_root if pattern.name == "api-root" else pattern.callback
        pattern.callback = rate_limited_and_open(view)
    return patterns, app_name, namespace
