"""The participation pages for service users: no account, on a phone, in their language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4, uuid5

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cocreate.accounts import admission
from cocreate.accounts.models import GuestParticipant
from cocreate.commitments import selectors as commitment_selectors
from cocreate.core import in_place, page_cache
from cocreate.core.access import public
from cocreate.core.breadcrumbs import trail
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.journeys import selectors, services
from cocreate.journeys.forms import FEELINGS, ContributionForm
from cocreate.journeys.models import Contribution, JourneyMap, Step

FEELING_FIELD = "feeling-"
STEP_PAGE_SIZE = 25


@public
@require_safe
def participate(request: HttpRequest, map_id: UUID) -> HttpResponse:
    journey = selectors.get_map_by_link(map_id)
    if closed := _closed(request, journey):
        return closed
    return _participate_page(request, journey)


def _participate_page(
    request: HttpRequest,
    journey: JourneyMap,
    *,
    rate_errors: list[str] | None = None,
    contribution_step: UUID | None = None,
    contribution_form: ContributionForm | None = None,
) -> HttpResponse:
    """The participation page. A refused rating or contribution shows the page again (400): the
    rating's error above the steps, a contribution's errors in its step's form with the words typed.

    The page is what every visitor sees (shared a few seconds, see core/page_cache.py) with holes
    for what is the visitor's own -- their feelings, their supports, their contributions, their
    trail link -- filled by `_own_parts`. Rendering it whole for each guest cost ~100 ms on a
    40-step map; filling the holes costs a few queries and the few items that are theirs."""
    admitted = admission.may_take_part(request, target=journey, admission=journey.admission)
    refused = bool(rate_errors) or contribution_form is not None
    return page_cache.for_everyone(
        request,
        f"journey:{journey.pk}:{int(admitted)}",
        lambda extra: render(
            request,
            "journeys/participate.html",
            {
                **_everyones_part(journey, admitted),
                "rate_errors": rate_errors or [],
                "contribution_step": contribution_step,
                "contribution_form": contribution_form,
                "submission_key": uuid4(),
                **extra,
            },
            status=400 if refused else 200,
        ),
        fresh={"submission_key": lambda: str(uuid4())},
        personal=lambda holes: _own_parts(request, journey, admitted, holes),
    )


def _everyones_part(journey: JourneyMap, admitted: bool) -> dict[str, Any]:
    """The page as a newcomer sees it: a bounded preview per step, so the page weighs the same at 10
    contributions or 10,000 (the rest is on each step's own page, "Show all …")."""
    contributions = selectors.step_previews(journey)
    shown = [c for items in contributions.values() for c in items]
    return {
        "journey": journey,
        "stages": selectors.stages_with_steps(journey),
        "contributions": contributions,
        "totals": selectors.public_counts_by_step(journey),
        "commitments": commitment_selectors.public_commitments_for(shown),
        "supports": set(),
        "participant": None,
        "scale": FEELINGS,
        "admitted": admitted,
    }


def _own_parts(
    request: HttpRequest, journey: JourneyMap, admitted: bool, holes: page_cache.Holes
) -> dict[page_cache.Key, str]:
    """What this visitor sees in the page's holes that are theirs: a newcomer nothing; a guest
    their feelings checked, "Withdraw" (and the count with their support) on what they support,
    "(yours)" on their own, and their own contributions that are not among the few shown to
    everyone. Only those last are rendered whole: a guest's supports and ratings cost a few
    queries and a small partial each, whatever the size of the page."""
    participant = getattr(request, "participant", None)
    if participant is None:
        return {}
    feelings = selectors.feelings_on(participant, holes.args("saved", UUID))  # the steps it shows
    shown = holes.args("yours", UUID)
    written_ids, extra = selectors.own_on_map(participant, steps=holes.args("own", UUID), shown=shown)
    listed = shown | {c.pk for own in extra.values() for c in own}
    supported = selectors.supported_with_counts(participant, among=listed)
    theirs = _render_own(request, journey, admitted, participant, supported, extra)
    saved = str(_("Saved"))
    for step, value in feelings.items():
        theirs[("feel", f"{step}={value}")] = " checked"
        theirs[("saved", str(step))] = saved
    yours = format_html(' <span class="meta">({})</span>', _("yours"))
    theirs.update({("yours", str(pk)): yours for pk in written_ids})
    return theirs


def _render_own(
    request: HttpRequest,
    journey: JourneyMap,
    admitted: bool,
    participant: GuestParticipant,
    supported: list[Contribution],
    extra: dict[Any, list[Contribution]],
) -> dict[tuple[str, str], str]:
    """What is this guest's own, rendered in one go: {(hole kind, hole arg): its text} for the
    support buttons of what they support, their contributions beyond the preview, their trail link."""
    listed = [c for own in extra.values() for c in own]
    html = render_to_string(
        "journeys/partials/participate_own.html",
        {
            "journey": journey,
            "admitted": admitted,
            "participant": participant,
            "supports": {c.pk for c in supported},
            "supported": supported,
            "extra": list(extra.items()),
            "commitments": commitment_selectors.public_commitments_for(listed) if listed else {},
        },
        request=request,
    )
    return page_cache.pieces(html)


@public
@require_safe
def step_page(request: HttpRequest, map_id: UUID, step_id: UUID) -> HttpResponse:
    """Every contribution of one step, a page at a time: where "Show all …" leads. The same link
    rules as the participation page (a closed map says so), the same buttons."""
    journey = selectors.get_map_by_link(map_id)
    if closed := _closed(request, journey):
        return closed
    step = selectors.get_live_step(journey, step_id)
    page = Paginator(selectors.step_contributions(step), STEP_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    participant = getattr(request, "participant", None)
    return render(
        request,
        "journeys/participate_step.html",
        {
            "journey": journey,
            "step": step,
            "page": page,
            "contributions": shown,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "commitments": commitment_selectors.public_commitments_for(shown),
            "supports": selectors.supported_by(participant, journey, among={c.pk for c in shown}),
            "admitted": admission.may_take_part(request, target=journey, admission=journey.admission),
            "participant": participant,
            "breadcrumbs": trail(journey.title, "journeys_public:participate", journey.pk).here(step.title),
        },
    )


def _closed(request: HttpRequest, journey: JourneyMap) -> HttpResponse | None:
    """A closed journey says so plainly, with whatever the person had typed, so nothing is lost."""
    if journey.participation_open:
        return None
    typed = request.POST.get("text", "") if request.method == "POST" else ""
    return render(
        request, "journeys/participate_closed.html", {"journey": journey, "typed": typed}, status=410
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(journey: JourneyMap, step_id: UUID | None = None) -> HttpResponse:
    url = reverse("journeys_public:participate", args=[journey.pk])
    return redirect(url + (f"#step-{step_id}" if step_id else ""))


def _back_to_step_page(request: HttpRequest, journey: JourneyMap, contribution: Contribution) -> str | None:
    """A button on a step's own page posts the page number it stood on (`step_page`); the person
    goes back to that page of the contribution's step, at the contribution. Only a number is taken
    from the form: the address is built here, so the field cannot send anyone elsewhere."""
    number = request.POST.get("step_page", "")
    if not number.isdigit():
        return None
    url = reverse("journeys_public:step", args=[journey.pk, contribution.step_id])
    if int(number) > 1:
        url += f"?page={int(number)}"
    return f"{url}#c-{contribution.pk}"


# --- What a participant does, one view each: explicit and idempotent (decision 0011) ------------


@require_POST
@public
def rate(request: HttpRequest, map_id: UUID) -> HttpResponse:
    """How each step felt: one save keeps every rating on the page; the autosave sends one (JSON)."""
    journey = selectors.get_map_by_link(map_id)
    if closed := _closed(request, journey):
        return closed
    try:
        participant = admission.admit(request, target=journey, admission=journey.admission)
        saved = _rate(request, journey, participant)
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return _participate_page(request, journey, rate_errors=error.messages)
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
    return _back(journey)


def _rate(request: HttpRequest, journey: JourneyMap, participant: GuestParticipant) -> list[UUID]:
    """The `feeling-<step id>` fields posted, saved together."""
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
    steps = selectors.live_steps_by_id(journey, wanted.keys())
    if len(steps) != len(wanted):
        raise Http404
    services.rate_many(participant=participant, values={steps[k]: v for k, v in wanted.items()})
    return list(wanted)


@require_POST
@public
def contribute(request: HttpRequest, map_id: UUID, step_id: UUID) -> HttpResponse:
    """A pain point, an idea or a comment on a step: the button pressed says which (`kind`). Sent by
    htmx, it is answered in place (`_contribution_in_place`)."""
    journey = selectors.get_map_by_link(map_id)
    if closed := _closed(request, journey):
        # Sent in place as well: the error status makes the script send the form the plain way,
        # and this page keeps the words typed (a reload would lose them).
        return closed
    step = selectors.get_live_step_to_write_on(journey, step_id)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            participant = admission.admit(request, target=journey, admission=journey.admission)
            made = services.contribute(
                step=step,
                participant=participant,
                kind=request.POST.get("kind", ""),
                text=form.cleaned_data["text"],
                submission_key=_form_key(request.POST.get("submission_key"), step),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if made.visibility == Contribution.Visibility.HELD:
                thanked = _("Thank you. A moderator will look at it before it is shown.")
            else:
                thanked = _("Thank you. The organisation will answer; see “My contributions”.")
            if in_place.requested(request):
                return _contribution_in_place(request, journey, step, made=made, thanked=thanked)
            messages.success(request, thanked)
            return _back(journey, step.pk)
    if in_place.requested(request):
        return _contribution_in_place(request, journey, step, refused=form)
    return _participate_page(request, journey, contribution_step=step.pk, contribution_form=form)


def _contribution_in_place(
    request: HttpRequest,
    journey: JourneyMap,
    step: Step,
    *,
    made: Contribution | None = None,
    thanked: str = "",
    refused: ContributionForm | None = None,
) -> HttpResponse:
    """The step's form as it now stands, for htmx to swap in place of the one sent (decision 0024):
    the phone keeps its place and is spared reloading the whole page. Kept, the thanks take focus
    above an empty form, and the new contribution joins the step's list of what the guest added
    now (held for a moderator, it is not shown yet); refused, the form comes back open with its
    errors and the words typed (200: htmx swaps only a success in)."""
    shown = made if made is not None and made.visibility == Contribution.Visibility.VISIBLE else None
    if shown is not None:
        shown.support_count = 0  # type: ignore[attr-defined]  # new: nobody supports it yet
    return render(
        request,
        "journeys/partials/contribution_in_place.html",
        {
            "journey": journey,
            "step": step,
            "made": shown,
            "participant": getattr(request, "participant", None),
            "supports": set(),
            "commitments": {},
            "admitted": admission.may_take_part(request, target=journey, admission=journey.admission),
            "contribution_step": step.pk if refused is not None else None,
            "contribution_form": refused,
            "submission_key": uuid4(),
            "thanked": thanked,
            "introduced": in_place.introduced(request),
        },
    )


def _form_key(page_key: str | None, step: Step) -> UUID | None:
    """The key of one step's form. The page hands out one key for all its steps' forms; the same
    form sent again (a double tap, a retry) is one contribution, but a second step's form from the
    same page (after the back button, say) is another one, not a repeat of the first."""
    key = parse_uuid(page_key)
    return None if key is None else uuid5(key, str(step.pk))


def _on_contribution(
    request: HttpRequest, map_id: UUID, contribution_id: UUID, act: Callable[..., None], done: str
) -> HttpResponse:
    """Support, withdraw a support, report: a button each, no words typed; a refusal is said above.
    A support button sent by htmx is answered in place (`_support_in_place`)."""
    journey = selectors.get_map_by_link(map_id)
    if closed := _closed(request, journey):
        return in_place.reload_page() if in_place.requested(request) else closed
    contribution = selectors.get_public_contribution(journey, contribution_id)
    refused = ""
    try:
        participant = admission.admit(request, target=journey, admission=journey.admission)
        act(contribution=contribution, participant=participant)
    except ValidationError as error:
        refused = " ".join(error.messages)
    if in_place.requested(request):
        return _support_in_place(request, journey, contribution, done=done, refused=refused)
    if refused:
        messages.error(request, refused)
    else:
        messages.success(request, done)
    if back := _back_to_step_page(request, journey, contribution):
        return redirect(back)
    return _back(journey, contribution.step_id)


def _support_in_place(
    request: HttpRequest, journey: JourneyMap, contribution: Contribution, *, done: str, refused: str
) -> HttpResponse:
    """An idea's support line as it now stands -- its count and the button to give or withdraw --
    for htmx to swap in place of the one pressed: a phone keeps its place on the page and is spared
    reloading it (the page after a support was the costliest part of a support; decision 0024).
    What happened is said in the page's announcer (read out) and, when refused, in the line itself."""
    participant = getattr(request, "participant", None)
    contribution.support_count, supported = selectors.support_state(participant, contribution)  # type: ignore[attr-defined]
    step_page = request.POST.get("step_page", "")
    return render(
        request,
        "journeys/partials/support_in_place.html",
        {
            "c": contribution,
            "journey": journey,
            "admitted": admission.may_take_part(request, target=journey, admission=journey.admission),
            "supports": {contribution.pk} if supported else set(),
            "step_page": step_page if step_page.isdigit() else "",
            "said": refused or done,
            "refused": refused,
            "introduced": in_place.introduced(request),
        },
    )


@require_POST
@public
def support(request: HttpRequest, map_id: UUID, contribution_id: UUID) -> HttpResponse:
    return _on_contribution(request, map_id, contribution_id, services.support, _("You support this idea."))


@require_POST
@public
def unsupport(request: HttpRequest, map_id: UUID, contribution_id: UUID) -> HttpResponse:
    return _on_contribution(
        request, map_id, contribution_id, services.unsupport, _("Your support is withdrawn.")
    )


@require_POST
@public
def report(request: HttpRequest, map_id: UUID, contribution_id: UUID) -> HttpResponse:
    return _on_contribution(
        request, map_id, contribution_id, services.report, _("Thank you; a moderator will look at it.")
    )


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
