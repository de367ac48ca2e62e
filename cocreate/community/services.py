"""Every write of the community."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.community.models import (
    Ambassador,
    Event,
    GoodPractice,
    LearningPath,
    MethodCard,
    PathStep,
    Profile,
    Registration,
    StepDone,
    Subscription,
)
from cocreate.community.models import Newsletter as NewsletterModel
from cocreate.core import audit
from cocreate.core.tasks import send_email
from cocreate.notifications import services as notifications
from cocreate.notifications.models import Kind

PROFILE_FIELDS = [
    "organisation",
    "institution_text",
    "role_title",
    "country",
    "skills",
    "methods",
    "languages",
    "interests",
    "visibility",
    "contactable",
]


def _forget_cached_profile(user: User) -> None:
    user.__dict__.pop("_community_profile", None)


# Members -------------------------------------------------------------------------------------------


@transaction.atomic
def join(*, user: User, **fields: Any) -> Profile:
    """Join the community (or update one's profile): opt-in, so only the person does it."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    profile = Profile.objects.filter(user=user).first()
    created = profile is None
    if profile is None:
        profile = Profile(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:  # a double submit created it first
        profile = Profile.objects.get(user=user)
    _forget_cached_profile(user)
    audit.record(
        actor=user,
        action="community.join" if created else "community.profile",
        target=profile,
        params={},
    )
    return profile


@transaction.atomic
def leave(*, user: User) -> None:
    """Leaving deletes the profile and the person's newsletter subscriptions; nothing is kept. An
    ambassadorship stays: the organisation named it and removes it."""
    Subscription.objects.filter(user=user).delete()
    deleted, _counts = Profile.objects.filter(user=user).delete()
    _forget_cached_profile(user)
    if deleted:
        audit.record(actor=user, action="community.leave", target=user, params={})


@transaction.atomic
def set_editor(*, actor: User | None, profile: Profile, editor: bool) -> Profile:
    """Name (or un-name) a community editor. `actor` None: the platform itself, when it loads the
    shipped catalogue with its editor account (community/seed.py)."""
    if actor is not None and not actor.is_platform_admin:
        raise ValidationError(_("Only a platform administrator names community editors."))
    profile.community_editor = editor
    profile.full_clean()
    profile.save(update_fields=["community_editor", "updated_at"])
    audit.record(actor=actor, action="community.editor", target=profile, params={"editor": editor})
    return profile


def contact_member(*, sender: User, recipient: Profile, message: str, share_email: bool) -> None:
    """E-mail a member through the platform. Their address is never shown to the sender, and the
    sender's address reaches the recipient only if the sender ticks "share my e-mail"."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write a message.")})
    if len(message) > 3000:
        raise ValidationError({"message": _("The message is too long: keep it under 3,000 characters.")})
    if not recipient.contactable:
        raise ValidationError(_("This member does not accept messages."))
    to = recipient.user
    with translation.override(to.language):
        if share_email:
            reply = _("To reply, write to %(name)s at %(email)s.") % {
                "name": sender.full_name,
                "email": sender.email,
            }
        else:
            sender_profile = Profile.objects.filter(user=sender).first()
            if sender_profile is not None and sender_profile.contactable:
                reply = _(
                    "%(name)s did not share an e-mail address. "
                    "To reply, use the contact form on their profile: %(url)s"
                ) % {
                    "name": sender.full_name,
                    "url": notifications.absolute(reverse("community:contact", args=[sender_profile.pk])),
                }
            else:
                reply = _("%(name)s did not share an e-mail address and does not accept replies.") % {
                    "name": sender.full_name
                }
        subject = _("A message from %(name)s (Cocreate community)") % {"name": sender.full_name}
        footer = _(
            "You receive this because your profile accepts messages. Turn it off on your profile: %(url)s"
        ) % {"url": notifications.absolute(reverse("community:edit_profile"))}
        body = "\n\n".join([message, "--", reply, footer])
    with transaction.atomic():
        audit.record(actor=sender, action="community.contact", target=recipient, params={})
        transaction.on_commit(lambda: send_email.enqueue(subject=subject[:150], body=body, to=to.email))


# Ambassadors ---------------------------------------------------------------------------------------


@transaction.atomic
def nominate_ambassador(
    *, actor: User, organisation: Organisation, user: User, since: date | None = None
) -> Ambassador:
    if not user.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"user": _("An ambassador works in the organisation.")})
    existing = Ambassador.objects.filter(organisation=organisation, user=user).first()
    if existing is not None:
        return existing
    ambassador = Ambassador(organisation=organisation, user=user, since=since or timezone.localdate())
    ambassador.full_clean()
    ambassador.save()
    audit.record(
        actor=actor,
        action="community.ambassador",
        target=ambassador,
        organisation=organisation,
        params={},
    )
    return ambassador


@transaction.atomic
def remove_ambassador(*, actor: User, ambassador: Ambassador) -> None:
    audit.record(
        actor=actor,
        action="community.ambassador_remove",
        target=ambassador.organisation,
        organisation=ambassador.organisation,
        params={},
    )
    ambassador.delete()


# Good practices ------------------------------------------------------------------------------------

PRACTICE_FIELDS = [
    "title",
    "problem",
    "context",
    "method",
    "result",
    "lessons",
    "contact",
    "country",
    "sector",
    "tags",
    "attachment",
]


def _set_practice_fields(practice: GoodPractice, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown practice fields: {sorted(unknown)}")
    for name, value in fields.items():
        # A new file is an upload or the upload layer's cleaned copy; a FieldFile is the one kept.
        if name == "attachment" and not isinstance(value, UploadedFile | ContentFile) and value is not False:
            continue  # no new file: keep the one there is
        setattr(practice, name, None if value is False else value)


@transaction.atomic
def create_practice(*, actor: User, **fields: Any) -> GoodPractice:
    practice = GoodPractice(author=actor, contact=actor)
    _set_practice_fields(practice, fields)
    practice.full_clean()
    practice.save()
    audit.record(actor=actor, action="practice.create", target=practice, params={"title": practice.title})
    return practice


@transaction.atomic
def update_practice(*, actor: User, practice: GoodPractice, **fields: Any) -> GoodPractice:
    if not practice.is_editable:
        raise ValidationError(_("A practice waiting for review or published cannot be changed."))
    _set_practice_fields(practice, fields)
    practice.full_clean()
    practice.save()
    audit.record(actor=actor, action="practice.update", target=practice, params={"title": practice.title})
    return practice


def _locked(practice: GoodPractice) -> GoodPractice:
    return GoodPractice.objects.select_for_update().get(pk=practice.pk)


@transaction.atomic
def submit_practice(*, actor: User, practice: GoodPractice) -> GoodPractice:
    practice = _locked(practice)
    if not practice.is_editable:
        return practice  # already submitted: a double click is harmless
    practice.state = GoodPractice.State.SUBMITTED
    practice.full_clean()
    practice.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="practice.submit", target=practice, params={"title": practice.title})
    return practice


@transaction.atomic
def publish_practice(*, actor: User, practice: GoodPractice) -> GoodPractice:
    if not actor.has_perm("community.review_practices"):
        raise ValidationError(_("Only community editors publish good practices."))
    practice = _locked(practice)
    if practice.state != GoodPractice.State.SUBMITTED:
        raise ValidationError(_("Only a practice waiting for review can be published."))
    practice.state = GoodPractice.State.PUBLISHED
    practice.published_at = timezone.now()
    practice.return_reason = ""
    practice.full_clean()
    practice.save()
    audit.record(
        actor=actor,
        action="practice.publish",
        target=practice,
        params={"title": practice.title},
        public=True,
    )
    if practice.author is not None:
        notifications.notify(
            user=practice.author,
            kind=Kind.GOOD_PRACTICE,
            text=_("Your good practice “%(title)s” was published.") % {"title": practice.title},
            link=reverse("community:practice", args=[practice.pk]),
        )
    return practice


@transaction.atomic
def return_practice(*, actor: User, practice: GoodPractice, reason: str) -> GoodPractice:
    if not actor.has_perm("community.review_practices"):
        raise ValidationError(_("Only community editors review good practices."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the author should change.")})
    practice = _locked(practice)
    if practice.state != GoodPractice.State.SUBMITTED:
        raise ValidationError(_("Only a practice waiting for review can be returned."))
    practice.state = GoodPractice.State.RETURNED
    practice.return_reason = reason
    practice.full_clean()
    practice.save()
    audit.record(actor=actor, action="practice.return", target=practice, params={"title": practice.title})
    if practice.author is not None:
        notifications.notify(
            user=practice.author,
            kind=Kind.GOOD_PRACTICE,
            text=_("Your good practice “%(title)s” was returned: %(reason)s")
            % {"title": practice.title, "reason": reason[:300]},
            link=reverse("community:practice", args=[practice.pk]),
        )
    return practice


# Methods (seeded; edited in the admin) ------------------------------------------------------------


@transaction.atomic
def save_method(*, key: str, **fields: Any) -> MethodCard:
    method = MethodCard.objects.filter(key=key).first() or MethodCard(key=key)
    for name, value in fields.items():
        setattr(method, name, value)
    method.full_clean()
    method.save()
    audit.record(actor=None, action="community.method", target=method, params={"name": method.name})
    return method


# Events --------------------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    actor: User,
    kind: str,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    capacity: int,
    organisation: Organisation | None = None,
) -> Event:
    event = Event(
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        capacity=capacity,
        organiser=actor,
        organisation=organisation,
    )
    event.full_clean()
    event.save()
    audit.record(actor=actor, action="event.create", target=event, params={"title": event.title}, public=True)
    return event


def _event_link(event: Event) -> str:
    return reverse("community:event", args=[event.pk])


@transaction.atomic
def register(*, user: User, event: Event) -> Registration:
    """A place while there is one, else the waiting list. The event row is locked, so parallel
    requests for the last place are served one at a time and the capacity is never exceeded."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        return registration  # already registered: a double submit is harmless
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = Registration.Status.CONFIRMED if confirmed < event.capacity else Registration.Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.queued_at = timezone.now()
    registration.attended = False
    registration.full_clean(validate_unique=False)
    registration.save()
    audit.record(actor=user, action="event.register", target=event, params={"status": status})
    return registration


@transaction.atomic
def cancel(*, user: User, event: Event) -> Registration | None:
    """Cancel a place or leave the waiting list. A freed place goes to the first person waiting,
    in the same transaction."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = event.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).first()
    if registration is None:
        return None
    freed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit.record(actor=user, action="event.cancel", target=event, params={})
    if freed:
        _fill_places(event)
    return registration


def _fill_places(event: Event) -> None:
    """Move people up from the waiting list while there are places (the caller holds the lock)."""
    free = event.capacity - event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = list(
        event.registrations.filter(status=Registration.Status.WAITING).select_related("user")[: max(free, 0)]
    )
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit.record(actor=None, action="event.move_up", target=event, params={})
        with translation.override(registration.user.language):
            text = _("A place is free: you moved up from the waiting list for “%(title)s”.") % {
                "title": event.title
            }
        notifications.notify(
            user=registration.user, kind=Kind.WAITING_LIST, text=text, link=_event_link(event)
        )


@transaction.atomic
def mark_attendance(*, actor: User, event: Event, attended_ids: set[str]) -> int:
    registrations = list(event.registrations.filter(status=Registration.Status.CONFIRMED))
    for registration in registrations:
        registration.attended = str(registration.pk) in attended_ids
        registration.save(update_fields=["attended", "updated_at"])
    count = sum(r.attended for r in registrations)
    audit.record(actor=actor, action="event.attendance", target=event, params={"n": count})
    return count


# Learning paths ------------------------------------------------------------------------------------


@transaction.atomic
def create_path(*, title: str, summary: str, steps: list[dict[str, Any]]) -> LearningPath:
    path = LearningPath.objects.filter(title=title).first() or LearningPath(title=title)
    path.summary = summary
    path.full_clean()
    path.save()
    # Update in place, so that members keep their progress when the seed runs again.
    for position, step in enumerate(steps, start=1):
        item = PathStep.objects.filter(path=path, position=position).first() or PathStep(
            path=path, position=position
        )
        for name, value in step.items():
            setattr(item, name, value)
        item.full_clean()
        item.save()
    path.steps.filter(position__gt=len(steps)).delete()
    audit.record(actor=None, action="community.path", target=path, params={"title": path.title})
    return path


@transaction.atomic
def mark_step(*, user: User, step: PathStep, done: bool) -> None:
    if done:
        try:
            with transaction.atomic():
                StepDone.objects.create(step=step, user=user)
        except IntegrityError:
            return  # already done
    else:
        StepDone.objects.filter(step=step, user=user).delete()
    audit.record(actor=user, action="community.step", target=step, params={"done": done})


# Newsletters ---------------------------------------------------------------------------------------


@transaction.atomic
def set_subscription(*, user: User, organisation: Organisation | None, subscribed: bool) -> None:
    existing = Subscription.objects.filter(user=user, organisation=organisation)
    if subscribed and not existing.exists():
        try:
            with transaction.atomic():
                Subscription.objects.create(user=user, organisation=organisation)
        except IntegrityError:
            pass  # a double submit subscribed already
    elif not subscribed:
        existing.delete()
    audit.record(actor=user, action="community.subscription", target=user, params={"subscribed": subscribed})


@transaction.atomic
def send_newsletter(
    *, actor: User, organisation: Organisation | None, subject: str, body: str
) -> NewsletterModel:
    """Through notifications (kind "newsletter"), so each subscriber's preferences apply."""
    if not actor.has_perm("community.write_newsletter", organisation):
        raise ValidationError(_("You may not write to these subscribers."))
    newsletter = NewsletterModel(
        organisation=organisation, subject=subject.strip(), body=body.strip(), author=actor
    )
    newsletter.full_clean()
    newsletter.save()
    link = reverse("community:newsletter", args=[newsletter.pk])
    subscribers = User.objects.filter(
        newsletter_subscriptions__organisation=organisation, is_active=True
    ).distinct()
    if organisation is None:
        subscribers = User.objects.filter(
            newsletter_subscriptions__organisation__isnull=True, is_active=True
        ).distinct()
    count = 0
    for subscriber in subscribers:
        notifications.notify(user=subscriber, kind=Kind.NEWSLETTER, text=newsletter.subject, link=link)
        count += 1
    newsletter.sent_at = timezone.now()
    newsletter.recipients = count
    newsletter.save(update_fields=["sent_at", "recipients", "updated_at"])
    audit.record(
        actor=actor,
        action="community.newsletter",
        target=newsletter,
        organisation=organisation,
        params={"subject": newsletter.subject, "n": count},
    )
    return newsletter
