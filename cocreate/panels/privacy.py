"""Personal data of panels (see cocreate/core/personal_data.py and docs/decisions/0008).

Volunteers have no account: they are found by the keyed fingerprint of an e-mail the person proved.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cocreate.core import crypto
from cocreate.core.personal_data import Erase, Holding, NotPersonal


def volunteers_of(subject: Any) -> QuerySet[Any]:
    from cocreate.panels.models import Panel, Volunteer

    emails = list(subject.emails)
    if subject.user is not None:
        emails.append(subject.user.email)
    emails += [p.email for p in subject.participants if p.email]
    query = Q(pk__in=[])
    panels = Panel.objects.filter(purged_at__isnull=True).values_list("pk", flat=True)
    for panel_id in panels:
        prints = {crypto.keyed_hash(e, purpose=f"panel-email:{panel_id}") for e in emails if e}
        if prints:
            query |= Q(panel_id=panel_id, email_fingerprint__in=prints)
    return Volunteer.objects.filter(query)


HOLDINGS = [
    Holding(
        model="panels.Volunteer",
        label=_("Your volunteering for a panel"),
        purpose=_("Drawing a representative panel by fair lottery"),
        finder=volunteers_of,
        fields=("panel", "contact", "answers", "status", "source", "created_at"),
        # The row and its status stay, so the published draw and counts hold; the person goes.
        scrub=("contact_encrypted", "answers_encrypted", "email_fingerprint", "household_fingerprint"),
        erase=Erase.UNLINK,
        retention=_("Until the panel's retention date, then purged (manage.py purge_panels)"),
        legal_basis=_("Explicit consent (art. 9(2)(a) GDPR for sensitive features)"),
    ),
    Holding(
        model="panels.Selection",
        label=_("Panel draws you started"),
        purpose=_("Drawing a representative panel"),
        subject="started_by",
        fields=("panel", "created_at", "state"),
        erase=Erase.UNLINK,
    ),
    # Staff's own work on a panel's recommendations: the recommendations and answers stay (they are
    # the organisation's public record); the person is unlinked.
    Holding(
        model="panels.Recommendation",
        label=_("Panel recommendations you recorded"),
        purpose=_("Publishing a panel's recommendations and the organisation's answers"),
        subject="created_by",
        fields=("panel", "number", "title", "created_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="panels.Recommendation",
        label=_("Answers you gave to panel recommendations"),
        purpose=_("Publishing a panel's recommendations and the organisation's answers"),
        subject="answered_by",
        fields=("panel", "number", "title", "status", "reason", "answered_at"),
        erase=Erase.UNLINK,
    ),
]
NOT_PERSONAL = [NotPersonal("panels.Feature", ("name",), "a demographic feature's name, e.g. age band")]
