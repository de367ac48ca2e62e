"""Personal data of the service portfolio (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

HOLDINGS = [
    Holding(
        model="portfolio.ServiceAssessment",
        label=_("Co-Serve assessments you opened"),
        purpose=_("Choosing which service to renew"),
        subject="opened_by",
        fields=("service", "created_at"),
        erase=Erase.UNLINK,
    ),
]
NOT_PERSONAL = [NotPersonal("portfolio.Service", ("name",), "a public service's name")]
