"""The Co-Serve model we ship (cocreate/portfolio/model/), loaded on first use."""

from __future__ import annotations

from pathlib import Path

from cocreate.assessments.shipped import ShippedModel

MODEL = ShippedModel(
    family_key="coserve",
    family_name={"en": "Co-Serve: which service to renew", "sl": "Co-Serve: katero storitev prenoviti"},
    declaration=Path(__file__).resolve().parent / "model" / "coserve.toml",
)
ROOT = "COSERVE"
GROUPS = ("USERS", "ORGANISATION")
KNOWN_SOLUTION = "C24"  # "the organisation already has a clear idea of the solution"
REGULATED = "C23"  # "the service is heavily regulated"
