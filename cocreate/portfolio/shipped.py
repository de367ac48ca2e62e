"""The Co-Serve model we ship (cocreate/portfolio/model/), loaded on first use."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "model"
FAMILY_KEY = "coserve"
ROOT = "COSERVE"
GROUPS = ("USERS", "ORGANISATION")
KNOWN_SOLUTION = "C24"  # "the organisation already has a clear idea of the solution"
REGULATED = "C23"  # "the service is heavily regulated"


@cache
def content() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MODEL_DIR / "content.json").read_text(encoding="utf-8"))
    return data


def dxi_text() -> str:
    return (MODEL_DIR / "coserve.dxi").read_text(encoding="utf-8")
