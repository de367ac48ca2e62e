"""The participation pages for service users: no account, on a phone, in their language."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.participants import get_or_create_participant
from cocreate.core.access import public
from cocreate.core.text import parse_uuid
from cocreate.journeys import selectors, services
from cocreate.journeys.forms import FEELINGS, ContributionForm
from cocreate.journeys.models import Contribution, Step


@public
def participate(request: HttpRequest, map_id: UUID) -> HttpResponse:
    journey = selectors.get_open_map(map_id)
    participant = getattr(request, "participant", None)
    if request.method == "POST":
        return _act(request, journey.pk)
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
        },
    )


def _act(request: HttpRequest, map_id: UUID) -> HttpResponse:
    step_id = parse_uuid(request.POST.get("step"))
    if step_id is None:
        raise Http404
    step = get_object_or_404(
        Step.objects.select_related("stage__journey"),
        pk=step_id,
        stage__journey_id=map_id,
        deleted_at__isnull=True,
    )
    action = request.POST.get("action")
    back = reverse("journeys_public:participate", args=[map_id]) + f"#step-{step.pk}"
    try:
        if action == "rate":
            try:
                value = int(request.POST.get("value", ""))
            except ValueError:
                raise ValidationError(_("Choose how it felt.")) from None
            services.rate(step=step, participant=get_or_create_participant(request), value=value)
            messages.success(
                request, _("Thank you: your feeling about “%(t)s” is saved.") % {"t": step.title}
            )
        elif action in ("pain_point", "idea", "comment"):
            form = ContributionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [str(e) for e in form.errors.get("text", [])] or _("Write something first.")
                )
            made = services.contribute(
                step=step,
                participant=get_or_create_participant(request),
                kind=action,
                text=form.cleaned_data["text"],
            )
            if made.visibility == Contribution.Visibility.HELD:
                messages.success(request, _("Thank you. A moderator will look at it before it is shown."))
            else:
                messages.success(
                    request, _("Thank you. The organisation will answer; see “My contributions”.")
                )
        elif action in ("support", "report"):
            contribution_id = parse_uuid(request.POST.get("contribution"))
            contribution = get_object_or_404(selectors.public_contributions(), pk=contribution_id, step=step)
            participant = get_or_create_participant(request)
            if action == "support":
                supported = services.toggle_support(contribution=contribution, participant=participant)
                messages.success(request, _("You support this idea.") if supported else _("Support removed."))
            else:
                services.report(contribution=contribution, participant=participant)
                messages.success(request, _("Thank you; a moderator will look at it."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


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
