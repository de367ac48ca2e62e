"""Staff are told what citizens did, without any room calling notifications.

Every write records an audit entry (core/audit.py), and `audit.record` sends the `recorded` signal
with the entry and its target. This module listens. Each room says, in a `notify.py` module of its
own (found by module name, as `activity.py` is), which of its action codes staff should hear of:

    RULES = {"contribution.add": contribution_added}   # action code -> rule

A rule takes the entry and its target and returns a `Tell` (or None: nobody to tell): who (the
renewal's team or the organisation's staff — never another organisation's people), the kind the
person's e-mail preference is chosen for, the group that coalesces, the sentence and the link.

What the database keeps true (docs/decisions/0018-staff-notifications.md):
- once per event: the telling is queued (a task row) in the same transaction as the event, and the
  worker writes a `Told` row per (person, entry), unique, so a second run tells nobody twice;
- no floods: one unread row per (person, group) (a partial unique constraint), counted up by each
  new event ("12 new contributions on …") until the person reads it;
- the actor is never told of what they did themselves, and inactive people are told nothing;
- e-mail as each person chose for the kind: immediately (once per unread row, on commit), in the
  daily or weekly digest, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django_tasks import task

from cocreate.accounts.models import Membership, Organisation, Role, User
from cocreate.core.hooks import hook_modules
from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Delivery, Notification, Told
from cocreate.notifications.selectors import delivery_for
from cocreate.notifications.services import email_now


@dataclass(frozen=True)
class Tell:
    """Who is told of one event, and how it reads. `message` is a lazily translated template (an
    `ngettext_lazy(…, "n")` for coalesced groups) filled with `params` and `n`, the number of
    events in the person's unread row, in each person's own language."""

    recipients: Iterable[User]
    kind: str
    group: str
    message: Promise | str
    link: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # People the room has e-mailed itself already (a commitment's reminder): told in-app only.
    in_app_only: Collection[Any] = ()


Rule = Callable[[AuditEntry, "models.Model | None"], "Tell | None"]


class Registry:
    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}
        self.discovered = False

    def discover(self) -> None:
        """Import `<app>.notify` of every installed app and register its RULES."""
        for module in hook_modules("notify"):
            for code, rule in getattr(module, "RULES", {}).items():
                if code in self.rules and self.rules[code] is not rule:
                    raise ValueError(f"notify rule for {code!r} is declared twice")
                self.rules[code] = rule
        self.discovered = True

    def get(self, code: str) -> Rule | None:
        if not self.discovered:
            self.discover()
        return self.rules.get(code)


registry = Registry()


def organisation_staff(organisation: Organisation | None) -> QuerySet[User]:
    """The organisation's admins and staff (not its facilitators, not other organisations)."""
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role__in=[Role.ADMIN, Role.STAFF],
    ).distinct()


def members_of(organisation: Organisation, people: QuerySet[User]) -> QuerySet[User]:
    """Those of `people` who are (still) members of the organisation: nobody else is ever told."""
    members = Membership.objects.filter(organisation=organisation).values("user_id")
    return people.filter(is_active=True, pk__in=members).distinct()


def on_recorded(sender: Any, entry: AuditEntry, target: models.Model | None = None, **kwargs: Any) -> None:
    """The receiver of core.audit.recorded: queues the telling in the transaction that recorded the
    entry (the task row commits or rolls back with the event). The worker tells; the person who
    wrote does not wait for every team member's unread row to be counted up under its lock."""
    if registry.get(entry.action) is not None:
        tell_staff.enqueue(str(entry.pk))


@task()
def tell_staff(entry_id: str) -> None:
    """Tell the people a rule names of one recorded event. Safe to run twice: `Told` is unique."""
    entry = AuditEntry.objects.select_related("target_type").filter(pk=entry_id).first()
    rule = None if entry is None else registry.get(entry.action)
    if entry is None or rule is None:
        return
    with transaction.atomic():
        _tell(entry, rule(entry, entry.target))


def _tell(entry: AuditEntry, tell: Tell | None) -> None:
    if tell is None:
        return
    for user in tell.recipients:
        if user.pk == entry.actor_id or not user.is_active:
            continue  # never the actor themself
        tell_one(user=user, entry=entry, tell=tell)


def _text(tell: Tell, user: User, n: int) -> str:
    with translation.override(user.language or None):
        return str(tell.message % {**tell.params, "n": n})[:500]


def tell_one(*, user: User, entry: AuditEntry, tell: Tell) -> Notification | None:
    """Add one event to the person's unread row of its group (or start that row). None when the
    person was told of this entry already."""
    try:
        with transaction.atomic():
            notification, fresh = _upsert(user=user, tell=tell)
            Told.objects.create(user=user, entry=entry, notification=notification)
    except IntegrityError:
        return None  # told of this entry already: the savepoint undid the count
    if fresh and notification.email_status == Notification.EmailStatus.SENT:
        email_now(notification)
    return notification


def _upsert(*, user: User, tell: Tell) -> tuple[Notification, bool]:
    delivery = delivery_for(user, tell.kind)
    emails = user.pk not in tell.in_app_only
    for _attempt in range(3):  # the unread row may be read (closed) between our insert and our update
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=tell.kind,
                    group=tell.group,
                    count=1,
                    text=_text(tell, user, 1),
                    link=tell.link,
                    email_status=_first_status(delivery) if emails else Notification.EmailStatus.NONE,
                )
                return notification, True
        except IntegrityError:
            pass  # the person has an unread row of this group: count this event in it
        unread = (
            Notification.objects.select_for_update()
            .filter(user=user, group=tell.group, read_at__isnull=True)
            .first()
        )
        if unread is not None:
            return _count_up(unread, user=user, tell=tell, delivery=delivery, emails=emails), False
    raise IntegrityError(f"no unread notification of {tell.group} to count up, nor room for one")


def _count_up(
    notification: Notification, *, user: User, tell: Tell, delivery: str, emails: bool
) -> Notification:
    notification.count += 1
    notification.text = _text(tell, user, notification.count)
    notification.link = tell.link
    if emails and delivery in (Delivery.DAILY, Delivery.WEEKLY):
        # New events since the last digest: the next digest lists the row again.
        notification.email_status = Notification.EmailStatus.PENDING
    notification.save(update_fields=["count", "text", "link", "email_status", "updated_at"])
    return notification


def _first_status(delivery: str) -> str:
    if delivery == Delivery.IMMEDIATELY:
        return Notification.EmailStatus.SENT
    if delivery in (Delivery.DAILY, Delivery.WEEKLY):
        return Notification.EmailStatus.PENDING
    return Notification.EmailStatus.NONE
