"""The demo (`manage.py seed_demo`): one municipality renewing its home care with the people who
use it, told in the order the work happens.

Each room makes its own part in its `demo.py`, through its own services, as the people of the demo
would (`accounts/demo.py` makes the cast the others build on); this module only tells the story in
order. It lives in `home` because `home` is the one room that may use every other (the layer
contract in pyproject.toml), so no room learns about another for the demo's sake. The test
factories stay in the tests.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import transaction

from cocreate.accounts import demo as cast
from cocreate.accounts.models import User
from cocreate.community import demo as community
from cocreate.conversations import demo as conversations
from cocreate.journeys import demo as journeys
from cocreate.panels import demo as panels
from cocreate.portfolio import demo as portfolio
from cocreate.quality import demo as quality
from cocreate.readiness import demo as readiness
from cocreate.renewals import demo as renewals
from cocreate.workshops import demo as workshops


def exists() -> bool:
    return User.objects.filter(email=cast.PLATFORM).exists()


@transaction.atomic
def build(stdout: OutputWrapper) -> None:
    people = cast.build()
    services = portfolio.build(people)
    readiness.build(people)
    portfolio.assess(people, services)  # before the renewal: it carries Co-Serve's choice and advice
    renewal = renewals.build(people, services[0])
    conversations.build(people, renewal)
    panels.build(people, renewal)
    journeys.build(people, renewal)
    workshops.build(people, renewal)
    stdout.write(community.build(people))
    # The accountability stage: process log, commitments and an alliance (transparency's command).
    call_command("seed_accountability", stdout=stdout)
    # Co-Master assesses the first cycle, closes it with its improvements and starts the second.
    quality.build(people, renewal)
