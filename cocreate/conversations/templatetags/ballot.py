"""`{% ballot %}`: the progress and the statement to vote on, with its three buttons.

The one place the ballot's markup lives, in Python rather than a template (decision 0026): a
vote sent in place is answered with it (views._next_ballot), a third of all requests in a
city-wide conversation, and as an included template it cost ~0.25 ms of CPU -- a tenth of a vote.

With JavaScript a vote is sent by htmx and answered with this part alone, the next statement in
it; focus then moves to the new statement (`in_place`), so a screen reader reads it out, or to the
refusal when the vote was refused. Without, the form posts and the page reloads. The form posts
to the address as it stands: an embedding site's `?xid=` identifies the voter where its frame
keeps no cookie.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cocreate.core.in_place import csrf_input

register = template.Library()


@register.simple_tag(takes_context=True)
def ballot(context: Any) -> SafeString:
    return ballot_html(context)


def ballot_html(context: Mapping[str, Any]) -> SafeString:
    """The ballot from what the page's context holds: `done`, `total`, `statement` (selectors.Offered
    or None), `admitted`, `conversation`, `refused`, `in_place`, `request` and the CSRF token."""
    refused = context.get("refused")
    focus = mark_safe(' tabindex="-1" autofocus') if context.get("in_place") and not refused else ""
    progress = gettext("You have voted on %(done)s of %(total)s statements.") % {
        "done": context.get("done"),
        "total": context.get("total"),
    }
    error = ""
    if refused:
        error = format_html(
            '<p class="notice notice--error"{}>{}</p>',
            mark_safe(' tabindex="-1" autofocus') if context.get("in_place") else "",
            refused,
        )
    statement, admitted = context.get("statement"), context.get("admitted")
    body = ""
    if statement and admitted:
        body = _statement_card(context, statement, focus)
    elif admitted and context["conversation"].is_open:
        body = format_html(
            '\n  <p class="notice"{}>{}</p>\n  ',
            focus,
            gettext(
                "You have voted on every statement. Thank you! Come back later for new ones, or add your own."
            ),
        )
    return format_html(
        '<div id="ballot">\n  <p class="progress" aria-live="polite">{}</p>\n  {}\n  {}\n</div>\n',
        progress,
        error,
        body,
    )


def _statement_card(context: Mapping[str, Any], statement: Any, focus: str) -> SafeString:
    action = context["request"].get_full_path()
    return format_html(
        '\n  <section class="statement-card" aria-labelledby="statement-text"{focus}>\n'
        '    <p class="meta">{number}</p>\n'
        '    <p id="statement-text" class="statement-card__text">{text}</p>\n'
        '    <form method="post" action="{action}" class="vote-buttons" hx-post="{action}"'
        ' hx-target="#ballot" hx-swap="outerHTML" data-in-place>{token}\n'
        '      <input type="hidden" name="statement" value="{pk}">\n'
        '      <button type="submit" name="vote" value="agree" class="button">{agree}</button>\n'
        '      <button type="submit" name="vote" value="disagree" class="button button--warning">'
        "{disagree}</button>\n"
        '      <button type="submit" name="vote" value="pass" class="button button--secondary">'
        "{pass_}</button>\n"
        "    </form>\n"
        "  </section>\n  ",
        focus=focus,
        number=gettext("Statement %(n)s") % {"n": statement.number},
        text=statement.text,
        action=action,
        token=csrf_input(context.get("csrf_token")),
        pk=statement.pk,
        agree=gettext("Agree"),
        disagree=gettext("Disagree"),
        pass_=gettext("Pass / unsure"),
    )
