"""The DEX models Cocreate ships (Co-Ready, Co-Serve, Co-Master), all built the same way.

Each app declares its model as data, in ``model/<name>.toml`` (the tree, the scales and the rule of
every table, with the reasons; read by :func:`cocreate.engines.dex.spec.parse_spec`), and names it
with a :class:`ShippedModel` in its ``shipped.py``. Beside the declaration lie the ``.dxi`` built
from it, the format DEXi reads, and the model's texts for people (``content.json``: names,
questions, advice in English and Slovenian). ``manage.py write_shipped_models`` rewrites every
``.dxi`` and a test checks that each file is what its declaration builds. The running site reads
the ``.dxi``: ``services.shipped_version`` imports it into the database the first time the model is
needed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from cocreate.core.hooks import hook_modules
from cocreate.engines import dex
from cocreate.engines.dex.spec import parse_spec


@dataclass(frozen=True)
class ShippedModel:
    family_key: str  # the ModelFamily the file is imported into
    family_name: Mapping[str, str]  # {"en": …, "sl": …}
    declaration: Path  # model/<name>.toml; <name>.dxi and content.json lie beside it

    @property
    def dxi_path(self) -> Path:
        return self.declaration.with_suffix(".dxi")

    def build(self) -> dex.Model:
        return parse_spec(self.declaration.read_text(encoding="utf-8")).build()

    def dxi_text(self) -> str:
        return self.dxi_path.read_text(encoding="utf-8")

    @cached_property
    def content(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.dxi_path.with_name("content.json").read_text(encoding="utf-8"))
        return data

    def write_dxi(self) -> None:
        dex.write_dxi(self.build(), self.dxi_path)


def shipped_models() -> list[ShippedModel]:
    """Every installed app's shipped models: the :class:`ShippedModel` values of its ``shipped`` module."""
    found: list[ShippedModel] = []
    for module in hook_modules("shipped"):
        found += [value for value in vars(module).values() if isinstance(value, ShippedModel)]
    return found
