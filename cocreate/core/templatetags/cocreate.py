from __future__ import annotations

from typing import Any

from django import template

from cocreate.core.i18n import translated

register = template.Library()


@register.filter(name="tr")
def tr(value: Any) -> str:
    """{{ question.text|tr }}: the text in the active language (see core.i18n)."""
    return translated(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def times(value: Any, factor: Any) -> float:
    """{{ items|length|times:44 }} — for SVG geometry."""
    try:
        return float(value) * float(factor)
    except (TypeError, ValueError):
        return 0.0
