from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cocreate.accounts.tests.factories import UserFactory
from cocreate.community import services
from cocreate.community.models import GoodPractice, Profile, Registration
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, ProfileFactory
from cocreate.notifications import services as notification_services
from cocreate.notifications.models import Delivery, Kind, Notification

pytestmark = pytest.mark.django_db


def test_join_update_and_leave(outsider: Any, org: Any) -> None:
    profile = services.join(user=outsider, skills="facilitation", organisation=org)
    assert profile.institution == org.name
    services.join(user=outsider, skills="facilitation, research")
    assert Profile.objects.get(user=outsider).skills == "facilitation, research"
    services.set_subscription(user=outsider, organisation=None, subscribed=True)
    services.leave(user=outsider)
    assert not Profile.objects.filter(user=outsider).exists()
    assert not outsider.newsletter_subscriptions.exists()


def test_contact_never_reveals_addresses_unless_shared(
    outsider: Any, staff: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    sender = ProfileFactory(user=outsider).user
    recipient = ProfileFactory(user=staff, contactable=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_member(sender=sender, recipient=recipient, message="Hello", share_email=False)
    assert mailoutbox[0].to == [staff.email]
    assert outsider.email not in mailoutbox[0].body and outsider.email not in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_member(sender=sender, recipient=recipient, message="Again", share_email=True)
    assert outsider.email in mailoutbox[1].body
    recipient.contactable = False
    with pytest.raises(ValidationError):
        services.contact_member(sender=sender, recipient=recipient, message="Hi", share_email=False)


def test_review_workflow_editor_publishes_and_the_author_is_notified(outsider: Any, staff: Any) -> None:
    ProfileFactory(user=outsider)
    editor = ProfileFactory(user=staff, community_editor=True).user
    practice = GoodPracticeFactory(author=outsider, state=GoodPractice.State.DRAFT, published_at=None)
    services.submit_practice(actor=outsider, practice=practice)
    with pytest.raises(ValidationError):
        services.publish_practice(actor=outsider, practice=practice)  # a member cannot publish
    with pytest.raises(ValidationError):
        services.return_practice(actor=editor, practice=practice, reason="  ")
    services.return_practice(actor=editor, practice=practice, reason="Add the result.")
    practice.refresh_from_db()
    assert practice.state == GoodPractice.State.RETURNED and practice.is_editable
    services.update_practice(actor=outsider, practice=practice, result="Shorter queues.")
    services.submit_practice(actor=outsider, practice=practice)
    services.publish_practice(actor=editor, practice=practice)
    practice.refresh_from_db()
    assert practice.is_published and practice.published_at is not None
    assert list(Notification.objects.filter(user=outsider).values_list("kind", flat=True)) == [
        Kind.GOOD_PRACTICE,
        Kind.GOOD_PRACTICE,
    ]
    with pytest.raises(ValidationError):
        services.update_practice(actor=outsider, practice=practice, title="Changed after publication")


def test_waiting_list_moves_up_on_cancel_and_the_person_is_told(
    mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(capacity=2)
    first, second, third, fourth = (UserFactory() for _ in range(4))
    notification_services.set_preferences(user=third, deliveries={Kind.WAITING_LIST: Delivery.IMMEDIATELY})
    statuses = [services.register(user=u, event=event).status for u in (first, second, third, fourth)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert services.register(user=third, event=event).status == "waiting"  # a double submit is harmless
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(user=first, event=event)
    assert Registration.objects.get(event=event, user=third).status == "confirmed"
    assert Registration.objects.get(event=event, user=fourth).status == "waiting"
    assert event.confirmed_count() == 2
    assert [m.to for m in mailoutbox] == [[third.email]]
    assert Notification.objects.filter(user=third, kind=Kind.WAITING_LIST).exists()
    # Leaving the waiting list frees nothing; registering again puts you at the back.
    services.cancel(user=fourth, event=event)
    assert services.register(user=first, event=event).status == "waiting"
    services.cancel(user=second, event=event)
    assert Registration.objects.get(event=event, user=first).status == "confirmed"


def test_attendance_counts_for_the_ambassador_dashboard(org: Any, staff: Any, org_admin: Any) -> None:
    from cocreate.community.selectors import activity_of

    event = EventFactory(capacity=5)
    registration = services.register(user=staff, event=event)
    services.register(user=org_admin, event=event)
    services.mark_attendance(actor=event.organiser, event=event, attended_ids={str(registration.pk)})
    assert activity_of(org).event_attendances == 1
    with pytest.raises(ValidationError):
        services.nominate_ambassador(actor=org_admin, organisation=org, user=UserFactory())
    ambassador = services.nominate_ambassador(actor=org_admin, organisation=org, user=staff)
    assert services.nominate_ambassador(actor=org_admin, organisation=org, user=staff) == ambassador


def test_newsletter_goes_to_subscribers_through_their_preferences(
    org: Any,
    staff: Any,
    outsider: Any,
    other_admin: Any,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.set_subscription(user=outsider, organisation=org, subscribed=True)
    services.set_subscription(user=outsider, organisation=org, subscribed=True)  # twice is harmless
    services.set_subscription(user=other_admin, organisation=None, subscribed=True)
    notification_services.set_preferences(user=outsider, deliveries={Kind.NEWSLETTER: Delivery.IMMEDIATELY})
    with pytest.raises(ValidationError):
        services.send_newsletter(actor=outsider, organisation=org, subject="Hi", body="Text")
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.send_newsletter(
            actor=staff, organisation=org, subject="Spring update", body="News"
        )
    assert newsletter.recipients == 1
    assert [m.to for m in mailoutbox] == [[outsider.email]]
    assert not Notification.objects.filter(user=other_admin).exists()


@pytest.mark.django_db(transaction=True)
def test_capacity_is_never_exceeded_under_parallel_registrations() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks; this runs on PostgreSQL in CI")
    event = EventFactory(capacity=5)
    for _ in range(4):
        services.register(user=UserFactory(), event=event)
    users = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def attempt(user: Any) -> None:
        try:
            barrier.wait()
            services.register(user=user, event=event)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert event.registrations.filter(status="confirmed").count() == 5
    assert event.registrations.filter(status="waiting").count() == 19
