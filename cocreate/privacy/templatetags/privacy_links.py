"""The footer's privacy link: the organisation's notice on its participation pages, else "your data"."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

# Context names under which participation pages pass what they are about.
ABOUT = ("journey", "conversation", "workshop", "panel", "assessment", "renewal", "entry", "organisation")


@register.simple_tag(takes_context=True)
def privacy_url(context: Any) -> str:
    for name in ABOUT:
        obj = context.get(name)
        if obj is None:
            continue
        try:
            organisation = obj if obj.__class__.__name__ == "Organisation" else obj.organisation
        except Exception:  # noqa: S112 — a page without an organisation gets the general link
            continue
        if organisation is not None and getattr(organisation, "pk", None):
            return reverse("privacy:notice", kwargs={"organisation_id": organisation.pk})
    return reverse("privacy:home")
