"""Account and organisation entries in the activity log, in the reader's language (see
core/activity.py). People are never named in the parameters: an entry says "a member", and the
entry's actor and target say who (and are unlinked when a person's data is erased)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocreate.accounts.models import Role
from cocreate.core.activity import label

MESSAGES = {
    "organisation.create": _("Created the organisation “%(name)s”"),
    "organisation.update": _("Edited the organisation “%(name)s”"),
    "invitation.create": lambda p: _("Invited a new %(role)s") % {"role": label(Role, p["role"])},
    "invitation.revoke": _("Revoked an invitation"),
    "membership.join": lambda p: _("Joined as %(role)s") % {"role": label(Role, p["role"])},
    "membership.role": _("Changed a member's role"),
    "membership.remove": _("Removed a member"),
    "user.profile": _("Updated own profile"),
    "participation.burst": _("Many new guests from one network within a minute: some were asked to wait."),
    "admission.codes": ngettext_lazy("Made %(n)s invitation code", "Made %(n)s invitation codes", "n"),
}
