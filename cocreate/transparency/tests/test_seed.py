from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocreate.alliances.models import Alliance
from cocreate.commitments.models import Commitment
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def test_seed_accountability_is_idempotent(org: Any, org_admin: Any, staff: Any) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    call_command("seed_accountability", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_accountability", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Alliance.objects.count() == 1
    alliance = Alliance.objects.get()
    assert alliance.active_members().count() == 4
    assert alliance.pledges.count() == 5 and alliance.working_groups.count() == 2  # one a draft
    assert alliance.pledges.filter(is_published=True).count() == 4
    assert alliance.commitments.get().source_id  # a meeting's decision became a commitment
    assert alliance.current_declaration().signatures.count() == 4  # type: ignore[union-attr]
    assert len({m.organisation.kind for m in alliance.active_members()}) == 4
    assert sum(c.is_late for c in Commitment.objects.all()) == 1
    assert LogEntry.objects.filter(published_at__isnull=False).count() == 4
    client = Client()
    assert client.get(reverse("alliances:alliance", args=[alliance.pk])).status_code == 200
    page = client.get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    assert "Rewrite the decision letter" in page and "Evaluate the pilot" not in page  # a draft


def test_seed_accountability_needs_a_public_renewal(capsys: Any) -> None:
    call_command("seed_accountability")
    assert "run seed_demo first" in capsys.readouterr().out
    assert not Alliance.objects.exists()
