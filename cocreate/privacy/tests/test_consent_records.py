"""A consent given or withdrawn in the participant settings is recorded with its wording version."""

from __future__ import annotations

import pytest

from cocreate.accounts import services as account_services
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db


def test_consent_is_recorded_and_withdrawn() -> None:
    guest = GuestParticipantFactory()
    account_services.update_participant(participant=guest, nickname="", email="ana@example.org", consent=True)
    record = ConsentRecord.objects.get(participant=guest, purpose="notifications")
    assert record.withdrawn_at is None and "e-mails me" in record.wording and record.wording_version
    account_services.update_participant(participant=guest, nickname="", email="", consent=False)
    record.refresh_from_db()
    assert record.withdrawn_at is not None
