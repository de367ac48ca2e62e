import factory

from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals.models import Renewal


class RenewalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Renewal

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.SelfAttribute("service.organisation")
    title = factory.Sequence(lambda n: f"Renewal {n}")
    goal = "Make the service simpler for the people who use it."
