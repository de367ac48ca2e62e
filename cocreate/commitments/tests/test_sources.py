"""What a commitment answers, described by the source's own room (its `commitment_source.py`):
Co-Ready's and Co-Master's improvement actions among them (issue 16)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments import selectors, services, sources
from cocreate.commitments.forms import prefilled_title
from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def test_every_source_room_is_found_by_module_name() -> None:
    sources.registry.discover()
    assert {
        "journeys.contribution",
        "conversations.statement",
        "workshops.harvestnote",
        "readiness.improvementaction",
        "quality.qualityaction",
    } <= set(sources.registry.kinds)


def test_a_co_ready_action_is_described_for_staff_and_plainly_in_public(
    as_user: Any, client: Any, org: Any, org_admin: Any, staff: Any
) -> None:
    from cocreate.readiness import services as readiness_services
    from cocreate.readiness.tests.factories import closed_round

    round_ = closed_round(org, [staff], 1)
    action = readiness_services.add_action(
        actor=staff, round_=round_, attribute="LEADERSHIP", title="Find a sponsor", owner=staff,
        deadline=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    commitment = readiness_services.commit_action(actor=org_admin, action=action, renewal=renewal)
    services.publish_commitment(actor=org_admin, commitment=commitment)
    staff_page = as_user(staff).get(reverse("commitments:commitment", args=[commitment.pk])).content.decode()
    assert "From the Co-Ready improvement action “Find a sponsor”" in staff_page
    assert reverse("readiness:results", args=[round_.pk]) in staff_page
    public_page = client.get(reverse("commitments:public_commitment", args=[commitment.pk])).content.decode()
    assert "From the organisation&#x27;s readiness assessment (Co-Ready)" in public_page
    assert reverse("readiness:results", args=[round_.pk]) not in public_page


def test_a_co_master_improvement_is_described(org: Any, org_admin: Any) -> None:
    from cocreate.quality import services as quality_services

    renewal = RenewalFactory(service__organisation=org)
    assessment = quality_services.open_assessment(actor=org_admin, renewal=renewal)
    action = quality_services.add_action(
        actor=org_admin, assessment=assessment, attribute="FEEDBACK", title="Tell them",
        owner=org_admin, deadline=timezone.localdate(),
    )  # fmt: skip
    commitment = services.commitment_from_action(actor=org_admin, renewal=renewal, action=action)
    described = selectors.described_source(commitment)
    assert described is not None
    assert described.label == "From the Co-Master improvement for the next cycle “Tell them”"
    assert described.staff_url == reverse("quality:assessment", args=[assessment.pk])
    assert described.public_url is None


def test_a_commitment_by_hand_or_from_a_deleted_source_describes_nothing(org: Any) -> None:
    by_hand = CommitmentFactory(renewal=RenewalFactory(service__organisation=org))
    assert selectors.source_of(by_hand) is None and selectors.described_source(by_hand) is None
    renewal = RenewalFactory(service__organisation=org)
    kind = ContentType.objects.get_for_model(renewal)
    gone = CommitmentFactory(
        renewal=renewal, source_type=kind, source_id="00000000-0000-0000-0000-000000000000"
    )
    assert selectors.described_source(gone) is None  # a renewal describes no source; and none is there
    assert services.tell_input_givers(commitment=gone, event="made") == 0


def test_the_prefilled_title_is_cut_at_a_word() -> None:
    assert prefilled_title("  Call   back\nsoon ") == "Call back soon"
    long = "word " * 60
    title = prefilled_title(long)
    assert len(title) <= 200 and title.endswith("word…")
