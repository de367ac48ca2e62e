"""A workshop outcome — a World Café table's or an Open Space session's harvest note — becomes a
commitment of the renewal in one action, linked both ways (issue 16)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.models import Commitment, InputNotice
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import services
from cocreate.workshops.models import HarvestNote, Workshop

pytestmark = pytest.mark.django_db


def _workshop(org: Any, staff: Any, *, renewal: bool = True, format: str = "world_cafe") -> Workshop:
    return services.create_workshop(
        actor=staff,
        organisation=org,
        title="Café on home care",
        format=format,
        renewal=RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
        if renewal
        else None,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=2),
    )


def _note(workshop: Workshop, staff: Any) -> HarvestNote:
    return services.add_note(
        actor=staff, workshop=workshop, text="One contact person for every family", round_number=2, table=3
    )


def _make(staff: Any, note: HarvestNote, **kwargs: Any) -> Commitment:
    values = {"title": "One contact person", "deadline": timezone.localdate() + timedelta(days=30),
              "responsible": staff, "publish": True, **kwargs}  # fmt: skip
    return services.outcome_to_commitment(actor=staff, note=note, **values)


def test_a_table_outcome_becomes_one_commitment_citing_the_table(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    workshop = _workshop(org, staff)
    note = _note(workshop, staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment = _make(staff, note)
        assert _make(staff, note, title="Again") == commitment
    assert commitment.renewal == workshop.renewal and commitment_selectors.source_of(commitment) == note
    assert (
        commitment.findings
        == "From the World Café “Café on home care”, round 2, table 3:\nOne contact person for every family"
    )
    described = commitment_selectors.described_source(commitment)
    assert described is not None and described.public_url is None  # the harvest has no public page
    assert described.label == "From the World Café “Café on home care”, round 2, table 3"
    assert mail.outbox == [] and not InputNotice.objects.exists()  # a note names nobody to tell


def test_an_open_space_session_note_is_named_by_its_session(org: Any, staff: Any) -> None:
    workshop = _workshop(org, staff, format="open_space")
    attendee = services.add_people(actor=staff, workshop=workshop, text="Ana; users")[0]
    session = services.propose_session(workshop=workshop, convener=attendee, title="Night shifts")
    note = services.add_note(actor=staff, workshop=workshop, text="Two nurses at night", session=session)
    commitment = _make(staff, note)
    described = commitment_selectors.described_source(commitment)
    assert (
        described is not None
        and described.label == "From the Open Space “Café on home care”, session “Night shifts”"
    )


def test_a_workshop_without_a_renewal_cannot(org: Any, staff: Any, as_user: Any) -> None:
    workshop = _workshop(org, staff, renewal=False)
    note = _note(workshop, staff)
    with pytest.raises(ValidationError):
        _make(staff, note)
    url = reverse("workshops:note_commitment", args=[workshop.pk, note.pk])
    assert as_user(staff).get(url).status_code == 403
    page = as_user(staff).get(reverse("workshops:workshop", args=[workshop.pk])).content.decode()
    assert url not in page


def test_the_page_twice_and_both_ways(
    as_user: Any, client: Any, org: Any, staff: Any, facilitator: Any
) -> None:
    workshop = _workshop(org, staff)
    note = _note(workshop, staff)
    detail = reverse("workshops:workshop", args=[workshop.pk])
    url = reverse("workshops:note_commitment", args=[workshop.pk, note.pk])
    staff_client = as_user(staff)
    assert url in staff_client.get(detail).content.decode()
    assert url not in as_user(facilitator).get(detail).content.decode()  # a member, not on the team
    assert 'value="One contact person for every family"' in staff_client.get(url).content.decode()
    form = {"title": "One contact person", "deadline": "2031-01-01", "responsible": staff.pk, "publish": "on"}
    assert as_user(facilitator).post(url, form).status_code == 403
    bad = staff_client.post(url, {**form, "responsible": ""})
    assert bad.status_code == 400 and b"One contact person" in bad.content
    first, second = staff_client.post(url, form), staff_client.post(url, form)
    commitment = Commitment.objects.get()
    target = reverse("commitments:commitment", args=[commitment.pk])
    assert first["Location"] == second["Location"] == target
    shown = staff_client.get(detail).content.decode()
    assert "Became commitment: One contact person (Planned)" in shown and url not in shown
    staff_page = staff_client.get(target).content.decode()
    assert f"{detail}#note-{note.pk}" in staff_page
    public_page = client.get(reverse("commitments:public_commitment", args=[commitment.pk])).content.decode()
    assert "From the World Café “Café on home care”, round 2, table 3" in public_page
    assert detail not in public_page  # the staff page is never linked in public
    assert "every family" not in public_page  # nor are the notes (the harvest is not public)
