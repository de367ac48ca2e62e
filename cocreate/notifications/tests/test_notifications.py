from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.notifications import selectors, services
from cocreate.notifications.models import Delivery, Kind, Notification, Preference

pytestmark = pytest.mark.django_db


def notify(user: Any, capture: Any, kind: str = Kind.WAITING_LIST, text: str = "A place is free") -> Any:
    with capture(execute=True):
        return services.notify(user=user, kind=kind, text=text, link="/community/events/")


def test_in_app_always_and_no_email_without_consent(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    notification = notify(outsider, django_capture_on_commit_callbacks)
    assert selectors.unread_count(outsider) == 1
    assert notification.email_status == Notification.EmailStatus.NONE
    assert mailoutbox == []  # no preference row: the default is no e-mail


def test_no_email_when_switched_off(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_preferences(user=outsider, deliveries={Kind.WAITING_LIST: Delivery.OFF})
    notify(outsider, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_immediate_email_has_an_unsubscribe_link_that_works_without_login(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_preferences(user=outsider, deliveries={Kind.WAITING_LIST: Delivery.IMMEDIATELY})
    notify(outsider, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "A place is free" in body
    url = next(line for line in body.split() if "/notifications/unsubscribe/" in line)
    path = url.split("127.0.0.1:8000", 1)[-1]
    anonymous = Client()
    assert anonymous.get(path).status_code == 200  # asks first: mail scanners follow links
    assert selectors.delivery_for(outsider, Kind.WAITING_LIST) == Delivery.IMMEDIATELY
    response = anonymous.post(path)
    assert response.status_code == 200
    assert selectors.delivery_for(outsider, Kind.WAITING_LIST) == Delivery.OFF
    notify(outsider, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_forged_unsubscribe_token_is_refused(outsider: Any) -> None:
    token = services.unsubscribe_token(user=outsider, kind=Kind.NEWSLETTER)
    response = Client().post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert services.unsubscribe(token="nonsense") is None


def test_digest_groups_per_person_and_honours_later_changes(
    mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    ana, bor, cene = UserFactory(), UserFactory(), UserFactory()
    for user in (ana, bor, cene):
        services.set_preferences(
            user=user, deliveries={Kind.WAITING_LIST: Delivery.DAILY, Kind.NEWSLETTER: Delivery.DAILY}
        )
    notify(ana, django_capture_on_commit_callbacks, text="First")
    notify(ana, django_capture_on_commit_callbacks, kind=Kind.NEWSLETTER, text="Second")
    notify(bor, django_capture_on_commit_callbacks, text="Third")
    notify(cene, django_capture_on_commit_callbacks, text="Fourth")
    assert mailoutbox == []  # nothing until the digest runs
    services.set_preferences(user=cene, deliveries={Kind.WAITING_LIST: Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ana.email, bor.email])
    to_ana = next(m for m in mailoutbox if m.to == [ana.email])
    assert "First" in to_ana.body and "Second" in to_ana.body and "/notifications/unsubscribe/" in to_ana.body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0  # sent once only


def test_inbox_mark_read_and_preferences_pages(
    as_user: Any, outsider: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mine = notify(outsider, django_capture_on_commit_callbacks, text="<b>Mine</b>")
    other = notify(staff, django_capture_on_commit_callbacks, text="Not yours")
    client = as_user(outsider)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "&lt;b&gt;Mine&lt;/b&gt;" in page and "Not yours" not in page
    assert client.post(reverse("notifications:mark_read", args=[other.pk])).status_code == 404
    client.post(reverse("notifications:mark_read", args=[mine.pk]))
    assert selectors.unread_count(outsider) == 0
    response = client.post(reverse("notifications:preferences"), {Kind.NEWSLETTER: "bogus"})
    assert response.status_code == 400 and "form-group--error" in response.content.decode()
    data = {kind: Delivery.OFF for kind in Kind.values} | {Kind.EVENTS: Delivery.DAILY}
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert Preference.objects.get(user=outsider, kind=Kind.EVENTS).delivery == Delivery.DAILY
    assert Client().get(reverse("notifications:inbox")).status_code == 302
