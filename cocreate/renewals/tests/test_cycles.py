"""Cycles are rows (docs/decisions/0017-cycles.md): closed once, started once, holding the work
created between their recorded starts, and shown as a timeline — in public only what is public."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.conversations.models import Conversation
from cocreate.core.models import AuditEntry
from cocreate.journeys.models import JourneyMap
from cocreate.panels.models import Panel
from cocreate.portfolio import services as portfolio_services
from cocreate.quality import services as quality_services
from cocreate.readiness import services as readiness_services
from cocreate.readiness.models import Round
from cocreate.renewals import selectors, services
from cocreate.renewals.cycle import Stage, cycle_of, spans
from cocreate.renewals.models import Cycle, Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Renewal.Status
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_current_timezone())


def fresh(renewal: Renewal) -> Renewal:
    return Renewal.objects.get(pk=renewal.pk)


def audits(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def labels(renewal: Renewal, number: int, *, public: bool, stage: Stage | None = None) -> list[str]:
    view = next(v for v in selectors.cycle_views(fresh(renewal), public=public) if v.cycle.number == number)
    return [e.label for row in view.stage_rows if stage in (None, row.stage) for e in row.entries]


@pytest.fixture
def renewal(org: Any) -> Renewal:
    return RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC, title="Care")


# Cycle rows and the pointer ---------------------------------------------------------------------


def test_a_renewal_is_born_with_its_first_cycle(renewal: Renewal, org: Any, staff: Any) -> None:
    (first,) = selectors.cycles_of(renewal)
    assert first.number == 1 and first.started_at == renewal.created_at and first.closed_at is None
    assert first.plan == [] and selectors.current_cycle(renewal) == first
    made = services.create_renewal(actor=staff, service=renewal.service, title="Again", goal="G")
    assert [c.number for c in selectors.cycles_of(made)] == [1]


def test_close_cycle_keeps_the_plan_and_is_idempotent(renewal: Renewal, staff: Any) -> None:
    plan = ["  Answer  every idea ", "Invite carers", "", "Answer every idea"]
    closed = services.close_cycle(actor=staff, renewal=renewal, plan=plan, note="A good first cycle")
    assert closed.number == 1 and closed.is_closed
    assert closed.next_plan == ["Answer every idea", "Invite carers"] and closed.note == "A good first cycle"
    again = services.close_cycle(actor=staff, renewal=renewal, plan=["Something else"], note="Other")
    assert again.pk == closed.pk and again.closed_at == closed.closed_at
    assert again.next_plan == closed.next_plan and again.note == "A good first cycle"
    assert audits("renewal.cycle_close") == 1
    # Still cycle 1, now closed: its own state until the next cycle starts.
    assert renewal.status == Status.CYCLE_CLOSED  # the caller's object forgot its old status
    assert fresh(renewal).get_status_display() == "Cycle 1 closed — next cycle not started"


def test_a_plan_item_too_long_is_refused(renewal: Renewal, staff: Any) -> None:
    with pytest.raises(ValidationError):
        services.close_cycle(actor=staff, renewal=renewal, plan=["x" * 301])
    assert not fresh(renewal).current_cycle.is_closed and audits("renewal.cycle_close") == 0


def test_the_next_cycle_carries_the_plan_in(renewal: Renewal, staff: Any) -> None:
    services.close_cycle(actor=staff, renewal=renewal, plan=["Invite carers"])
    renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    assert renewal.cycle_number == 2 and renewal.status == Status.PREPARING
    first, second = selectors.cycles_of(renewal)
    assert second.plan == ["Invite carers"] and second.closed_at is None
    assert second.started_at >= first.closed_at  # type: ignore[operator]
    assert (
        selectors.current_cycle(renewal) == second and renewal.current_cycle.started_at == second.started_at
    )
    assert audits("renewal.cycle") == 1


def test_starting_the_next_cycle_closes_an_open_one_first(renewal: Renewal, staff: Any) -> None:
    renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    first, second = selectors.cycles_of(renewal)
    assert first.is_closed and first.next_plan == [] and second.plan == []
    assert audits("renewal.cycle_close") == 1 and audits("renewal.cycle") == 1


def test_a_double_tap_starts_one_cycle(renewal: Renewal, staff: Any) -> None:
    stale = fresh(renewal)
    services.start_next_cycle(actor=staff, renewal=renewal)
    again = services.start_next_cycle(actor=staff, renewal=stale)  # it saw cycle 1: cycle 2 exists
    assert again.cycle_number == 2 and Cycle.objects.filter(renewal=renewal).count() == 2
    # Asked on purpose from cycle 2, it goes on to 3.
    assert services.start_next_cycle(actor=staff, renewal=again).cycle_number == 3
    assert audits("renewal.cycle") == 2


def test_the_button_posts_the_cycle_it_follows(client: Any, renewal: Renewal, org_admin: Any) -> None:
    client.force_login(org_admin)
    url = reverse("renewals:renewal_next_cycle", args=[renewal.pk])
    for _ in range(2):
        assert client.post(url, {"after": "1"}).status_code == 302
    assert fresh(renewal).cycle_number == 2 and Cycle.objects.filter(renewal=renewal).count() == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_make_one_cycle(org: Any, staff: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the parallel case is exercised on PostgreSQL in CI")
    renewal = RenewalFactory(service__organisation=org)
    seen = [fresh(renewal) for _ in range(8)]  # everyone saw cycle 1

    def start(r: Renewal) -> int:
        try:
            return services.start_next_cycle(actor=staff, renewal=r).cycle_number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(start, seen)) == {2}
    assert sorted(Cycle.objects.filter(renewal=renewal).values_list("number", flat=True)) == [1, 2]
    assert fresh(renewal).cycle_number == 2
    assert audits("renewal.cycle") == 1 and audits("renewal.cycle_close") == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_closes_close_once(org: Any, staff: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the parallel case is exercised on PostgreSQL in CI")
    renewal = RenewalFactory(service__organisation=org)

    def close(n: int) -> str:
        try:
            return str(
                services.close_cycle(actor=staff, renewal=fresh(renewal), plan=[f"Plan {n}"]).next_plan
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        plans = set(pool.map(close, range(8)))
    assert len(plans) == 1 and audits("renewal.cycle_close") == 1


# Membership by date ----------------------------------------------------------------------------


def test_work_belongs_to_the_cycle_started_last_before_it(org: Any, staff: Any) -> None:
    with time_machine.travel(T0, tick=False):
        renewal = RenewalFactory(service__organisation=org)
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        first = Conversation.objects.create(renewal=renewal, topic="Waiting times", status="closed")
        services.close_cycle(actor=staff, renewal=renewal, plan=["Shorter forms"])
    with time_machine.travel(T0 + timedelta(days=12), tick=False):
        late = Conversation.objects.create(renewal=renewal, topic="After the close", status="closed")
    with time_machine.travel(T0 + timedelta(days=20), tick=False):
        renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    with time_machine.travel(T0 + timedelta(days=25), tick=False):
        second = Conversation.objects.create(renewal=renewal, topic="Forms", status="closed")

    renewal = fresh(renewal)
    assert cycle_of(renewal, T0 - timedelta(days=30)) == 1  # what led to the renewal
    assert [cycle_of(renewal, c.created_at) for c in (first, late, second)] == [1, 1, 2]
    assert cycle_of(renewal, T0 + timedelta(days=20)) == 2  # a start belongs to its cycle
    one, two = spans(renewal)
    assert one.until == two.started_at and two.until is None
    assert set(Conversation.objects.filter(one.holds())) == {first, late}
    assert set(Conversation.objects.filter(two.holds())) == {second}
    assert labels(renewal, 1, public=False, stage=Stage.RENEW) == [
        "Conversation “Waiting times”",
        "Conversation “After the close”",
    ]
    assert labels(renewal, 2, public=False, stage=Stage.RENEW) == ["Conversation “Forms”"]
    assert renewal.status == Status.RENEWING  # cycle 2's own conversation


def test_comaster_belongs_to_its_cycle_by_number(renewal: Renewal, staff: Any) -> None:
    quality_services.open_assessment(actor=staff, renewal=renewal)
    renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    assert labels(renewal, 1, public=False, stage=Stage.MASTER) == ["Co-Master opened"]
    assert labels(renewal, 2, public=False, stage=Stage.MASTER) == []


# Timelines: staff and public --------------------------------------------------------------------


def test_a_private_conversation_never_reaches_the_public_timeline(
    client: Any, renewal: Renewal, staff: Any
) -> None:
    renewal.team.add(staff)
    Conversation.objects.create(renewal=renewal, topic="Secret internal topic", is_public=False)
    Conversation.objects.create(renewal=renewal, topic="Open topic", is_public=True)
    assert labels(renewal, 1, public=False) == [
        "Conversation “Secret internal topic”",
        "Conversation “Open topic”",
    ]
    assert labels(renewal, 1, public=True) == ["Conversation “Open topic”"]

    public_page = Client().get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    assert "Open topic" in public_page and "Secret internal topic" not in public_page
    client.force_login(staff)
    staff_page = client.get(reverse("renewals:renewal", args=[renewal.pk])).content.decode()
    assert "Secret internal topic" in staff_page
    assert (
        reverse("conversations:manage", args=[Conversation.objects.get(topic="Open topic").pk]) in staff_page
    )


def test_a_private_renewal_has_no_public_timeline(org: Any) -> None:
    private = RenewalFactory(service__organisation=org)
    Conversation.objects.create(renewal=private, topic="Open topic", is_public=True)
    assert selectors.cycle_views(private, public=True) == []
    assert labels(private, 1, public=False) == ["Conversation “Open topic”"]


def test_each_room_fills_its_stage(renewal: Renewal, staff: Any, org: Any) -> None:
    start = timezone.now() + timedelta(days=3)
    for title, days in (("Readiness 2024", 700), ("Readiness 2026", 30)):  # both before the renewal
        opened = readiness_services.open_round(actor=staff, organisation=org, title=title)
        Round.objects.filter(pk=opened.pk).update(created_at=renewal.created_at - timedelta(days=days))
    renewal.coserve_assessment = portfolio_services.open_assessment(actor=staff, service=renewal.service)
    renewal.save()
    JourneyMap.objects.create(renewal=renewal, title="Home care", participation_open=True)
    JourneyMap.objects.create(renewal=renewal, title="Draft map")
    Workshop.objects.create(
        organisation=org, renewal=renewal, title="Café", format=Workshop.Format.WORLD_CAFE,
        starts_at=start, ends_at=start + timedelta(hours=2),
    )  # fmt: skip
    Panel.objects.create(
        organisation=org, renewal=renewal, title="Draft panel", purpose="Advise", size=12,
        retention_until=date(2030, 1, 1),
    )  # fmt: skip
    CommitmentFactory(renewal=renewal, title="Shorter forms", is_published=True)
    CommitmentFactory(renewal=renewal, title="Unpublished promise", is_published=False)
    quality_services.open_assessment(actor=staff, renewal=renewal)

    staff_view = {s: labels(renewal, 1, public=False, stage=s) for s in Stage}
    # The round that led to the renewal (the latest before it), not every round the organisation held.
    assert staff_view[Stage.READY] == ["Co-Ready round “Readiness 2026”"]
    assert staff_view[Stage.SERVE] == ["Co-Serve chose this service"]
    assert "Journey map “Home care”" in staff_view[Stage.RENEW]
    assert "Journey map “Draft map”" in staff_view[Stage.RENEW]
    assert "Workshop “Café” (World Café)" in staff_view[Stage.RENEW]
    assert "Citizens' panel “Draft panel” (Setting up)" in staff_view[Stage.RENEW]
    assert staff_view[Stage.COMMIT] == [
        "Commitment “Shorter forms” — Planned",
        "Commitment “Unpublished promise” — Planned (not published)",
    ]
    assert staff_view[Stage.MASTER] == ["Co-Master opened"]

    public_view = {s: labels(renewal, 1, public=True, stage=s) for s in Stage}
    assert public_view[Stage.READY] == []  # readiness is the organisation's own: not even a row
    public_rows = selectors.cycle_views(fresh(renewal), public=True)[0].stage_rows
    assert [row.stage for row in public_rows] == [Stage.SERVE, Stage.RENEW, Stage.COMMIT, Stage.MASTER]
    assert public_view[Stage.SERVE] == ["Co-Serve chose this service"]
    assert "Journey map “Home care”" in public_view[Stage.RENEW]
    assert "Journey map “Draft map”" not in public_view[Stage.RENEW]
    assert not any("Draft panel" in label for label in public_view[Stage.RENEW])
    assert public_view[Stage.COMMIT] == ["Commitment “Shorter forms” — Planned"]
    assert public_view[Stage.MASTER] == []  # not published


def test_the_next_cycle_offers_a_fresh_coready_round(client: Any, renewal: Renewal, org_admin: Any) -> None:
    services.close_cycle(actor=org_admin, renewal=renewal, plan=["Invite carers"], note="Internal note")
    client.force_login(org_admin)
    page = client.get(reverse("renewals:renewal", args=[renewal.pk])).content.decode()
    assert "Cycle 1 closed — next cycle not started" in page and "Start cycle 2" in page
    assert reverse("readiness:open_round") not in page
    services.start_next_cycle(actor=org_admin, renewal=renewal)
    page = client.get(reverse("renewals:renewal", args=[renewal.pk])).content.decode()
    assert "The plan carried into this cycle" in page and "Invite carers" in page
    assert "next cycle not started" not in page  # cycle 1 is simply closed now
    assert reverse("readiness:open_round") in page
    assert "<details>" in page and "Internal note" in page  # cycle 1 folded, its note for staff
    public = Client().get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    assert "Invite carers" in public and "Internal note" not in public
    assert reverse("readiness:open_round") not in public


# Open data ---------------------------------------------------------------------------------------


def test_open_data_shows_the_cycles_of_public_renewals_only(renewal: Renewal, org: Any, staff: Any) -> None:
    private = RenewalFactory(service__organisation=org, title="Hidden renewal")
    services.close_cycle(actor=staff, renewal=private, plan=["Hidden improvement"])
    services.close_cycle(actor=staff, renewal=renewal, plan=["Invite carers"])
    services.start_next_cycle(actor=staff, renewal=renewal)
    client = Client()
    rows = client.get(reverse("open:export", args=["renewals", "json"])).json()
    assert [r["title"] for r in rows] == ["Care"]
    cycles = rows[0]["cycles"]
    assert [(c["number"], c["stage"], c["plan"]) for c in cycles] == [
        (1, "closed", []),
        (2, "preparing", ["Invite carers"]),
    ]
    assert cycles[0]["closed"] and cycles[1]["closed"] is None and cycles[0]["next_plan"] == ["Invite carers"]
    api = client.get("/open/api/renewals").json()
    assert api["items"][0]["cycles"] == cycles
    for url in ("/open/api/renewals", reverse("open:export", args=["renewals", "csv"])):
        body = client.get(url).content.decode()
        assert "Hidden improvement" not in body and "Hidden renewal" not in body
    assert "Invite carers" in client.get(reverse("open:export", args=["renewals", "csv"])).content.decode()


def test_the_activity_log_tells_the_close_in_words(renewal: Renewal, staff: Any) -> None:
    services.close_cycle(actor=staff, renewal=renewal, plan=["Invite carers"])
    services.start_next_cycle(actor=staff, renewal=renewal)
    renewal = services.start_next_cycle(actor=staff, renewal=fresh(renewal))  # cycle 2 closed empty
    messages = [e.message for e in selectors.activity_of(renewal)]
    assert "Closed cycle 1 with 1 improvement for the next cycle" in messages
    assert "Closed cycle 2" in messages and "Cycle 3 started" in messages
