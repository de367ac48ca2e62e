from __future__ import annotations

from typing import Any

from django import template

from cocreate.core import qr
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


@register.simple_tag
def qr_code(url: str, size: str = "") -> str:
    """{% qr_code link %} or {% qr_code link "large" %}: the link as an inline SVG QR code."""
    return qr.figure(str(url), large=size == "large")


@register.inclusion_tag("includes/join_code.html", takes_context=True)
def join_code(context: template.Context, obj: Any, size: str = "") -> dict[str, Any]:
    """{% join_code conversation %}: the object's short code and where to type it (core/join.py)."""
    from django.urls import reverse

    from cocreate.core import join, links

    request = context.get("request")
    return {
        "code": join.code_for(obj),
        "join_url": links.absolute_url(request, reverse("home:join")),
        "large": size == "large",
    }


@register.simple_tag(takes_context=True)
def absolute(context: template.Context, path: str) -> str:
    """{% absolute path as link %}: the path as a full URL on the host the reader used (core/links.py)."""
    from cocreate.core import links

    return links.absolute_url(context.get("request"), str(path))


@register.filter
def percent(value: Any) -> str:
    """{{ 0.0831|percent }} → "8.3 %" ("8,3 %" in Slovenian): a probability as people read it.

    Precision follows the size: one decimal under 10 %, none above; what rounds to nothing is
    "0 %" when it is numerical noise (1e-16) and "< 0.1 %" when it is a real, small chance.
    """
    from django.utils.formats import number_format

    try:
        share = float(value) * 100
    except (TypeError, ValueError):
        return ""
    if share < 0.05:
        return "0\u00a0%" if share < 1e-9 else "<\u00a0" + number_format(0.1, 1) + "\u00a0%"
    if share > 99.95:
        return "100\u00a0%"
    decimals = 1 if share < 10 else 0
    return number_format(round(share, decimals), decimals) + "\u00a0%"
