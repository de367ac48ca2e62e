"""Staff are told what citizens did, without any room calling notifications.

Every write records an audit entry (core/audit.py), and `audit.record` sends the `recorded` signal
with the entry and its target. This module listens. Each room says, in a `notify.py` module of its
own (found by module name, as `activity.py` is), which of its action codes staff should hear of:

    RULES = {"contribution.add": contribution_added}   # action code -> rule

A rule takes the entry and its target and returns a `Tell` (or None: nobody to tell): who (the
renewal's team or the organisation's staff — never another organisation's people), the kind the
person's e-mail preference is chosen for, the group that coalesces, the sentence and the link.

What the database keeps true (docs/decisions/0018-staff-notifications.md):
- once per event: the event goes into the outbox (`PendingTell`) in the same transaction as the
  event, which also makes sure a telling is queued (one run per burst, `TellingQueued`); the worker
  takes the outbox in batches, deleting what it tells in the same transaction, and writes a `Told`
  row per (person, entry), unique, so a second run tells nobody twice;
- no floods: one unread row per (person, group) (a partial unique constraint), counted up by the
  new events ("12 new contributions on …") until the person reads it, once per batch;
- the actor is never told of what they did themselves, and inactive people are told nothing;
- e-mail as each person chose for the kind: immediately (once per unread row, on commit), in the
  daily or weekly digest, or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_tasks import task

from cocreate.accounts.models import Membership, Organisation, Role, User
from cocreate.core.hooks import hook_modules
from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Delivery, Notification, PendingTell, TellingQueued, Told
from cocreate.notifications.selectors import delivery_for
from cocreate.notifications.services import email_now

logger = logging.getLogger(__name__)


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

T = TypeVar("T")
# What the rules look up for the events told together in one batch (`drain`), kept for that batch.
_batch: ContextVar[dict[Hashable, Any] | None] = ContextVar("telling_batch", default=None)


def once_per_batch(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once for all the events told together: the events of a burst mostly share what a
    rule looks up (their journey map, their renewal's team), and the worker asked it anew for each
    of them. Outside a batch (a rule called on its own), computed every time."""
    memo = _batch.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


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


# A run queued this long ago without clearing the marker is taken as lost (a worker that died with
# it): the next event queues another. Two runs at once are harmless (the outbox is taken once).
TELLING_LOST_AFTER = timedelta(minutes=10)


def on_recorded(sender: Any, entry: AuditEntry, target: models.Model | None = None, **kwargs: Any) -> None:
    """The receiver of core.audit.recorded: puts the event in the outbox and makes sure a run of the
    teller will tell it, both in the transaction that recorded the entry (they commit or roll back
    with the event). The worker tells; the person who wrote does not wait for every team member's
    unread row to be counted up under its lock."""
    if registry.get(entry.action) is None:
        return
    # The event's transaction (no savepoint: a failure here fails the event), or one of its own.
    with transaction.atomic(savepoint=False):
        # Once in the outbox however often it is dispatched (ON CONFLICT DO NOTHING). Written before
        # the marker is read: on SQLite this write holds the database until the event commits.
        PendingTell.objects.bulk_create([PendingTell(entry=entry)], ignore_conflicts=True)
        _make_sure_a_run_is_queued()


def _make_sure_a_run_is_queued() -> None:
    """Queue a run of the teller unless one is queued already: one run per burst, not one per event
    (decision 0018). The marker row is locked either way until the event commits, so a queued run,
    which clears the marker before it takes the outbox, waits for this event and tells it; and an
    event that comes after the clearing finds nothing queued and queues the next run."""
    now = timezone.now()
    marker = TellingQueued.objects.select_for_update().filter(pk=1).first()
    if marker is None:  # first event ever (or the table was emptied): the row, then its lock
        TellingQueued.objects.bulk_create([TellingQueued(pk=1)], ignore_conflicts=True)
        marker = TellingQueued.objects.select_for_update().get(pk=1)
    if marker.queued_at is not None and marker.queued_at >= now - TELLING_LOST_AFTER:
        return
    TellingQueued.objects.filter(pk=1).update(queued_at=now)
    teller = tell_staff
    wait = settings.STAFF_TELL_GATHER_SECONDS
    if wait > 0 and teller.get_backend().supports_defer:
        teller = teller.using(run_after=now + timedelta(seconds=wait))
    teller.enqueue()


@task()
def tell_staff(entry_id: str | None = None) -> None:
    """Tell every event waiting in the outbox. A run waits STAFF_TELL_GATHER_SECONDS: a burst of
    events (fifty ideas a minute in a plenary) is told in one go, one count-up per person and group
    instead of one per event. Safe to run twice: the outbox row goes with the telling.

    The run first clears the queued marker (its own statement, committed at once): that waits for
    the events that saw it queued, which hold its lock until they commit, so the outbox it then
    takes holds them all; an event after the clearing queues the next run. (`entry_id`: the runs
    queued one per event by earlier releases, still in a queue at an upgrade, run the same way.)"""
    TellingQueued.objects.filter(pk=1).update(queued_at=None)
    drain()


# Events told in one transaction: small enough to hold their outbox rows' locks briefly.
DRAIN_BATCH = 200


def drain() -> int:
    """Tell what waits in the outbox, a batch per transaction; the number of events taken. Each
    batch's outbox rows are locked (SKIP LOCKED: two workers take different events) and deleted in
    the transaction that tells them, so an event is told once, or — rolled back — waits for the next run."""
    taken_in_all = 0
    while True:
        with transaction.atomic():
            taken = list(
                PendingTell.objects.select_for_update(skip_locked=True).values_list("entry_id", flat=True)[
                    :DRAIN_BATCH
                ]
            )
            if not taken:
                return taken_in_all
            PendingTell.objects.filter(pk__in=taken).delete()
            entries = list(
                AuditEntry.objects.filter(pk__in=taken).select_related("target_type").order_by("created_at")
            )
            targets = _targets(entries)
            batch = _batch.set({})
            try:
                _tell([(entry, _ask_rule(entry, targets.get(_target_key(entry)))) for entry in entries])
            finally:
                _batch.reset(batch)
            taken_in_all += len(taken)


def _target_key(entry: AuditEntry) -> tuple[Any, str]:
    return (entry.target_type_id, entry.target_id)


def _targets(entries: list[AuditEntry]) -> dict[tuple[Any, str], models.Model]:
    """The objects the entries are about, as they are now (`AuditEntry.target`), one query per kind
    of object for the whole batch rather than one per event; what is gone is missing."""
    ids_by_type: dict[Any, set[str]] = {}
    for entry in entries:
        if entry.target_type is not None:
            ids_by_type.setdefault(entry.target_type, set()).add(entry.target_id)
    found: dict[tuple[Any, str], models.Model] = {}
    for content_type, ids in ids_by_type.items():
        model = content_type.model_class()
        if model is None:
            continue
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            found[(content_type.pk, str(pk))] = obj
    return found


def _ask_rule(entry: AuditEntry, target: models.Model | None) -> Tell | None:
    """What the room's rule says of one event. A rule that fails is logged and tells nobody of that
    event, in a savepoint of its own: one bad event must not hold back the batch it came in (nor,
    left in the outbox, every batch after it)."""
    rule = registry.get(entry.action)
    if rule is None:
        return None
    try:
        with transaction.atomic():
            return rule(entry, target)
    except Exception:
        logger.exception("telling staff of %s (entry %s) failed", entry.action, entry.pk)
        return None


def _tell(events: list[tuple[AuditEntry, Tell | None]]) -> None:
    """Each person's new events, one count-up per (person, group), oldest first: the latest sets the
    row's sentence and link. Never the actor themself, never an inactive account, and never an
    event the person was told of already."""
    people: dict[Any, User] = {}
    per_row: dict[tuple[Any, str], list[tuple[AuditEntry, Tell]]] = {}
    for entry, tell in events:
        if tell is None:
            continue
        for user in tell.recipients:
            if user.pk == entry.actor_id or not user.is_active:
                continue
            people[user.pk] = user
            # An event without a group is a row of its own.
            per_row.setdefault((user.pk, tell.group or f"entry:{entry.pk}"), []).append((entry, tell))
    if not per_row:
        return
    already = set(
        Told.objects.filter(user__in=people, entry__in=[entry.pk for entry, _ in events]).values_list(
            "user_id", "entry_id"
        )
    )
    for (user_id, _group), told in per_row.items():
        new = [(entry, tell) for entry, tell in told if (user_id, entry.pk) not in already]
        if new:
            tell_one(user=people[user_id], entries=[entry for entry, _ in new], tell=new[-1][1])


def _text(tell: Tell, user: User, n: int) -> str:
    with translation.override(user.language or None):
        return str(tell.message % {**tell.params, "n": n})[:500]


def tell_one(*, user: User, entries: list[AuditEntry], tell: Tell) -> Notification | None:
    """Add the events of one group to the person's unread row of it (or start that row), as `tell`
    says the latest of them. None when the person was told of one of them already (the savepoint
    undoes the count; the unique `Told` says so)."""
    try:
        with transaction.atomic():
            notification, fresh = _upsert(user=user, tell=tell, n=len(entries))
            Told.objects.bulk_create([Told(user=user, entry=e, notification=notification) for e in entries])
    except IntegrityError:
        return None
    if fresh and notification.email_status == Notification.EmailStatus.SENT:
        email_now(notification)
    return notification


def _upsert(*, user: User, tell: Tell, n: int) -> tuple[Notification, bool]:
    delivery = delivery_for(user, tell.kind)
    emails = user.pk not in tell.in_app_only
    if not tell.group:
        return _new_row(user=user, tell=tell, n=n, delivery=delivery, emails=emails), True
    for _attempt in range(3):  # the unread row may be read (closed) between our look and our insert
        unread = (
            Notification.objects.select_for_update()
            .filter(user=user, group=tell.group, read_at__isnull=True)
            .first()
        )
        if unread is not None:
            return _count_up(unread, user=user, tell=tell, n=n, delivery=delivery, emails=emails), False
        try:
            with transaction.atomic():
                return _new_row(user=user, tell=tell, n=n, delivery=delivery, emails=emails), True
        except IntegrityError:
            pass  # another teller started the row meanwhile: count up in it
    raise IntegrityError(f"no unread notification of {tell.group} to count up, nor room for one")


def _new_row(*, user: User, tell: Tell, n: int, delivery: str, emails: bool) -> Notification:
    return Notification.objects.create(
        user=user,
        kind=tell.kind,
        group=tell.group,
        count=n,
        text=_text(tell, user, n),
        link=tell.link,
        email_status=_first_status(delivery) if emails else Notification.EmailStatus.NONE,
    )


def _count_up(
    notification: Notification, *, user: User, tell: Tell, n: int, delivery: str, emails: bool
) -> Notification:
    notification.count += n
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
