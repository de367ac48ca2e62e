"""`{% support_line c %}`: an idea's supports and the button to give or withdraw one.

The one place this line's markup lives, in Python rather than a template (decision 0026): a
guest's journey page fills one line per idea they support, the shared page renders one per idea
shown, and a support sent in place answers with one. As an included template it cost ~0.25 ms of
CPU a line -- most of a guest's own part of the page; built here it costs a few format calls.

With JavaScript the button is sent by htmx and this line alone is swapped
(public_views._support_in_place); the button keeps its id, so focus stays on it. Without, the form
posts and the page reloads. Reads from the context what the template read: `admitted`, `supports`
(the ids this visitor supports), `journey`, `step_page`, `refused` and the CSRF token (the real one,
or a shared page's placeholder, core/page_cache.py).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from cocreate.core.in_place import csrf_input

register = template.Library()


@register.simple_tag(takes_context=True)
def support_line(context: Any, c: Any) -> SafeString:
    if c.kind != "idea":
        return mark_safe("")
    n = c.support_count
    count = ngettext("%(n)s support", "%(n)s supports", n) % {"n": n}
    form = mark_safe("")
    if context.get("admitted"):
        supported = c.pk in (context.get("supports") or ())
        name = "journeys_public:unsupport" if supported else "journeys_public:support"
        action = reverse(name, args=[context["journey"].pk, c.pk])
        step_page = context.get("step_page")
        form = format_html(
            '<form method="post" action="{0}" class="inline-form" hx-post="{0}" hx-target="#support-{1}"'
            ' hx-swap="outerHTML" data-in-place>{2}{3}<button type="submit" id="support-button-{1}"'
            ' class="button button--small button--secondary">{4}<span class="visually-hidden"> — {5}</span>'
            "</button></form>",
            action,
            c.pk,
            csrf_input(context.get("csrf_token")),
            format_html('<input type="hidden" name="step_page" value="{}">', step_page) if step_page else "",
            gettext("Withdraw my support") if supported else gettext("Support"),
            Truncator(c.text).chars(40),
        )
    refused = context.get("refused")
    return format_html(
        '<div class="support-line" id="support-{}"><span class="meta">{}</span>\n  {}{}</div>',
        c.pk,
        count,
        form,
        format_html('<p class="notice notice--error">{}</p>', refused) if refused else "",
    )
