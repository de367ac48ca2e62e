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


# --- a new shipped model is a new version; earlier rounds keep theirs ---------------------------


def test_a_changed_shipped_model_is_a_new_version_and_old_rounds_keep_theirs(org, org_admin, monkeypatch):
    from cocreate.assessments import services as assessment_services
    from cocreate.assessments.shipped import ShippedModel

    old = closed_round(org, [org_admin], 2, title="Old")
    old_version, old_result = old.collection.version, old.collection.result
    # the next release ships a changed model (here: another description in the .dxi)
    changed = shipped.MODEL.dxi_text().replace("Adapted from the", "Adapted (v2) from the", 1)
    assert changed != shipped.MODEL.dxi_text()
    monkeypatch.setattr(ShippedModel, "dxi_text", lambda self: changed)
    new = services.open_round(actor=org_admin, organisation=org, title="New")
    assert new.collection.version != old_version and new.collection.version.number == old_version.number + 1
    assert services.current_version() == new.collection.version  # imported once
    old.refresh_from_db()
    old.collection.refresh_from_db()
    assert old.collection.version == old_version and old.collection.result == old_result
    # a version an administrator imported by hand is never replaced by a shipped one
    own = assessment_services.import_version(
        actor=org_admin, family_key="readiness", dxi_text=shipped.MODEL.dxi_text(), note="Our own weights"
    )
    monkeypatch.setattr(ShippedModel, "dxi_text", lambda self: changed.replace("(v2)", "(v3)"))
    assert services.current_version() == own


def test_new_attributes_bring_their_roadmap_entries(org, org_admin):
    services.current_version()
    RoadmapEntry.objects.filter(attribute="AWARENESS").delete()
    kept = RoadmapEntry.objects.filter(attribute="LEADERSHIP").first()
    kept.title = {"en": "Edited by an admin"}
    kept.save()
    assert services.load_roadmap_library() == 2
    assert RoadmapEntry.objects.filter(attribute="AWARENESS").count() == 2
    kept.refresh_from_db()
    assert kept.title == {"en": "Edited by an admin"}
    assert services.load_roadmap_library() == 0


def test_no_sponsor_keeps_the_rounds_readiness_below_high(org, org_admin, staff):
    round_ = services.open_round(actor=org_admin, organisation=org, title="No sponsor")
    for person in (org_admin, staff):
        services.save_answers(
            round_=round_, user=person, answers={**answers_all(round_, 2), "LEADERSHIP": "no"}, submit=True
        )
    services.close_round(actor=org_admin, round_=round_)
    attributes = round_.collection.result["attributes"]
    assert attributes[shipped.ROOT]["value"] == 1 and attributes["CAPACITY"]["value"] == 0  # medium, low


# --- Co-Ready action → commitment ---------------------------------------------------------------


def _action(org, owner, title="Find a sponsor"):
    from datetime import timedelta

    closed = closed_round(org, [owner], 1, title="Round")
    return services.add_action(
        actor=owner,
        round_=closed,
        attribute="LEADERSHIP",
        title=title,
        owner=owner,
        deadline=timezone.localdate() + timedelta(days=30),
    )


def test_an_action_becomes_a_commitment_linked_both_ways(org, org_admin, staff):
    from cocreate.commitments import selectors as commitment_selectors
    from cocreate.commitments import services as commitment_services
    from cocreate.renewals.tests.factories import RenewalFactory

    action = _action(org, staff)
    renewal = RenewalFactory(service__organisation=org, organisation=org)
    commitment = services.commit_action(actor=org_admin, action=action, renewal=renewal)
    # commitment → action: the generic source link, the owner responsible, the deadline kept
    assert commitment.source_id == str(action.pk) and commitment.source_type.model == "improvementaction"
    assert commitment.responsible == staff and commitment.deadline == action.deadline
    assert commitment.renewal == renewal and commitment.organisation == org
    assert commitment in commitment_selectors.my_commitments(staff)  # "My commitments"
    # action → commitment: the roadmap shows its status and progress
    assert selectors.commitment_of(action) == commitment
    commitment_services.report_progress(actor=staff, commitment=commitment, text="Met the mayor")
    [row] = selectors.action_rows([action])
    assert row.commitment == commitment and row.commitment.status == "in_progress" and row.updates == 1
    # once only: a second click returns the same commitment
    assert services.commit_action(actor=org_admin, action=action, renewal=renewal) == commitment
    assert type(commitment).objects.filter(source_id=str(action.pk)).count() == 1


def test_the_owner_gets_reminders_for_the_commitment(
    org, org_admin, staff, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from cocreate.commitments import services as commitment_services
    from cocreate.renewals.tests.factories import RenewalFactory

    action = _action(org, staff)
    renewal = RenewalFactory(service__organisation=org, organisation=org)
    services.commit_action(actor=org_admin, action=action, renewal=renewal)
    with django_capture_on_commit_callbacks(execute=True):
        sent = commitment_services.send_commitment_reminders(today=action.deadline - timedelta(days=3))
    assert sent == 1 and mail.outbox[-1].to == [staff.email]


def test_an_action_cannot_go_to_another_organisations_renewal(org, org_admin, other_org):
    from cocreate.renewals.tests.factories import RenewalFactory

    action = _action(org, org_admin)
    foreign = RenewalFactory(service__organisation=other_org, organisation=other_org)
    with pytest.raises(ValidationError):
        services.commit_action(actor=org_admin, action=action, renewal=foreign)
    assert selectors.commitment_of(action) is None
