"""Every write of Co-Ready."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.assessments import services as assessment_services
from cocreate.assessments.models import ModelVersion, Response
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment
from cocreate.core import audit, links
from cocreate.core.tasks import send_email
from cocreate.readiness import selectors, shipped
from cocreate.readiness.models import ImprovementAction, RoadmapEntry, Round
from cocreate.renewals.models import Renewal


def current_version() -> ModelVersion:
    """The readiness model's newest version; the shipped one (and its roadmap library) load on first use."""
    version = assessment_services.shipped_version(shipped.MODEL)
    load_roadmap_library()
    return version


def load_roadmap_library() -> int:
    """Seed the roadmap library from the shipped content; afterwards platform admins own it.

    Only attributes without any entry are seeded, so a shipped model with a new attribute brings
    that attribute's ideas along while the entries admins have edited stay as they are.
    """
    known = set(RoadmapEntry.objects.values_list("attribute", flat=True).distinct())
    entries = [
        RoadmapEntry(attribute=e["attribute"], kind=e["kind"], title=e["title"], body=e["body"], order=n)
        for n, e in enumerate(shipped.MODEL.content.get("roadmap", []))
        if e["attribute"] not in known
    ]
    RoadmapEntry.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def open_round(*, actor: User, organisation: Organisation, title: str) -> Round:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the round a title, e.g. “Spring 2027”.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    collection = assessment_services.open_collection(version=current_version())
    round_ = Round.objects.create(
        organisation=organisation, collection=collection, title=title, opened_by=actor
    )
    audit.record(
        actor=actor,
        action="readiness.open",
        target=round_,
        organisation=organisation,
        params={"title": title},
    )
    return round_


def round_link(round_: Round) -> str:
    return links.site_url(reverse("readiness:answer", args=[round_.pk]))


@transaction.atomic
def invite_colleagues(*, actor: User, round_: Round, colleagues: Iterable[User]) -> int:
    """E-mail colleagues the link to the questionnaire. Only members of the organisation."""
    people = [u for u in colleagues if u.memberships.filter(organisation=round_.organisation).exists()]
    if not round_.is_open:
        raise ValidationError(_("The round is closed."))
    round_.invitees.add(*people)
    link = round_link(round_)
    subject = _("Your view on our readiness to co-create: %(title)s") % {"title": round_.title}
    body = render_to_string(
        "readiness/emails/invitation.txt", {"round": round_, "link": link, "inviter": actor}
    )
    addresses = [person.email for person in people]

    def enqueue() -> None:
        for address in addresses:  # one e-mail each: colleagues do not see each other's addresses
            send_email.enqueue(subject=subject, body=body, to=address)

    transaction.on_commit(enqueue)
    audit.record(
        actor=actor,
        action="readiness.invite",
        target=round_,
        organisation=round_.organisation,
        params={"n": len(people)},
    )
    return len(people)


def save_answers(*, round_: Round, user: User, answers: Mapping[str, Any], submit: bool) -> Response:
    """A colleague's private answers: autosaved as they go, counted once submitted."""
    if not user.memberships.filter(organisation=round_.organisation).exists():
        raise ValidationError(_("Only members of the organisation answer its readiness round."))
    return assessment_services.save_answers(
        collection=round_.collection, answers=answers, respondent=user, submit=submit
    )


@transaction.atomic
def close_round(*, actor: User, round_: Round) -> Round:
    if round_.collection.responses.filter(submitted_at__isnull=False).count() == 0:
        raise ValidationError(_("Nobody has submitted answers yet; a round closes with at least one."))
    assessment_services.close_collection(actor=actor, collection=round_.collection)
    audit.record(
        actor=actor,
        action="readiness.close",
        target=round_,
        organisation=round_.organisation,
        params={"title": round_.title},
    )
    round_.collection.refresh_from_db()
    return round_


@transaction.atomic
def add_action(
    *,
    actor: User,
    round_: Round,
    attribute: str,
    title: str,
    owner: User,
    deadline: date,
    entry: RoadmapEntry | None = None,
) -> ImprovementAction:
    if not owner.memberships.filter(organisation=round_.organisation).exists():
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})
    if attribute not in round_.collection.version.compiled.position:
        raise ValidationError({"attribute": _("Unknown attribute.")})
    action = ImprovementAction(
        round=round_,
        organisation=round_.organisation,
        attribute=attribute,
        entry=entry,
        title=title.strip(),
        owner=owner,
        deadline=deadline,
    )
    action.full_clean()
    action.save()
    audit.record(
        actor=actor,
        action="readiness.action",
        target=action,
        organisation=round_.organisation,
        params={"title": action.title},
    )
    return action


@transaction.atomic
def set_action_status(*, actor: User, action: ImprovementAction, status: str) -> ImprovementAction:
    action.status = status
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="readiness.action_status",
        target=action,
        organisation=action.organisation,
        params={"title": action.title, "status": action.status},
    )
    return action


@transaction.atomic
def commit_action(*, actor: User, action: ImprovementAction, renewal: Renewal) -> Commitment:
    """An improvement action becomes a commitment of one of the organisation's renewals, with the
    action's owner as the responsible person and its deadline: the owner then gets the
    commitments' reminders and finds it under "My commitments", and the roadmap shows its
    progress. One commitment per action: asking again returns the first one."""
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)  # one at a time
    if renewal.organisation_id != action.organisation_id:
        raise ValidationError({"renewal": _("Choose a renewal of your own organisation.")})
    existing = selectors.commitment_of(action)
    if existing is not None:
        return existing
    commitment = commitment_services.commitment_from_action(actor=actor, renewal=renewal, action=action)
    audit.record(
        actor=actor,
        action="readiness.action_commitment",
        target=action,
        organisation=action.organisation,
        params={"title": action.title, "renewal": renewal.title},
    )
    return commitment
