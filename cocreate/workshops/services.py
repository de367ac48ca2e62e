"""Every write of workshops: set-up from templates, people, queueing the World Café rotation and
the Open Space schedule (computed in planning.py), live rounds, and the harvest that flows back
into the renewal."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment
from cocreate.core import audit, live
from cocreate.journeys.models import Contribution, Step
from cocreate.panels.models import Panel, Volunteer
from cocreate.renewals.models import Renewal
from cocreate.workshops import commitment_source, planning
from cocreate.workshops import live as live_pages
from cocreate.workshops.models import (
    Attendee,
    CafeRound,
    HarvestNote,
    Interest,
    Room,
    ScriptBlock,
    Session,
    Slot,
    Workshop,
)
from cocreate.workshops.tasks import make_plan

CAFE_SCRIPT = [
    (_("Welcome and purpose"), 10, ScriptBlock.Role.FACILITATOR, _("Why we are here; the café etiquette.")),
    (_("Round 1"), 20, ScriptBlock.Role.HOST, _("The host welcomes the table and reads the question.")),
    (
        _("Round 2"),
        20,
        ScriptBlock.Role.HOST,
        _("The host sums up the last round in two minutes; new question."),
    ),
    (_("Round 3"), 20, ScriptBlock.Role.HOST, _("Connect ideas across tables.")),
    (
        _("Harvest"),
        20,
        ScriptBlock.Role.FACILITATOR,
        _("Each host shares the main insight; notes are collected."),
    ),
    (
        _("Close"),
        5,
        ScriptBlock.Role.FACILITATOR,
        _("What happens next, and when participants will hear back."),
    ),
]
CAFE_QUESTIONS = [
    _("What does a good day with this service look like for you?"),
    _("Where does it go wrong today, and why?"),
    _("What one change would make the biggest difference?"),
]
OPEN_SPACE_SCRIPT = [
    (
        _("Opening circle"),
        15,
        ScriptBlock.Role.FACILITATOR,
        _("The theme, the four principles and the law of two feet."),
    ),
    (
        _("Marketplace"),
        30,
        ScriptBlock.Role.EVERYONE,
        _("Propose sessions; everyone marks what they want to join."),
    ),
    (_("Sessions"), 120, ScriptBlock.Role.EVERYONE, _("Conveners start; each session files a short report.")),
    (_("Closing circle"), 20, ScriptBlock.Role.FACILITATOR, _("Reports on the wall; next steps.")),
]


@transaction.atomic
def create_workshop(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    format: str,
    starts_at: datetime,
    ends_at: datetime,
    renewal: Renewal | None = None,
    place: str = "",
    online_link: str = "",
    capacity: int = 30,
    registration: str = Workshop.Registration.OPEN,
    accessibility: str = "",
    tables_count: int = 6,
    table_size: int = 5,
) -> Workshop:
    """A workshop with the script template of its format, which the facilitator then adapts."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The workshop must end after it starts.")})
    if renewal is not None and renewal.organisation_id != organisation.pk:
        raise ValidationError(_("The renewal belongs to another organisation."))
    workshop = Workshop(
        organisation=organisation,
        renewal=renewal,
        title=title.strip(),
        format=format,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link,
        capacity=capacity,
        registration=registration,
        accessibility=accessibility.strip(),
        tables=tables_count,
        table_size=table_size,
    )
    workshop.full_clean()
    workshop.save()
    script = CAFE_SCRIPT if format == Workshop.Format.WORLD_CAFE else OPEN_SPACE_SCRIPT
    if format != Workshop.Format.OTHER:
        for order, (block, minutes, role, details) in enumerate(script):
            ScriptBlock.objects.create(
                workshop=workshop,
                order=order,
                title=str(block),
                minutes=minutes,
                role=role,
                details=str(details),
            )
    if format == Workshop.Format.WORLD_CAFE:
        for number, question in enumerate(CAFE_QUESTIONS, start=1):
            CafeRound.objects.create(workshop=workshop, number=number, question=str(question))
    if format == Workshop.Format.OPEN_SPACE:
        for order, label in enumerate(("10:00", "11:00", "12:00", "14:00")):
            Slot.objects.create(workshop=workshop, label=label, order=order)
        for name in ("Hall", "Room A", "Room B"):
            Room.objects.create(workshop=workshop, name=name, capacity=20)
    audit.record(
        actor=actor,
        action="workshop.create",
        target=renewal or workshop,
        organisation=organisation,
        public=bool(renewal and renewal.is_public),
        params={"t": workshop.title, "f": workshop.format},
    )
    return workshop


def _log(actor: User | None, workshop: Workshop, action: str, params: dict[str, Any] | None = None) -> None:
    """Changes to a workshop are in its organisation's log: who changed what participants see."""
    audit.record(
        actor=actor, action=action, target=workshop, organisation=workshop.organisation, params=params or {}
    )


@transaction.atomic
def save_script_block(
    *,
    actor: User,
    workshop: Workshop,
    title: str,
    minutes: int,
    role: str,
    details: str,
    block: ScriptBlock | None = None,
) -> ScriptBlock:
    block = block or ScriptBlock(
        workshop=workshop, order=(workshop.script.aggregate(n=Max("order"))["n"] or 0) + 1
    )
    block.title, block.minutes, block.role, block.details = title.strip(), minutes, role, details.strip()
    block.full_clean()
    block.save()
    _log(actor, workshop, "workshop.script", {"t": block.title})
    return block


@transaction.atomic
def save_round(
    *, actor: User, workshop: Workshop, question: str, minutes: int, round_: CafeRound | None = None
) -> CafeRound:
    if round_ is None:
        number = (workshop.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
        round_ = CafeRound(workshop=workshop, number=number)
    elif round_.held_at:
        raise ValidationError(_("A round already held cannot change."))
    round_.question, round_.minutes = question.strip(), minutes
    round_.full_clean()
    round_.save()
    _log(actor, workshop, "workshop.round", {"n": round_.number})
    return round_


def parse_people(text: str, tables_count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """One person per line: "Name; stakeholder group; host 3" (group and host optional)."""
    people: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(";")]
        name = parts[0][:120]
        if not name:
            errors.append(_("Line %(n)s: the name is missing.") % {"n": number})
            continue
        host_table = None
        if len(parts) > 2 and parts[2]:
            word, _sep, digits = parts[2].partition(" ")
            if (
                word.lower() not in ("host", "gostitelj")
                or not digits.isdigit()
                or not 1 <= int(digits) <= tables_count
            ):
                errors.append(
                    _("Line %(n)s: write “host 3” for the host of table 3 (1–%(t)s).")
                    % {"n": number, "t": tables_count}
                )
                continue
            host_table = int(digits)
        people.append(
            {"name": name, "group": parts[1][:80] if len(parts) > 1 else "", "host_table": host_table}
        )
    return people, errors


@transaction.atomic
def add_people(*, actor: User, workshop: Workshop, text: str) -> list[Attendee]:
    people, errors = parse_people(text, workshop.tables)
    if errors:
        raise ValidationError(errors)
    hosts = [p["host_table"] for p in people if p["host_table"]]
    taken = set(workshop.attendees.exclude(host_table=None).values_list("host_table", flat=True))
    if len(hosts) != len(set(hosts)) or set(hosts) & taken:
        raise ValidationError(_("A table has one host."))
    if workshop.attendees.filter(present=True).count() + len(people) > workshop.capacity:
        raise ValidationError(
            _("That is more people than the workshop's capacity (%(c)s).") % {"c": workshop.capacity}
        )
    made = [Attendee.objects.create(workshop=workshop, **p) for p in people]
    audit.record(
        actor=actor,
        action="workshop.people",
        target=workshop,
        organisation=workshop.organisation,
        params={"n": len(made)},
    )
    return made


def register(*, workshop: Workshop, participant: GuestParticipant, name: str, group: str) -> Attendee:
    """Open registration by link: one attendance per participant identity; capacity respected."""
    if workshop.registration != Workshop.Registration.OPEN:
        raise ValidationError(_("Registration for this workshop is by invitation."))
    existing = workshop.attendees.filter(participant=participant).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if locked.attendees.filter(present=True).count() >= locked.capacity:
            raise ValidationError(_("The workshop is full."))
        try:
            with transaction.atomic():
                attendee = Attendee.objects.create(
                    workshop=workshop,
                    participant=participant,
                    name=name.strip()[:120],
                    group=group.strip()[:80],
                )
                _log(None, workshop, "workshop.register")  # staff are told through it (workshops/notify.py)
                return attendee
        except IntegrityError:
            return workshop.attendees.get(participant=participant)


@transaction.atomic
def add_panel_members(*, actor: User, workshop: Workshop, panel: Panel) -> list[Attendee]:
    """The panel becomes the participant list: everyone selected or confirmed (not those who
    declined), with their first feature's value as stakeholder group. Names only leave the panel's
    encrypted store for its own organisation's workshop."""
    if panel.organisation_id != workshop.organisation_id:
        raise ValidationError(_("The panel belongs to another organisation."))
    members = panel.volunteers.filter(
        status__in=[Volunteer.Status.SELECTED, Volunteer.Status.CONFIRMED, Volunteer.Status.REPLACEMENT]
    )
    first_feature = panel.features.order_by("order").values_list("name", flat=True).first()
    made = []
    for volunteer in members:
        name = volunteer.contact.get("name") or _("Panel member")
        group = volunteer.answers.get(first_feature, "") if first_feature else ""
        made.append(Attendee.objects.create(workshop=workshop, name=str(name)[:120], group=group[:80]))
    workshop.panel = panel
    workshop.registration = Workshop.Registration.PANEL
    workshop.save(update_fields=["panel", "registration", "updated_at"])
    audit.record(
        actor=actor,
        action="workshop.panel",
        target=workshop,
        organisation=workshop.organisation,
        params={"n": len(made), "p": panel.title},
    )
    return made


@transaction.atomic
def set_present(*, actor: User, attendee: Attendee, present: bool) -> Attendee:
    attendee.present = present
    attendee.save(update_fields=["present", "updated_at"])
    _log(actor, attendee.workshop, "workshop.check_in", {"present": present})
    return attendee


# A run queued this long ago without a result was lost (the worker stopped): a new request may queue another.
PLANNING_STALE_AFTER = timedelta(minutes=10)


def request_planning(*, actor: User, workshop: Workshop) -> bool:
    """Queue the table rotation (World Café) or the schedule (Open Space) for the background
    worker, which may search for seconds; the workshop page shows "planning…" until the result is
    written. A request while a run is queued queues nothing more (a double click makes one run).
    Returns whether this request queued the run."""
    if workshop.format == Workshop.Format.WORLD_CAFE:
        planning.rotation_inputs(workshop)  # says at once what is missing, before anything is queued
    elif workshop.format == Workshop.Format.OPEN_SPACE:
        planning.schedule_inputs(workshop)
    else:
        raise ValidationError(_("Only a World Café or an Open Space is planned by the computer."))
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Workshop.objects.filter(pk=workshop.pk)
            .filter(
                Q(planning_requested_at__isnull=True)
                | Q(planning_requested_at__lt=now - PLANNING_STALE_AFTER)
            )
            .update(planning_requested_at=now, planning_error="", updated_at=now)
        )
        if claimed:
            workshop_id, actor_id = str(workshop.pk), str(actor.pk)
            transaction.on_commit(lambda: make_plan.enqueue(workshop_id, actor_id))
    workshop.refresh_from_db(
        fields=["planning_requested_at", "planning_error", "plan_metrics", "schedule_metrics"]
    )
    return bool(claimed)


@transaction.atomic
def start_or_advance(*, actor: User, workshop: Workshop, from_round: int | None = None) -> Workshop:
    """Live mode: the facilitator starts the first round, then moves to the next; a round that
    starts is held (it will never be re-planned). ``from_round`` is the round the facilitator saw:
    a double tap or a second tab that asks again from the same round moves it once."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if from_round is not None and workshop.current_round != from_round:
        return workshop  # that move has been made already
    last = (
        workshop.rounds.count() if workshop.format == Workshop.Format.WORLD_CAFE else workshop.slots.count()
    )
    if workshop.current_round >= last:
        raise ValidationError(_("That was the last round."))
    workshop.current_round += 1
    workshop.round_started_at = timezone.now()
    workshop.save(update_fields=["current_round", "round_started_at", "updated_at"])
    workshop.rounds.filter(number=workshop.current_round, held_at__isnull=True).update(held_at=timezone.now())
    _log(actor, workshop, "workshop.live", {"n": workshop.current_round})
    live.publish(live_pages.round_topic(workshop))
    return workshop


@transaction.atomic
def stop_live(*, actor: User, workshop: Workshop) -> Workshop:
    """End live mode; a summary (counts only) goes to the renewal's process log — once, however
    often the button is pressed."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not workshop.is_live:
        return workshop
    workshop.current_round = 0
    workshop.round_started_at = None
    workshop.save(update_fields=["current_round", "round_started_at", "updated_at"])
    live.publish(live_pages.round_topic(workshop))
    groups = sorted({g for g in workshop.attendees.filter(present=True).values_list("group", flat=True) if g})
    audit.record(
        actor=actor,
        action="workshop.held",
        target=workshop.renewal or workshop,
        organisation=workshop.organisation,
        public=bool(workshop.renewal and workshop.renewal.is_public),
        params={
            "t": workshop.title,
            "n": workshop.attendees.filter(present=True).count(),
            "g": ", ".join(groups) or "—",
            "h": workshop.harvest.count(),
            "s": workshop.sessions.count(),
        },
    )
    return workshop


def propose_session(*, workshop: Workshop, convener: Attendee, title: str, description: str = "") -> Session:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give your session a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    if convener.workshop_id != workshop.pk:
        raise ValidationError(_("Only participants of the workshop propose sessions."))
    session = Session(
        workshop=workshop, convener=convener, title=title, description=description.strip()[:2000]
    )
    session.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:  # the same proposal again: it is there already
        return Session.objects.get(workshop=workshop, convener=convener, title=title)
    return session


def add_interest(*, session: Session, attendee: Attendee) -> None:
    """A dot on a session; a second identical dot is ignored by the unique pair."""
    if session.workshop_id != attendee.workshop_id:
        raise ValidationError(_("Only participants of the workshop put dots."))
    Interest.objects.bulk_create([Interest(session=session, attendee=attendee)], ignore_conflicts=True)


def remove_interest(*, session: Session, attendee: Attendee) -> None:
    Interest.objects.filter(session=session, attendee=attendee).delete()


@transaction.atomic
def file_report(*, session: Session, text: str) -> Session:
    session.report = text.strip()[:10000]
    session.save(update_fields=["report", "updated_at"])
    return session


@transaction.atomic
def add_note(
    *,
    actor: User | None,
    workshop: Workshop,
    text: str,
    round_number: int | None = None,
    table: int | None = None,
    session: Session | None = None,
    photo: object = None,
) -> HarvestNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the notes first.")})
    note = HarvestNote(
        workshop=workshop, text=text.strip(), round_number=round_number, table=table, session=session
    )
    if photo is not None:
        note.photo = photo  # type: ignore[assignment]
    note.full_clean()
    note.save()
    _log(actor, workshop, "workshop.harvest")
    return note


@transaction.atomic
def note_to_idea(*, actor: User, note: HarvestNote, step: Step) -> Contribution:
    """A harvest outcome becomes an idea on a step of the renewal's journey (Co-Renew), answered
    like any other; the process log records it."""
    workshop = note.workshop
    if workshop.renewal_id is None or step.stage.journey.renewal_id != workshop.renewal_id:
        raise ValidationError(_("Choose a step of this workshop's renewal."))
    idea = Contribution.objects.create(step=step, kind=Contribution.Kind.IDEA, text=note.text[:2000])
    note.idea = idea
    note.save(update_fields=["idea", "updated_at"])
    audit.record(
        actor=actor,
        action="workshop.harvest_idea",
        target=workshop.renewal,
        organisation=workshop.organisation,
        public=bool(workshop.renewal and workshop.renewal.is_public),
        params={"w": workshop.title, "s": step.title},
    )
    return idea


@transaction.atomic
def outcome_to_commitment(
    *,
    actor: User,
    note: HarvestNote,
    title: str,
    deadline: date,
    responsible: User,
    publish: bool = False,
) -> Commitment:
    """A workshop outcome (a table's or a session's harvest note) becomes a commitment of the
    workshop's renewal, citing the note and linked both ways. Once only: asking again returns the
    commitment already made (the commitments' constraint sees to it, also for parallel requests)."""
    workshop = note.workshop
    renewal = workshop.renewal
    if renewal is None:
        raise ValidationError(_("Link the workshop to a renewal first: a commitment belongs to one."))
    place = commitment_source.label(note)
    return commitment_services.commit_source(
        actor=actor,
        owner=renewal,
        source=note,
        title=title,
        organisation=renewal.organisation,
        deadline=deadline,
        responsible=responsible,
        why=_("An outcome of a workshop."),
        findings=f"{place}:\n{note.text}"[:5000],
        publish=publish,
        logged_as="workshop.harvest_commitment",
        log_params={"w": workshop.title},
    )
