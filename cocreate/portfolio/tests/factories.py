import factory

from cocreate.accounts.tests.factories import OrganisationFactory
from cocreate.portfolio.models import Service


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A public service."
    users = "Residents."
    channels = factory.LazyFunction(lambda: ["web", "counter"])
