"""Open data: every public object as plain rows, for the CSV/JSON exports and the API alike.

Each dataset reads only through the owning app's `public_*` selectors, and each row names only what
the public page shows (no people, no drafts): the exports and the API can never show more than the
pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cocreate.alliances import selectors as alliances
from cocreate.alliances.models import Alliance, AllianceMember, Declaration, Pledge, PledgeReport
from cocreate.commitments import selectors as commitments
from cocreate.commitments.models import Commitment
from cocreate.portfolio import selectors as portfolio
from cocreate.renewals import selectors as renewals
from cocreate.renewals.models import Renewal
from cocreate.transparency import selectors as transparency
from cocreate.transparency.models import LogEntry


def renewal_row(r: Renewal) -> dict[str, Any]:
    """A public renewal, with the Co-Serve assessment that chose its service (the public page shows
    the same): the fit, the rank among the organisation's services, each criterion's answer, the
    advice and — when the organisation went against it — its published reason."""
    coserve = portfolio.coserve_summary(r.coserve_assessment)
    advice = r.coserve_advice or (coserve.participation if coserve and coserve.participation else "")
    return {
        "id": str(r.pk),
        "title": r.title,
        "organisation": r.organisation.name,
        "organisation_id": str(r.organisation_id),
        "service": r.service.name,
        "status": r.status,
        "cycle": r.cycle_number,
        "cycles": [
            {
                "number": c.number,
                "started": c.started_at.isoformat(),
                "closed": c.closed_at.isoformat() if c.closed_at else None,
                "stage": str(stage),
                "plan": list(c.plan),
                "next_plan": list(c.next_plan),
            }
            for c, stage in renewals.cycle_stages(r)
        ],
        "coserve_fit": coserve.overall.label if coserve else None,
        "coserve_rank": coserve.rank if coserve else None,
        "coserve_services_ranked": coserve.ranked if coserve else None,
        "coserve_criteria": {c.name: c.label for c in coserve.criteria} if coserve else {},
        "coserve_advice": str(advice),
        "reason_against_advice": r.reason_against_advice if r.went_against_advice else "",
    }


def commitment_row(c: Commitment) -> dict[str, Any]:
    return {
        "id": str(c.pk),
        "renewal_id": str(c.renewal_id) if c.renewal_id else None,
        "alliance_id": str(c.alliance_id) if c.alliance_id else None,
        "title": c.title,
        "why": c.why,
        "organisation": c.organisation.name,
        "organisation_id": str(c.organisation_id),
        "deadline": c.deadline.isoformat(),
        "status": c.status,
        "late": c.is_late,
        "drop_reason": c.drop_reason,
    }


def log_entry_row(e: LogEntry) -> dict[str, Any]:
    assert e.published_at is not None
    return {
        "id": str(e.pk),
        "renewal_id": str(e.renewal_id) if e.renewal_id else None,
        "alliance_id": str(e.alliance_id) if e.alliance_id else None,
        "kind": e.kind,
        "title": e.title,
        "text": e.text,
        "link": e.link,
        "participation": e.participation,
        "published_at": e.published_at.isoformat(),
    }


def alliance_row(a: Alliance) -> dict[str, Any]:
    return {
        "id": str(a.pk),
        "name": a.name,
        "purpose": a.purpose,
        "target_amount": str(a.target_amount),
        "target_unit": a.target_unit,
        "target_date": a.target_date.isoformat(),
    }


def declaration_row(d: Declaration) -> dict[str, Any]:
    return {
        "id": str(d.pk),
        "alliance_id": str(d.alliance_id),
        "version": d.version,
        "text": d.text,
        "signed_by_organisations": [s.organisation.name for s in d.signatures.all()],
    }


def member_row(m: AllianceMember) -> dict[str, Any]:
    return {
        "id": str(m.pk),
        "alliance_id": str(m.alliance_id),
        "organisation": m.organisation.name,
        "organisation_id": str(m.organisation_id),
        "sector": m.organisation.kind,
        "status": m.status,
        "joined_on": m.joined_on.isoformat() if m.joined_on else None,
        "left_on": m.left_on.isoformat() if m.left_on else None,
    }


def pledge_row(p: Pledge) -> dict[str, Any]:
    return {
        "id": str(p.pk),
        "alliance_id": str(p.alliance_id),
        "organisation": p.organisation.name,
        "organisation_id": str(p.organisation_id),
        "sector": p.organisation.kind,
        "title": p.title,
        "amount": str(p.amount),
        "unit": p.unit,
        "year": p.year,
    }


def report_row(r: PledgeReport) -> dict[str, Any]:
    return {
        "id": str(r.pk),
        "pledge_id": str(r.pledge_id),
        "organisation": r.pledge.organisation.name,
        "period_end": r.period_end.isoformat(),
        "amount": str(r.amount),
        "unit": r.pledge.unit,
        "note": r.note,
    }


@dataclass(frozen=True)
class Dataset:
    queryset: Callable[[], QuerySet[Any]]
    row: Callable[[Any], dict[str, Any]]
    # query parameter -> queryset lookup
    filters: dict[str, str]


DATASETS: dict[str, Dataset] = {
    "renewals": Dataset(renewals.public_renewals, renewal_row, {"organisation": "organisation_id"}),
    "commitments": Dataset(
        commitments.public_commitments,
        commitment_row,
        {
            "organisation": "organisation_id",
            "status": "status",
            "renewal": "renewal_id",
            "alliance": "alliance_id",
        },
    ),
    "log-entries": Dataset(
        transparency.public_log_entries,
        log_entry_row,
        {"renewal": "renewal_id", "alliance": "alliance_id", "kind": "kind"},
    ),
    "alliances": Dataset(alliances.public_alliances, alliance_row, {}),
    "declarations": Dataset(alliances.public_declarations, declaration_row, {"alliance": "alliance_id"}),
    "members": Dataset(
        alliances.public_members,
        member_row,
        {"alliance": "alliance_id", "organisation": "organisation_id", "status": "status"},
    ),
    "pledges": Dataset(
        alliances.public_pledges, pledge_row, {"alliance": "alliance_id", "organisation": "organisation_id"}
    ),
    "pledge-reports": Dataset(
        alliances.public_reports,
        report_row,
        {"pledge": "pledge_id", "alliance": "pledge__alliance_id", "organisation": "pledge__organisation_id"},
    ),
}


class BadFilter(ValueError):
    pass


def filtered(name: str, params: dict[str, str]) -> QuerySet[Any]:
    """The dataset's public rows narrowed by the known filters; unknown parameters are ignored,
    a malformed value is a BadFilter (the caller answers 400, never 500)."""
    dataset = DATASETS[name]
    queryset = dataset.queryset()
    for param, lookup in dataset.filters.items():
        value = params.get(param)
        if value:
            if lookup.endswith("_id"):
                try:
                    value = str(uuid.UUID(value))
                except ValueError:
                    raise BadFilter(param) from None
            elif "\x00" in value:
                # No stored value holds a NUL, and PostgreSQL refuses one in a query (a 500): none match.
                return queryset.none()
            queryset = queryset.filter(**{lookup: value})
    return queryset


def rows(name: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    return [DATASETS[name].row(obj) for obj in filtered(name, params or {})]


def table(records: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for core.exports: lists and mappings flattened into one cell each."""
    if not records:
        return [], []
    columns = list(records[0])
    return columns, [[_flat(record.get(c)) for c in columns] for record in records]


def _flat(value: Any) -> Any:
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):  # e.g. a renewal's cycles
        return " | ".join(", ".join(f"{k}: {_flat(x)}" for k, x in v.items()) for v in value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value
