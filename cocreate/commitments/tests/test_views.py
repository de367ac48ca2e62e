from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cocreate.commitments.models import Commitment
from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_renewal(org: Any) -> Renewal:
    return RenewalFactory(
        service__organisation=org, title="Open renewal", visibility=Renewal.Visibility.PUBLIC
    )


def test_board_groups_by_status_and_flags_late(
    as_user: Any, org: Any, staff: Any, public_renewal: Renewal
) -> None:
    with time_machine.travel(date(2026, 4, 1), tick=False):
        CommitmentFactory(renewal=public_renewal, title="Old promise", deadline=date(2026, 3, 1))
        CommitmentFactory(renewal=public_renewal, title="Done one", deadline=date(2026, 3, 1), status="done")
        page = as_user(staff).get(reverse("commitments:board", args=[public_renewal.pk])).content.decode()
    assert "1 commitment is late." in page
    assert page.count("tag--late") == 1
    assert page.index("Old promise") < page.index("Done one")  # planned column before done


def test_my_commitments(as_user: Any, org: Any, staff: Any, public_renewal: Renewal) -> None:
    CommitmentFactory(renewal=public_renewal, title="Mine", responsible=staff)
    CommitmentFactory(renewal=public_renewal, title="Someone else's")
    page = as_user(staff).get(reverse("commitments:mine")).content.decode()
    assert "Mine" in page and "Someone else" not in page


def test_create_keeps_input_and_shows_errors(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    url = reverse("commitments:commitment_create", args=[public_renewal.pk])
    response = as_user(staff).post(url, {"title": "Keep me", "deadline": "not a date"})
    assert response.status_code == 200
    assert b"Keep me" in response.content and b"form-group--error" in response.content
    response = as_user(staff).post(
        url, {"title": "Keep me", "deadline": "2031-01-01", "responsible": staff.pk}
    )
    assert response.status_code == 302 and Commitment.objects.get().responsible == staff


def test_progress_rejects_bad_files_without_a_500(
    as_user: Any, staff: Any, public_renewal: Renewal, tmp_path: Any
) -> None:
    commitment = CommitmentFactory(renewal=public_renewal)
    url = reverse("commitments:commitment_progress", args=[commitment.pk])
    bad = SimpleUploadedFile("evil.html", b"<script>", content_type="text/html")
    response = as_user(staff).post(url, {"text": "Did it", "file": bad})
    assert response.status_code == 200 and b"form-group--error" in response.content
    with override_settings(MEDIA_ROOT=tmp_path):
        ok = SimpleUploadedFile("report.pdf", b"%PDF-1.4", content_type="application/pdf")
        assert as_user(staff).post(url, {"text": "Did it", "file": ok}).status_code == 302
    response = as_user(staff).post(
        reverse("commitments:commitment_status", args=[commitment.pk]), {"status": "dropped"}
    )
    assert response.status_code == 200 and b"Say why" in response.content


def test_an_alliance_commitment_is_run_by_its_secretariat(
    as_user: Any, org: Any, org_admin: Any, staff: Any, outsider: Any
) -> None:
    from cocreate.alliances.tests.factories import alliance_with
    from cocreate.commitments import services

    alliance = alliance_with(org_admin, org)
    commitment = services.add_commitment(
        actor=org_admin, owner=alliance, title="Shared checklist", organisation=org, deadline=date(2030, 1, 1)
    )
    url = reverse("commitments:commitment", args=[commitment.pk])
    page = as_user(org_admin).get(url).content.decode()
    assert reverse("alliances:alliance", args=[alliance.pk]) in page and "Publish on the public page" in page
    assert as_user(outsider).get(url).status_code == 404  # not theirs to see
    as_user(org_admin).post(reverse("commitments:commitment_publish", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.is_public
