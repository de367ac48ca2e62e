import pytest
from django.core.exceptions import ValidationError

from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals import selectors, services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def test_create_renewal_with_team_from_the_organisation(org, staff, facilitator):
    service = ServiceFactory(organisation=org)
    renewal = services.create_renewal(
        actor=staff, service=service, title="Better care", goal="Shorter waits", team=[staff, facilitator]
    )
    assert renewal.organisation == org and set(renewal.team.all()) == {staff, facilitator}
    assert selectors.activity_of(renewal).count() == 1


def test_team_members_must_belong_to_the_organisation(org, staff, other_admin):
    service = ServiceFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.create_renewal(actor=staff, service=service, title="T", goal="G", team=[other_admin])
    assert not Renewal.objects.exists()


def test_archived_service_cannot_be_renewed(org, staff):
    service = ServiceFactory(organisation=org, archived_at="2026-01-01T00:00Z")
    with pytest.raises(ValidationError):
        services.create_renewal(actor=staff, service=service, title="T", goal="G")


def test_only_public_activity_reaches_the_public_log(org, staff):
    renewal = services.create_renewal(
        actor=staff, service=ServiceFactory(organisation=org), title="T", goal="G"
    )
    assert selectors.activity_of(renewal, public_only=True).count() == 0
    services.update_renewal(
        actor=staff,
        renewal=renewal,
        title="T",
        goal="G",
        team=[],
        visibility=Renewal.Visibility.PUBLIC,
    )
    assert selectors.activity_of(renewal, public_only=True).count() == 1


def test_next_cycle_increments(org, staff):
    renewal = RenewalFactory(service__organisation=org, closed_at="2026-01-01T00:00Z")
    renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    assert renewal.cycle_number == 2 and renewal.status == Renewal.Status.PREPARING


def test_public_selector_only_public(org):
    private = RenewalFactory(service__organisation=org)
    public = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    assert list(selectors.public_renewals()) == [public]
    assert private not in selectors.public_renewals()
