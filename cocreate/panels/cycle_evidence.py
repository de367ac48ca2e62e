"""What panels show of a renewal cycle, for Co-Master (see cocreate/core/evidence.py): whether the
panels drawn in the cycle meet their quotas, quota by quota."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core.evidence import EvidenceItem, EvidenceRow
from cocreate.panels.models import Panel, Selection
from cocreate.panels.selectors import ON_PANEL, composition
from cocreate.renewals.models import Renewal


def evidence(renewal: Renewal, started_at: datetime, ended_at: datetime) -> list[EvidenceItem]:
    """Panels whose lottery was drawn (a finished draw started in the cycle) and whose personal data
    is still kept: quotas met of all quotas, seats filled of all seats; a row per quota."""
    drawn = Selection.objects.filter(
        panel__renewal=renewal,
        state=Selection.State.DONE,
        created_at__gte=started_at,
        created_at__lt=ended_at,
    ).values("panel_id")
    panels = list(Panel.objects.filter(pk__in=drawn, purged_at__isnull=True).order_by("created_at", "pk"))
    if not panels:
        return []
    rows: list[EvidenceRow] = []
    met = quotas = seats = filled = 0
    for panel in panels:
        seats += panel.size
        filled += panel.volunteers.filter(status__in=ON_PANEL).count()
        for row in composition(panel):
            quotas += 1
            met += row.met
            rows.append(
                EvidenceRow(
                    label=f"{panel.title} · {row.feature}: {row.value}",
                    figure=_("%(n)s on the panel (quota %(min)s–%(max)s)")
                    % {"n": row.panel, "min": row.minimum, "max": row.maximum},
                    met=row.met,
                )
            )
    text = _("%(met)s of %(quotas)s quotas met; %(filled)s of %(seats)s seats filled (%(panels)s).") % {
        "met": met,
        "quotas": quotas,
        "filled": filled,
        "seats": seats,
        "panels": ngettext("%(n)s panel", "%(n)s panels", len(panels)) % {"n": len(panels)},
    }
    return [
        EvidenceItem(
            key="panels.quotas",
            label=_("Panel quotas met"),
            value=met,
            total=quotas,
            text=text,
            rows=tuple(rows),
            public=False,  # the composition comes from the pool's sensitive answers
            order=50,
        )
    ]
