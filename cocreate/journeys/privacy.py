"""Personal data of Co-Renew (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

HOLDINGS = [
    Holding(
        model="journeys.FeelingRating",
        label=_("How steps of a journey felt to you"),
        purpose=_("Renewing a service with its users (emotion curve)"),
        subject="participant",
        fields=("step", "value", "updated_at"),
        erase=Erase.COUNT,
        retention=_("As long as the renewal's results are kept; counted anonymously after erasure"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="journeys.Contribution",
        label=_("Your pain points, ideas and comments"),
        purpose=_("Renewing a service with its users"),
        subject="participant",
        fields=("created_at", "step", "kind", "text", "status", "reason", "answered_at"),
        erase=Erase.CONTRIBUTION,
        retention=_("As long as the renewal's results are kept"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="journeys.Contribution",
        label=_("Contributions you answered"),
        purpose=_("Answering service users"),
        subject="answered_by",
        fields=("step", "status", "reason", "answered_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="journeys.Support",
        label=_("Ideas you supported"),
        purpose=_("Ranking ideas"),
        subject="participant",
        fields=("contribution", "created_at"),
        erase=Erase.COUNT,
        legal_basis=_("Public task"),
    ),
    Holding(
        model="journeys.ContributionReport",
        label=_("Contributions you reported to moderators"),
        purpose=_("Moderation"),
        subject="participant",
        fields=("contribution", "reason", "created_at"),
        erase=Erase.DELETE,  # the contribution's report counter is kept apart
    ),
]
NOT_PERSONAL = [NotPersonal("journeys.Persona", ("name",), "a persona is a made-up archetype")]
