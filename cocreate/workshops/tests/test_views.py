"""The workshop page and its actions, one view each: what each does, where it sends the facilitator
back to, and that an invalid form answers on the page with its errors and what was typed (400)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.core import crypto
from cocreate.core.models import AuditEntry
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution
from cocreate.panels.models import Panel, Volunteer
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import planning, services
from cocreate.workshops.models import Attendee, HarvestNote, Workshop
from cocreate.workshops.tests.test_workshops import cafe

pytestmark = pytest.mark.django_db


def open_space(org: Any, staff: Any, people: int = 0) -> Workshop:
    start = timezone.now() + timedelta(days=3)
    workshop = services.create_workshop(
        actor=staff,
        organisation=org,
        title="Open day",
        format="open_space",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
    )
    if people:
        services.add_people(
            actor=staff, workshop=workshop, text="\n".join(f"P{n}; users" for n in range(people))
        )
    return workshop


def url(name: str, workshop: Workshop, *more: Any) -> str:
    return reverse(f"workshops:{name}", args=[workshop.pk, *more])


def page(workshop: Workshop, anchor: str) -> str:
    return reverse("workshops:workshop", args=[workshop.pk]) + f"#{anchor}"


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def followed(client: Client, address: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(address, data or {}, follow=True)


# --- the list and the page -----------------------------------------------------------------------


def test_the_list_plans_a_workshop_from_a_template(as_user: Any, org: Any, staff: Any) -> None:
    client = as_user(staff)
    assert client.get(reverse("workshops:workshops")).status_code == 200
    start = timezone.localtime() + timedelta(days=5)
    response = client.post(
        reverse("workshops:workshops"),
        {
            "title": "Home care café",
            "format": "world_cafe",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 30,
            "registration": "open",
            "tables_count": 6,
            "table_size": 5,
        },
    )
    workshop = Workshop.objects.get(title="Home care café")
    assert response.status_code == 302 and response["Location"] == reverse(
        "workshops:workshop", args=[workshop.pk]
    )


def test_the_list_shows_a_service_refusal_on_the_form(as_user: Any, org: Any, staff: Any) -> None:
    start = timezone.localtime() + timedelta(days=5)
    response = as_user(staff).post(
        reverse("workshops:workshops"),
        {
            "title": "Backwards",
            "format": "world_cafe",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 30,
            "registration": "open",
            "tables_count": 6,
            "table_size": 5,
        },
    )
    assert response.status_code == 400
    assert "The workshop must end after it starts." in response.content.decode()
    assert not Workshop.objects.exists()


def test_the_page_of_a_world_cafe_and_its_printouts(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=12)
    planning.plan_rotation(actor=staff, workshop=workshop)
    client = as_user(staff)
    content = client.get(url("workshop", workshop)).content.decode()
    assert url("save_round", workshop) in content and 'name="op"' not in content
    for what in ("run-sheet", "table-cards", "itineraries"):
        assert client.get(url("print", workshop, what)).status_code == 200
    assert client.get(url("print", workshop, "menu")).status_code == 404
    assert client.get(url("plan", workshop)).status_code == 200


def test_the_board_of_an_open_space(as_user: Any, org: Any, staff: Any) -> None:
    workshop = open_space(org, staff)
    assert as_user(staff).get(url("board", workshop)).status_code == 200


# --- people --------------------------------------------------------------------------------------


def test_people_are_added(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    response = followed(as_user(staff), url("add_people", workshop), {"text": "Ana; users\nBo; staff"})
    assert response.redirect_chain[-1][0] == page(workshop, "people")
    assert "2 participants added." in messages_of(response)
    assert workshop.attendees.count() == 2


def test_people_lines_in_error_stay_in_the_form(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    typed = "Ana; users; host 99\nBo; ngo"
    response = as_user(staff).post(url("add_people", workshop), {"text": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Line 1" in content and "Ana; users; host 99" in content
    assert not workshop.attendees.exists()


def test_an_empty_people_form_answers_with_its_error(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    response = as_user(staff).post(url("add_people", workshop), {"text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def make_panel(org: Any, status: str = Panel.Status.SELECTED) -> Panel:
    panel = Panel.objects.create(
        organisation=org,
        title="Citizens' jury",
        purpose="p",
        size=2,
        status=status,
        retention_until=date.today() + timedelta(days=30),
    )
    for n, volunteer_status in enumerate(["selected", "confirmed", "declined"]):
        Volunteer.objects.create(
            panel=panel,
            status=volunteer_status,
            contact_encrypted=crypto.encrypt({"name": f"Volunteer {n}"}),
            answers_encrypted=crypto.encrypt({}),
        )
    return panel


def test_a_panel_is_invited(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    panel = make_panel(org)
    client = as_user(staff)
    assert "Citizens&#x27; jury" in client.get(url("workshop", workshop)).content.decode()
    response = followed(client, url("add_panel", workshop), {"panel": str(panel.pk)})
    assert response.redirect_chain[-1][0] == page(workshop, "people")
    assert "2 panel members added." in messages_of(response)
    assert sorted(workshop.attendees.values_list("name", flat=True)) == ["Volunteer 0", "Volunteer 1"]


def test_a_panel_not_yet_drawn_cannot_be_invited(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    make_panel(org)  # one panel to choose from, so the form is on the page
    draft = make_panel(org, status=Panel.Status.DRAFT)
    response = as_user(staff).post(url("add_panel", workshop), {"panel": str(draft.pk)})
    assert response.status_code == 400 and "Choose a panel." in response.content.decode()
    assert not workshop.attendees.exists()


def test_presence_is_two_intentions(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=2)
    attendee = workshop.attendees.first()
    client = as_user(staff)
    response = client.post(url("presence", workshop, attendee.pk), {"present": "1"})
    assert response.status_code == 302 and response["Location"] == page(workshop, "people")
    attendee.refresh_from_db()
    assert attendee.present
    client.post(url("presence", workshop, attendee.pk), {"present": "0"})
    attendee.refresh_from_db()
    assert not attendee.present


def test_presence_of_someone_from_another_workshop_is_not_found(as_user: Any, org: Any, staff: Any) -> None:
    workshop, other = cafe(org, staff, people=1), cafe(org, staff, people=1)
    stranger = Attendee.objects.get(workshop=other)
    assert as_user(staff).post(url("presence", workshop, stranger.pk), {"present": "1"}).status_code == 404


# --- script and rounds ---------------------------------------------------------------------------


def test_a_block_is_added_to_the_script(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    before = workshop.script.count()
    response = as_user(staff).post(
        url("save_block", workshop),
        {"title": "Coffee", "minutes": "15", "role": "facilitator", "details": ""},
    )
    assert response.status_code == 302 and response["Location"] == page(workshop, "script")
    assert workshop.script.count() == before + 1


def test_an_invalid_block_answers_with_its_errors(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    before = workshop.script.count()
    response = as_user(staff).post(
        url("save_block", workshop), {"title": "Long lunch", "minutes": "0", "role": "facilitator"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in content
    assert 'value="Long lunch"' in content
    assert workshop.script.count() == before


def test_a_round_is_added(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    response = as_user(staff).post(
        url("save_round", workshop), {"question": "Who is missing?", "minutes": "20"}
    )
    assert response.status_code == 302 and response["Location"] == page(workshop, "cafe")
    assert workshop.rounds.filter(question="Who is missing?").exists()


def test_an_invalid_round_answers_with_its_errors_and_keeps_the_question(
    as_user: Any, org: Any, staff: Any
) -> None:
    """It used to be silently ignored: the page came back as if the round had been added."""
    workshop = cafe(org, staff, people=0)
    before = workshop.rounds.count()
    response = as_user(staff).post(
        url("save_round", workshop), {"question": "Who is missing?", "minutes": "999"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Ensure this value is less than or equal to 180." in content
    assert 'value="Who is missing?"' in content and 'value="999"' in content
    assert "<details open>" in content  # the form is shown, not folded away
    assert response.context["round_form"].errors["minutes"]
    assert workshop.rounds.count() == before


@pytest.mark.parametrize(
    ("name", "service", "data", "typed"),
    [
        (
            "save_block",
            "save_script_block",
            {"title": "Coffee", "minutes": "15", "role": "facilitator"},
            "Coffee",
        ),
        ("save_round", "save_round", {"question": "Who is missing?", "minutes": "20"}, "Who is missing?"),
    ],
)
def test_a_services_refusal_is_shown_on_the_form(
    as_user: Any,
    org: Any,
    staff: Any,
    monkeypatch: Any,
    name: str,
    service: str,
    data: dict[str, str],
    typed: str,
) -> None:
    """What the service refuses (a rule the form cannot know) comes back like a form error."""
    workshop = cafe(org, staff, people=0)

    def refuse(**kwargs: Any) -> None:
        raise ValidationError("The script is locked while the workshop runs.")

    monkeypatch.setattr(services, service, refuse)
    response = as_user(staff).post(url(name, workshop), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The script is locked while the workshop runs." in content and f'value="{typed}"' in content


# --- planning and live mode ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_planning_the_rotation_says_the_result(as_user: Any, org: Any, staff: Any) -> None:
    """Outside a test transaction the immediate task backend plans at the request's commit, so the
    page says the result at once (as the demo's worker says it a moment later)."""
    workshop = cafe(org, staff, people=12)
    response = followed(as_user(staff), url("request_plan", workshop))
    assert response.redirect_chain[-1][0] == page(workshop, "plan")
    assert any(m.startswith("Rotation planned: 0 repeated meetings") for m in messages_of(response))


def test_planning_while_the_worker_runs_says_nothing_yet(
    as_user: Any, org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    workshop = cafe(org, staff, people=12)
    with django_capture_on_commit_callbacks(execute=False):
        response = followed(as_user(staff), url("request_plan", workshop))
    assert messages_of(response) == []
    workshop.refresh_from_db()
    assert workshop.is_planning


@pytest.mark.django_db(transaction=True)
def test_the_schedule_of_an_open_space(as_user: Any, org: Any, staff: Any) -> None:
    workshop = open_space(org, staff, people=6)
    people = list(workshop.attendees.all())
    for n in range(3):
        session = services.propose_session(workshop=workshop, convener=people[n], title=f"Session {n}")
        services.add_interest(session=session, attendee=people[n + 3])
    response = followed(as_user(staff), url("request_plan", workshop))
    assert any(m.startswith("Schedule made: people can attend") for m in messages_of(response))


def test_planning_without_people_says_what_is_missing(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=1)
    response = followed(as_user(staff), url("request_plan", workshop))
    assert response.redirect_chain[-1][0] == page(workshop, "plan")
    assert any("two participants" in m for m in messages_of(response))


def test_live_mode_starts_advances_ends_and_stops(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=12)
    planning.plan_rotation(actor=staff, workshop=workshop)
    client = as_user(staff)
    response = client.post(url("advance", workshop))
    assert response.status_code == 302 and response["Location"] == page(workshop, "live")
    workshop.refresh_from_db()
    assert workshop.current_round == 1
    content = client.get(url("workshop", workshop)).content.decode()
    assert url("stop", workshop) in content and "Next round" in content
    client.post(url("advance", workshop))
    client.post(url("advance", workshop))
    response = followed(client, url("advance", workshop))
    assert "That was the last round." in messages_of(response)
    response = client.post(url("stop", workshop))
    assert response.status_code == 302 and response["Location"] == page(workshop, "live")
    workshop.refresh_from_db()
    assert workshop.current_round == 0


# --- harvest -------------------------------------------------------------------------------------


def test_notes_are_saved_with_a_photo(
    as_user: Any, org: Any, staff: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    workshop = cafe(org, staff, people=0)
    from tests.security.test_uploads import jpeg_with_gps

    photo = SimpleUploadedFile("table.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = followed(
        as_user(staff),
        url("add_note", workshop),
        {"text": "Call back", "round_number": "1", "table": "2", "photo": photo},
    )
    assert response.redirect_chain[-1][0] == page(workshop, "harvest")
    assert "Notes saved." in messages_of(response)
    note = HarvestNote.objects.get(workshop=workshop)
    assert (note.round_number, note.table) == (1, 2) and note.photo


def test_notes_of_an_open_space_name_their_session(as_user: Any, org: Any, staff: Any) -> None:
    workshop = open_space(org, staff, people=1)
    session = services.propose_session(
        workshop=workshop, convener=workshop.attendees.get(), title="Night buses"
    )
    client = as_user(staff)
    assert 'name="session"' in client.get(url("workshop", workshop)).content.decode()
    client.post(url("add_note", workshop), {"text": "More buses after 22:00", "session": str(session.pk)})
    assert HarvestNote.objects.get(workshop=workshop).session == session


def test_blank_notes_answer_with_the_services_error(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    response = as_user(staff).post(url("add_note", workshop), {"text": "   ", "round_number": "2"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "This field is required." in content or "Write the notes first." in content
    assert 'value="2"' in content
    assert not HarvestNote.objects.exists()


def test_a_note_that_is_not_a_picture_answers_with_its_error(as_user: Any, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    fake = SimpleUploadedFile("notes.jpg", b"not an image", content_type="image/jpeg")
    response = as_user(staff).post(url("add_note", workshop), {"text": "Typed notes", "photo": fake})
    assert response.status_code == 400
    assert "Typed notes" in response.content.decode()
    assert not HarvestNote.objects.exists()


def harvest_with_a_journey(org: Any, staff: Any) -> tuple[Workshop, HarvestNote, Any]:
    renewal = RenewalFactory(service__organisation=org)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="J")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Applying")
    step = journey_services.add_step(actor=staff, stage=stage, title="Fills in the form")
    workshop = cafe(org, staff, people=0, renewal=renewal)
    note = services.add_note(actor=staff, workshop=workshop, text="Call people back the same day")
    return workshop, note, step


def test_a_note_becomes_an_idea(as_user: Any, org: Any, staff: Any) -> None:
    workshop, note, step = harvest_with_a_journey(org, staff)
    client = as_user(staff)
    content = client.get(url("workshop", workshop)).content.decode()
    assert url("note_to_idea", workshop, note.pk) in content and "Applying: Fills in the form" in content
    response = followed(client, url("note_to_idea", workshop, note.pk), {"step": str(step.pk)})
    assert response.redirect_chain[-1][0] == page(workshop, "harvest")
    assert "The outcome is now an idea in the renewal's journey." in messages_of(response)
    note.refresh_from_db()
    assert note.idea is not None and note.idea.step == step and note.idea.kind == Contribution.Kind.IDEA


def test_a_note_cannot_become_an_idea_of_another_renewal(as_user: Any, org: Any, staff: Any) -> None:
    workshop, note, _step = harvest_with_a_journey(org, staff)
    _other_workshop, _other_note, elsewhere = harvest_with_a_journey(org, staff)
    response = as_user(staff).post(url("note_to_idea", workshop, note.pk), {"step": str(elsewhere.pk)})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose a step of this workshop&#x27;s renewal." in content
    assert f'id="step-{note.pk}-error"' in content
    note.refresh_from_db()
    assert note.idea is None


def test_a_note_of_another_workshop_is_not_found(as_user: Any, org: Any, staff: Any) -> None:
    workshop, _note, step = harvest_with_a_journey(org, staff)
    _other, other_note, _ = harvest_with_a_journey(org, staff)
    response = as_user(staff).post(url("note_to_idea", workshop, other_note.pk), {"step": str(step.pk)})
    assert response.status_code == 404


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["add_people", "add_panel", "save_block", "save_round", "request_plan", "advance", "stop", "add_note"],
)
def test_actions_are_posts_for_members_only(
    as_user: Any, org: Any, staff: Any, outsider: Any, name: str
) -> None:
    workshop = cafe(org, staff, people=0)
    assert as_user(staff).get(url(name, workshop)).status_code == 405
    assert as_user(outsider).post(url(name, workshop)).status_code == 404
    assert Client().post(url(name, workshop)).status_code == 302  # to the log-in page


# --- participants' pages (public by link) --------------------------------------------------------


def test_a_participant_joins_and_sees_the_live_round(org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=11)
    phone = Client()
    assert phone.get(reverse("workshops_public:join", args=[workshop.pk])).status_code == 200
    response = phone.post(
        reverse("workshops_public:join", args=[workshop.pk]), {"name": "Mojca", "group": "users"}
    )
    assert response.status_code == 302
    planning.plan_rotation(actor=staff, workshop=workshop)
    services.start_or_advance(actor=staff, workshop=workshop)
    live = phone.get(reverse("workshops_public:live", args=[workshop.pk]))
    assert live.status_code == 200 and live.context["table"] is not None and live.context["remaining"] > 0


def test_joining_a_full_workshop_says_so(org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0, capacity=2)
    for name in ("Ana", "Bo"):
        Client().post(reverse("workshops_public:join", args=[workshop.pk]), {"name": name})
    response = Client().post(reverse("workshops_public:join", args=[workshop.pk]), {"name": "Cene"})
    assert response.status_code == 200 and "The workshop is full." in response.content.decode()


def test_the_marketplace(org: Any, staff: Any) -> None:
    workshop = open_space(org, staff)
    phone = Client()
    market = reverse("workshops_public:market", args=[workshop.pk])
    assert phone.get(market)["Location"] == reverse("workshops_public:join", args=[workshop.pk])
    phone.post(reverse("workshops_public:join", args=[workshop.pk]), {"name": "Ana"})
    assert phone.post(market, {"title": "Waiting times"}).status_code == 302
    session = workshop.sessions.get()
    response = phone.post(market, {"title": "", "description": "Typed first"})
    assert response.status_code == 400 and "Typed first" in response.content.decode()

    def on_session(name: str) -> str:
        return reverse(f"workshops_public:{name}", args=[workshop.pk, session.pk])

    assert on_session("add_dot") in phone.get(market).content.decode()
    for _twice in range(2):  # a double tap keeps one dot
        assert phone.post(on_session("add_dot"))["Location"] == market
    assert session.interests.count() == 1
    assert on_session("remove_dot") in phone.get(market).content.decode()
    phone.post(on_session("remove_dot"))
    assert session.interests.count() == 0
    response = phone.post(on_session("file_report"), {"report": "We agreed on three things."}, follow=True)
    assert "Report saved." in response.content.decode()
    session.refresh_from_db()
    assert session.report == "We agreed on three things."


def test_only_the_convener_files_the_report_and_strangers_are_sent_to_join(org: Any, staff: Any) -> None:
    workshop = open_space(org, staff, people=1)
    session = services.propose_session(workshop=workshop, convener=workshop.attendees.get(), title="Buses")
    report = reverse("workshops_public:file_report", args=[workshop.pk, session.pk])
    stranger = Client()
    assert stranger.post(report, {"report": "Mine"})["Location"] == reverse(
        "workshops_public:join", args=[workshop.pk]
    )
    stranger.post(reverse("workshops_public:join", args=[workshop.pk]), {"name": "Bo"})
    assert stranger.post(report, {"report": "Mine"}).status_code == 404
    assert stranger.get(report).status_code == 405
    session.refresh_from_db()
    assert session.report == ""


def test_the_calendar_names_the_accessibility(org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=0)
    Workshop.objects.filter(pk=workshop.pk).update(accessibility="Step-free access")
    text = Client().get(reverse("workshops_public:ics", args=[workshop.pk])).content.decode()
    assert "Step-free access" in text.replace("\r\n ", "")


def test_a_double_tap_on_next_round_moves_one_round_and_ending_is_logged_once(
    as_user: Any, org: Any, staff: Any
) -> None:
    workshop = cafe(org, staff, people=12)
    planning.plan_rotation(actor=staff, workshop=workshop)
    client = as_user(staff)
    for _tap in range(2):  # both taps come from the page that showed "Not started" (round 0)
        client.post(url("advance", workshop), {"round": "0"})
    workshop.refresh_from_db()
    assert workshop.current_round == 1
    assert 'name="round" value="1"' in client.get(url("workshop", workshop)).content.decode()
    for _tap in range(2):
        client.post(url("advance", workshop), {"round": "1"})
    workshop.refresh_from_db()
    assert workshop.current_round == 2
    for _tap in range(2):
        client.post(url("stop", workshop))
    workshop.refresh_from_db()
    assert workshop.current_round == 0
    assert AuditEntry.objects.filter(action="workshop.held").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_next_round_requests_move_one_round(org: Any, staff: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the parallel case is exercised on PostgreSQL in CI")
    workshop = cafe(org, staff, people=12)
    planning.plan_rotation(actor=staff, workshop=workshop)

    def press(_n: int) -> None:
        try:
            services.start_or_advance(actor=staff, workshop=workshop, from_round=0)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(press, range(8)))
    workshop.refresh_from_db()
    assert workshop.current_round == 1
