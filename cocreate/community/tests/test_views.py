from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cocreate.community import services
from cocreate.community.models import GoodPractice, Profile, Registration
from cocreate.community.tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    MethodCardFactory,
    ProfileFactory,
)

pytestmark = pytest.mark.django_db

PRACTICE = {
    "title": "Plain letters",
    "problem": "Letters were unclear.",
    "result": "Fewer calls.",
    "lessons": "Test with readers.",
    "country": "SI",
    "sector": "social",
}


def test_public_pages_render_for_anonymous_visitors(org: Any) -> None:
    call = Client()
    practice = GoodPracticeFactory(title="<script>alert(1)</script>")
    event = EventFactory()
    method = MethodCardFactory()
    for url in [
        reverse("community:home"),
        reverse("community:practices") + "?q=%3Cscript%3E&country=ZZ&method=nope",
        reverse("community:practice", args=[practice.pk]),
        reverse("community:methods"),
        reverse("community:method", args=[method.pk]),
        reverse("community:events"),
        reverse("community:event", args=[event.pk]),
        reverse("community:paths"),
        reverse("community:organisation", args=[org.pk]),
    ]:
        response = call.get(url)
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.content.decode()
    response = call.get(reverse("community:event_ics", args=[event.pk]))
    assert (
        response["Content-Type"].startswith("text/calendar") and b"\r\nBEGIN:VEVENT\r\n" in response.content
    )
    assert call.get(reverse("community:directory")).status_code == 302  # log in first


def test_join_keeps_input_and_shows_errors_then_directory(as_user: Any, outsider: Any) -> None:
    client = as_user(outsider)
    response = client.post(
        reverse("community:edit_profile"), {"skills": "<b>x</b>", "visibility": "everyone"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "form-group--error" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert client.get(reverse("community:directory")).status_code == 403
    response = client.post(reverse("community:edit_profile"), {"skills": "mapping", "visibility": "members"})
    assert response.status_code == 302
    response = client.get(reverse("community:directory") + "?q=mapping&country=XX")
    assert response.status_code == 200 and "Oscar Outsider" in response.content.decode()


def test_practice_form_refuses_bad_files_and_keeps_input(
    as_user: Any, outsider: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    ProfileFactory(user=outsider)
    client = as_user(outsider)
    url = reverse("community:practice_create")
    bad_type = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {**PRACTICE, "attachment": bad_type})
    assert response.status_code == 200 and "Plain letters" in response.content.decode()
    assert not GoodPractice.objects.exists()
    too_big = SimpleUploadedFile("big.pdf", b"0" * (5 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(url, {**PRACTICE, "attachment": too_big})
    assert response.status_code == 200 and "5 MB" in response.content.decode()
    response = client.post(url, {**PRACTICE, "title": ""})
    assert response.status_code == 200 and not GoodPractice.objects.exists()
    ok = SimpleUploadedFile("notes.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(url, {**PRACTICE, "attachment": ok}).status_code == 302
    practice = GoodPractice.objects.get()
    assert practice.state == GoodPractice.State.DRAFT and practice.contact == outsider
    # The attachment of an unpublished practice is private.
    assert Client().get(reverse("community:practice_attachment", args=[practice.pk])).status_code == 404
    assert client.get(reverse("community:practice_attachment", args=[practice.pk])).status_code == 200
    client.post(reverse("community:practice_submit", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.state == GoodPractice.State.SUBMITTED
    assert client.post(reverse("community:practice_publish", args=[practice.pk])).status_code == 403


def test_editor_returns_with_a_reason(as_user: Any, outsider: Any, staff: Any) -> None:
    ProfileFactory(user=staff, community_editor=True)
    practice = GoodPracticeFactory(author=outsider, state=GoodPractice.State.SUBMITTED, published_at=None)
    client = as_user(staff)
    assert client.get(reverse("community:review")).status_code == 200
    response = client.post(reverse("community:practice_return", args=[practice.pk]), {"reason": ""})
    assert response.status_code == 200 and "form-group--error" in response.content.decode()
    client.post(reverse("community:practice_return", args=[practice.pk]), {"reason": "Add the lessons."})
    practice.refresh_from_db()
    assert practice.state == GoodPractice.State.RETURNED and practice.return_reason == "Add the lessons."


def test_register_cancel_attendance_and_contact(
    as_user: Any, outsider: Any, staff: Any, facilitator: Any
) -> None:
    event = EventFactory(capacity=1, organiser=staff)
    as_user(facilitator).post(reverse("community:event_register", args=[event.pk]))
    client = as_user(outsider)
    client.post(reverse("community:event_register", args=[event.pk]))
    page = client.get(reverse("community:event", args=[event.pk])).content.decode()
    assert "waiting list, number 1" in page
    as_user(facilitator).post(reverse("community:event_cancel", args=[event.pk]))
    assert Registration.objects.get(user=outsider).status == "confirmed"
    assert client.get(reverse("community:attendance", args=[event.pk])).status_code == 403
    organiser = as_user(staff)
    registration = Registration.objects.get(user=outsider)
    organiser.post(
        reverse("community:attendance", args=[event.pk]), {"attended": [str(registration.pk), "junk"]}
    )
    registration.refresh_from_db()
    assert registration.attended
    # Contact: members only, to a profile that accepts messages.
    target = ProfileFactory(user=staff, contactable=True, visibility=Profile.Visibility.PUBLIC)
    assert client.get(reverse("community:contact", args=[target.pk])).status_code == 403
    services.join(user=outsider)
    response = client.post(reverse("community:contact", args=[target.pk]), {"message": ""})
    assert response.status_code == 200 and "form-group--error" in response.content.decode()


def test_ambassador_pages(as_user: Any, org: Any, org_admin: Any, staff: Any, other_admin: Any) -> None:
    admin = as_user(org_admin)
    response = admin.post(reverse("community:nominate", args=[org.pk]), {"user": str(other_admin.pk)})
    assert response.status_code == 200  # not a colleague: refused with a message, no 500
    admin.post(reverse("community:nominate", args=[org.pk]), {"user": str(staff.pk)})
    assert org.ambassadors.filter(user=staff).exists()
    assert as_user(staff).get(reverse("community:dashboard", args=[org.pk])).status_code == 200
    assert as_user(other_admin).get(reverse("community:dashboard", args=[org.pk])).status_code == 404
    assert "Sara Staff" in Client().get(reverse("community:organisation", args=[org.pk])).content.decode()


def test_newsletter_and_learning_path(as_user: Any, org: Any, staff: Any, outsider: Any) -> None:
    from django.core.management import call_command

    call_command("seed_community", stdout=open("/dev/null", "w"))  # noqa: SIM115
    as_user(outsider).post(reverse("community:subscribe"), {"organisation": str(org.pk), "subscribed": "1"})
    assert as_user(outsider).get(reverse("community:newsletter_create")).status_code == 403
    client = as_user(staff)
    response = client.post(
        reverse("community:newsletter_create"), {"audience": str(org.pk), "subject": "", "body": "x"}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("community:newsletter_create"), {"audience": str(org.pk), "subject": "News", "body": "Text"}
    )
    assert response.status_code == 302
    assert outsider.notifications.get().text == "News"
    from cocreate.community.models import LearningPath

    path = LearningPath.objects.get()
    step = path.steps.first()
    as_user(outsider).post(reverse("community:step_done", args=[step.pk]), {"done": "1"})
    page = as_user(outsider).get(reverse("community:path", args=[path.pk])).content.decode()
    assert "You have done 1 of 4 steps." in page


def test_pages_render_in_slovenian_from_the_apps_own_catalogue() -> None:
    client = Client()
    client.cookies["cocreate_language"] = "sl"
    body = client.get(reverse("community:home")).content.decode()
    assert "Skupnost prakse" in body and "Knjižnica dobrih praks" in body


def test_remove_ambassador_only_in_ones_own_organisation(
    as_user: Any, org: Any, org_admin: Any, staff: Any, other_admin: Any
) -> None:
    ambassador = services.nominate_ambassador(actor=org_admin, organisation=org, user=staff)
    url = reverse("community:remove_ambassador", args=[ambassador.pk])
    assert as_user(other_admin).post(url).status_code == 404
    assert as_user(staff).post(url).status_code == 403
    assert as_user(org_admin).post(url).status_code == 302
    assert not org.ambassadors.exists()
