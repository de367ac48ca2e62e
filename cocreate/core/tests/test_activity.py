"""The activity log stores event codes and parameters and renders in the reader's language (issue 19)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

# Aliased so that makemessages does not take the test's own strings for the catalogue.
from django.utils.translation import ngettext_lazy as plural

from cocreate.conversations.models import Conversation
from cocreate.core import activity, audit
from cocreate.core.models import AuditEntry
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """A request in Slovenian leaves Slovenian active in the thread: start each test in English."""
    with translation.override("en"):
        yield


def test_an_entry_stores_code_params_and_an_english_summary(staff):
    with translation.override("sl"):
        entry = audit.record(actor=staff, action="renewal.create", target=None, params={"title": "Home care"})
    entry.refresh_from_db()
    assert entry.params == {"title": "Home care"}
    # The summary is English whatever the actor's language: it is for the admin and search.
    assert entry.summary == "Started the renewal “Home care”"


def test_an_entry_recorded_in_english_reads_in_slovenian(staff):
    with translation.override("en"):
        entry = audit.record(actor=staff, action="renewal.cycle", target=None, params={"n": 2})
        assert entry.message == "Cycle 2 started"
    with translation.override("sl"):
        assert entry.message == "Začel se je cikel 2"


def test_plurals_follow_the_readers_language(staff):
    entries = [
        audit.record(actor=staff, action="readiness.invite", target=None, params={"n": n})
        for n in (1, 2, 3, 5)
    ]
    with translation.override("en"):
        assert [e.message for e in entries][:2] == ["Invited 1 colleague", "Invited 2 colleagues"]
    with translation.override("sl"):
        messages = [e.message for e in entries]
    assert len(set(messages)) == 4, messages  # four Slovenian plural forms: 1, 2, 3–4, 5+


def test_choice_values_are_labelled_in_the_readers_language(staff):
    entry = audit.record(
        actor=staff,
        action="conversation.status",
        target=None,
        params={"topic": "Waiting", "status": "closed"},
    )
    with translation.override("sl"):
        closed = str(Conversation.Status.CLOSED.label)
        assert closed in entry.message and closed != "Closed"


def test_old_rows_and_unknown_codes_show_their_summary(staff):
    old = AuditEntry.objects.create(action="renewal.create", summary="Started the renewal “Old”")
    assert old.params is None and old.message == "Started the renewal “Old”"
    unknown = audit.record(actor=staff, action="gone.app", target=None, summary="Something", params={"x": 1})
    assert unknown.message == "Something"
    # A template that changed since the row was written: the stored sentence still tells the truth.
    broken = audit.record(actor=staff, action="renewal.create", target=None, summary="Kept", params={})
    assert broken.message == "Kept"


def test_a_code_without_a_message_needs_a_summary(staff):
    with pytest.raises(ValueError, match=r"activity\.py"):
        audit.record(actor=staff, action="nobody.declared", target=None, params={})


def test_the_registry_refuses_a_code_declared_twice():
    registry = activity.Registry()
    registry.register({"a.b": "One"})
    with pytest.raises(ValueError):
        registry.register({"a.b": "Two"})


def test_a_lazy_plural_picks_its_form_from_the_params():
    message = plural("%(n)s thing", "%(n)s things", "n")
    assert activity.fill(message, {"n": 1}) == "1 thing"
    assert activity.fill(message, {"n": 4}) == "4 things"


def test_the_renewal_page_shows_the_log_in_the_readers_language(client, org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    renewal.team.add(staff)
    with translation.override("en"):
        renewal_services.start_next_cycle(actor=staff, renewal=renewal)
    client.cookies["cocreate_language"] = "sl"
    public = client.get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    assert "Začel se je cikel 2" in public and "Cycle 2 started" not in public
    client.force_login(staff)
    staff_page = client.get(reverse("renewals:renewal", args=[renewal.pk])).content.decode()
    assert "Začel se je cikel 2" in staff_page
