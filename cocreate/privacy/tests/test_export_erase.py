"""Export finds every registered item; erasure leaves no trace of the person and no shifted count."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.db.models import Avg, Count

from cocreate.accounts.models import GuestParticipant, User
from cocreate.assessments.models import Response
from cocreate.conversations.models import Vote
from cocreate.core.models import AuditEntry
from cocreate.journeys.models import Contribution, FeelingRating, Support
from cocreate.panels.models import Volunteer
from cocreate.privacy import selectors, services
from cocreate.privacy.models import StandIn
from cocreate.privacy.registry import registry
from cocreate.privacy.tests import world as w

pytestmark = pytest.mark.django_db

# Holdings this world does not fill, each with the reason (the rest must all be found).
NOT_SEEDED = {
    "accounts.Invitation:accepted_by": "an accepted invitation of another person",
    "accounts.InvitationCode:participant": "invitation codes are tested with admission",
    "accounts.EmailConfirmation:email": "e-mail confirmations are tested with admission",
    "accounts.GuestParticipant:user": "the world's guest is not linked to the account",
    "portfolio.ServiceAssessment:opened_by": "needs a Co-Serve model",
    "quality.QualityAssessment:opened_by": "needs a Co-Master model",
    "quality.QualityAction:owner": "needs a Co-Master model",
    "readiness.Round:invitees": "rounds here invite nobody by name",
    "journeys.Contribution:answered_by": "filled: see the idea answered by the person",
    "workshops.Interest:attendee__participant": "Open Space only",
    "workshops.Session:convener__participant": "Open Space only",
    "panels.Selection:started_by": "no draw in this world",
    "conversations.OpinionVoteStore:conversation__votes__participant": "not computed here",
    "community.Ambassador:user": "not nominated",
    "community.GoodPractice:contact": "no contact named",
    "community.StepDone:user": "no learning path",
    "community.Newsletter:author": "no newsletter",
    "alliances.Alliance:secretariat": "no alliance",
    "alliances.Signature:signed_by": "no alliance",
    "alliances.PledgeReport:reported_by": "no alliance",
    "alliances.Decision:recorded_by": "no alliance",
    "commitments.ProgressUpdate:author": "no progress update",
    "transparency.PublicComment:user": "the comment is the guest's",
    "transparency.PublicComment:answered_by": "not answered",
    "conversations.Statement:author_user": "filled: the seed statement",
    "privacy.ConsentRecord:user": "the consent is the guest's",
}


@pytest.fixture
def world(org: Any) -> w.World:
    return w.build(org)


def test_export_contains_every_registered_item(world: w.World) -> None:
    archive = zipfile.ZipFile(io.BytesIO(selectors.export_zip(world.subject)))
    items = json.loads(archive.read("data.json"))["items"]
    sections = selectors.collect(world.subject)
    assert set(items) == {s.key for s in sections}  # every holding has its place, even when empty
    for section in sections:
        expected = registry.rows_for(section.holding, world.subject).count()
        assert len(items[section.key]["rows"]) == expected, section.key
    empty = {key for key, item in items.items() if not item["rows"]}
    assert empty <= set(NOT_SEEDED), f"found nothing for {sorted(empty - set(NOT_SEEDED))}"
    assert len(empty) < len(items) / 2
    text = json.dumps(items)
    assert "Too many papers" in text and w.NICKNAME in text and w.EMAIL in text
    assert "Cole Colleague" not in text  # other people are never named in someone's export


def _published(world: w.World) -> dict[str, Any]:
    return {
        "votes": list(
            Vote.objects.values("statement", "value").annotate(n=Count("id")).order_by("statement", "value")
        ),
        "ratings": FeelingRating.objects.filter(step=world.step).aggregate(n=Count("id"), avg=Avg("value")),
        "supports": Support.objects.filter(contribution=world.others_idea).count(),
        "responses": Response.objects.filter(collection=world.round_.collection).count(),
        "volunteers": Volunteer.objects.filter(panel=world.panel).count(),
        "contributions": Contribution.objects.count(),
    }


def _tables_mentioning(strings: list[str]) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from the schema
            for row in cursor.fetchall():
                cells = " ".join(str(c) for c in row).lower()
                found += [f"{table}: {s}" for s in strings if s.lower() in cells]
    return sorted(set(found))


def test_erasure_leaves_no_trace_and_counts_hold(world: w.World) -> None:
    assert _tables_mentioning([w.EMAIL, w.NAME, w.NICKNAME])  # the scan does see them before
    before = _published(world)
    counts = services.erase(subject=world.subject, actor=None, contributions="anonymise", via="self")
    assert counts
    assert _tables_mentioning([w.EMAIL, w.NAME, w.NICKNAME]) == []
    assert _published(world) == before
    assert not GuestParticipant.objects.filter(pk=world.guest.pk).exists()
    person = User.objects.get(pk=world.person.pk)
    assert not person.is_active and not person.has_usable_password()
    assert StandIn.objects.count() == 2  # one for the account's answers, one for the guest's votes
    entry = AuditEntry.objects.filter(action="privacy.erase").get()
    assert w.EMAIL not in entry.summary and entry.changes["via"] == "self"
    # Nothing is found for the person any more.
    assert all(not s.rows for s in selectors.collect(services.subject_for_email(w.EMAIL)))


def test_erasure_can_delete_contributions(world: w.World) -> None:
    services.erase(subject=world.subject, actor=None, contributions="delete", via="self")
    assert not Contribution.objects.filter(text="Too many papers").exists()
    assert Contribution.objects.filter(pk=world.others_idea.pk).exists()


def test_organisation_policy_overrides_the_choice(world: w.World, org: Any, org_admin: Any) -> None:
    services.save_notice(
        actor=org_admin,
        organisation=org,
        controller="City",
        dpo_contact="dpo@city.example",
        purposes="",
        retention="",
        contributions_on_erasure="anonymise",
    )
    services.erase(subject=world.subject, actor=None, contributions="delete", via="self")
    kept = Contribution.objects.get(text="Too many papers")
    assert kept.participant is None


def test_staff_erase_a_guest_by_post(world: w.World, org: Any, org_admin: Any) -> None:
    counts = services.erase_by_post(
        actor=org_admin, organisation=org, email=w.EMAIL, reference="2025/17", contributions="anonymise"
    )
    assert counts
    assert not GuestParticipant.objects.filter(email=w.EMAIL).exists()
    assert User.objects.get(pk=world.person.pk).email == w.EMAIL  # an account needs a platform admin
    assert AuditEntry.objects.filter(
        action="privacy.erase", organisation=org, summary__contains="2025/17"
    ).exists()
