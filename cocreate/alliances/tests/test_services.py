from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import OrganisationFactory, member
from cocreate.alliances import selectors, services
from cocreate.alliances.models import AllianceMember
from cocreate.alliances.tests.factories import alliance_with

pytestmark = pytest.mark.django_db


def test_alliance_membership_history_and_signatures(
    org_admin: Any, org: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    declaration = alliance.current_declaration()
    assert declaration is not None and declaration.version == 1
    with pytest.raises(ValidationError):  # other_org is not a member yet
        services.sign_declaration(actor=other_admin, declaration=declaration, organisation=other_org)
    with pytest.raises(ValidationError):  # not an admin of org
        services.sign_declaration(actor=other_admin, declaration=declaration, organisation=org)
    first = services.sign_declaration(actor=org_admin, declaration=declaration, organisation=org)
    assert services.sign_declaration(actor=org_admin, declaration=declaration, organisation=org) == first

    application = services.apply_to_join(actor=other_admin, alliance=alliance, organisation=other_org)
    services.decide_application(actor=secretary, membership=application, approve=True)
    services.leave(actor=other_admin, membership=application)
    application.refresh_from_db()
    assert application.status == AllianceMember.Status.LEFT and application.joined_on and application.left_on
    again = services.apply_to_join(actor=other_admin, alliance=alliance, organisation=other_org)
    assert again.pk != application.pk  # the old row stays as history

    second = services.new_declaration_version(actor=secretary, alliance=alliance, text="Version two")
    assert second.version == 2 and not second.signatures.exists()


def test_pledges_and_progress_by_member_and_sector(org: Any, org_admin: Any, secretary: Any) -> None:
    agency = OrganisationFactory(name="Tax agency", kind="agency")
    agency_admin = member(agency, Role.ADMIN)
    alliance = alliance_with(secretary, org, agency)
    p1 = services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="A",
        amount=Decimal(40),
        unit="letters",
        year=2028,
    )
    p2 = services.add_pledge(
        actor=agency_admin,
        alliance=alliance,
        organisation=agency,
        title="B",
        amount=Decimal(60),
        unit="letters",
        year=2029,
    )
    with pytest.raises(ValidationError):
        services.add_pledge(
            actor=agency_admin,
            alliance=alliance,
            organisation=org,
            title="C",
            amount=Decimal(1),
            unit="l",
            year=2028,
        )
    services.report_on_pledge(actor=org_admin, pledge=p1, period_end=date(2026, 1, 31), amount=Decimal(10))
    services.report_on_pledge(actor=org_admin, pledge=p1, period_end=date(2026, 6, 30), amount=Decimal(25))
    services.report_on_pledge(actor=agency_admin, pledge=p2, period_end=date(2026, 3, 31), amount=Decimal(5))
    progress = selectors.progress_of(alliance)
    assert progress.pledged == 100 and progress.reported == 30
    assert progress.over_time == [
        (date(2026, 1, 31), Decimal(10)),
        (date(2026, 3, 31), Decimal(15)),
        (date(2026, 6, 30), Decimal(30)),
    ]
    assert {r.label: r.reported for r in progress.by_sector} == {"Agency": 5, "Municipality": 25}
