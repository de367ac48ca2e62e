from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.journeys import selectors, services
from cocreate.journeys.models import Contribution, FeelingRating, JourneyMap, Step, Support
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def journey(org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    first = services.add_stage(actor=staff, journey=journey, title="Finding out")
    second = services.add_stage(actor=staff, journey=journey, title="Applying")
    services.add_step(actor=staff, stage=first, title="Hears about home care", channels=["phone", "bogus"])
    services.add_step(actor=staff, stage=first, title="Calls the municipality")
    services.add_step(actor=staff, stage=second, title="Fills in the form")
    services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


def steps(journey):
    return list(selectors.live_steps(journey))


def test_editing_reorder_duplicate_delete_and_undo(journey, staff):
    a, b, c = steps(journey)
    assert a.channels == ["phone"]
    services.move_step(actor=staff, step=b, direction=-1)
    assert [s.title for s in steps(journey)][:2] == ["Calls the municipality", "Hears about home care"]
    services.move_step(actor=staff, step=c, direction=-1)  # past the first step: into the previous stage
    assert Step.objects.get(pk=c.pk).stage.title == "Finding out"
    copy = services.duplicate_step(actor=staff, step=a)
    assert copy.title.endswith("(copy)")
    services.delete_step(actor=staff, step=copy)
    assert copy.pk not in {s.pk for s in steps(journey)}
    services.restore_step(actor=staff, step=copy)
    assert copy.pk in {s.pk for s in steps(journey)}


def test_a_stale_edit_is_refused_with_the_current_version(journey, staff, org_admin):
    step = steps(journey)[0]
    services.edit_step(actor=org_admin, step=step, version=1, title="Hears about it from the hospital")
    with pytest.raises(services.StaleEdit) as stale:
        services.edit_step(actor=staff, step=step, version=1, title="Old view")
    assert (
        stale.value.current.title == "Hears about it from the hospital" and stale.value.current.version == 2
    )


def test_to_be_map_is_a_copy(journey, staff):
    to_be = services.copy_to_be(actor=staff, journey=journey)
    assert to_be.kind == JourneyMap.Kind.TO_BE
    assert [s.title for s in steps(to_be)] == [s.title for s in steps(journey)]


def test_feelings_replace_and_make_the_curve(journey, guest):
    step = steps(journey)[0]
    services.rate(step=step, participant=guest, value=-2)
    services.rate(step=step, participant=guest, value=-1)
    other = GuestParticipantFactory()
    services.rate(step=step, participant=other, value=1)
    signal = next(s for s in selectors.signals(journey) if s.step.pk == step.pk)
    assert (signal.ratings, signal.mean) == (2, 0.0) and signal.spread == 1.0
    with pytest.raises(ValidationError):
        services.rate(step=step, participant=guest, value=3)


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_000])
def test_bad_contributions_are_refused(journey, guest, text):
    with pytest.raises(ValidationError):
        services.contribute(step=steps(journey)[0], participant=guest, kind="idea", text=text)


def test_double_submit_counts_once_and_blocked_words_hold(journey, guest, staff):
    step = steps(journey)[0]
    key = uuid4()
    first = services.contribute(
        step=step, participant=guest, kind="idea", text="Call back", submission_key=key
    )
    again = services.contribute(
        step=step, participant=guest, kind="idea", text="Call back", submission_key=key
    )
    assert first.pk == again.pk
    # The same words sent from a new form are a new contribution (people repeat themselves on purpose).
    other = services.contribute(
        step=step, participant=guest, kind="idea", text="Call back", submission_key=uuid4()
    )
    assert other.pk != first.pk
    services.set_blocked_words(actor=staff, renewal=journey.renewal, words=["idiots"])
    held = services.contribute(step=step, participant=guest, kind="pain_point", text="They are idiots-MARKER")
    assert held.visibility == Contribution.Visibility.HELD


def test_support_is_explicit_and_merges_carry_supports(journey, staff):
    step = steps(journey)[0]
    author, fan, other = GuestParticipantFactory(), GuestParticipantFactory(), GuestParticipantFactory()
    idea = services.contribute(step=step, participant=author, kind="idea", text="Online form")
    dup = services.contribute(step=step, participant=other, kind="idea", text="A web form please")
    services.support(contribution=idea, participant=fan)
    services.support(contribution=idea, participant=fan)  # a double tap keeps one support
    assert idea.supports.count() == 1
    services.unsupport(contribution=idea, participant=fan)
    services.unsupport(contribution=idea, participant=fan)
    assert idea.supports.count() == 0
    services.support(contribution=dup, participant=fan)
    services.merge(actor=staff, duplicate=dup, into=idea)
    assert set(idea.supports.values_list("participant_id", flat=True)) == {fan.pk, other.pk}
    assert dup.pk not in set(selectors.public_contributions().values_list("pk", flat=True))


def test_answers_are_public_and_notify_who_consented(journey, staff, django_capture_on_commit_callbacks):
    step = steps(journey)[0]
    participant = GuestParticipantFactory(email="user@example.org", notify_consent_at="2026-01-01T00:00Z")
    silent = GuestParticipantFactory(email="x@example.org")  # no consent: never e-mailed
    idea = services.contribute(step=step, participant=participant, kind="idea", text="Call back")
    quiet = services.contribute(step=step, participant=silent, kind="idea", text="Quiet idea")
    with pytest.raises(ValidationError):
        services.answer(actor=staff, contribution=idea, status="accepted", reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(
            actor=staff, contribution=idea, status="accepted", reason="We will call back in 24 h."
        )
        services.answer(actor=staff, contribution=quiet, status="rejected", reason="Not possible now.")
    assert [m.to for m in mail.outbox] == [["user@example.org"]]
    assert selectors.unanswered(journey.renewal).count == 0


def test_hidden_and_held_contributions_appear_nowhere_public(journey, staff, guest):
    step = steps(journey)[0]
    hidden = services.contribute(step=step, participant=guest, kind="idea", text="Secret-MARKER idea")
    services.moderate(actor=staff, contribution=hidden, visibility="hidden", reason="Personal data")
    services.set_blocked_words(actor=staff, renewal=journey.renewal, words=["darn"])
    services.contribute(step=step, participant=guest, kind="idea", text="Held-MARKER darn idea")
    client = Client()
    for url in (
        reverse("journeys_public:participate", args=[journey.pk]),
        reverse("public:public_renewal", args=[journey.renewal.pk]),
    ):
        assert b"-MARKER" not in client.get(url).content, url
    exports = selectors.public_contributions().filter(step__stage__journey=journey)
    assert not exports.filter(text__contains="-MARKER").exists()
    from cocreate.journeys.views import export_rows

    assert "-MARKER" not in str(export_rows(journey))


def test_participating_as_a_guest_and_my_contributions(journey):
    client = Client()
    url = reverse("journeys_public:participate", args=[journey.pk])
    rate = reverse("journeys_public:rate", args=[journey.pk])
    step = steps(journey)[0]
    contribute = reverse("journeys_public:contribute", args=[journey.pk, step.pk])
    assert client.post(rate, {f"feeling-{step.pk}": "-1"}).status_code == 302
    client.post(contribute, {"kind": "idea", "text": SCRIPT})
    page = client.get(url).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page
    mine = client.get(reverse("journeys_public:mine")).content.decode()
    assert "&lt;script&gt;" in mine
    ignored = client.post(rate, {"feeling-nope": "1"})  # ignored, and said so on the page
    assert (
        ignored.status_code == 400 and "Choose how it felt for at least one step." in ignored.content.decode()
    )
    other_map = reverse("journeys_public:contribute", args=[journey.pk, uuid4()])
    assert client.post(other_map, {"kind": "idea", "text": "x"}).status_code == 404
    assert FeelingRating.objects.count() == 1


def test_closed_maps_take_no_feedback(journey, staff, guest):
    services.set_participation(actor=staff, journey=journey, open_=False)
    url = reverse("journeys_public:participate", args=[journey.pk])
    assert Client().get(url).status_code == 410
    contribute = reverse("journeys_public:contribute", args=[journey.pk, steps(journey)[0].pk])
    answer = Client().post(contribute, {"kind": "idea", "text": "Kept-MARKER words"})
    assert answer.status_code == 410 and "Kept-MARKER words" in answer.content.decode()
    assert Client().post(reverse("journeys_public:rate", args=[journey.pk])).status_code == 410
    with pytest.raises(ValidationError):
        services.rate(step=steps(journey)[0], participant=guest, value=1)


def test_other_organisations_see_nothing(as_user, journey, other_admin):
    client = as_user(other_admin)
    assert client.get(reverse("journeys:map", args=[journey.pk])).status_code == 404
    assert client.get(reverse("journeys:maps", args=[journey.renewal.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_supports_leave_one_row(org, staff):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; this runs on PostgreSQL in CI")
    renewal = RenewalFactory(service__organisation=org)
    journey = services.create_map(actor=staff, renewal=renewal, title="J")
    stage = services.add_stage(actor=staff, journey=journey, title="S")
    step = services.add_step(actor=staff, stage=stage, title="T")
    services.set_participation(actor=staff, journey=journey, open_=True)
    idea = services.contribute(step=step, participant=GuestParticipantFactory(), kind="idea", text="Idea")
    fan = GuestParticipantFactory()

    def support(n: int) -> None:
        services.support(contribution=idea, participant=fan)
        connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(support, range(20)))
    assert Support.objects.filter(contribution=idea).count() == 1


def test_adding_a_step_with_what_the_user_does(as_user, journey, staff):
    """The step's "action" field must not be mistaken for the form's operation."""
    stage = journey.stages.first()
    response = as_user(staff).post(
        reverse("journeys:add_step", args=[stage.pk]),
        {
            "title": "Waits for a call",
            "action": "Waits by the phone",
            "evidence": "reported",
        },
    )
    assert response.status_code == 302
    step = Step.objects.get(title="Waits for a call")
    assert step.action == "Waits by the phone" and step.evidence == "reported"


def test_a_participant_changes_only_their_own_unanswered_words(journey, staff):
    author, other = GuestParticipantFactory(nickname="Mo"), GuestParticipantFactory()
    idea = services.contribute(step=steps(journey)[0], participant=author, kind="idea", text="Call back")
    with pytest.raises(ValidationError):
        services.edit_own(contribution=idea, participant=other, text="Hacked")
    services.edit_own(contribution=idea, participant=author, text="Call back the same day")
    services.answer(actor=staff, contribution=idea, status="accepted", reason="Yes.")
    with pytest.raises(ValidationError):
        services.edit_own(contribution=idea, participant=author, text="Changed after the answer")
    page = Client().get(reverse("journeys_public:participate", args=[journey.pk])).content.decode()
    assert "Call back the same day" in page and "— Mo" in page


def test_invitation_codes_are_made_and_a_bad_count_is_explained(as_user, journey, staff):
    url = reverse("journeys:codes", args=[journey.pk])
    client = as_user(staff)
    refused = client.post(url, {"count": "0"})
    assert refused.status_code == 200 and "between 1 and 2,000" in refused.content.decode()
    assert client.post(url, {"count": "3"}).status_code == 302
    page = client.get(url).content.decode()
    assert "3 codes, 0 used." in page
