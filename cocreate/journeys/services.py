"""Every write of Co-Renew: personas, maps and their editing, participation, moderation, answers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Admission, GuestParticipant, User
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment
from cocreate.core import audit, links
from cocreate.core.tasks import send_email
from cocreate.core.upsert import upsert
from cocreate.journeys.models import (
    CONTRIBUTION_MAX_LENGTH,
    BlockedWord,
    Contribution,
    ContributionReport,
    FeelingRating,
    JourneyMap,
    Persona,
    Stage,
    Step,
    Support,
)
from cocreate.portfolio.models import Channel
from cocreate.renewals.models import Renewal

STEP_FIELDS = ("title", "action", "touchpoint", "channels", "front_stage", "back_stage", "evidence", "notes")


class StaleEdit(Exception):
    """Someone else saved the step since this editor loaded it."""

    def __init__(self, current: Step) -> None:
        super().__init__("stale edit")
        self.current = current


# ---------------------------------------------------------------------------------------------
# personas and maps


@transaction.atomic
def save_persona(*, actor: User, renewal: Renewal, persona: Persona | None = None, **fields: Any) -> Persona:
    persona = persona or Persona(renewal=renewal)
    for name, value in fields.items():
        setattr(persona, name, value.strip() if isinstance(value, str) else value)
    persona.full_clean()
    persona.save()
    audit.record(
        actor=actor,
        action="persona.save",
        target=renewal,
        organisation=renewal.organisation,
        params={"n": persona.name},
    )
    return persona


@transaction.atomic
def create_map(*, actor: User, renewal: Renewal, title: str, persona: Persona | None = None) -> JourneyMap:
    journey = JourneyMap(renewal=renewal, title=title.strip(), persona=persona)
    journey.full_clean()
    journey.save()
    audit.record(
        actor=actor,
        action="journey.create",
        target=renewal,
        organisation=renewal.organisation,
        params={"t": journey.title},
        public=renewal.is_public,
    )
    return journey


@transaction.atomic
def copy_to_be(*, actor: User, journey: JourneyMap) -> JourneyMap:
    """The to-be map starts as a copy of the as-is map, then changes."""
    to_be = JourneyMap.objects.create(
        renewal=journey.renewal,
        kind=JourneyMap.Kind.TO_BE,
        title=_("%(t)s — to be") % {"t": journey.title},
        persona=journey.persona,
        copied_from=journey,
    )
    for stage in journey.stages.all():
        new_stage = Stage.objects.create(journey=to_be, title=stage.title, order=stage.order)
        for step in stage.steps.filter(deleted_at__isnull=True):
            Step.objects.create(
                stage=new_stage, order=step.order, **{f: getattr(step, f) for f in STEP_FIELDS}
            )
    audit.record(
        actor=actor,
        action="journey.to_be",
        target=journey.renewal,
        organisation=journey.organisation,
        params={"t": journey.title},
        public=journey.renewal.is_public,
    )
    return to_be


@transaction.atomic
def set_participation(*, actor: User, journey: JourneyMap, open_: bool) -> JourneyMap:
    journey.participation_open = open_
    journey.save(update_fields=["participation_open", "updated_at"])
    audit.record(
        actor=actor,
        action="journey.participation",
        target=journey.renewal,
        organisation=journey.organisation,
        params={"t": journey.title, "open": open_},
        public=journey.renewal.is_public,
    )
    return journey


@transaction.atomic
def set_admission(*, actor: User, journey: JourneyMap, admission: str) -> JourneyMap:
    if admission not in Admission.values:
        raise ValidationError({"admission": _("Choose who may take part.")})
    before = journey.admission
    journey.admission = admission
    journey.save(update_fields=["admission", "updated_at"])
    audit.record(
        actor=actor,
        action="journey.admission",
        target=journey.renewal,
        organisation=journey.organisation,
        params={"t": journey.title},
        changes=audit.changed_fields({"admission": before}, {"admission": admission}),
        public=journey.renewal.is_public,
    )
    return journey


def _log_map_edit(actor: User, journey: JourneyMap, action: str, title: str) -> None:
    """Edits of a map are in the renewal's log: who changed the journey people give feedback on."""
    audit.record(
        actor=actor,
        action=action,
        target=journey.renewal,
        organisation=journey.organisation,
        params={"t": title},
    )


@transaction.atomic
def add_stage(*, actor: User, journey: JourneyMap, title: str) -> Stage:
    order = (journey.stages.aggregate(n=Max("order"))["n"] or 0) + 1
    stage = Stage(journey=journey, title=title.strip(), order=order)
    stage.full_clean()
    stage.save()
    _log_map_edit(actor, journey, "stage.add", stage.title)
    return stage


@transaction.atomic
def rename_stage(*, actor: User, stage: Stage, title: str) -> Stage:
    stage.title = title.strip()
    stage.full_clean()
    stage.save(update_fields=["title", "updated_at"])
    _log_map_edit(actor, stage.journey, "stage.rename", stage.title)
    return stage


def _swap(items: list[Any], index: int, other: int) -> None:
    items[index].order, items[other].order = items[other].order, items[index].order
    for item in (items[index], items[other]):
        item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def move_stage(*, actor: User, stage: Stage, direction: int) -> None:
    stages = list(stage.journey.stages.select_for_update().order_by("order"))
    _renumber(stages)
    i = next(n for n, s in enumerate(stages) if s.pk == stage.pk)
    if 0 <= i + direction < len(stages):
        _swap(stages, i, i + direction)
        _log_map_edit(actor, stage.journey, "stage.move", stage.title)


@transaction.atomic
def delete_stage(*, actor: User, stage: Stage) -> None:
    if stage.steps.filter(deleted_at__isnull=True).exists():
        raise ValidationError(_("Move or delete the stage's steps first."))
    _log_map_edit(actor, stage.journey, "stage.delete", stage.title)
    stage.delete()


def _renumber(items: list[Any]) -> None:
    for n, item in enumerate(items, start=1):
        if item.order != n:
            item.order = n
            item.save(update_fields=["order"])


def _clean_step_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in STEP_FIELDS}
    if "channels" in cleaned:
        valid = set(Channel.values)
        cleaned["channels"] = [c for c in dict.fromkeys(cleaned["channels"] or []) if c in valid]
    return cleaned


@transaction.atomic
def add_step(*, actor: User, stage: Stage, **fields: Any) -> Step:
    order = (stage.steps.aggregate(n=Max("order"))["n"] or 0) + 1
    step = Step(stage=stage, order=order, **_clean_step_fields(fields))
    step.full_clean()
    step.save()
    audit.record(
        actor=actor,
        action="step.add",
        target=stage.journey.renewal,
        organisation=stage.organisation,
        params={"t": step.title},
    )
    return step


@transaction.atomic
def edit_step(*, actor: User, step: Step, version: int, **fields: Any) -> Step:
    """Refused when someone saved the step after this editor loaded it (version differs)."""
    current = Step.objects.select_for_update().get(pk=step.pk)
    if current.version != version:
        raise StaleEdit(current)
    for name, value in _clean_step_fields(fields).items():
        setattr(current, name, value)
    current.version = F("version") + 1
    current.full_clean(exclude=["version"])
    current.save()
    current.refresh_from_db()
    _log_map_edit(actor, step.journey, "step.edit", current.title)
    return current


@transaction.atomic
def duplicate_step(*, actor: User, step: Step) -> Step:
    Step.objects.filter(stage=step.stage, order__gt=step.order).update(order=F("order") + 1)
    copy = Step.objects.create(
        stage=step.stage, order=step.order + 1, **{f: getattr(step, f) for f in STEP_FIELDS}
    )
    copy.title = _("%(t)s (copy)") % {"t": step.title}
    copy.save(update_fields=["title"])
    _log_map_edit(actor, step.journey, "step.duplicate", step.title)
    return copy


@transaction.atomic
def move_step(*, actor: User, step: Step, direction: int) -> None:
    """Up or down within its stage; past the first or last step it moves to the next stage."""
    _log_map_edit(actor, step.journey, "step.move", step.title)
    steps = list(step.stage.steps.filter(deleted_at__isnull=True).select_for_update().order_by("order"))
    _renumber(steps)
    i = next(n for n, s in enumerate(steps) if s.pk == step.pk)
    if 0 <= i + direction < len(steps):
        _swap(steps, i, i + direction)
        return
    stages = list(step.stage.journey.stages.order_by("order"))
    j = next(n for n, s in enumerate(stages) if s.pk == step.stage_id) + direction
    if 0 <= j < len(stages):
        target = stages[j]
        edge = target.steps.aggregate(lo=Max("order"))["lo"] or 0
        if direction < 0:
            step.order = edge + 1
        else:
            Step.objects.filter(stage=target).update(order=F("order") + 1)
            step.order = 1
        step.stage = target
        step.save(update_fields=["stage", "order", "updated_at"])


@transaction.atomic
def delete_step(*, actor: User, step: Step) -> Step:
    step.deleted_at = timezone.now()
    step.save(update_fields=["deleted_at", "updated_at"])
    _log_map_edit(actor, step.journey, "step.delete", step.title)
    return step


@transaction.atomic
def restore_step(*, actor: User, step: Step) -> Step:
    step.deleted_at = None
    step.save(update_fields=["deleted_at", "updated_at"])
    _log_map_edit(actor, step.journey, "step.restore", step.title)
    return step


# ---------------------------------------------------------------------------------------------
# participation (service users, as guest participants)


def _open_step(step: Step) -> None:
    if not step.stage.journey.participation_open or step.deleted_at is not None:
        raise ValidationError(_("This journey is not open for feedback."))


def rate(*, step: Step, participant: GuestParticipant, value: int) -> FeelingRating:
    """A new rating replaces the old: one upsert, so parallel identical ratings leave one row."""
    rate_many(participant=participant, values={step: value})
    return FeelingRating.objects.get(step=step, participant=participant)


def rate_many(*, participant: GuestParticipant, values: Mapping[Step, int]) -> int:
    """Every rating of one save (or one autosave) in one statement; returns how many were kept."""
    for step, value in values.items():
        _open_step(step)
        if value not in (-2, -1, 0, 1, 2):
            raise ValidationError(_("Choose how it felt, from very bad to very good."))
    now = timezone.now()
    upsert(
        FeelingRating,
        [
            {"step_id": step.pk, "participant_id": participant.pk, "value": value, "updated_at": now}
            for step, value in values.items()
        ],
        unique=["step_id", "participant_id"],
        update=["value", "updated_at"],
    )
    return len(values)


def holds_blocked_word(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(w.lower())}\b", lowered) for w in words if w.strip())


@transaction.atomic
def contribute(
    *, step: Step, participant: GuestParticipant, kind: str, text: str, submission_key: UUID | None = None
) -> Contribution:
    """A pain point, an idea or a comment. A blocked word holds it for review before anyone sees it."""
    _open_step(step)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if len(text) > CONTRIBUTION_MAX_LENGTH:
        raise ValidationError({"text": _("Keep it under %(n)s characters.") % {"n": CONTRIBUTION_MAX_LENGTH}})
    if kind not in Contribution.Kind.values:
        raise ValidationError(_("Unknown kind of contribution."))
    words = BlockedWord.objects.filter(organisation=step.organisation).values_list("word", flat=True)
    visibility = (
        Contribution.Visibility.HELD if holds_blocked_word(text, words) else Contribution.Visibility.VISIBLE
    )
    contribution = Contribution(
        step=step,
        participant=participant,
        kind=kind,
        text=text,
        visibility=visibility,
        submission_key=submission_key,
    )
    # The fields' own rules; the step and participant are rows in hand, and the keys' uniqueness is
    # the database's to enforce (the insert below), so no look-ups for them first.
    contribution.full_clean(
        exclude=["step", "participant"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:
        # The same form sent again (a double tap, a retry, a parallel copy): the unique (participant,
        # submission key) kept the first, and that is it. No read before the insert: the constraint
        # decides, and a retry is rare beside the ideas written once.
        return Contribution.objects.get(participant=participant, submission_key=submission_key)
    audit.record(
        actor=None,
        action="contribution.add",
        target=contribution,
        organisation=step.organisation,
        params={"k": contribution.kind},
    )  # staff are told through it (journeys/notify.py)
    return contribution


@transaction.atomic
def edit_own(*, contribution: Contribution, participant: GuestParticipant, text: str) -> Contribution:
    """A participant may change their own words until the organisation has answered."""
    if contribution.participant_id != participant.pk:
        raise ValidationError(_("You can only change what you wrote yourself."))
    if contribution.answered_at is not None:
        raise ValidationError(_("The organisation has answered already; add a comment instead."))
    text = text.strip()
    if not text or len(text) > CONTRIBUTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Write between 1 and %(n)s characters.") % {"n": CONTRIBUTION_MAX_LENGTH}}
        )
    contribution.text = text
    words = BlockedWord.objects.filter(organisation=contribution.organisation).values_list("word", flat=True)
    if holds_blocked_word(text, words) and contribution.visibility == Contribution.Visibility.VISIBLE:
        contribution.visibility = Contribution.Visibility.HELD
    contribution.full_clean()
    contribution.save(update_fields=["text", "visibility", "updated_at"])
    return contribution


def support(*, contribution: Contribution, participant: GuestParticipant) -> None:
    """Support an idea. Saying it twice (a double tap, a retry) keeps one support: the database's
    unique pair ignores the second insert."""
    if contribution.kind != Contribution.Kind.IDEA or not contribution.is_public:
        raise ValidationError(_("Only published ideas can be supported."))
    _open_step(contribution.step)
    now = timezone.now()
    upsert(
        Support,
        [{"contribution_id": contribution.pk, "participant_id": participant.pk, "created_at": now}],
        unique=["contribution_id", "participant_id"],
    )


def unsupport(*, contribution: Contribution, participant: GuestParticipant) -> None:
    """Withdraw a support; withdrawing twice is the same as once."""
    _open_step(contribution.step)
    Support.objects.filter(contribution=contribution, participant=participant).delete()


@transaction.atomic
def report(*, contribution: Contribution, participant: GuestParticipant, reason: str = "") -> None:
    try:
        with transaction.atomic():
            ContributionReport.objects.create(
                contribution=contribution, participant=participant, reason=reason.strip()[:300]
            )
    except IntegrityError:
        return
    Contribution.objects.filter(pk=contribution.pk).update(reports=F("reports") + 1)


# ---------------------------------------------------------------------------------------------
# moderation and answers (staff)


@transaction.atomic
def moderate(*, actor: User, contribution: Contribution, visibility: str, reason: str) -> Contribution:
    if visibility == Contribution.Visibility.HIDDEN and not reason.strip():
        raise ValidationError({"reason": _("Say why it is hidden; the reason is recorded.")})
    contribution.visibility = visibility
    contribution.moderation_reason = reason.strip()
    contribution.full_clean()
    contribution.save(update_fields=["visibility", "moderation_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="contribution.moderate",
        target=contribution.step.journey.renewal,
        organisation=contribution.organisation,
        params={"v": contribution.visibility},
        changes={"reason": contribution.moderation_reason},
    )
    return contribution


@transaction.atomic
def answer(
    *, actor: User, contribution: Contribution, status: str, reason: str, to_be_step: Step | None = None
) -> Contribution:
    """Staff set the status with a public reason; the contributor is told (if they left an e-mail)."""
    if status != Contribution.Status.NEW and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason: it is shown to the contributor and the public.")}
        )
    if to_be_step is not None and (
        to_be_step.stage.journey.renewal_id != contribution.step.stage.journey.renewal_id
        or to_be_step.stage.journey.kind != JourneyMap.Kind.TO_BE
    ):
        raise ValidationError({"to_be_step": _("Link the idea to a step of this renewal's to-be map.")})
    changed = contribution.status != status
    contribution.status, contribution.reason = status, reason.strip()
    contribution.answered_at, contribution.answered_by = timezone.now(), actor
    if to_be_step is not None:
        contribution.to_be_step = to_be_step
    contribution.full_clean()
    contribution.save()
    audit.record(
        actor=actor,
        action="contribution.answer",
        target=contribution.step.journey.renewal,
        organisation=contribution.organisation,
        public=contribution.step.journey.renewal.is_public,
        params={"k": contribution.kind, "s": contribution.status},
    )
    if changed:
        _notify(contribution)
    return contribution


def _notify(contribution: Contribution) -> None:
    participant = contribution.participant
    if participant is None or not participant.may_be_notified:
        return
    link = links.site_url(reverse("journeys_public:mine"))
    body = render_to_string("journeys/emails/status.txt", {"contribution": contribution, "link": link})
    subject = _("What happened to your %(k)s") % {"k": contribution.get_kind_display().lower()}
    transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=participant.email))


@transaction.atomic
def merge(*, actor: User, duplicate: Contribution, into: Contribution) -> Contribution:
    """Merge a duplicate into another contribution of the same kind: supports carry over (each
    participant once), the duplicate gets the target's answer and disappears from public lists."""
    if duplicate.pk == into.pk or duplicate.kind != into.kind:
        raise ValidationError(_("Merge into a different contribution of the same kind."))
    if duplicate.step.stage.journey_id != into.step.stage.journey_id:
        raise ValidationError(_("Merge within one journey map."))
    for participant_id in duplicate.supports.values_list("participant_id", flat=True):
        Support.objects.get_or_create(contribution=into, participant_id=participant_id)
    if duplicate.participant_id:
        Support.objects.get_or_create(contribution=into, participant_id=duplicate.participant_id)
    duplicate.supports.all().delete()
    duplicate.merged_into = into
    duplicate.status, duplicate.reason = into.status, _("Merged with a similar contribution.")
    duplicate.answered_at, duplicate.answered_by = timezone.now(), actor
    duplicate.save()
    audit.record(
        actor=actor,
        action="contribution.merge",
        target=into.step.journey.renewal,
        organisation=into.organisation,
        params={},
    )
    return into


@transaction.atomic
def set_blocked_words(*, actor: User, renewal: Renewal, words: Iterable[str]) -> list[str]:
    organisation = renewal.organisation
    cleaned = sorted({w.strip().lower() for w in words if w.strip()})
    organisation.blocked_words.exclude(word__in=cleaned).delete()
    for word in cleaned:
        BlockedWord.objects.get_or_create(organisation=organisation, word=word[:60])
    audit.record(
        actor=actor,
        action="journey.blocked_words",
        target=renewal,
        organisation=organisation,
        params={"n": len(cleaned)},
    )
    return cleaned


# ---------------------------------------------------------------------------------------------
# an accepted idea becomes a commitment


def idea_findings(contribution: Contribution) -> str:
    """What the commitment's "findings it answers" cites: the words, where, and how many backed it."""
    step = contribution.step
    supports = contribution.supports.count()
    values = {"kind": contribution.get_kind_display(), "map": step.stage.journey.title, "step": step.title}
    # Words held or hidden by moderation are not quoted: the findings may be on the public page.
    lines = [
        _("%(kind)s on the journey map “%(map)s”, step “%(step)s”: “%(text)s”")
        % {**values, "text": contribution.text}
        if contribution.is_public
        else _("%(kind)s on the journey map “%(map)s”, step “%(step)s”") % values
    ]
    if supports:
        lines.append(_("Supported by %(n)s people.") % {"n": supports})
    if contribution.reason:
        lines.append(_("Our answer: %(reason)s") % {"reason": contribution.reason})
    return "\n".join(lines)[:5000]


@transaction.atomic
def idea_to_commitment(
    *,
    actor: User,
    contribution: Contribution,
    title: str,
    deadline: date,
    responsible: User,
    publish: bool = False,
) -> Commitment:
    """An accepted idea or pain point becomes a commitment of the renewal, linked both ways (its
    source); the contributor and its supporters are told. Once only: asking again (a double tap, a
    parallel request) returns the commitment already made — the commitments' constraint sees to it."""
    if contribution.kind == Contribution.Kind.COMMENT or contribution.status != Contribution.Status.ACCEPTED:
        earlier = commitment_selectors.commitment_for_source(contribution)
        if earlier is not None:
            return earlier  # made while it was accepted
        raise ValidationError(_("Only an accepted idea or pain point can become a commitment."))
    renewal = contribution.step.stage.journey.renewal
    return commitment_services.commit_source(
        actor=actor,
        owner=renewal,
        source=contribution,
        title=title,
        organisation=renewal.organisation,
        deadline=deadline,
        responsible=responsible,
        why=_("Accepted from the service users' feedback on the journey."),
        findings=idea_findings(contribution),
        publish=publish,
        logged_as="contribution.commitment",
        log_params={"k": contribution.kind},
    )
