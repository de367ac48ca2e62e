"""The demo ends in cycle 2: cycle 1 assessed with Co-Master (organisers and participants), its
improvements the plan of cycle 2, cycle 2's Co-Master under way — and seeding again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from cocreate.quality import evidence
from cocreate.renewals.models import Renewal


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_the_demo_renewal_is_in_its_second_cycle_and_seeds_once() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    renewal = Renewal.objects.get(visibility=Renewal.Visibility.PUBLIC)
    assert renewal.cycle_number == 2
    first, second = renewal.cycles.order_by("number")
    first_assessment, second_assessment = renewal.quality_assessments.order_by("cycle_number")
    titles = list(first_assessment.actions.order_by("deadline", "created_at").values_list("title", flat=True))
    assert len(titles) == 2
    assert first.is_closed and first.next_plan == titles and second.plan == titles
    assert not second.is_closed
    assert not first_assessment.is_open and first_assessment.is_published
    for collection, answered in ((first_assessment.organisers, 2), (first_assessment.participants, 6)):
        assert collection.responses.filter(submitted_at__isnull=False).count() == answered
    assert second_assessment.cycle_number == 2 and second_assessment.is_open
    assert second_assessment.participants.responses.filter(submitted_at__isnull=False).count() == 3

    comparison = evidence.compare(renewal)
    assert [w.number for w in comparison.windows] == [1, 2] and len(comparison.bars) == 4
    rows = {row.name: row.cells for row in comparison.evidence}
    # The demo's journey feedback is cycle 1's; cycle 2 has just begun.
    answered = rows["Citizen contributions answered"]
    assert answered[0] != "—" and answered[1] == "—"
    assert rows["Service users who gave feedback on the journey"][1] == "0"

    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
