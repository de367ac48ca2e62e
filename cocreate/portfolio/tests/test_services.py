import pytest
from django.core.exceptions import ValidationError

from cocreate.portfolio import selectors, services
from cocreate.portfolio.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_create_service_cleans_channels_and_audits(org, staff):
    service = services.create_service(
        actor=staff, organisation=org, name="  Parking  ", channels=["web", "bogus", "web"]
    )
    assert service.name == "Parking" and service.channels == ["web"]
    assert service.organisation.audit_entries.filter(action="service.create").exists()


def test_service_names_are_unique_per_organisation(org, other_org, staff, other_admin):
    services.create_service(actor=staff, organisation=org, name="Parking")
    with pytest.raises(ValidationError):
        services.create_service(actor=staff, organisation=org, name="Parking")
    services.create_service(actor=other_admin, organisation=other_org, name="Parking")


def test_too_long_name_is_refused(org, staff):
    with pytest.raises(ValidationError):
        services.create_service(actor=staff, organisation=org, name="x" * 201)


def test_archive_hides_from_default_list(org, staff):
    service = ServiceFactory(organisation=org)
    services.set_archived(actor=staff, service=service, archived=True)
    assert service not in selectors.services_of(staff, org)
    assert service in selectors.services_of(staff, org, include_archived=True)


def test_selectors_never_show_another_organisations_services(org, other_org, staff, other_admin, outsider):
    ours = ServiceFactory(organisation=org)
    theirs = ServiceFactory(organisation=other_org)
    assert list(selectors.services_visible_to(staff)) == [ours]
    assert list(selectors.services_visible_to(other_admin)) == [theirs]
    assert list(selectors.services_visible_to(outsider)) == []
