"""The readiness model we ship (cocreate/readiness/model/): loaded into the database on first use,
so a fresh installation can open a round without any set-up."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "model"
DXI_PATH = MODEL_DIR / "readiness.dxi"
CONTENT_PATH = MODEL_DIR / "content.json"

CATEGORIES = ("CAPACITY", "INTERNAL", "CONTEXT")
ROOT = "READINESS"


@cache
def content() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
    return data


def dxi_text() -> str:
    return DXI_PATH.read_text(encoding="utf-8")
