"""Privacy entries in the activity log, in the reader's language (see core/activity.py).

An erasure says what was done, never to whom: a count and, for requests by post, the
organisation's own file reference."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _


def _erased(p: Mapping[str, Any]) -> str:
    if "ref" in p:
        return str(_("Erased a person's data at a request by post (reference %(ref)s, %(n)s items)") % p)
    return str(_("Erased a person's data (%(n)s items)") % p)


MESSAGES = {
    "privacy.notice": _("Updated the privacy notice"),
    "privacy.erase": _erased,
    "privacy.export": _("Exported a person's data at a request by post (reference %(ref)s)"),
    "privacy.retention": _("Retention: deleted %(g)s idle guests, %(e)s unconfirmed e-mails, %(c)s codes"),
}
