"""What happened to my input — the vocabulary the stages use to tell a participant the trail of
each thing they gave, and the signed personal link that shows it.

The page lives in `transparency`, above the stages; each stage says its part in a `trail.py`
module of its own (found by module name, as `renewal_status.py` is) with one function::

    def contributions_of(guest_ids, user, emails=()) -> list[TrailItem]

`guest_ids` are the guest identities the person holds (this browser's, their account's, those of
an e-mail address they proved with a code), `user` their account or None, `emails` the addresses
they proved (a panel knows its volunteers only by e-mail). A hook returns only what the person
wrote themselves and what the organisation answered in public: never another participant's data,
never a note meant for staff.

This module sits in core so that the stages (which may not import `transparency`) can build the
items; it imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Text = str | Promise

LINK_SALT = "cocreate.my-input"


@dataclass(frozen=True)
class TrailStep:
    """One stage a contribution reached, in plain words."""

    code: str  # what happened, for tests and styling: received, answered, merged, accepted, …
    label: Text  # "The organisation answered"
    at: datetime | date | None = None
    text: str = ""  # the organisation's public answer, a moderator's reason given to the author
    link: str = ""  # a public page about this step (the renewal, a report), when it is public
    link_label: Text = ""


@dataclass(frozen=True)
class TrailItem:
    """One thing the person gave and the stages it reached, oldest first (the last is where it is now)."""

    key: str  # unique on the page, e.g. "journeys.contribution:<pk>"
    kind: Text  # "Idea", "Statement", "Panel registration"
    text: str  # the person's own words ("" where they wrote none, e.g. a questionnaire)
    where: str  # the renewal (or panel, workshop) it belongs to
    created_at: datetime
    steps: tuple[TrailStep, ...]
    public_url: str = ""  # the renewal's public page, when the renewal is public
    next_hint: Text = ""  # what happens next, when something still will
    details: tuple[Text, ...] = field(default_factory=tuple)  # e.g. the step of the journey


# --- the personal link ---------------------------------------------------------------------------


class Identity(Protocol):
    """What the link reads of a guest identity (accounts.GuestParticipant), without importing it."""

    pk: Any
    created_at: datetime


@dataclass(frozen=True)
class LinkClaim:
    """Who a valid token names: the identity's id and when that identity was made."""

    participant_id: UUID
    made: str

    def names(self, participant: Identity) -> bool:
        """True for the very identity the link was given to. An identity made again under the same
        id after an erasure (a browser still holding the old id) is another one: the link stays dead."""
        return _stamp(participant.created_at) == self.made


def _stamp(moment: datetime) -> str:
    return format(round(moment.timestamp() * 1_000_000), "x")


def link_token(participant: Identity) -> str:
    """The signed token of a guest identity's personal "my input" link (HMAC with SECRET_KEY). No
    expiry: the person keeps it; erasing the identity revokes it (the token then names nobody)."""
    payload = f"{UUID(str(participant.pk)).hex}.{_stamp(participant.created_at)}"
    return signing.Signer(salt=LINK_SALT).sign(payload)


def claim_of(token: str) -> LinkClaim | None:
    """What a token names, or None when it was tampered with or is malformed."""
    try:
        participant_hex, made = signing.Signer(salt=LINK_SALT).unsign(token).split(".")
        return LinkClaim(UUID(hex=participant_hex), made)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def link_path(participant: Identity) -> str:
    return reverse("transparency_public:my_input_link", args=[link_token(participant)])


# --- shared wording ------------------------------------------------------------------------------


class CommitmentLike(Protocol):
    """What the trail reads of a commitment (commitments.Commitment), without importing it."""

    title: str
    status: str
    deadline: date
    completed_at: datetime | None
    drop_reason: str
    is_published: bool
    created_at: datetime
    pk: Any
    renewal_id: Any

    @property
    def is_public(self) -> bool: ...

    def get_status_display(self) -> str: ...


def renewal_public_url(renewal: Any) -> str:
    """The public page of a renewal when it is public, else ""."""
    if renewal is None or not getattr(renewal, "is_public", False):
        return ""
    try:
        return reverse("public:public_renewal", args=[renewal.pk])
    except NoReverseMatch:
        return ""


def _first_reverse(*candidates: tuple[str, Any]) -> str:
    """The first of these pages that exists (the public page of a commitment, else its renewal's)."""
    for name, arg in candidates:
        if arg is None:
            continue
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return ""


def commitment_steps(commitment: CommitmentLike | None) -> list[TrailStep]:
    """The steps "it became a commitment" and, later, "done" or "dropped". A draft commitment is the
    organisation's work in progress: it shows only once published."""
    if commitment is None or not commitment.is_published:
        return []
    link = ""
    if commitment.is_public:
        link = _first_reverse(
            ("commitments:public_commitment", commitment.pk), ("public:public_renewal", commitment.renewal_id)
        )
    steps = [
        TrailStep(
            "commitment",
            _("It became a commitment: “%(title)s”") % {"title": commitment.title},
            commitment.created_at,
            text=_("Status: %(status)s. Due by %(deadline)s.")
            % {
                "status": commitment.get_status_display(),
                "deadline": formats.date_format(commitment.deadline, "SHORT_DATE_FORMAT"),
            },
            link=link,
            link_label=_("See the commitment on the public page") if link else "",
        )
    ]
    if commitment.status == "done":
        steps.append(TrailStep("done", _("Done: the commitment was kept"), commitment.completed_at))
    elif commitment.status == "dropped":
        steps.append(TrailStep("dropped", _("The commitment was dropped"), None, text=commitment.drop_reason))
    return steps
