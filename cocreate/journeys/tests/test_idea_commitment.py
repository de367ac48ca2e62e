"""An accepted idea becomes a commitment in one action, linked both ways, and the people who gave
it are told — those who asked to be, once per event (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant, Role
from cocreate.accounts.tests.factories import GuestParticipantFactory, UserFactory, member
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment, InputNotice
from cocreate.core.models import AuditEntry
from cocreate.journeys import services
from cocreate.journeys.models import Contribution, JourneyMap
from cocreate.notifications.models import Notification
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
CONSENT = "2026-01-01T00:00Z"


def _journey(org: Any, staff: Any, visibility: str = Renewal.Visibility.PUBLIC) -> JourneyMap:
    renewal = RenewalFactory(service__organisation=org, visibility=visibility, title="Home care")
    journey = services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = services.add_stage(actor=staff, journey=journey, title="Applying")
    services.add_step(actor=staff, stage=stage, title="Fills in the form")
    services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


@pytest.fixture
def journey(org: Any, staff: Any) -> JourneyMap:
    return _journey(org, staff)


def _idea(
    journey: JourneyMap, staff: Any, participant: GuestParticipant, accept: bool = True
) -> Contribution:
    step = journey.stages.get().steps.get()
    idea = services.contribute(step=step, participant=participant, kind="idea", text="Let me apply by phone")
    if accept:
        services.answer(actor=staff, contribution=idea, status="accepted", reason="We will add a phone line.")
    return idea


def _make(staff: Any, idea: Contribution, **kwargs: Any) -> Commitment:
    values = {"title": "A phone line for applications", "deadline": timezone.localdate() + timedelta(days=60),
              "responsible": staff, "publish": True, **kwargs}  # fmt: skip
    return services.idea_to_commitment(actor=staff, contribution=idea, **values)


def test_an_accepted_idea_becomes_one_commitment_linked_both_ways(journey: JourneyMap, staff: Any) -> None:
    fan = GuestParticipantFactory()
    idea = _idea(journey, staff, GuestParticipantFactory())
    services.support(contribution=idea, participant=fan)
    commitment = _make(staff, idea)
    # commitment → idea: the generic source, the renewal, the citation with its support
    assert commitment.renewal == journey.renewal and commitment.responsible == staff
    assert commitment_selectors.source_of(commitment) == idea
    assert "Let me apply by phone" in commitment.findings and "Supported by 1 people." in commitment.findings
    described = commitment_selectors.described_source(commitment)
    assert described is not None and described.label == "From an idea on the journey map “Getting home care”"
    # idea → commitment, and asking again gives the same one
    assert commitment_selectors.commitment_for_source(idea) == commitment
    assert _make(staff, idea, title="Another title") == commitment
    assert Commitment.objects.filter(source_id=str(idea.pk)).count() == 1
    # logged once, on both sides, though asked twice
    assert AuditEntry.objects.filter(action="contribution.commitment").count() == 1
    assert AuditEntry.objects.filter(action="commitments.add").count() == 1


def test_only_an_accepted_idea_or_pain_point_and_a_member_answers(
    journey: JourneyMap, staff: Any, outsider: Any
) -> None:
    waiting = _idea(journey, staff, GuestParticipantFactory(), accept=False)
    with pytest.raises(ValidationError):
        _make(staff, waiting)
    accepted = _idea(journey, staff, GuestParticipantFactory())
    with pytest.raises(ValidationError) as refused:
        _make(staff, accepted, responsible=outsider)
    assert "responsible" in refused.value.message_dict
    assert not Commitment.objects.exists()


def test_make_it_a_commitment_page_twice_is_one_commitment(
    as_user: Any, journey: JourneyMap, staff: Any
) -> None:
    idea = _idea(journey, staff, GuestParticipantFactory())
    url = reverse("journeys:idea_commitment", args=[idea.pk])
    client = as_user(staff)
    page = client.get(url).content.decode()
    assert 'value="Let me apply by phone"' in page  # the title comes prefilled from the words
    # an invalid form: 400, its errors, what was typed
    bad = client.post(url, {"title": "Phone line", "deadline": "", "responsible": staff.pk})
    assert bad.status_code == 400 and b"Phone line" in bad.content and b"form-group--error" in bad.content
    form = {"title": "Phone line", "deadline": "2031-01-01", "responsible": staff.pk}
    first, second = client.post(url, form), client.post(url, form)  # a double tap
    commitment = Commitment.objects.get()
    target = reverse("commitments:commitment", args=[commitment.pk])
    assert (
        first.status_code == second.status_code == 302 and first["Location"] == second["Location"] == target
    )
    assert client.get(url)["Location"] == target  # once made, the page leads to it
    triage = client.get(reverse("journeys:triage", args=[journey.pk])).content.decode()
    assert "Became commitment: Phone line (Planned)" in triage and target in triage
    assert url not in triage


def test_a_facilitator_off_the_team_may_not(
    as_user: Any, journey: JourneyMap, staff: Any, facilitator: Any
) -> None:
    idea = _idea(journey, staff, GuestParticipantFactory())
    form = {"title": "Phone line", "deadline": "2031-01-01", "responsible": staff.pk}
    response = as_user(facilitator).post(reverse("journeys:idea_commitment", args=[idea.pk]), form)
    assert response.status_code == 403 and not Commitment.objects.exists()


def test_the_commitment_says_what_it_answers_staff_and_public(
    as_user: Any, client: Any, journey: JourneyMap, staff: Any
) -> None:
    idea = _idea(journey, staff, GuestParticipantFactory())
    commitment = _make(staff, idea)
    staff_page = as_user(staff).get(reverse("commitments:commitment", args=[commitment.pk])).content.decode()
    assert "From an idea on the journey map “Getting home care”" in staff_page
    assert reverse("journeys:triage", args=[journey.pk]) in staff_page
    public_url = reverse("commitments:public_commitment", args=[commitment.pk])
    public_page = client.get(public_url).content.decode()
    assert "From an idea on the journey map “Getting home care”" in public_page
    assert reverse("journeys_public:participate", args=[journey.pk]) in public_page
    assert reverse("journeys:triage", args=[journey.pk]) not in public_page  # no staff link in public
    renewal_page = client.get(reverse("public:public_renewal", args=[journey.renewal.pk])).content.decode()
    assert public_url in renewal_page  # the public renewal page leads to it
    # The idea on the public map says what became of it; a draft made of another idea does not show.
    draft = _make(
        staff, _idea(journey, staff, GuestParticipantFactory()), title="Secret draft", publish=False
    )
    map_page = client.get(reverse("journeys_public:participate", args=[journey.pk])).content.decode()
    assert "Became commitment: A phone line for applications (Planned)" in map_page and public_url in map_page
    assert "Secret draft" not in map_page
    assert reverse("commitments:commitment", args=[draft.pk]) not in map_page
    # The map closed and the idea hidden: the public page names the source without a link or a title.
    services.set_participation(actor=staff, journey=journey, open_=False)
    services.moderate(actor=staff, contribution=idea, visibility="hidden", reason="Names a person")
    public_page = client.get(public_url).content.decode()
    answers = public_page.split("What it answers")[1].split("</dd>")[0]
    assert "From what the service&#x27;s users said" in answers
    assert "Getting home care" not in public_page and "Let me apply by phone" not in public_page
    assert reverse("journeys_public:participate", args=[journey.pk]) not in public_page


def test_a_draft_or_private_commitment_has_no_public_page(client: Any, org: Any, staff: Any) -> None:
    private = _journey(org, staff, visibility=Renewal.Visibility.PRIVATE)
    commitment = _make(staff, _idea(private, staff, GuestParticipantFactory()))
    assert client.get(reverse("commitments:public_commitment", args=[commitment.pk])).status_code == 404
    public = _journey(org, staff)
    draft = _make(staff, _idea(public, staff, GuestParticipantFactory()), publish=False)
    assert client.get(reverse("commitments:public_commitment", args=[draft.pk])).status_code == 404


def test_who_gave_the_idea_is_told_once_if_they_asked(
    journey: JourneyMap, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    author = GuestParticipantFactory(email="author@example.org", notify_consent_at=CONSENT, language="sl")
    silent = GuestParticipantFactory(email="silent@example.org")  # left an address, no consent
    same_address = GuestParticipantFactory(email="AUTHOR@example.org", notify_consent_at=CONSENT)
    account = UserFactory(email="fan@example.org")
    signed_in = GuestParticipantFactory(user=account)  # a supporter with an account: told in the app
    idea = _idea(journey, staff, author)
    for fan in (silent, same_address, signed_in):
        services.support(contribution=idea, participant=fan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment = _make(staff, idea)
        _make(staff, idea)  # a double tap tells nobody again
        commitment_services.tell_input_givers(commitment=commitment, event=InputNotice.Event.MADE)  # a retry
    assert [m.to for m in mail.outbox] == [["author@example.org"]]  # one e-mail per address
    assert "A phone line for applications" in mail.outbox[0].body
    assert reverse("commitments:public_commitment", args=[commitment.pk]) in mail.outbox[0].body
    in_app = Notification.objects.get(user=account)
    assert in_app.kind == "input_outcome" and "A phone line for applications" in in_app.text
    assert not Notification.objects.filter(user=staff, kind="input_outcome").exists()
    # Done: told once more; reopened and done again, not again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.set_status(actor=staff, commitment=commitment, status="done")
        commitment_services.set_status(actor=staff, commitment=commitment, status="in_progress")
        commitment_services.set_status(actor=staff, commitment=commitment, status="done")
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert Notification.objects.filter(user=account, kind="input_outcome").count() == 2
    assert InputNotice.objects.filter(commitment=commitment).count() == 4  # made + done, for two people


def test_a_rolled_back_commitment_tells_nobody(
    journey: JourneyMap, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    author = GuestParticipantFactory(email="author@example.org", notify_consent_at=CONSENT)
    idea = _idea(journey, staff, author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _make(staff, idea)
        raise RuntimeError("something later failed")
    assert mail.outbox == [] and not Commitment.objects.exists() and not InputNotice.objects.exists()


def at_once(write: Callable[[int], Any], times: int = 12) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            write(n)
        except Exception as error:  # every failure is reported by the assertion
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        list(pool.map(run, range(times)))
    return errors


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_make_one_commitment_and_tell_once(org: Any) -> None:
    staff = member(org, Role.STAFF, email="parallel@lipovec.example")
    journey = _journey(org, staff)
    author = GuestParticipantFactory(email="author@example.org", notify_consent_at=CONSENT)
    idea = _idea(journey, staff, author)
    made: list[Commitment] = []
    errors = at_once(lambda n: made.append(_make(staff, idea, title=f"Title {n}")))
    assert errors == []
    assert Commitment.objects.filter(source_id=str(idea.pk)).count() == 1
    assert len({c.pk for c in made}) == 1  # every request got the first one
    assert InputNotice.objects.filter(participant=author).count() == 1
