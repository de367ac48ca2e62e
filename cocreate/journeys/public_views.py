"""The participation pages for service users: no account, on a phone, in their language."""

from __future__ import annotations

from uuid import UUID, uuid4

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.accounts import admission
from cocreate.accounts.models import GuestParticipant
from cocreate.core.access import public
from cocreate.core.text import parse_uuid
from cocreate.journeys import selectors, services
from cocreate.journeys.forms import FEELINGS, ContributionForm
from cocreate.journeys.models import Contribution, JourneyMap, Step

FEELING_FIELD = "feeling-"


@public
def participate(request: HttpRequest, map_id: UUID) -> HttpResponse:
    journey = selectors.get_map_by_link(map_id)
    if not journey.participation_open:
        # Said plainly, with whatever the person had typed, so nothing they wrote is lost.
        typed = request.POST.get("text", "") if request.method == "POST" else ""
        context = {"journey": journey, "typed": typed}
        return render(request, "journeys/participate_closed.html", context, status=410)
    if request.method == "POST":
        return _act(request, journey)
    participant = getattr(request, "participant", None)
    stages = selectors.stages_with_steps(journey)
    contributions: dict[object, list[Contribution]] = {}
    for c in (
        selectors.public_contributions()
        .filter(step__stage__journey=journey)
        .select_related("participant")
        .order_by("created_at")
    ):
        contributions.setdefault(c.step_id, []).append(c)
    supports = selectors.supported_by(participant, journey)
    counts = dict(
        selectors.public_contributions()
        .filter(step__stage__journey=journey, kind=Contribution.Kind.IDEA)
        .annotate(n=Count("supports"))
        .values_list("pk", "n")
    )
    return render(
        request,
        "journeys/participate.html",
        {
            "journey": journey,
            "stages": stages,
            "contributions": contributions,
            "supports": supports,
            "support_counts": counts,
            "feelings": selectors.feelings_of(participant, journey),
            "scale": FEELINGS,
            "form": ContributionForm(),
            "admitted": admission.may_take_part(request, target=journey, admission=journey.admission),
            "submission_key": uuid4(),
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _act(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    """Every participant action is explicit (rate, support, unsupport, report, contribute) and
    idempotent: the same request twice has the effect of one (decision 0011)."""
    action = request.POST.get("action", "")
    back = reverse("journeys_public:participate", args=[journey.pk])
    try:
        participant = admission.admit(request, target=journey, admission=journey.admission)
        if action == "rate":
            saved = _rate(request, journey, participant)
            if _wants_json(request):
                return JsonResponse({"saved": [str(step_id) for step_id in saved]})
            messages.success(
                request,
                ngettext(
                    "Thank you: how you felt about %(n)s step is saved.",
                    "Thank you: how you felt about %(n)s steps is saved.",
                    len(saved),
                )
                % {"n": len(saved)},
            )
            return redirect(back)
        step = _posted_step(request, journey)
        back += f"#step-{step.pk}"
        if action in ("pain_point", "idea", "comment"):
            _contribute(request, step, participant, action)
        elif action in ("support", "unsupport", "report"):
            contribution_id = parse_uuid(request.POST.get("contribution"))
            contribution = get_object_or_404(selectors.public_contributions(), pk=contribution_id, step=step)
            if action == "support":
                services.support(contribution=contribution, participant=participant)
                messages.success(request, _("You support this idea."))
            elif action == "unsupport":
                services.unsupport(contribution=contribution, participant=participant)
                messages.success(request, _("Your support is withdrawn."))
            else:
                services.report(contribution=contribution, participant=participant)
                messages.success(request, _("Thank you; a moderator will look at it."))
        else:
            raise Http404
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    return redirect(back)


def _posted_step(request: HttpRequest, journey: JourneyMap) -> Step:
    step_id = parse_uuid(request.POST.get("step"))
    if step_id is None:
        raise Http404
    return get_object_or_404(
        Step.objects.select_related("stage__journey"),
        pk=step_id,
        stage__journey=journey,
        deleted_at__isnull=True,
    )


def _rate(request: HttpRequest, journey: JourneyMap, participant: GuestParticipant) -> list[UUID]:
    """One save keeps every rating on the page (`feeling-<step id>` fields); an autosave sends one."""
    wanted: dict[UUID, int] = {}
    for name, raw in request.POST.items():
        if not name.startswith(FEELING_FIELD) or not isinstance(raw, str):
            continue
        step_id = parse_uuid(name[len(FEELING_FIELD) :])
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError(_("Choose how it felt.")) from None
        if step_id is not None:
            wanted[step_id] = value
    if not wanted:
        raise ValidationError(_("Choose how it felt for at least one step."))
    steps = {
        s.pk: s
        for s in Step.objects.select_related("stage__journey").filter(
            pk__in=wanted, stage__journey=journey, deleted_at__isnull=True
        )
    }
    if len(steps) != len(wanted):
        raise Http404
    services.rate_many(participant=participant, values={steps[k]: v for k, v in wanted.items()})
    return list(wanted)


def _contribute(request: HttpRequest, step: Step, participant: GuestParticipant, kind: str) -> None:
    form = ContributionForm(request.POST)
    if not form.is_valid():
        raise ValidationError([str(e) for e in form.errors.get("text", [])] or _("Write something first."))
    made = services.contribute(
        step=step,
        participant=participant,
        kind=kind,
        text=form.cleaned_data["text"],
        submission_key=parse_uuid(request.POST.get("submission_key")),
    )
    if made.visibility == Contribution.Visibility.HELD:
        messages.success(request, _("Thank you. A moderator will look at it before it is shown."))
    else:
        messages.success(request, _("Thank you. The organisation will answer; see “My contributions”."))


@public
def mine(request: HttpRequest) -> HttpResponse:
    """Everything this browser's participant contributed, with its status and the answer; what is
    not answered yet can still be changed."""
    participant = getattr(request, "participant", None)
    if request.method == "POST" and participant is not None:
        contribution_id = parse_uuid(request.POST.get("contribution"))
        contribution = get_object_or_404(Contribution, pk=contribution_id, participant=participant)
        try:
            services.edit_own(
                contribution=contribution, participant=participant, text=request.POST.get("text", "")
            )
            messages.success(request, _("Your words are changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("journeys_public:mine")
    return render(
        request,
        "journeys/mine.html",
        {"contributions": selectors.mine(participant), "participant": participant},
    )
