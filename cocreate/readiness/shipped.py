"""The readiness model we ship (cocreate/readiness/model/): loaded into the database on first use,
so a fresh installation can open a round without any set-up."""

from __future__ import annotations

from pathlib import Path

from cocreate.assessments.shipped import ShippedModel

MODEL = ShippedModel(
    family_key="readiness",
    family_name={"en": "Co-Ready: organisational readiness", "sl": "Co-Ready: pripravljenost organizacije"},
    declaration=Path(__file__).resolve().parent / "model" / "readiness.toml",
)
CATEGORIES = ("CAPACITY", "INTERNAL", "CONTEXT")
ROOT = "READINESS"
