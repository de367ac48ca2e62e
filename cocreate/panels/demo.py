"""The demo's panel (cocreate/home/demo.py): a citizens' jury with its quotas set, waiting for the
sample pool to be imported."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.demo import Cast
from cocreate.panels import services as panel_services
from cocreate.panels.forms import EXAMPLE_QUOTAS
from cocreate.renewals.models import Renewal


def build(cast: Cast, renewal: Renewal) -> None:
    panel = panel_services.create_panel(
        actor=cast.staff,
        organisation=cast.municipality,
        renewal=renewal,
        title="Citizens' jury on home care",
        purpose="24 residents, drawn by lottery to reflect Lipovec, recommend how home care should work.",
        size=24,
        retention_until=timezone.localdate() + timedelta(days=365),
    )
    panel_services.set_quotas(actor=cast.staff, panel=panel, text=EXAMPLE_QUOTAS)
