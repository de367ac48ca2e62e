"""{% admission_gate target admission %}: what a participant must do to take part, where they are."""

from __future__ import annotations

from typing import Any

from django import template

from cocreate.accounts import admission as admission_rules

register = template.Library()


@register.inclusion_tag("accounts/partials/admission_gate.html", takes_context=True)
def admission_gate(context: dict[str, Any], target: Any, admission: str) -> dict[str, Any]:
    request = context["request"]
    return {
        "admission": admission,
        "admitted": admission_rules.may_take_part(request, target=target, admission=admission),
        "scope": admission_rules.scope_of(target),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
