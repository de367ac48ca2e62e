from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.core import by_key

pytestmark = pytest.mark.django_db


def test_a_row_by_its_key_is_the_orm_s_row_in_one_statement():
    guest = GuestParticipantFactory(nickname="Ana")
    with CaptureQueriesContext(connection) as queries:
        found = by_key.row(GuestParticipant, guest.pk)
    assert len(queries) == 1
    assert found == guest
    assert (found.nickname, found.language, found.last_seen_at) == (
        guest.nickname,
        guest.language,
        guest.last_seen_at,
    )
    assert by_key.row(GuestParticipant, str(guest.pk)) == guest  # the key as text, as a URL gives it


def test_an_unknown_key_is_none():
    GuestParticipantFactory()
    assert by_key.row(GuestParticipant, uuid.uuid4()) is None
