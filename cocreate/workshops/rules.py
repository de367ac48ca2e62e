from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_member, is_platform_admin
from cocreate.renewals.rules import runs_renewal
from cocreate.workshops.models import Workshop

# Facilitators run workshops: every member of the organisation may; obj is the Workshop (or the
# organisation for "add").
rules.add_perm("workshops.view", is_org_member | is_platform_admin)
rules.add_perm("workshops.manage", is_org_member)


def commits_outcomes(user: Person, workshop: Workshop | None) -> bool:
    """Runs the renewal the workshop belongs to: its outcomes may become the renewal's commitments."""
    return (
        isinstance(workshop, Workshop)
        and workshop.renewal is not None
        and runs_renewal(user, workshop.renewal)
    )


# obj: the Workshop whose harvest note becomes a commitment of its renewal.
rules.add_perm("workshops.commit_outcome", rules.predicate(commits_outcomes))
