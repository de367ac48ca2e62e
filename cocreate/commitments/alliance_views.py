"""Commitments' side of an alliance: its members' commitments and pledges toward the shared
target, and a meeting's decision made a commitment of the alliance in one step.

Commitments sit above alliances, so these pages read both rooms; what they add to the alliance's
own pages (a section, what each decision became) is registered from CommitmentsConfig.ready().
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.alliances import selectors as alliance_selectors
from cocreate.alliances.models import Alliance, AllianceMember, Decision
from cocreate.alliances.outcomes import Outcome
from cocreate.commitments import selectors, services
from cocreate.commitments.alliance_forms import DecisionCommitmentForm
from cocreate.commitments.models import Commitment
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.renewals.sections import Section


def _alliance_trail(alliance: Alliance) -> Trail:
    return trail(gettext_lazy("Alliances"), "alliances:alliances").then(
        alliance.name, "alliances:alliance", alliance.pk
    )


def commitments_visible_in(user: User | AnonymousUser, alliance: Alliance) -> QuerySet[Commitment]:
    """The alliance's commitments this person may see listed: all of them for the secretariat;
    otherwise the published ones and their own organisations' (drafts included)."""
    if alliance_selectors.sees_everything_of(user, alliance):
        return selectors.commitments_of(alliance)
    shown = selectors.public_commitments_of(alliance).select_related("responsible")
    if isinstance(user, User) and user.is_active:
        shown = shown | selectors.commitments_of(alliance).filter(organisation__in=organisations_for(user))
    return shown


@dataclass
class MemberGroup:
    """One organisation's pledges and commitments in the alliance."""

    organisation: Organisation
    status: str = ""  # its membership's status label ("" when it holds commitments only)
    pledges: list[alliance_selectors.PledgeRow] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def pledged(self) -> Decimal:
        return sum((row.pledge.amount for row in self.pledges), Decimal(0))

    @property
    def reached(self) -> Decimal:
        return sum((row.reached for row in self.pledges), Decimal(0))


def _groups(
    memberships: Sequence[AllianceMember],
    rows: Sequence[alliance_selectors.PledgeRow],
    commitments: Sequence[Commitment],
) -> list[MemberGroup]:
    groups: dict[UUID, MemberGroup] = {}
    for membership in memberships:
        groups[membership.organisation_id] = MemberGroup(
            membership.organisation, str(membership.get_status_display())
        )
    for row in rows:
        group = groups.setdefault(row.pledge.organisation_id, MemberGroup(row.pledge.organisation))
        group.pledges.append(row)
    for commitment in commitments:
        group = groups.setdefault(commitment.organisation_id, MemberGroup(commitment.organisation))
        group.commitments.append(commitment)
    return sorted(groups.values(), key=lambda g: g.organisation.name)


@public
def alliance_members(request: HttpRequest, alliance_id: UUID) -> HttpResponse:
    """Each member's pledges (with their progress toward the shared target) and commitments."""
    user = request.user
    alliance = alliance_selectors.get_alliance_for(user, alliance_id)
    pledges = alliance_selectors.pledges_visible_to(user, alliance)
    rows = alliance_selectors.pledge_rows(pledges)
    commitments = list(commitments_visible_in(user, alliance).prefetch_related("updates"))
    return render(
        request,
        "commitments/alliance/members.html",
        {
            "alliance": alliance,
            "progress": alliance_selectors.progress_of(alliance, pledges),
            "groups": _groups(list(alliance_selectors.members_of(alliance)), rows, commitments),
            "editable_pledges": {
                r.pledge.pk for r in rows if user.has_perm("alliances.edit_pledge", r.pledge)
            },
            "readable": {c.pk for c in commitments if user.has_perm("commitments.view_commitment", c)},
            "can_pledge": user.has_perm("alliances.pledge", alliance),
            "sees_drafts": alliance_selectors.sees_everything_of(user, alliance),
            "breadcrumbs": _alliance_trail(alliance).here(_("Members' commitments")),
        },
    )


def _decision(request: HttpRequest, decision_id: UUID) -> Decision:
    return alliance_selectors.get_decision_for(request.user, decision_id)


@rule("alliances.run_meeting", _decision)
def decision_commitment(request: HttpRequest, decision: Decision) -> HttpResponse:
    """A meeting's decision becomes a commitment of the alliance in one step; asking twice (a
    double tap, a second tab) finds the commitment made the first time."""
    meeting = decision.meeting
    alliance = meeting.alliance
    assert alliance is not None  # the selector gives alliances' decisions only
    back = reverse("alliances:meeting", args=[meeting.pk]) + f"#decision-{decision.number}"
    made = selectors.commitment_for_source(decision)
    if made is not None and request.method != "POST":
        messages.info(request, _("This decision is already a commitment: %(title)s") % {"title": made.title})
        return redirect(back)
    form = DecisionCommitmentForm(request.POST or None, alliance=alliance, initial={"title": decision.title})
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.add_commitment(
                actor=user_of(request),
                owner=alliance,
                why=_("Decision %(n)s of the meeting “%(meeting)s”.")
                % {"n": decision.number, "meeting": meeting},
                source=decision,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Decision %(n)s is now a commitment of the alliance: %(title)s")
                % {"n": decision.number, "title": commitment.title},
            )
            return redirect(back)
    return render(
        request,
        "commitments/alliance/decision_commitment.html",
        {
            "alliance": alliance,
            "meeting": meeting,
            "decision": decision,
            "form": form,
            "breadcrumbs": _alliance_trail(alliance)
            .then(meeting.title, "alliances:meeting", meeting.pk)
            .here(_("Make it a commitment")),
        },
        status=400 if form.errors else 200,
    )


# --- what commitments add to the alliance's pages (registered in CommitmentsConfig.ready) ---------


def members_section(alliance: Alliance, user: User | AnonymousUser) -> Section:
    commitments = commitments_visible_in(user, alliance)
    return Section(
        _("Members' commitments"),
        "commitments/alliance/section.html",
        {
            "alliance": alliance,
            "count": commitments.count(),
            "late": selectors.late_count(commitments),
        },
        order=80,
    )


def decision_outcomes(decisions: Sequence[Decision], user: User | AnonymousUser) -> dict[UUID, Outcome]:
    """Each decision's commitment, as far as this viewer may see it, or the way to make one."""
    made = selectors.by_source(decisions)
    kind = ContentType.objects.get_for_model(Decision).pk
    found: dict[UUID, Outcome] = {}
    for decision in decisions:
        commitment = made.get((kind, str(decision.pk)))
        if commitment is None:
            if user.has_perm("alliances.run_meeting", decision):
                found[decision.pk] = Outcome(
                    action_url=reverse("commitments:decision_commitment", args=[decision.pk]),
                    action_label=_("Make it a commitment"),
                )
            continue
        readable = user.has_perm("commitments.view_commitment", commitment)
        if not (readable or commitment.is_public or user.has_perm("alliances.run_meeting", decision)):
            continue  # a draft commitment stays with those who run it
        found[decision.pk] = Outcome(
            text=_("Became a commitment: %(title)s (%(status)s, by %(date)s)")
            % {
                "title": commitment.title,
                "status": commitment.get_status_display(),
                "date": date_format(commitment.deadline, "SHORT_DATE_FORMAT"),
            },
            url=reverse("commitments:commitment", args=[commitment.pk])
            if readable
            else reverse("commitments:public_commitment", args=[commitment.pk])
            if commitment.is_public
            else "",
        )
    return found
