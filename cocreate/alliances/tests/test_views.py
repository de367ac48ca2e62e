"""Alliances through their pages: founding, the secretariat's desk, applying and leaving,
signing, pledging and reporting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.alliances import services
from cocreate.alliances.models import Alliance
from cocreate.alliances.tests.factories import alliance_with

pytestmark = pytest.mark.django_db


def test_signing_pledging_and_reporting_through_views(
    as_user: Any, org: Any, org_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    client = as_user(org_admin)
    page = client.get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Sign the declaration" in page
    client.post(reverse("alliances:sign", args=[alliance.pk]), {"organisation": org.pk})
    page = client.get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Sign the declaration" not in page and "Signed by" in page
    response = client.post(
        reverse("alliances:pledge_create", args=[alliance.pk]),
        {
            "organisation": org.pk,
            "title": "Rewrite letters",
            "amount": "50",
            "unit": "letters",
            "year": "2029",
        },
    )
    assert response.status_code == 302
    pledge = alliance.pledges.get()
    response = client.post(
        reverse("alliances:pledge_report", args=[pledge.pk]), {"period_end": "2999-01-01", "amount": "5"}
    )
    assert response.status_code == 400 and b"cannot be in the future" in response.content
    client.post(
        reverse("alliances:pledge_report", args=[pledge.pk]),
        {"period_end": timezone.localdate().isoformat(), "amount": "5"},
    )
    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert 'role="img"' in page and "<title id=" in page and "Pledged and reported by sector" in page


def test_pledge_edit_keeps_input_and_is_told_in_public(
    as_user: Any, org: Any, org_admin: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    pledge = services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="P",
        amount=Decimal(5),
        unit="t",
        year=2030,
        publish=True,
    )
    edit = reverse("alliances:pledge_edit", args=[pledge.pk])
    assert as_user(other_admin).get(edit).status_code == 403
    response = as_user(secretary).post(edit, {"title": "P2", "amount": "-1", "unit": "t", "year": "2030"})
    assert response.status_code == 400 and b"P2" in response.content
    as_user(secretary).post(edit, {"title": "P2", "amount": "7", "unit": "t", "year": "2031"})
    pledge.refresh_from_db()
    assert (pledge.title, pledge.amount, pledge.year) == ("P2", 7, 2031)
    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "What happened" in page and "changed its pledge" in page


def test_the_secretariat_desk_one_form_per_action(
    as_user: Any, org: Any, org_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    client = as_user(secretary)
    desk = reverse("alliances:alliance_manage", args=[alliance.pk])
    assert client.get(desk).status_code == 200
    # each form has its own address; an invalid one comes back with its errors and its input
    response = client.post(reverse("alliances:declaration_create", args=[alliance.pk]), {"text": ""})
    assert response.status_code == 400 and b"form-group--error" in response.content
    response = client.post(
        reverse("alliances:meeting_create", args=[alliance.pk]), {"title": "Kick-off", "starts_at": "soon"}
    )
    assert (
        response.status_code == 400
        and b"form-group--error" in response.content
        and b"Kick-off" in response.content
    )
    response = client.post(
        reverse("alliances:declaration_create", args=[alliance.pk]), {"text": "Version two"}
    )
    assert response.status_code == 302 and alliance.current_declaration().version == 2  # type: ignore[union-attr]
    client.post(reverse("alliances:working_group_create", args=[alliance.pk]), {"name": "Letters"})
    client.post(
        reverse("alliances:meeting_create", args=[alliance.pk]),
        {"title": "Kick-off", "starts_at": "2030-01-01T10:00"},
    )
    assert alliance.working_groups.get().name == "Letters" and alliance.meetings.get().title == "Kick-off"
    # a member's admin is not the secretariat
    assert (
        as_user(org_admin).post(reverse("alliances:working_group_create", args=[alliance.pk])).status_code
        == 403
    )
    assert (
        as_user(org_admin).get(reverse("alliances:declaration_create", args=[alliance.pk])).status_code == 405
    )


def test_applying_deciding_and_leaving_through_views(
    as_user: Any, org: Any, org_admin: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    page = as_user(other_admin).get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Apply to join" in page
    response = as_user(other_admin).post(
        reverse("alliances:apply", args=[alliance.pk]),
        {"organisation": other_org.pk, "motivation": "We too."},
    )
    assert response.status_code == 302
    application = alliance.memberships.get(organisation=other_org)
    assert (
        "We too."
        in as_user(secretary).get(reverse("alliances:alliance_manage", args=[alliance.pk])).content.decode()
    )
    as_user(secretary).post(reverse("alliances:decide", args=[application.pk]), {"decision": "approve"})
    response = as_user(secretary).post(
        reverse("alliances:decide", args=[application.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302  # decided already: a message, not an error page
    application.refresh_from_db()
    assert application.status == "member"
    as_user(other_admin).post(reverse("alliances:leave", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "left"
    response = as_user(other_admin).post(reverse("alliances:leave", args=[application.pk]))
    assert response.status_code == 302  # left already: a message


def test_founding_an_alliance(as_user: Any, org_admin: Any, staff: Any) -> None:
    url = reverse("alliances:alliance_create")
    assert as_user(staff).get(url).status_code == 403
    data = {
        "name": "Clear letters",
        "purpose": "Plain language.",
        "target_amount": "100",
        "target_unit": "letters",
        "target_date": "2030-12-31",
        "declaration": "We write plainly.",
        "is_public": "on",
    }
    response = as_user(org_admin).post(url, {**data, "target_amount": "-5"})
    assert response.status_code == 400 and b"Clear letters" in response.content
    response = as_user(org_admin).post(url, data)
    alliance = Alliance.objects.get()
    assert response.url == reverse("alliances:alliance", args=[alliance.pk]) and alliance.is_run_by(org_admin)
