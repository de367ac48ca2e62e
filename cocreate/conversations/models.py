"""Conversations in the manner of Pol.is: statements, one vote per participant per statement, and
the opinion groups computed from the votes (by cocreate.engines.opinions, in a background task)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Admission, GuestParticipant, Organisation
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal

STATEMENT_MAX_LENGTH = 300


class Conversation(BaseModel):
    class Moderation(models.TextChoices):
        BEFORE = "before", _("Before publication: new statements wait for a moderator")
        AFTER = "after", _("After publication: new statements appear at once and can be hidden")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="conversations")
    step = models.ForeignKey(
        "journeys.Step",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
        verbose_name=_("about this step of the journey"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what we ask"), max_length=3000, blank=True)
    participants_may_add = models.BooleanField(_("participants may add statements"), default=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.AFTER
    )
    is_public = models.BooleanField(_("results are public"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    admission = models.CharField(
        _("who may take part"), max_length=10, choices=Admission.choices, default=Admission.OPEN
    )
    # Coalescing of recomputes: set when a vote arrives and no recompute is queued yet.
    recompute_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.topic

    @property
    def organisation(self) -> Organisation:
        return self.renewal.organisation

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def results_are_public(self) -> bool:
        return self.is_public and self.renewal.is_public


class Statement(BaseModel):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField(_("number"))  # the "comment-id" of the Polis export
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX_LENGTH)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    is_seed = models.BooleanField(_("seed statement"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PUBLISHED)
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["conversation", "number"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="statement_number_unique"),
            models.UniqueConstraint(fields=["conversation", "text"], name="statement_text_unique"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Vote(models.Model):
    """One participant's vote on one statement; a changed vote replaces the old one."""

    class Choice(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass / unsure")

    id = models.BigAutoField(primary_key=True)  # internal only, never in a URL; votes are many
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        GuestParticipant, on_delete=models.CASCADE, related_name="conversation_votes"
    )
    value = models.SmallIntegerField(choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="one_vote_per_statement"),
        ]
        indexes = [
            models.Index(fields=["conversation", "participant"]),
            # A recompute reads only the votes of one conversation changed since the last read.
            models.Index(fields=["conversation", "updated_at"], name="vote_changed_since"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()} on statement {self.statement_id}"


class OpinionSnapshot(models.Model):
    """The latest computed opinion groups of a conversation: aggregates as JSON (what the results
    page shows), and the group of each voter as a compact array (only the exports read it)."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="snapshot")
    computed_at = models.DateTimeField()
    votes_counted = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    # Group per voter (-1: not clustered), in the order voters first voted (the anonymous
    # "voter-id" of the exports), as little-endian 16-bit integers (``pack_voter_groups``).
    voter_groups = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("opinion snapshot")
        verbose_name_plural = _("opinion snapshots")

    def __str__(self) -> str:
        return f"Opinions of {self.conversation_id} at {self.computed_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def pack_voter_groups(groups: npt.NDArray[np.int64]) -> bytes:
        return np.asarray(groups, dtype="<i2").tobytes()

    def groups_of_voters(self) -> list[int]:
        """The group of every voter (-1: not clustered), in the order voters first voted."""
        return [int(g) for g in np.frombuffer(bytes(self.voter_groups), dtype="<i2").tolist()]


class OpinionVoteStore(models.Model):
    """The opinion engine's compact vote store of a conversation and its warm state, so that a
    recompute reads only the votes that changed since the last one, even after a restart
    (compute.py keeps the live copy in the worker's memory; this is its persisted twin)."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="vote_store")
    store = models.BinaryField()  # engine VoteStore.to_bytes(): 9 bytes a vote plus the ids
    state = models.BinaryField(null=True)  # engine state_to_bytes(): PCA axes, clusters, smoother
    # Votes changed at or after this instant (less a safety margin) are read on the next recompute.
    read_until = models.DateTimeField()
    votes = models.PositiveIntegerField(default=0)
    # Participation by hour as of ``read_until`` and the votes already counted in its overlap
    # window (compute._Live), so that a restarted worker neither loses nor double-counts votes.
    timeline = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opinion vote store")
        verbose_name_plural = _("opinion vote stores")

    def __str__(self) -> str:
        return f"Vote store of {self.conversation_id} ({self.votes} votes)"
