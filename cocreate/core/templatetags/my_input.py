"""`{% my_input_link as link %}`: this browser's personal "What happened to my input" link (absolute),
or "" when the browser carries no guest identity. Used by core/components/my_input.html on the
participation pages."""

from __future__ import annotations

from typing import Any

from django import template

from cocreate.core import links
from cocreate.core.input_trail import link_path

register = template.Library()


@register.simple_tag(takes_context=True)
def my_input_link(context: Any) -> str:
    request = context.get("request")
    participant = getattr(request, "participant", None) if request is not None else None
    if participant is None or getattr(participant, "pk", None) is None:
        return ""
    return links.absolute_url(request, link_path(participant))
