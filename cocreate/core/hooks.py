"""Hooks: how a lower room reaches the rooms built on it without importing them.

Each room that has something to say puts a module of an agreed name in its package —
`activity`, `join`, `privacy`, `renewal_status`, `renewal_start`, `cycle_evidence`, `trail`,
`notify`, `commitment_source` — and the room that asks finds them here, in the order of
INSTALLED_APPS. A module that fails to import for another reason than being absent is an error.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

from django.apps import apps


@functools.cache
def hook_modules(name: str) -> tuple[ModuleType, ...]:
    """`<app>.<name>` of every installed app that has one."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{name}"
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return tuple(found)
