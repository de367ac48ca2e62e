"""A panel's recommendations and the organisation's public answers (issue 16): recorded as the panel
wrote them, answered one by one (accepted → a commitment, rejected → a reason), published, and the
panel's members told — each effect once, whatever the taps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments.models import Commitment
from cocreate.core.models import AuditEntry
from cocreate.panels import selectors, services
from cocreate.panels.models import Panel, Recommendation, Volunteer
from cocreate.panels.recommendation_list import parse_recommendations
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db

LIST = """1. Home visits at fixed times
Every visit is announced the day before,
and the carer comes within the hour.

2) One phone number for everything
3: A carer who knows you
"""


@pytest.fixture
def renewal(org: Any) -> Renewal:
    return RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)


@pytest.fixture
def panel(org: Any, staff: Any, renewal: Renewal) -> Panel:
    return services.create_panel(
        actor=staff,
        organisation=org,
        renewal=renewal,
        title="Citizens' jury on home care",
        purpose="Recommend how home care should work.",
        size=4,
        retention_until=timezone.localdate() + timedelta(days=90),
    )


def record(panel: Panel, staff: Any, title: str = "Home visits at fixed times", **kw: Any) -> Recommendation:
    return services.add_recommendation(actor=staff, panel=panel, title=title, text=f"{title}, please.", **kw)


def accept(rec: Recommendation, staff: Any, **kw: Any) -> Recommendation:
    return services.answer_recommendation(
        actor=staff,
        recommendation=rec,
        status=Recommendation.Status.ACCEPTED,
        deadline=timezone.localdate() + timedelta(days=60),
        **kw,
    )


def commitments_of(rec: Recommendation) -> list[Commitment]:
    return list(Commitment.objects.filter(source_id=str(rec.pk)))


# --- The pasted list --------------------------------------------------------------------------------


def test_a_pasted_list_splits_at_its_numbered_lines() -> None:
    items, errors = parse_recommendations(LIST)
    assert errors == []
    assert [(i.number, i.title) for i in items] == [
        (1, "Home visits at fixed times"),
        (2, "One phone number for everything"),
        (3, "A carer who knows you"),
    ]
    assert items[0].text == "Every visit is announced the day before,\nand the carer comes within the hour."
    assert items[1].text == "One phone number for everything"  # no lines below: the title is the text
    _items, errors = parse_recommendations("Preamble\n1. A\n1. B\n0. C\n")
    assert [e.split(":")[0] for e in errors] == ["Line 1", "Line 3", "Line 4"]


# --- Recording ----------------------------------------------------------------------------------------


def test_recommendations_are_numbered_and_a_double_tap_records_one(panel: Panel, staff: Any) -> None:
    first = record(panel, staff)
    second = record(panel, staff, "One phone number for everything")
    assert (first.number, second.number) == (1, 2)
    assert record(panel, staff) == first  # the same again: the first one stands
    assert panel.recommendations.count() == 2
    with pytest.raises(ValidationError, match="title is recorded already"):
        services.add_recommendation(actor=staff, panel=panel, title=first.title, text="Something else")
    with pytest.raises(ValidationError, match="number is taken"):
        services.add_recommendation(actor=staff, panel=panel, title="New", text="t", number=1)
    assert AuditEntry.objects.filter(action="panel.recommendation_add").count() == 2


def test_importing_the_same_list_twice_adds_nothing_and_a_clash_adds_none(panel: Panel, staff: Any) -> None:
    assert services.import_recommendations(actor=staff, panel=panel, text=LIST) == 3
    assert services.import_recommendations(actor=staff, panel=panel, text=LIST) == 0
    assert panel.recommendations.count() == 3
    with pytest.raises(ValidationError) as error:
        services.import_recommendations(
            actor=staff, panel=panel, text="4. Brand new\n2. Another title for two\n"
        )
    assert "another title" in error.value.messages[0]
    assert panel.recommendations.count() == 3  # all or none
    entry = AuditEntry.objects.get(action="panel.recommendation_import")
    assert entry.params == {"n": 3} and entry.summary == "Recorded 3 recommendations of the panel"


# --- Answering ----------------------------------------------------------------------------------------


def test_rejected_and_partly_accepted_need_a_reason_also_in_the_database(panel: Panel, staff: Any) -> None:
    rec = record(panel, staff)
    for status in (Recommendation.Status.REJECTED, Recommendation.Status.PARTLY):
        with pytest.raises(ValidationError, match="Say why"):
            services.answer_recommendation(actor=staff, recommendation=rec, status=status, reason="  ")
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.PENDING
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.REJECTED)
    answered = services.answer_recommendation(
        actor=staff,
        recommendation=rec,
        status=Recommendation.Status.REJECTED,
        reason="The law sets the hours.",
    )
    assert answered.reason == "The law sets the hours." and answered.answered_by == staff
    assert commitments_of(rec) == []
    entry = AuditEntry.objects.get(action="panel.recommendation_answer")
    assert entry.params["s"] == "rejected"
    assert entry.summary == "Rejected the panel's recommendation 1 “Home visits at fixed times”"


def test_accepted_makes_exactly_one_commitment_under_a_double_call(
    panel: Panel, staff: Any, renewal: Renewal
) -> None:
    rec = record(panel, staff)
    accept(rec, staff, responsible=staff, commitment_title="Visits announced the day before")
    accept(rec, staff, commitment_title="A second title that must not make a second commitment")
    services.answer_recommendation(
        actor=staff, recommendation=rec, status=Recommendation.Status.PARTLY, reason="Not on Sundays."
    )
    [commitment] = commitments_of(rec)
    assert commitment.renewal == renewal and commitment.organisation == panel.organisation
    assert commitment.title == "Visits announced the day before" and commitment.responsible == staff
    assert "Recommendation 1" in commitment.why and not commitment.is_published
    with pytest.raises(ValidationError, match="became a commitment"):
        services.answer_recommendation(
            actor=staff, recommendation=rec, status=Recommendation.Status.REJECTED, reason="Changed our mind."
        )
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.PARTLY


def test_accepting_needs_a_deadline_and_a_renewal(org: Any, staff: Any, panel: Panel) -> None:
    rec = record(panel, staff)
    with pytest.raises(ValidationError, match="deadline"):
        services.answer_recommendation(actor=staff, recommendation=rec, status=Recommendation.Status.ACCEPTED)
    alone = services.create_panel(actor=staff, organisation=org, title="Alone", purpose="p", size=4,
                                  retention_until=timezone.localdate() + timedelta(days=9))  # fmt: skip
    with pytest.raises(ValidationError, match="belongs to none"):
        accept(record(alone, staff), staff)
    assert not Commitment.objects.exists()


# --- Publishing, the public page, the members -------------------------------------------------------


def _members(panel: Panel, staff: Any) -> None:
    """Four volunteers; three on the panel (one without an e-mail), one left in the pool."""
    services.set_quotas(actor=staff, panel=panel, text="G: a = 0-4\nG: b = 0-4\n")
    table = [["name", "email", "G"], ["A", "a@example.org", "a"], ["B", "b@example.org", "b"],
             ["C", "", "a"], ["D", "d@example.org", "b"]]  # fmt: skip
    services.import_pool(actor=staff, panel=panel, table=table)
    volunteers = list(panel.volunteers.order_by("created_at", "pk"))
    Volunteer.objects.filter(pk__in=[v.pk for v in volunteers if v.contact["name"] in "ABC"]).update(
        status=Volunteer.Status.CONFIRMED
    )


def test_nothing_is_public_before_publishing_and_answers_only_once_published(
    panel: Panel, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _members(panel, staff)
    yes, no, later = (
        record(panel, staff, t) for t in ("Fixed times", "Free parking", "A carer who knows you")
    )
    accept(yes, staff)
    services.answer_recommendation(
        actor=staff, recommendation=no, status=Recommendation.Status.REJECTED, reason="No parking exists."
    )
    assert selectors.recommendations_of(panel, public=True) == []
    with pytest.raises(ValidationError, match="Publish the recommendations first"):
        services.publish_answers(actor=staff, panel=panel)

    services.publish_recommendations(actor=staff, panel=panel)
    services.publish_recommendations(actor=staff, panel=panel)  # a double tap records nothing more
    assert AuditEntry.objects.filter(action="panel.recommendations_publish").count() == 1
    rows = selectors.recommendations_of(panel, public=True)
    assert [r.title for r in rows] == ["Fixed times", "Free parking", "A carer who knows you"]
    assert {r.status for r in rows} == {"pending"} and {r.reason for r in rows} == {""}
    assert all(r.commitment is None for r in rows)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_answers(actor=staff, panel=panel) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_answers(actor=staff, panel=panel) == 0  # nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    body = mail.outbox[0].body
    assert "No parking exists." in body and "Fixed times — Accepted" in body
    assert reverse("panels_public:report", args=[panel.pk]) in body

    rows = selectors.recommendations_of(panel, public=True)
    assert [r.status for r in rows] == ["accepted", "rejected", "pending"]
    assert rows[1].reason == "No parking exists." and rows[0].answered_at is not None
    assert rows[0].commitment is not None and rows[0].commitment.is_published  # published with the answer
    with pytest.raises(ValidationError, match="published"):
        services.answer_recommendation(
            actor=staff, recommendation=no, status=Recommendation.Status.REJECTED, reason="Another reason."
        )

    services.answer_recommendation(
        actor=staff, recommendation=later, status=Recommendation.Status.PARTLY, reason="Where possible.",
        deadline=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    assert selectors.recommendations_of(panel, public=True)[2].status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_answers(actor=staff, panel=panel) == 1
    assert len(mail.outbox) == 4  # the second round of answers: one more e-mail each


def test_a_private_renewal_or_report_shows_nothing(panel: Panel, staff: Any, renewal: Renewal) -> None:
    accept(record(panel, staff), staff)
    services.publish_recommendations(actor=staff, panel=panel)
    services.publish_answers(actor=staff, panel=panel)
    assert len(selectors.recommendations_of(panel, public=True)) == 1
    Renewal.objects.filter(pk=renewal.pk).update(visibility=Renewal.Visibility.PRIVATE)
    panel.refresh_from_db()
    assert selectors.recommendations_of(panel, public=True) == []
    assert len(selectors.recommendations_of(panel, public=False)) == 1  # its organisers still see it
    Renewal.objects.filter(pk=renewal.pk).update(visibility=Renewal.Visibility.PUBLIC)
    services.set_options(
        actor=staff, panel=Panel.objects.get(pk=panel.pk), registration_open=False, is_public=False
    )
    assert selectors.recommendations_of(Panel.objects.get(pk=panel.pk), public=True) == []


def test_unanswered_recommendations_are_overdue_after_the_promised_date(panel: Panel, staff: Any) -> None:
    rec = record(panel, staff)
    services.set_answer_by(actor=staff, panel=panel, answer_by=timezone.localdate())
    assert not selectors.recommendations_of(panel, public=False)[0].overdue
    with pytest.raises(ValidationError):
        services.set_answer_by(actor=staff, panel=panel, answer_by=timezone.localdate() - timedelta(days=3))
    Panel.objects.filter(pk=panel.pk).update(answer_by=timezone.localdate() - timedelta(days=1))
    panel.refresh_from_db()
    assert selectors.recommendations_of(panel, public=False)[0].overdue
    accept(rec, staff)
    assert selectors.recommendations_of(panel, public=False)[0].overdue  # answered, not yet in public
    services.publish_recommendations(actor=staff, panel=panel)
    services.publish_answers(actor=staff, panel=panel)
    assert not selectors.recommendations_of(panel, public=False)[0].overdue
    assert selectors.answer_summary(selectors.recommendations_of(panel, public=False))["overdue"] == 0


# --- Pages ----------------------------------------------------------------------------------------------


def url(name: str, obj: Any) -> str:
    return reverse(f"panels:{name}", args=[obj.pk])


def test_the_page_posts_each_form_to_its_own_action(as_user: Any, panel: Panel, staff: Any) -> None:
    rec = record(panel, staff)
    content = as_user(staff).get(url("recommendations", panel)).content.decode()
    for name in ("add_recommendation", "import_recommendations", "set_answer_by", "publish_recommendations"):
        assert f'action="{url(name, panel)}"' in content
    assert f'action="{url("answer_recommendation", rec)}"' in content
    assert url("recommendations", panel) in as_user(staff).get(url("panel", panel)).content.decode()


def test_an_invalid_recommendation_answers_400_with_what_was_typed(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    client = as_user(staff)
    response = client.post(url("add_recommendation", panel), {"title": "", "text": "Typed text 81"})
    assert response.status_code == 400 and "Typed text 81" in response.content.decode()
    assert not panel.recommendations.exists()
    response = client.post(url("import_recommendations", panel), {"text": "no numbers here 82"})
    assert response.status_code == 400 and "no numbers here 82" in response.content.decode()
    assert "Line 1" in response.content.decode()
    response = client.post(url("add_recommendation", panel), {"title": "Fixed times", "text": "Please."})
    assert response.status_code == 302 and panel.recommendations.get().number == 1


def test_an_answer_without_its_reason_answers_400_and_keeps_it(
    as_user: Any, panel: Panel, staff: Any
) -> None:
    rec = record(panel, staff)
    client = as_user(staff)
    response = client.post(
        url("answer_recommendation", rec),
        {"r1-status": "rejected", "r1-reason": "", "r1-commitment_title": "kept 83"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Say why" in content and "kept 83" in content
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.PENDING
    response = client.post(
        url("answer_recommendation", rec),
        {"r1-status": "accepted", "r1-deadline": (timezone.localdate() + timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 302 and response["Location"].endswith("#r1")
    assert len(commitments_of(rec)) == 1


def test_another_organisation_cannot_answer(as_user: Any, panel: Panel, staff: Any, other_admin: Any) -> None:
    rec = record(panel, staff)
    response = as_user(other_admin).post(
        url("answer_recommendation", rec), {"r1-status": "rejected", "r1-reason": "Not yours."}
    )
    assert response.status_code in (403, 404)
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.PENDING


def test_the_public_report_shows_only_published_answers(panel: Panel, staff: Any, renewal: Renewal) -> None:
    yes = record(panel, staff, "Fixed times", votes_for=18, votes_against=3)
    accept(yes, staff, commitment_title="Commitment 84")
    report = reverse("panels_public:report", args=[panel.pk])
    assert "Fixed times" not in Client().get(report).content.decode()
    services.publish_recommendations(actor=staff, panel=panel)
    content = Client().get(report).content.decode()
    assert "Fixed times" in content and "Awaiting an answer" in content and "Commitment 84" not in content
    assert "The panel's vote: 18 for, 3 against</p>" in content
    services.publish_answers(actor=staff, panel=panel)
    content = Client().get(report).content.decode()
    assert "Accepted" in content and "Commitment 84" in content
    Renewal.objects.filter(pk=renewal.pk).update(visibility=Renewal.Visibility.PRIVATE)
    content = Client().get(report).content.decode()
    assert "Fixed times" not in content and "Commitment 84" not in content


def test_publishing_from_the_page(
    as_user: Any, panel: Panel, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user(staff)
    response = client.post(url("publish_recommendations", panel), follow=True)
    assert "Record the panel" in response.content.decode()  # refused: nothing to publish
    rec = record(panel, staff)
    assert client.post(url("publish_recommendations", panel)).status_code == 302
    accept(rec, staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("publish_answers", panel)).status_code == 302
    assert Recommendation.objects.get(pk=rec.pk).answer_published_at is not None


def test_the_demo_panel_has_an_accepted_a_rejected_and_a_pending_recommendation() -> None:
    from cocreate.accounts import demo as accounts_demo
    from cocreate.panels import demo

    cast = accounts_demo.build()
    renewal = RenewalFactory(service__organisation=cast.municipality, visibility=Renewal.Visibility.PUBLIC)
    demo.build(cast, renewal)
    panel = Panel.objects.get(renewal=renewal)
    rows = selectors.recommendations_of(panel, public=True)
    assert [r.status for r in rows] == ["accepted", "pending", "rejected"]
    assert rows[0].commitment is not None and rows[0].commitment.renewal == renewal
    assert rows[2].reason and rows[2].commitment is None
    report = Client().get(reverse("panels_public:report", args=[panel.pk])).content.decode()
    assert "Announce every home-care visit the day before" in report and "heritage rules" in report


def test_a_commitment_names_its_recommendation_in_public_only_when_it_is_public(
    panel: Panel, staff: Any, renewal: Renewal
) -> None:
    from cocreate.commitments import sources

    rec = accept(record(panel, staff), staff)
    kind = sources.kind_of(rec)
    assert kind is not None
    described = kind.describe(rec)
    assert "Home visits at fixed times" in described.label and described.staff_url.endswith("#r1")
    assert described.public_url is None and "Home visits" not in described.public_label
    services.publish_recommendations(actor=staff, panel=panel)
    described = kind.describe(Recommendation.objects.get(pk=rec.pk))
    assert described.public_url == reverse("panels_public:report", args=[panel.pk]) + "#r1"


def test_the_page_has_unique_ids_and_labels_for_every_field(as_user: Any, panel: Panel, staff: Any) -> None:
    import re

    record(panel, staff)
    record(panel, staff, "One phone number for everything")
    content = as_user(staff).get(url("recommendations", panel)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', content):
        assert f'for="{field_id}"' in content, field_id


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_make_one_commitment_and_tell_the_members_once(panel: Panel, staff: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    _members(panel, staff)
    rec = record(panel, staff)
    services.publish_recommendations(actor=staff, panel=panel)
    mail.outbox.clear()

    def at_once(write: Any, times: int = 8) -> list[BaseException]:
        errors: list[BaseException] = []

        def run(n: int) -> None:
            try:
                write(n)
            except Exception as error:  # every failure is reported by the assertion
                errors.append(error)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=times) as pool:
            list(pool.map(run, range(times)))
        return errors

    assert at_once(lambda n: accept(rec, staff, commitment_title=f"Title {n}")) == []
    assert len(commitments_of(rec)) == 1
    published: list[int] = []
    assert at_once(lambda n: published.append(services.publish_answers(actor=staff, panel=panel))) == []
    assert sorted(published) == [0] * 7 + [1]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
