"""World Café rotation: seat people at tables over several rounds so that they meet as many new
people as possible, hosts stay put, and every table mixes stakeholder groups.

This is the Social Golfer Problem with fixed hosts and diversity. No Django here: plain data in,
plain data out.
"""

from cocreate.engines.tables.metrics import repeat_free_bound, rotation_metrics
from cocreate.engines.tables.model import Participant, RotationMetrics, RotationPlan, RotationProblem
from cocreate.engines.tables.planner import plan_rotation, replan_rotation
from cocreate.engines.tables.sizes import table_sizes

__all__ = [
    "Participant",
    "RotationMetrics",
    "RotationPlan",
    "RotationProblem",
    "plan_rotation",
    "repeat_free_bound",
    "replan_rotation",
    "rotation_metrics",
    "table_sizes",
]
