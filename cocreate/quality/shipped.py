"""The Co-Master model we ship (cocreate/quality/model/), loaded on first use."""

from __future__ import annotations

from pathlib import Path

from cocreate.assessments.shipped import ShippedModel

MODEL = ShippedModel(
    family_key="comaster",
    family_name={"en": "Co-Master: quality of the co-creation", "sl": "Co-Master: kakovost soustvarjanja"},
    declaration=Path(__file__).resolve().parent / "model" / "quality.toml",
)
ROOT = "QUALITY"
PHASES = ("MOBILISATION", "COCREATION", "EFFECTS")
ORGANISERS = "organisers"
PARTICIPANTS = "participants"
