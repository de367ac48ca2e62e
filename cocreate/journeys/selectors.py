"""Reads of Co-Renew. Public reads return only visible, unmerged contributions — never hidden or
held ones — and never a participant's e-mail."""

from __future__ import annotations

import statistics
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant, User
from cocreate.accounts.selectors import organisations_for
from cocreate.core import by_key
from cocreate.journeys.models import (
    Contribution,
    FeelingRating,
    JourneyMap,
    Persona,
    Stage,
    Step,
    Support,
)
from cocreate.renewals.models import Renewal


def get_map_for(user: User, map_id: UUID) -> JourneyMap:
    return get_object_or_404(
        JourneyMap.objects.select_related("renewal", "renewal__organisation"),
        pk=map_id,
        renewal__organisation__in=organisations_for(user),
    )


def get_map_by_link(map_id: UUID) -> JourneyMap:
    """For service users holding the link, open or closed (a closed map says so instead of a 404).
    The map alone: a participation write needs nothing else (the page loads its renewal when it
    renders, once per shared copy)."""
    journey = by_key.row(JourneyMap, map_id)  # every write on a journey: the lean look-up
    if journey is None:
        raise Http404
    return journey


def get_stage_for(user: User, stage_id: UUID) -> Stage:
    return get_object_or_404(
        Stage.objects.select_related("journey__renewal__organisation"),
        pk=stage_id,
        journey__renewal__organisation__in=organisations_for(user),
    )


def get_step_for(user: User, step_id: UUID) -> Step:
    return get_object_or_404(
        Step.objects.select_related("stage__journey__renewal__organisation"),
        pk=step_id,
        stage__journey__renewal__organisation__in=organisations_for(user),
    )


def get_persona_for(user: User, persona_id: UUID) -> Persona:
    return get_object_or_404(
        Persona.objects.select_related("renewal__organisation"),
        pk=persona_id,
        renewal__organisation__in=organisations_for(user),
    )


def get_contribution_for(user: User, contribution_id: UUID) -> Contribution:
    return get_object_or_404(
        Contribution.objects.select_related("step__stage__journey__renewal__organisation"),
        pk=contribution_id,
        step__stage__journey__renewal__organisation__in=organisations_for(user),
    )


def public_contributions() -> QuerySet[Contribution]:
    return Contribution.objects.filter(visibility=Contribution.Visibility.VISIBLE, merged_into__isnull=True)


def get_public_contribution(journey: JourneyMap, contribution_id: UUID) -> Contribution:
    """A contribution participants see on this map, with its step and stage, for its buttons
    (support, withdraw, report). Read on every support, so by key (core/by_key): the ORM's query
    with its joins cost more than the rest of a support together. The same rules as
    `public_contributions` and a live step of this map."""
    contribution = by_key.row(Contribution, contribution_id, joined="step__stage")
    if (
        contribution is None
        or contribution.visibility != Contribution.Visibility.VISIBLE
        or contribution.merged_into_id is not None
        or not _live_on(contribution.step, journey)
    ):
        raise Http404
    contribution.step.stage.journey = journey  # the map loaded already: the same row
    return contribution


# How much of each step the participation page shows: the few contributions an arriving guest reads
# (most supported first, then newest), and their own; the rest is one link away, a page at a time.
PREVIEW_PER_STEP = 5
OWN_PER_STEP = 20  # "your own are always shown", bounded all the same against a flood from one phone
OWN_SCANNED = 1000  # a guest's newest contributions looked at for the page (more are a flood, not a voice)
RANKING = (F("support_count").desc(), F("created_at").desc(), F("id").asc())


def _support_count() -> Coalesce:
    """A contribution's supports as a correlated subquery (an index look-up each) rather than a
    GROUP BY over the joined rows: measured cheaper, and it leaves the rows narrow for the ranking."""
    supports = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(supports, output_field=IntegerField()), Value(0))


def _with_support_count(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.annotate(support_count=_support_count())


def step_previews(journey: JourneyMap, *, limit: int = PREVIEW_PER_STEP) -> dict[Any, list[Contribution]]:
    """{step id: what the participation page shows of it to everyone}: the `limit` first of each
    step in the reading order. The same for every visitor, so the page can be shared; a guest's own
    are added by `own_previews`.

    Two queries, whatever the number of contributions: a lean ranking (ids only, so the database
    sorts narrow rows), then the few rows shown with what they show."""
    top = (
        _on_live_steps(journey)
        .alias(support_count=_support_count())  # not selected: counted once, in the window
        .annotate(rank=Window(RowNumber(), partition_by=[F("step_id")], order_by=list(RANKING)))
        .filter(rank__lte=limit)
        .order_by()  # the window ranks; the rows shown are sorted below
        .values_list("pk", flat=True)
    )
    return _shown_by_step(set(top))


def own_on_map(
    participant: GuestParticipant,
    *,
    steps: AbstractSet[Any],
    shown: AbstractSet[Any],
    limit: int = OWN_PER_STEP,
) -> tuple[set[Any], dict[Any, list[Contribution]]]:
    """What of a map's page is the asker's own: which of `shown` (ids) they wrote, and their own to
    show besides those on `steps` (ids: the page's live steps), the newest `limit` a step in the
    reading order. Read on every journey page of a guest: their newest OWN_SCANNED contributions,
    anywhere, by one fixed statement (core/by_key.py) rather than the ORM's joins down to the map;
    one more query for the rows shown when there are any."""
    newest = by_key.values(
        Contribution,
        ("id", "step", "visibility", "merged_into"),
        order_by=("-created_at", "id"),
        limit=OWN_SCANNED,
        participant=participant.pk,
    )
    written: set[Any] = set()
    per_step: dict[Any, int] = {}
    extra: set[Any] = set()
    for pk, step_id, visibility, merged_into in newest:
        if step_id not in steps or visibility != Contribution.Visibility.VISIBLE or merged_into is not None:
            continue
        if pk in shown:
            written.add(pk)
        elif per_step.get(step_id, 0) < limit:
            per_step[step_id] = per_step.get(step_id, 0) + 1
            extra.add(pk)
    return written, _own_by_step(participant, extra)


def _on_live_steps(journey: JourneyMap) -> QuerySet[Contribution]:
    return public_contributions().filter(step__stage__journey=journey, step__deleted_at__isnull=True)


def _shown_by_step(wanted: set[Any]) -> dict[Any, list[Contribution]]:
    previews: dict[Any, list[Contribution]] = {}
    if not wanted:
        return previews
    shown = (
        _with_support_count(Contribution.objects.filter(pk__in=wanted))
        .select_related("participant")
        .order_by(*RANKING)
    )
    for contribution in shown:
        previews.setdefault(contribution.step_id, []).append(contribution)
    return previews


def public_counts_by_step(journey: JourneyMap) -> dict[Any, int]:
    """{step id: how many public contributions it has}, one aggregate query."""
    return dict(
        public_contributions()
        .filter(step__stage__journey=journey)
        .order_by()
        .values("step_id")
        .annotate(n=Count("id"))
        .values_list("step_id", "n")
    )


def step_contributions(step: Step) -> QuerySet[Contribution]:
    """Every public contribution of one step, in the reading order (the per-step page pages it)."""
    return (
        _with_support_count(public_contributions().filter(step=step))
        .select_related("participant")
        .order_by(*RANKING)
    )


def get_live_step(journey: JourneyMap, step_id: UUID) -> Step:
    return get_object_or_404(
        Step.objects.select_related("stage"), pk=step_id, stage__journey=journey, deleted_at__isnull=True
    )


def get_live_step_to_write_on(journey: JourneyMap, step_id: UUID) -> Step:
    """A live step of this map with its stage, map, renewal and organisation (its blocked words and
    the audit entry need the organisation), for a contribution written on it: one fixed statement
    (core/by_key.py), where the ORM's query through four joins cost more than the query."""
    step = by_key.row(Step, step_id, joined="stage__journey__renewal__organisation")
    if step is None or not _live_on(step, journey):
        raise Http404
    return step


def _live_on(step: Step, journey: JourneyMap) -> bool:
    """A step read by key (with its stage) is one of this map's live steps: `live_steps`' rule,
    checked in Python on the rows the fixed statement brought."""
    return step.deleted_at is None and step.stage.journey_id == journey.pk


def live_steps_by_id(journey: JourneyMap, ids: AbstractSet[Any]) -> dict[Any, Step]:
    """{id: step} of those of `ids` that are live steps of the map, each with its stage (and the
    map given). One step -- every autosaved rating -- is read by key (core/by_key.py): the ORM's
    query building cost more than the query; several (the page's one save) in one query."""
    if len(ids) == 1:
        (step_id,) = ids
        step = by_key.row(Step, step_id, joined="stage")
        found = [step] if step is not None and _live_on(step, journey) else []
    else:
        found = list(
            # Unordered: a dict needs no ORDER BY, and compiling the orderings cost more than the query.
            Step.objects.select_related("stage")
            .filter(pk__in=ids, stage__journey=journey, deleted_at__isnull=True)
            .order_by()
        )
    for step in found:
        step.stage.journey = journey  # the map loaded already: the same row, not fetched again
    return {step.pk: step for step in found}


def live_steps(journey: JourneyMap) -> QuerySet[Step]:
    return (
        Step.objects.filter(stage__journey=journey, deleted_at__isnull=True)
        .select_related("stage")
        .order_by("stage__order", "order")
    )


def stages_with_steps(journey: JourneyMap) -> list[tuple[Stage, list[Step]]]:
    steps = list(live_steps(journey))
    return [
        (stage, [s for s in steps if s.stage_id == stage.pk]) for stage in journey.stages.order_by("order")
    ]


@dataclass(frozen=True)
class StepSignals:
    step: Step
    ratings: int
    mean: float | None
    spread: float | None
    pain_points: int
    ideas: int


def signals(journey: JourneyMap) -> list[StepSignals]:
    """Per step: how it felt (count, mean, spread) and how many pain points and ideas it drew."""
    steps = list(live_steps(journey))
    values: dict[Any, list[int]] = {s.pk: [] for s in steps}
    for step_id, value in FeelingRating.objects.filter(step__in=steps).values_list("step_id", "value"):
        values[step_id].append(value)
    counts: dict[Any, dict[str, Any]] = {
        row["step_id"]: dict(row)
        for row in public_contributions()
        .filter(step__in=steps)
        .values("step_id")
        .annotate(
            pain=Count("id", filter=Q(kind=Contribution.Kind.PAIN_POINT)),
            ideas=Count("id", filter=Q(kind=Contribution.Kind.IDEA)),
        )
    }
    out = []
    for step in steps:
        v = values[step.pk]
        row = counts.get(step.pk, {})
        out.append(
            StepSignals(
                step=step,
                ratings=len(v),
                mean=round(statistics.fmean(v), 2) if v else None,
                spread=round(statistics.pstdev(v), 2) if len(v) > 1 else None,
                pain_points=row.get("pain", 0),
                ideas=row.get("ideas", 0),
            )
        )
    return out


def hotspots(journey: JourneyMap, top: int = 5) -> list[StepSignals]:
    """Where it hurts most: most pain points, then the lowest feeling."""
    found = [s for s in signals(journey) if s.pain_points or (s.mean is not None and s.mean < 0)]
    return sorted(found, key=lambda s: (-s.pain_points, s.mean if s.mean is not None else 0))[:top]


def ranked_ideas(journey: JourneyMap) -> QuerySet[Contribution]:
    return (
        public_contributions()
        .filter(step__stage__journey=journey, kind=Contribution.Kind.IDEA)
        .annotate(support_count=Count("supports"))
        .select_related("step", "to_be_step")
        .order_by("-support_count", "created_at")
    )


def _supports_on(participant: GuestParticipant, journey: JourneyMap) -> QuerySet[Support]:
    return participant.supports.filter(contribution__step__stage__journey=journey)


def _own_by_step(participant: GuestParticipant, wanted: set[Any]) -> dict[Any, list[Contribution]]:
    """`_shown_by_step` for a guest's own: by one fixed statement with their support counts (on
    every journey page of a guest who wrote beyond the previews), ranked here, the author known."""
    own = by_key.counted(Contribution, wanted, related="supports", into="support_count")
    own.sort(key=lambda c: c.pk)  # RANKING, last key first: stable sorts
    own.sort(key=lambda c: (c.support_count, c.created_at), reverse=True)  # type: ignore[attr-defined]
    by_step: dict[Any, list[Contribution]] = {}
    for contribution in own:
        contribution.participant = participant
        by_step.setdefault(contribution.step_id, []).append(contribution)
    return by_step


def supported_by(
    participant: GuestParticipant | None,
    journey: JourneyMap,
    among: set[Any] | None = None,
) -> set[Any]:
    """The ids of the ideas this participant supports on the map; `among` (ids) keeps only those."""
    if participant is None:
        return set()
    supports = _supports_on(participant, journey)
    if among is not None:
        supports = supports.filter(contribution__in=among)
    return set(supports.values_list("contribution_id", flat=True))


def supported_with_counts(participant: GuestParticipant, *, among: AbstractSet[Any]) -> list[Contribution]:
    """The contributions among `among` (ids: what a page shows) this participant supports, each with
    its support count (what its support button shows). Two fixed statements: the ids they support
    (from their own supports, whatever the size of the map; a set test beats sending the page's few
    hundred ids), then those few with their counts."""
    # Read on every journey page of a guest: fixed statements (core/by_key.py), not the ORM's.
    wanted = [pk for pk in by_key.column(Support, "contribution", participant=participant.pk) if pk in among]
    return by_key.counted(Contribution, wanted, related="supports", into="support_count")


def support_state(participant: GuestParticipant | None, contribution: Contribution) -> tuple[int, bool]:
    """An idea's support count and whether this participant is among them: what its support button
    shows after a support sent in place. After every support: one fixed statement (core/by_key.py)."""
    among = {"participant": participant.pk} if participant is not None else None
    n, mine = by_key.count(Support, among=among, contribution=contribution.pk)
    return n, bool(mine)


def feelings_on(participant: GuestParticipant | None, steps: AbstractSet[Any]) -> dict[Any, int]:
    """{step id: how it felt} for those of `steps` (ids: a page's) this participant rated. Read on
    every journey page of a guest: their few ratings by one fixed statement (core/by_key.py)."""
    if participant is None:
        return {}
    rated = by_key.values(FeelingRating, ("step", "value"), participant=participant.pk)
    return {step: value for step, value in rated if step in steps}


def mine(participant: GuestParticipant | None) -> QuerySet[Contribution]:
    """A participant's own contributions, whatever their state (they wrote them)."""
    if participant is None:
        return Contribution.objects.none()
    return participant.contributions.select_related("step__stage__journey__renewal").order_by("-created_at")


def triage_queue(journey: JourneyMap) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(step__stage__journey=journey, merged_into__isnull=True)
        .exclude(kind=Contribution.Kind.COMMENT)
        .annotate(support_count=Count("supports"))
        .select_related("step", "to_be_step")
        .order_by("answered_at", "-reports", "created_at")
    )


def held_or_reported(journey: JourneyMap) -> QuerySet[Contribution]:
    return Contribution.objects.filter(step__stage__journey=journey).filter(
        Q(visibility=Contribution.Visibility.HELD)
        | Q(reports__gt=0, visibility=Contribution.Visibility.VISIBLE)
    )


@dataclass(frozen=True)
class Unanswered:
    count: int
    oldest: timedelta | None


def unanswered(renewal: Renewal) -> Unanswered:
    """Nothing is answered silently: how many pain points and ideas wait for an answer, and since when."""
    waiting = (
        Contribution.objects.filter(
            step__stage__journey__renewal=renewal, answered_at__isnull=True, merged_into__isnull=True
        )
        .exclude(kind=Contribution.Kind.COMMENT)
        .exclude(visibility=Contribution.Visibility.HIDDEN)
    )
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return Unanswered(waiting.count(), timezone.now() - oldest if oldest else None)


def recently_deleted_steps(journey: JourneyMap, limit: int = 5) -> QuerySet[Step]:
    """The steps an editor can still restore, newest first."""
    deleted = Step.objects.filter(stage__journey=journey, deleted_at__isnull=False)
    return deleted.order_by("-deleted_at")[:limit]


def accepted_ideas(to_be: JourneyMap) -> QuerySet[Contribution]:
    """Ideas accepted or implemented and linked to a step of the to-be map."""
    return Contribution.objects.filter(
        to_be_step__stage__journey=to_be,
        status__in=[Contribution.Status.ACCEPTED, Contribution.Status.IMPLEMENTED],
    )


def participants_of(journey: JourneyMap) -> QuerySet[GuestParticipant]:
    """Everyone who rated a step or contributed to this journey (for counts by verification level)."""
    steps = Step.objects.filter(stage__journey=journey)
    return GuestParticipant.objects.filter(
        Q(pk__in=FeelingRating.objects.filter(step__in=steps).values("participant_id"))
        | Q(pk__in=Contribution.objects.filter(step__in=steps).values("participant_id"))
    )
