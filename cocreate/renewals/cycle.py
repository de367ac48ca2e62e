"""Where a renewal stands in its cycle, derived from the work done in it — never typed by hand.

A cycle runs Co-Serve (the service is chosen) → Co-Renew (journeys, conversations, workshops,
panels) → Commit (published commitments) → Co-Master (the quality assessment). The status is the
furthest step the current cycle's data shows; only closing a renewal is a decision of its own.

Renewals cannot import the apps built on it, so each of those apps tells what its data shows in a
`renewal_status.py` module of its own: a function `phase(cycle) -> Renewal.Status | None`, found by
module name as `join.py` and `activity.py` are. `status_of` is the one place the answer is made;
when cycles become first-class (issue 16) it takes a cycle instead of building one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where the current cycle stands, in the order of the cycle (`Renewal.Status` is this)."""

    PREPARING = "preparing", _("Preparing")
    CHOSEN = "chosen", _("Chosen")
    RENEWING = "renewing", _("Renewing")
    COMMITTING = "committing", _("Committing")
    ASSESSING = "assessing", _("Assessing")
    CLOSED = "closed", _("Closed")


class RenewalInCycles(Protocol):
    """What the cycle needs of a renewal. A protocol, not the model: the model asks this module
    for its status, so this module must not import the model (no circle between the files)."""

    pk: UUID
    cycle_number: int
    coserve_assessment_id: UUID | None

    @property
    def is_closed(self) -> bool: ...

    @property
    def current_cycle_started_at(self) -> datetime: ...


ORDER: list[Status] = [
    Status.PREPARING,
    Status.CHOSEN,
    Status.RENEWING,
    Status.COMMITTING,
    Status.ASSESSING,
]


@dataclass(frozen=True)
class Cycle:
    """The current cycle of a renewal: its number and when it started (work before it belongs to
    an earlier cycle)."""

    renewal: RenewalInCycles
    number: int
    started_at: datetime


Phase = Callable[[Cycle], "Status | None"]
_phases: list[Phase] = []
_discovered = False


def phases() -> list[Phase]:
    """The `phase` function of every installed app's `renewal_status` module."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            name = f"{config.name}.renewal_status"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            _phases.append(module.phase)
        _discovered = True
    return _phases


def current_cycle(renewal: RenewalInCycles) -> Cycle:
    return Cycle(renewal=renewal, number=renewal.cycle_number, started_at=renewal.current_cycle_started_at)


def status_of(renewal: RenewalInCycles) -> Status:
    if renewal.is_closed:
        return Status.CLOSED
    cycle = current_cycle(renewal)
    shown: list[Status] = [Status.CHOSEN] if renewal.coserve_assessment_id else []
    shown += [found for found in (phase(cycle) for phase in phases()) if found is not None]
    return max(shown, key=ORDER.index, default=Status.PREPARING)
