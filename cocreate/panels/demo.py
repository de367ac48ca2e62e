"""The demo's panel (cocreate/home/demo.py): a citizens' jury with its quotas set, waiting for the
sample pool to be imported — and the recommendations of an earlier sitting with the municipality's
public answers: one accepted (a commitment of the renewal), one rejected with its reason, one still
awaiting an answer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.demo import Cast
from cocreate.panels import services as panel_services
from cocreate.panels.forms import EXAMPLE_QUOTAS
from cocreate.panels.models import Panel, Recommendation
from cocreate.renewals.models import Renewal

RECOMMENDATIONS = """1. Visits at a time agreed the day before
Every home-care visit is announced the day before with a two-hour window, by text message or phone
call, as the person prefers.
2. The same carer as far as possible
Each person has a small team of at most three carers, so that they are not met by a stranger.
3. Free parking for carers in the old town
Carers lose time looking for parking; the municipality should give them free parking permits.
"""


def build(cast: Cast, renewal: Renewal) -> None:
    panel = panel_services.create_panel(
        actor=cast.staff,
        organisation=cast.municipality,
        renewal=renewal,
        title="Citizens' jury on home care",
        purpose="24 residents, drawn by lottery to reflect Lipovec, recommend how home care should work.",
        size=24,
        retention_until=timezone.localdate() + timedelta(days=365),
    )
    panel_services.set_quotas(actor=cast.staff, panel=panel, text=EXAMPLE_QUOTAS)
    recommend(cast, panel)


def recommend(cast: Cast, panel: Panel) -> None:
    """The panel's recommendations, recorded, answered and published through the services."""
    panel_services.import_recommendations(actor=cast.staff, panel=panel, text=RECOMMENDATIONS)
    panel_services.set_answer_by(
        actor=cast.staff, panel=panel, answer_by=timezone.localdate() + timedelta(days=30)
    )
    visits, _carer, parking = panel.recommendations.order_by("number")
    panel_services.answer_recommendation(
        actor=cast.admin,
        recommendation=visits,
        status=Recommendation.Status.ACCEPTED,
        reason="The scheduling system can send the text messages from March.",
        deadline=timezone.localdate() + timedelta(days=120),
        responsible=cast.staff,
        commitment_title="Announce every home-care visit the day before",
    )
    panel_services.answer_recommendation(
        actor=cast.admin,
        recommendation=parking,
        status=Recommendation.Status.REJECTED,
        reason=(
            "Parking in the old town is set by the national heritage rules, which do not allow "
            "permits for service vehicles; instead the carers' routes start from the health centre's "
            "car park."
        ),
    )
    panel_services.publish_recommendations(actor=cast.staff, panel=panel)
    panel_services.publish_answers(actor=cast.admin, panel=panel)
