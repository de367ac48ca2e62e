"""The computer's planning of a workshop: the World Café table rotation and the Open Space
schedule. The engines search outside any transaction; the result is written in one short
transaction, and only if the inputs did not change meanwhile.

`make_plan` is the background run that services.request_planning queues (tasks.make_plan calls
it); the demo and the tests call `plan_rotation` and `schedule` directly. Nothing here imports
the services or the tasks, so the services → tasks → planning chain has no circle (issue 22).
"""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import audit, live
from cocreate.engines import agenda, tables
from cocreate.workshops import live as live_pages
from cocreate.workshops.models import Interest, Seat, Workshop


def _rotation_problem(workshop: Workshop, locked: list[dict[str, int]]) -> tables.RotationProblem:
    people = tuple(
        tables.Participant(
            id=str(a.pk), group=a.group, host_table=(a.host_table - 1) if a.host_table else None
        )
        for a in workshop.attendees.filter(present=True).order_by("created_at", "pk")
    )
    n = len(people)
    if n < 2:
        raise ValidationError(_("Add at least two participants first."))
    count = max(1, min(workshop.tables, n // 2))
    base, extra = divmod(n, count)
    capacities = tuple(base + (1 if t < extra else 0) for t in range(count))
    return tables.RotationProblem(
        participants=people,
        table_capacities=capacities,
        rounds=max(1, workshop.rounds.count()),
        locked_rounds=tuple(locked),
        seed=1,
    )


def rotation_inputs(workshop: Workshop) -> tuple[tables.RotationProblem, list[dict[str, int]]]:
    """The engine's problem and the current plan, as the database holds them now."""
    held = list(workshop.rounds.filter(held_at__isnull=False).values_list("number", flat=True))
    present = {str(a) for a in workshop.attendees.filter(present=True).values_list("pk", flat=True)}
    locked = []
    for number in sorted(held):
        seats = {str(s.attendee_id): s.table - 1 for s in workshop.seats.filter(round_number=number)}
        locked.append({pid: table for pid, table in seats.items() if pid in present})
    problem = _rotation_problem(workshop, locked)
    previous = [
        {str(s.attendee_id): s.table - 1 for s in workshop.seats.filter(round_number=r.number)}
        for r in workshop.rounds.all()
    ]
    return problem, previous


# A run whose inputs changed while the engine searched solves again, this many times at most.
PLANNING_ATTEMPTS = 3


def plan_rotation(*, actor: User | None, workshop: Workshop) -> tables.RotationPlan:
    """Seat everyone for every round not yet held: held rounds never move (people who arrived or
    left are taken into account for the rounds to come).

    The engine searches for up to two seconds outside any transaction (on SQLite a transaction
    holds the one write lock of the file); the plan is written in one short transaction, and only
    if nobody changed the people or the rounds meanwhile — otherwise it is solved again."""
    for _attempt in range(PLANNING_ATTEMPTS):
        problem, previous = rotation_inputs(workshop)
        locked = problem.locked_rounds
        if any(previous[len(locked) :]) and locked:
            plan = tables.replan_rotation(problem, previous)
        else:
            plan = tables.plan_rotation(problem)
        with transaction.atomic():
            Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
            if rotation_inputs(workshop) != (problem, previous):
                continue
            _write_rotation(actor=actor, workshop=workshop, plan=plan, held=len(locked))
            return plan
    raise ValidationError(_("The participants changed while the rotation was planned; plan it again."))


def _write_rotation(*, actor: User | None, workshop: Workshop, plan: tables.RotationPlan, held: int) -> None:
    workshop.seats.filter(round_number__gt=held).delete()
    for number, seating in enumerate(plan.rounds, start=1):
        if number <= held:
            continue
        Seat.objects.bulk_create(
            Seat(workshop=workshop, round_number=number, attendee_id=pid, table=table + 1)
            for pid, table in seating.items()
        )
    workshop.plan_metrics = {**asdict(plan.metrics), "method": plan.method}
    workshop.planning_requested_at, workshop.planning_error = None, ""
    workshop.save(update_fields=["plan_metrics", "planning_requested_at", "planning_error", "updated_at"])
    live.publish(live_pages.round_topic(workshop))  # phones in live mode show their new tables
    audit.record(
        actor=actor,
        action="workshop.rotation",
        target=workshop,
        organisation=workshop.organisation,
        params={"r": plan.metrics.repeated_pairs},
    )


def make_plan(*, workshop_id: str, actor_id: str | None) -> None:
    """The background run of request_planning. Whatever happens, the workshop leaves the
    "planning" state: with its result, or with the reason there is none."""
    workshop = Workshop.objects.select_related("organisation").filter(pk=workshop_id).first()
    if workshop is None or workshop.planning_requested_at is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        if workshop.format == Workshop.Format.WORLD_CAFE:
            plan_rotation(actor=actor, workshop=workshop)
        else:
            schedule(actor=actor, workshop=workshop)
    except ValidationError as error:
        _planning_failed(workshop, " ".join(error.messages))
    except Exception:
        _planning_failed(workshop, _("The planner stopped unexpectedly. Please try again."))
        raise


def _planning_failed(workshop: Workshop, message: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(
        planning_requested_at=None, planning_error=message[:500], updated_at=timezone.now()
    )


def schedule_inputs(workshop: Workshop) -> agenda.AgendaProblem:
    """The engine's problem as the database holds it now (the current placements included)."""
    sessions = list(workshop.sessions.all())
    rooms = list(workshop.rooms.all())
    slots = list(workshop.slots.all())
    if not sessions or not rooms or not slots:
        raise ValidationError(_("The schedule needs sessions, rooms and time slots."))
    interests: dict[str, set[str]] = {}
    for session_id, attendee_id in Interest.objects.filter(session__workshop=workshop).values_list(
        "session_id", "attendee_id"
    ):
        interests.setdefault(str(attendee_id), set()).add(str(session_id))
    previous = {str(s.pk): (str(s.room_id), str(s.slot_id)) for s in sessions if s.room_id and s.slot_id}
    return agenda.AgendaProblem(
        sessions=tuple(
            agenda.Session(id=str(s.pk), conveners=(str(s.convener_id),) if s.convener_id else ())
            for s in sessions
        ),
        rooms=tuple(agenda.Room(id=str(r.pk), capacity=r.capacity) for r in rooms),
        slots=tuple(str(s.pk) for s in slots),
        interests={k: frozenset(v) for k, v in interests.items()},
        previous=previous,
    )


def schedule(*, actor: User | None, workshop: Workshop) -> agenda.AgendaPlan:
    """Place the Open Space sessions into rooms and time slots. The engine searches for up to five
    seconds outside any transaction; the schedule is written in one short transaction, and only if
    the sessions, rooms, slots and dots are still those it was made for — otherwise solved again."""
    for _attempt in range(PLANNING_ATTEMPTS):
        problem = schedule_inputs(workshop)
        plan = agenda.schedule_sessions(problem, mode="auto", time_limit=5.0)
        with transaction.atomic():
            Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
            if schedule_inputs(workshop) != problem:
                continue
            _write_schedule(actor=actor, workshop=workshop, plan=plan)
            return plan
    raise ValidationError(_("The sessions changed while the schedule was made; make it again."))


def _write_schedule(*, actor: User | None, workshop: Workshop, plan: agenda.AgendaPlan) -> None:
    room_of = {str(r.pk): r for r in workshop.rooms.all()}
    slot_of = {str(s.pk): s for s in workshop.slots.all()}
    for session in workshop.sessions.all():
        placement = plan.placements.get(str(session.pk))
        session.room = room_of[placement[0]] if placement else None
        session.slot = slot_of[placement[1]] if placement else None
        session.save(update_fields=["room", "slot", "updated_at"])
    workshop.schedule_metrics = {**asdict(plan.metrics), "method": plan.method, "optimal": plan.optimal}
    workshop.planning_requested_at, workshop.planning_error = None, ""
    workshop.save(update_fields=["schedule_metrics", "planning_requested_at", "planning_error", "updated_at"])
    live.publish(live_pages.board_topic(workshop))  # the wall's board and phones' chosen sessions
    live.publish(live_pages.round_topic(workshop))
    audit.record(
        actor=actor,
        action="workshop.schedule",
        target=workshop,
        organisation=workshop.organisation,
        params={"n": len(plan.placements)},
    )
