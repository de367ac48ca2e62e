from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import selectors, services
from cocreate.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def test_comments_only_on_public_published_entries_and_answers(org: Any, staff: Any, guest: Any) -> None:
    public = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    draft = services.add_log_entry(actor=staff, owner=public, kind=LogEntry.Kind.DECISION, title="Draft")
    with pytest.raises(ValidationError):
        services.comment(entry=draft, text="?", participant=guest)
    services.publish_log_entry(actor=staff, entry=draft)
    question = services.comment(entry=draft, text="Why?", participant=guest)
    assert list(selectors.unanswered_of(public)) == [question]
    services.answer_comment(actor=staff, comment=question, answer="Because.")
    assert not selectors.unanswered_of(public).exists()
