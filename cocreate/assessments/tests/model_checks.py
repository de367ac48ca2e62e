"""Checks shared by the tests of the shipped DEX models (Co-Serve, Co-Ready, Co-Master)."""

from __future__ import annotations

from typing import Any

LANGS = ("en", "sl")  # every text of a model's content file is in both shipped languages


def crisp(value: Any) -> int:
    """dexipy's result for one attribute as a single value index (a one-element set or a number)."""
    if isinstance(value, set | frozenset | list | tuple):
        (only,) = value
        return int(only)
    return int(value)


def bilingual_texts(node: Any, where: str = "content") -> list[tuple[str, Any]]:
    """Every {"en": …, "sl": …} dict inside ``node``, with where it is."""
    if isinstance(node, dict):
        if set(node) == set(LANGS):
            return [(where, node)]
        return [t for k, v in node.items() for t in bilingual_texts(v, f"{where}.{k}")]
    if isinstance(node, list):
        return [t for k, v in enumerate(node) for t in bilingual_texts(v, f"{where}[{k}]")]
    return []
