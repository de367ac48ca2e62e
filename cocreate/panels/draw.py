"""The draw itself: the pool as the sortition engine sees it, and the background run that finds
the fairest lottery and draws from the public seed.

Services announce and start a draw and enqueue `tasks.run_selection`; the task runs `run` here.
Neither this module nor the task imports the services, so the work has no circle (issue 22).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.core import audit
from cocreate.engines import sortition
from cocreate.panels.models import Panel, Selection, Volunteer

# A safety stop only: the work limits that decide a lottery are counted, not timed (engine README).
LOTTERY_SAFETY_STOP_SECONDS = 30 * 60


def instance_of(panel: Panel) -> sortition.Instance:
    """The pool as the engine sees it: random ids, answers, household fingerprints. No names."""
    features = list(panel.features.prefetch_related("values"))
    quotas = tuple(
        sortition.Quota(category=f.name, value=v.value, min=v.minimum, max=v.maximum)
        for f in features
        for v in f.values.all()
    )
    people = tuple(
        sortition.Person(id=str(v.pk), features=v.answers, household=v.household_fingerprint or None)
        for v in panel.volunteers.exclude(status=Volunteer.Status.DECLINED).order_by("created_at", "pk")
    )
    return sortition.Instance(
        people=people, quotas=quotas, panel_size=panel.size, one_per_household=panel.one_per_household
    )


def run(selection: Selection) -> Selection:
    """The lottery (LEXIMIN) and the draw from the public seed. Runs in the background task; the
    solve happens outside any transaction and its result is written in one."""
    claimed = Selection.objects.filter(pk=selection.pk, state=Selection.State.QUEUED).update(
        state=Selection.State.RUNNING, progress=_("Computing the fairest lottery")
    )
    if not claimed:  # a task delivered twice: the first delivery runs it
        selection.refresh_from_db()
        return selection
    panel = selection.panel
    try:
        instance = instance_of(panel)
        lottery = sortition.find_lottery(instance, "leximin", max_seconds=LOTTERY_SAFETY_STOP_SECONDS)
        if lottery.certificate.status == "stopped":
            # A lottery cut short by the clock is not the one another computer would find from the same
            # inputs: publishing a draw from it would break the promise that anyone can repeat it.
            return _fail(
                selection,
                _(
                    "The lottery could not be finished within %(minutes)s minutes, so nothing was drawn. "
                    "Widen the quotas a little or ask the platform administrators for more time."
                )
                % {"minutes": LOTTERY_SAFETY_STOP_SECONDS // 60},
            )
        drawn = sortition.draw_panel(lottery, selection.seed)
        record = sortition.audit_record(instance, lottery, draw=drawn)
    except sortition.InfeasibleQuotasError as error:
        return _fail(selection, str(error))
    except sortition.SortitionInputError as error:
        return _fail(selection, str(error))
    chosen = set(drawn.person_ids)
    with transaction.atomic():
        probabilities = dict(zip(lottery.person_ids, lottery.probabilities.tolist(), strict=True))
        Volunteer.objects.bulk_update(
            _with_probabilities(panel, probabilities, chosen), ["probability", "status"]
        )
        selection.state, selection.progress, selection.audit = Selection.State.DONE, "", record
        selection.save(update_fields=["state", "progress", "audit", "updated_at"])
        panel.status = Panel.Status.SELECTED
        panel.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=None,
            action="panel.drawn",
            target=panel,
            organisation=panel.organisation,
            params={"n": len(chosen), "p": instance.n},
            public=True,
        )
    return selection


def _with_probabilities(panel: Panel, probabilities: dict[str, float], chosen: set[str]) -> list[Volunteer]:
    volunteers = list(panel.volunteers.all())
    for volunteer in volunteers:
        volunteer.probability = probabilities.get(str(volunteer.pk))
        if str(volunteer.pk) in chosen:
            volunteer.status = Volunteer.Status.SELECTED
    return volunteers


def _fail(selection: Selection, message: str) -> Selection:
    """A draw that cannot be made reopens the pool: the quotas or the pool must change, and a new
    draw must be announced again."""
    Selection.objects.filter(pk=selection.pk).update(
        state=Selection.State.FAILED, error=message[:10000], progress=""
    )
    Panel.objects.filter(pk=selection.panel_id).update(
        status=Panel.Status.RECRUITING, draw_at=None, seed_commitment="", seed_source=""
    )
    selection.refresh_from_db()
    return selection
