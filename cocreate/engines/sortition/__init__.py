"""Sortition engine: fair, transparent selection of panels from a pool of volunteers.

No Django here: plain dataclasses and numpy in and out. Typical use::

    instance = Instance(people, quotas, panel_size=40)
    report = check_feasibility(instance)          # which quotas conflict, smallest relaxation
    lottery = find_lottery(instance, "leximin")   # panels with probabilities + certificate
    draw = draw_panel(lottery, seed="2026-11-29 lotto 3 17 22 31 40 45")
    record = audit_record(instance, lottery, draw=draw)   # JSON-serialisable
"""

from .audit import ENGINE_VERSION, audit_record, input_digest
from .draw import (
    Draw,
    Replacement,
    UniformLottery,
    draw_panel,
    draw_uniform,
    replace_dropouts,
    round_lottery,
    uniform,
)
from .feasibility import FeasibilityReport, QuotaBound, QuotaChange, check_feasibility
from .lottery import METHODS, Certificate, InfeasibleQuotasError, Lottery, Method, Stage, find_lottery
from .model import Instance, Person, Quota, SortitionInputError

__all__ = [
    "ENGINE_VERSION",
    "METHODS",
    "Certificate",
    "Draw",
    "FeasibilityReport",
    "InfeasibleQuotasError",
    "Instance",
    "Lottery",
    "Method",
    "Person",
    "Quota",
    "QuotaBound",
    "QuotaChange",
    "Replacement",
    "SortitionInputError",
    "Stage",
    "UniformLottery",
    "audit_record",
    "check_feasibility",
    "draw_panel",
    "draw_uniform",
    "find_lottery",
    "input_digest",
    "replace_dropouts",
    "round_lottery",
    "uniform",
]
