"""Base model and the audit log: the two things every other app leans on."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """A UUID primary key (so URLs never reveal sequence or volume) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def object_of(content_type: ContentType | None, object_id: str) -> models.Model | None:
    """The object a generic reference (content type, id) points at, or None when it is gone."""
    model = None if content_type is None else content_type.model_class()
    return None if model is None else model._default_manager.filter(pk=object_id).first()


class AuditEntry(models.Model):
    """One change made through a service: who did what to which object, and when.

    Written only by `core.audit.record`. The public process log of a renewal is built on
    these entries (only those marked public), so neither the summary nor the params may hold
    personal data. Pages show `message`: the event code and its params rendered in the reader's
    language (core/activity.py); `summary` is the same in English, kept for the admin and search.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=80)  # e.g. "renewal.create"
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=300)
    # None on rows written before the activity messages existed: those show their summary.
    params: models.JSONField[dict[str, Any] | None] = models.JSONField(null=True, blank=True, default=None)
    changes: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(_("shown in the public process log"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"

    @property
    def target(self) -> models.Model | None:
        """The object the entry is about, as it is now (None when it is gone)."""
        return object_of(self.target_type, self.target_id)

    @property
    def message(self) -> str:
        """What happened, in the active language."""
        from cocreate.core import activity

        return activity.render(self.action, self.params, self.summary)


class JoinCode(models.Model):
    """A short code a participant types to reach a participation page (see core/join.py).

    Generic over the thing joined (a journey map, a conversation, a workshop …) so that the apps
    need no field of their own; each app declares in its `join.py` where the code leads and
    whether the thing is still active. Made the first time a code is shown, never before.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("join code")
        verbose_name_plural = _("join codes")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_join_code_per_object")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def target(self) -> models.Model | None:
        return object_of(self.content_type, self.object_id)
