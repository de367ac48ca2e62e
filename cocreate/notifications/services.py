"""Every write of notifications. `notify` is the one door other apps use."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import audit, links
from cocreate.core.tasks import send_email
from cocreate.notifications.models import Delivery, Digest, Kind, Notification, Preference
from cocreate.notifications.selectors import delivery_for, preferences_of

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL_KINDS = "*"
DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


def unsubscribe_token(*, user: User, kind: str) -> str:
    """A signed (not secret) token: it names a person and a kind and cannot be forged."""
    return signing.dumps({"u": str(user.pk), "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    try:
        data: dict[str, str] = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "u" not in data or "k" not in data:
        return None
    return data["u"], data["k"]


def absolute(path: str) -> str:
    return links.site_url(path) if path.startswith("/") else path


def unsubscribe_url(*, user: User, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)]))


def _email_body(*, user: User, lines: list[str], kind: str) -> str:
    footer = _(
        "You receive this e-mail because you asked for it in your notification preferences.\n"
        "Stop these e-mails (no log-in needed): %(url)s"
    ) % {"url": unsubscribe_url(user=user, kind=kind)}
    return "\n\n".join([*lines, "--", footer])


def _enqueue(*, subject: str, body: str, to: str) -> None:
    # After commit: an e-mail never announces a change that was rolled back.
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


@transaction.atomic
def notify(*, user: User, kind: str, text: str, link: str = "") -> Notification:
    """In-app always; by e-mail only as the person chose for this kind (default: no e-mail)."""
    delivery = delivery_for(user, kind)
    notification = Notification(user=user, kind=kind, text=text, link=link)
    if delivery == Delivery.IMMEDIATELY and user.is_active:
        notification.email_status = Notification.EmailStatus.SENT
    elif delivery in DIGESTS:
        notification.email_status = Notification.EmailStatus.PENDING
    notification.full_clean()
    notification.save()
    if notification.email_status == Notification.EmailStatus.SENT:
        email_now(notification)
    return notification


def email_now(notification: Notification) -> None:
    """The e-mail of one notification, in its person's language, queued when the transaction commits."""
    user = notification.user
    with translation.override(user.language or None):
        lines = [notification.text] + ([absolute(notification.link)] if notification.link else [])
        _enqueue(
            subject=notification.text[:120],
            body=_email_body(user=user, lines=lines, kind=notification.kind),
            to=user.email,
        )


@transaction.atomic
def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """One notification, or all of the person's unread ones."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def set_preferences(*, user: User, deliveries: dict[str, str]) -> None:
    for kind, delivery in deliveries.items():
        preference = Preference.objects.filter(user=user, kind=kind).first() or Preference(
            user=user, kind=kind
        )
        preference.delivery = delivery
        preference.full_clean()
        preference.save()
    audit.record(actor=user, action="notifications.preferences", target=user, params={})


@transaction.atomic
def unsubscribe(*, token: str) -> User | None:
    """The link in every e-mail: turns e-mail off for its kind (or all kinds), without a log-in."""
    data = read_unsubscribe_token(token)
    if data is None:
        return None
    user = User.objects.filter(pk=data[0]).first()
    if user is None:
        return None
    kinds = Kind.values if data[1] == ALL_KINDS else [data[1]] if data[1] in Kind.values else []
    for kind in kinds:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": Delivery.OFF})
    Notification.objects.filter(
        user=user, kind__in=kinds, email_status=Notification.EmailStatus.PENDING
    ).update(email_status=Notification.EmailStatus.NONE)
    audit.record(actor=None, action="notifications.unsubscribe", target=user, params={})
    return user


def period_of(frequency: str, today: date) -> date:
    """The day a digest is for: the day itself, or the Monday of its week."""
    return today - timedelta(days=today.weekday()) if frequency == Delivery.WEEKLY else today


def send_digests(*, today: date | None = None) -> int:
    """The digest job (run daily by `run_schedule`): one e-mail per person and period with what
    waits for it — the daily digest every day, the weekly one at the first run of the week. Safe to
    run again and from two schedulers at once: a `Digest` row per (person, frequency, period) is
    written before the e-mail is queued, so a period is sent once. A kind switched off (or to
    immediate) since it was queued is dropped, not sent. Returns the number of e-mails queued."""
    today = today or timezone.localdate()
    waiting = User.objects.filter(notifications__email_status=Notification.EmailStatus.PENDING).distinct()
    sent = 0
    for user in waiting:
        chosen = preferences_of(user)
        for frequency in DIGESTS:
            kinds = [kind for kind, delivery in chosen.items() if delivery == frequency]
            sent += _send_digest(user=user, frequency=frequency, kinds=kinds, today=today)
        unwanted = [
            kind for kind, delivery in chosen.items() if delivery not in DIGESTS or not user.is_active
        ]
        Notification.objects.filter(
            user=user, kind__in=unwanted, email_status=Notification.EmailStatus.PENDING
        ).update(email_status=Notification.EmailStatus.NONE)
    return sent


@transaction.atomic
def _send_digest(*, user: User, frequency: str, kinds: list[str], today: date) -> int:
    if not kinds or not user.is_active:
        return 0
    items = list(
        Notification.objects.select_for_update()
        .filter(user=user, kind__in=kinds, email_status=Notification.EmailStatus.PENDING)
        .order_by("-updated_at")
    )
    if not items:
        return 0
    try:
        with transaction.atomic():
            Digest.objects.create(
                user=user, frequency=frequency, period=period_of(frequency, today), items=len(items)
            )
    except IntegrityError:
        return 0  # this period's digest went out already: these wait for the next one
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(
        email_status=Notification.EmailStatus.SENT
    )
    with translation.override(user.language or None):
        lines = [f"- {n.text}" + (f"\n  {absolute(n.link)}" if n.link else "") for n in items]
        if frequency == Delivery.WEEKLY:
            subject = _("Your weekly Cocreate digest: %(n)s updates") % {"n": len(items)}
        else:
            subject = _("Your Cocreate digest: %(n)s updates") % {"n": len(items)}
        _enqueue(subject=subject, body=_email_body(user=user, lines=lines, kind=ALL_KINDS), to=user.email)
    return 1
