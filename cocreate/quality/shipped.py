"""The Co-Master model we ship (cocreate/quality/model/), loaded on first use."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "model"
FAMILY_KEY = "comaster"
ROOT = "QUALITY"
PHASES = ("MOBILISATION", "COCREATION", "EFFECTS")
ORGANISERS = "organisers"
PARTICIPANTS = "participants"


@cache
def content() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MODEL_DIR / "content.json").read_text(encoding="utf-8"))
    return data


def dxi_text() -> str:
    return (MODEL_DIR / "quality.dxi").read_text(encoding="utf-8")
