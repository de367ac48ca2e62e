"""Co-Serve's advice in words, as a renewal shows it: what Co-Serve advised for the service and,
when the organisation co-creates against that advice, the heading of its published reason."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocreate.portfolio.models import Participation

ADVICE: dict[str, Promise] = {
    Participation.CO_CREATE: _("Co-Serve advised to co-create this service with its users."),
    Participation.CONSULT: _("Co-Serve advised to consult this service's users rather than co-create it."),
    Participation.INFORM: _(
        "Co-Serve advised to inform this service's users for now rather than co-create it."
    ),
}
REASON_HEADING: dict[str, Promise] = {
    Participation.CONSULT: _("Why we co-create although Co-Serve advised to consult:"),
    Participation.INFORM: _("Why we co-create although Co-Serve advised to inform:"),
}
REASON_MISSING = _(
    "Co-Serve advised not to co-create this service. Say why you co-create it all the same: "
    "the reason is published with the advice."
)


def needs_reason(advice: str | None) -> bool:
    """Starting a renewal against Co-Serve's advice (inform or consult) needs a written reason."""
    return bool(advice) and advice != Participation.CO_CREATE
