"""A working group's meeting through its pages: scheduled from the desk, its own page and calendar
file, the agenda before it, minutes and decisions after it — each form on its own address, an
invalid one back with status 400, its errors and what was typed; only the secretariat and the
working group's people write; the public reads a public alliance's meeting."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.alliances import services
from cocreate.alliances.models import Meeting
from cocreate.alliances.tests.factories import alliance_with
from cocreate.core.audit import entries_for

pytestmark = pytest.mark.django_db


def _group_meeting(secretary: Any, *members: Any, started: bool, **kwargs: Any) -> Meeting:
    alliance = alliance_with(secretary, *members, **kwargs)
    group = services.add_working_group(
        actor=secretary, alliance=alliance, name="Letters", members=list(members)
    )
    starts = timezone.now() + (timedelta(hours=-1) if started else timedelta(days=3))
    return services.add_meeting(
        actor=secretary,
        owner=alliance,
        working_group=group,
        title="Kick-off",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Room 3",
        online_link="https://meet.example.org/kick-off",
    )


def test_the_desk_schedules_a_meeting_with_its_agenda_and_calendar_file(
    as_user: Any, org: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    group = services.add_working_group(actor=secretary, alliance=alliance, name="Letters", members=[org])
    client = as_user(secretary)
    create = reverse("alliances:meeting_create", args=[alliance.pk])
    data = {
        "title": "Kick-off",
        "working_group": str(group.pk),
        "starts_at": "2030-01-10T10:00",
        "ends_at": "2030-01-10T09:00",
        "location": "Room 3",
        "online_link": "https://meet.example.org/k",
        "agenda": "1. Hello",
    }
    response = client.post(create, data)  # it ends before it starts
    assert response.status_code == 400 and b"must end after it starts" in response.content
    assert b"Room 3" in response.content and not Meeting.objects.exists()
    response = client.post(create, {**data, "ends_at": "2030-01-10T12:00"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("alliances:meeting", args=[meeting.pk])
    client.post(create, {**data, "ends_at": "2030-01-10T12:00"})  # a double submit
    assert Meeting.objects.count() == 1 and meeting.working_group == group

    page = Client().get(reverse("alliances:meeting", args=[meeting.pk])).content.decode()
    assert "1. Hello" in page and "https://meet.example.org/k" in page and "Letters" in page
    assert "Save the agenda" not in page  # the public reads, never writes
    assert reverse("alliances:meeting_ics", args=[meeting.pk]) in page
    ics = Client().get(reverse("alliances:meeting_ics", args=[meeting.pk]))
    text = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar") and "attachment" in ics["Content-Disposition"]
    assert "SUMMARY:Kick-off\r\n" in text and "LOCATION:Room 3\r\n" in text
    assert "DTSTART:20300110T" in text and "DTEND:20300110T" in text and "1. Hello" in text
    listed = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert reverse("alliances:meeting", args=[meeting.pk]) in listed


def test_agenda_before_the_meeting_through_its_page(
    as_user: Any, org: Any, staff: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    meeting = _group_meeting(secretary, org, started=False)
    url = reverse("alliances:meeting_agenda", args=[meeting.pk])
    page = as_user(staff).get(reverse("alliances:meeting", args=[meeting.pk])).content.decode()
    assert "Save the agenda" in page and "Record a decision" not in page and "Save the minutes" not in page
    response = as_user(staff).post(url, {"agenda": ""})
    assert response.status_code == 400 and b"form-group--error" in response.content
    assert as_user(staff).post(url, {"agenda": "1. Hello\n2. Checklist"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda == "1. Hello\n2. Checklist"
    assert as_user(other_admin).post(url, {"agenda": "Ours"}).status_code == 403  # not in the group
    response = as_user(staff).post(
        reverse("alliances:decision_create", args=[meeting.pk]), {"title": "Early"}
    )
    assert response.status_code == 400 and b"once the meeting has started" in response.content
    assert b"Early" in response.content and not meeting.decisions.exists()
    response = as_user(staff).post(reverse("alliances:meeting_minutes", args=[meeting.pk]), {"minutes": "Hm"})
    assert response.status_code == 400 and b"not started yet" in response.content


def test_minutes_and_decisions_after_the_meeting_through_its_page(
    as_user: Any, org: Any, staff: Any, facilitator: Any, other_admin: Any, secretary: Any
) -> None:
    meeting = _group_meeting(secretary, org, started=True)
    page = as_user(staff).get(reverse("alliances:meeting", args=[meeting.pk])).content.decode()
    assert "Save the minutes" in page and "Record a decision" in page and "Save the agenda" not in page
    response = as_user(staff).post(
        reverse("alliances:meeting_agenda", args=[meeting.pk]), {"agenda": "Late one"}
    )
    assert response.status_code == 400 and b"record what happened in the minutes" in response.content
    assert b"Late one" in response.content

    minutes = reverse("alliances:meeting_minutes", args=[meeting.pk])
    assert as_user(staff).post(minutes, {"minutes": "We agreed on a checklist."}).status_code == 302
    decide = reverse("alliances:decision_create", args=[meeting.pk])
    response = as_user(staff).post(decide, {"title": "x" * 201, "details": "Kept as typed"})
    assert response.status_code == 400 and b"Kept as typed" in response.content
    assert as_user(staff).post(decide, {"title": "Adopt the checklist"}).status_code == 302
    assert as_user(staff).post(decide, {"title": "Adopt the checklist"}).status_code == 302  # double tap
    as_user(secretary).post(decide, {"title": "Report twice a year"})
    assert list(meeting.decisions.values_list("number", "title")) == [
        (1, "Adopt the checklist"),
        (2, "Report twice a year"),
    ]
    for user in (facilitator, other_admin):  # a facilitator does not run the organisation's work
        assert as_user(user).post(decide, {"title": "Ours"}).status_code == 403
    assert Client().post(decide, {"title": "Ours"}).status_code == 302  # to log in
    assert meeting.decisions.count() == 2

    public = Client().get(reverse("alliances:meeting", args=[meeting.pk])).content.decode()
    assert "We agreed on a checklist." in public and "1. Adopt the checklist" in public
    assert "2. Report twice a year" in public and "Record a decision" not in public
    alliance = meeting.alliance
    assert alliance is not None
    shown = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Decision 2 of the meeting Kick-off: Report twice a year" in shown


def test_a_private_alliances_meeting_is_not_shown_to_others(
    as_user: Any, org: Any, staff: Any, outsider: Any, other_admin: Any, secretary: Any
) -> None:
    meeting = _group_meeting(secretary, org, started=True, is_public=False)
    services.write_minutes(actor=secretary, meeting=meeting, minutes="Internal")
    for client in (Client(), as_user(outsider), as_user(other_admin)):
        assert client.get(reverse("alliances:meeting", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("alliances:meeting_ics", args=[meeting.pk])).status_code == 404
    assert b"Internal" in as_user(staff).get(reverse("alliances:meeting", args=[meeting.pk])).content
    alliance = meeting.alliance
    assert alliance is not None
    assert not entries_for(alliance).filter(public=True).exists()


def test_a_draft_pledge_is_published_by_its_staff(
    as_user: Any, org: Any, staff: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    response = as_user(staff).post(
        reverse("alliances:pledge_create", args=[alliance.pk]),
        {
            "organisation": org.pk,
            "title": "Rewrite letters",
            "amount": "-5",
            "unit": "letters",
            "year": "2029",
        },
    )
    assert response.status_code == 400 and b"Rewrite letters" in response.content
    as_user(staff).post(
        reverse("alliances:pledge_create", args=[alliance.pk]),
        {
            "organisation": org.pk,
            "title": "Rewrite letters",
            "amount": "50",
            "unit": "letters",
            "year": "2029",
        },
    )
    pledge = alliance.pledges.get()
    assert not pledge.is_published  # the box left unticked: a draft
    assert (
        "Rewrite letters"
        not in Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    )
    publish = reverse("alliances:pledge_publish", args=[pledge.pk])
    assert as_user(other_admin).post(publish).status_code == 403
    assert as_user(staff).post(publish).status_code == 302
    pledge.refresh_from_db()
    assert pledge.is_published and pledge.amount == Decimal(50)
    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    progress = page[page.index("<progress") : page.index("</progress>")]
    assert "Rewrite letters" in page and 'value="0"' in progress  # nothing reported yet
    services.report_on_pledge(actor=staff, pledge=pledge, period_end=timezone.localdate(), amount=Decimal(25))
    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    progress = page[page.index("<progress") : page.index("</progress>")]
    assert 'value="25"' in progress and "Reached so far: 25" in page  # 25 of the target of 100
