"""What workshops show of a renewal cycle, for Co-Master (see cocreate/core/evidence.py): who came
to the renewal's workshops held in the cycle, by stakeholder group."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core.evidence import EvidenceItem, EvidenceRow
from cocreate.renewals.models import Renewal
from cocreate.workshops.models import Attendee


def evidence(renewal: Renewal, started_at: datetime, ended_at: datetime) -> list[EvidenceItem]:
    """Attendees marked present at workshops that started in the cycle (one query); each attendance
    counts, as a workshop's list counts it. Attendees without a group are "no group given"."""
    present = Attendee.objects.filter(
        workshop__renewal=renewal,
        workshop__starts_at__gte=started_at,
        workshop__starts_at__lt=ended_at,
        present=True,
    ).values_list("group", "workshop_id")
    rows = list(present)
    if not rows:
        return []
    groups = Counter(group.strip() for group, _workshop in rows)
    workshops = len({workshop for _group, workshop in rows})
    named = len([g for g in groups if g])
    attendees = len(rows)
    text = _("%(people)s at %(workshops)s, from %(groups)s.") % {
        "people": ngettext("%(n)s attendee", "%(n)s attendees", attendees) % {"n": attendees},
        "workshops": ngettext("%(n)s workshop", "%(n)s workshops", workshops) % {"n": workshops},
        "groups": ngettext("%(n)s stakeholder group", "%(n)s stakeholder groups", named) % {"n": named},
    }
    breakdown = tuple(
        EvidenceRow(label=group or _("no group given"), figure=str(n))
        for group, n in sorted(groups.items(), key=lambda item: (-item[1], item[0]))
    )
    return [
        EvidenceItem(
            key="workshops.reached",
            label=_("Workshop attendees and their stakeholder groups"),
            value=attendees,
            total=None,
            text=text,
            rows=breakdown,
            public=False,  # small groups could point at people
            order=40,
        )
    ]
