"""The demo's renewal (cocreate/home/demo.py), followed through every stage: home care, public,
run by three colleagues."""

from __future__ import annotations

from cocreate.accounts.demo import Cast
from cocreate.portfolio.models import Service
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal


def build(cast: Cast, service: Service) -> Renewal:
    return renewal_services.create_renewal(
        actor=cast.admin,
        service=service,
        title="Home care that starts when it is needed",
        goal="Older residents wait weeks for home care after they leave hospital. Together with them, "
        "their families and the care providers, find where the journey breaks and fix it.",
        team=cast.colleagues,
        visibility=Renewal.Visibility.PUBLIC,
    )
