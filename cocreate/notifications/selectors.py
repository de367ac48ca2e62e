"""Reads of notifications: a person sees only their own."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import User
from cocreate.notifications.models import STAFF_KINDS, Delivery, Kind, Notification, Preference


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-updated_at")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for(user: User, notification_id: UUID) -> Notification:
    return get_object_or_404(Notification.objects, pk=notification_id, user=user)


def delivery_for(user: User, kind: str) -> str:
    """Off unless the person chose otherwise: nobody is e-mailed without having opted in."""
    value = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return value or Delivery.OFF


def kinds_for(user: User) -> list[tuple[str, str]]:
    """The kinds a person may choose for: the staff kinds only for members of an organisation."""
    staff = user.memberships.exists()
    return [(kind, str(label)) for kind, label in Kind.choices if staff or kind not in STAFF_KINDS]


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.OFF) for kind in Kind.values}
