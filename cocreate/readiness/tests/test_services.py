import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.readiness import selectors, services, shipped
from cocreate.readiness.models import RoadmapEntry
from cocreate.readiness.tests.factories import answers_all, closed_round

pytestmark = pytest.mark.django_db


def test_first_round_loads_the_shipped_model_and_library(org, org_admin):
    round_ = services.open_round(actor=org_admin, organisation=org, title="Spring")
    version = round_.collection.version
    assert version.family.key == "readiness"
    assert version.questions.count() == len(version.compiled.input_ids) >= 24
    assert RoadmapEntry.objects.count() >= 2 * version.questions.count()
    # A second round reuses the version.
    assert (
        services.open_round(actor=org_admin, organisation=org, title="Autumn").collection.version == version
    )


def test_round_needs_a_title(org, org_admin):
    with pytest.raises(ValidationError):
        services.open_round(actor=org_admin, organisation=org, title="   ")


def test_invite_only_members_and_email_them(
    org, org_admin, staff, outsider, django_capture_on_commit_callbacks
):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    with django_capture_on_commit_callbacks(execute=True):
        n = services.invite_colleagues(actor=org_admin, round_=round_, colleagues=[staff, outsider])
    assert n == 1 and [m.to for m in mail.outbox] == [[staff.email]]
    assert str(round_.pk) in mail.outbox[0].body


def test_outsider_cannot_answer(org, org_admin, outsider):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    with pytest.raises(ValidationError):
        services.save_answers(round_=round_, user=outsider, answers={}, submit=True)


def test_round_closes_only_with_answers(org, org_admin):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    with pytest.raises(ValidationError):
        services.close_round(actor=org_admin, round_=round_)


def test_all_yes_is_high_and_all_no_is_low(org, org_admin, staff):
    best = closed_round(org, [org_admin, staff], value_index=2, title="best")
    worst = closed_round(org, [org_admin, staff], value_index=0, title="worst")
    assert best.collection.result["attributes"][shipped.ROOT]["score"] == 100
    assert worst.collection.result["attributes"][shipped.ROOT]["score"] == 0


def test_roadmap_lists_entries_for_weak_points(org, org_admin):
    round_ = closed_round(org, [org_admin], value_index=0)
    from cocreate.assessments.results import collection_result

    roadmap = selectors.roadmap_for(collection_result(round_.collection))
    assert len(roadmap) == round_.collection.version.questions.count()
    assert all(len(entries) >= 2 for _id, _name, entries in roadmap)


def test_add_action_needs_a_member_as_owner(org, org_admin, outsider):
    round_ = closed_round(org, [org_admin], value_index=0)
    deadline = timezone.localdate()
    with pytest.raises(ValidationError):
        services.add_action(
            actor=org_admin,
            round_=round_,
            attribute="LEADERSHIP",
            title="Find a sponsor",
            owner=outsider,
            deadline=deadline,
        )
    action = services.add_action(
        actor=org_admin,
        round_=round_,
        attribute="LEADERSHIP",
        title="Find a sponsor",
        owner=org_admin,
        deadline=deadline,
    )
    assert action.organisation == org and not action.is_late


def test_history_keeps_rounds_in_order(org, org_admin):
    closed_round(org, [org_admin], 0, "first")
    closed_round(org, [org_admin], 2, "second")
    assert [r.title for r in selectors.history_of(org_admin, org)] == ["first", "second"]


def test_benchmark_needs_five_organisations_and_names_none(org, org_admin):
    from cocreate.accounts.models import Role
    from cocreate.accounts.tests.factories import OrganisationFactory, member

    closed_round(org, [org_admin], 1)
    peers = []
    for n in range(5):
        peer = OrganisationFactory(name=f"Peer {n}")
        peers.append(peer)
        closed_round(peer, [member(peer, Role.ADMIN)], value_index=0 if n < 4 else 2)
        bench = selectors.benchmark_for(org)
        assert bench.enough is (n == 4)
        if not bench.enough:
            assert all(p.group_median is None and p.percentile is None for p in bench.positions)
    root = next(p for p in selectors.benchmark_for(org).positions if p.attribute == shipped.ROOT)
    assert root.percentile == 80  # above the four lowest, below the one highest
    # Filtering to a group that is too small shows nothing.
    assert not selectors.benchmark_for(org, country="AT").enough


def test_answers_are_autosaved_without_submitting(org, org_admin):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    answers = dict(list(answers_all(round_, 2).items())[:3])
    response = services.save_answers(round_=round_, user=org_admin, answers=answers, submit=False)
    assert response.answers == answers and not response.is_submitted
    assert selectors.submitted_count(round_) == 0
