"""The permission matrix: every route declares who may reach it, and every persona gets exactly
what the matrix says — refusals are 403 or 404 and never carry another organisation's data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import rules
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cocreate.accounts.models import Membership, Role
from cocreate.accounts.tests.factories import GuestParticipantFactory, InvitationFactory, member
from cocreate.conversations import services as conversation_services
from cocreate.core import access
from cocreate.core import join as join_codes
from cocreate.core.access import PUBLIC, SIGNED_IN
from cocreate.core.input_trail import link_token
from cocreate.journeys import services as journey_services
from cocreate.panels import services as panel_services
from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.quality import services as quality_services
from cocreate.readiness import services as readiness_services
from cocreate.readiness.tests.factories import closed_round
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import services as workshop_services

# Namespaces whose access is governed elsewhere, with the reason.
GOVERNED_ELSEWHERE = {"admin": "Django admin: is_staff plus model permissions, checked by the admin site"}
MARKER = "PRIVATE-MARKER-7f3a"
# Pages that anyone holding their unguessable link may open, by design (participants without an
# account); they name the renewal they belong to, so the private marker may appear there.
REACHED_BY_LINK = {
    "workshops_public:join",
    "workshops_public:live",
    "workshops_public:live_stream",
    "workshops_public:ics",
    "journeys_public:participate",
    "journeys_public:step",
    "journeys_public:rate",
    "journeys_public:contribute",
    "quality_public:participate",
    "conversations_public:participate",
    "panels_public:register",
    "transparency_public:my_input_link",  # a guest's personal "my input" link: their own words
}


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, Any]]:
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            found += walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            found.append((namespace, prefix + str(p.pattern), p.callback))
    return found


def test_every_route_declares_an_access_rule() -> None:
    missing = [
        route
        for ns, route, callback in walk(get_resolver().url_patterns)
        if ns not in GOVERNED_ELSEWHERE and not getattr(callback, "access_rule", None)
    ]
    assert missing == [], f"routes without an access rule: {missing}"


# ---------------------------------------------------------------------------------------------
# Expected outcome per route and persona. "ok": 200 or a redirect that is not to the log-in page;
# "login": redirect to log-in; "no": 403 or 404.
PERSONAS = ["anonymous", "org_admin", "staff", "facilitator", "outsider", "other_admin", "platform_admin"]
PUBLIC_ALL = dict.fromkeys(PERSONAS, "ok")
SIGNED = {**dict.fromkeys(PERSONAS, "ok"), "anonymous": "login"}
MEMBER = {
    "anonymous": "login",
    "org_admin": "ok",
    "staff": "ok",
    "facilitator": "ok",
    "outsider": "no",
    "other_admin": "no",
    "platform_admin": "ok",
}
STAFF = {**MEMBER, "facilitator": "no"}
ADMIN = {**STAFF, "staff": "no"}
PLATFORM = {**dict.fromkeys(PERSONAS, "no"), "anonymous": "login", "platform_admin": "ok"}
# Pages of "the organisation you work in": the other org's admin gets their own (no leak checked).
# A platform admin without a membership works in no organisation until they choose one.
CURRENT_MEMBER = {**MEMBER, "other_admin": "ok", "platform_admin": "no"}
CURRENT_STAFF = {**STAFF, "other_admin": "ok", "platform_admin": "no"}

# Results of a conversation on a private renewal: its organisation only.
RESULTS = {**MEMBER, "anonymous": "no"}
# Volunteers' personal data: the panel's organisers only — not even a platform admin.
ORGANISERS = {**STAFF, "platform_admin": "no"}
REPORT = {**STAFF, "anonymous": "no"}  # an unpublished transparency report
STAFF_OR_TEAM = STAFF  # the facilitator persona is not on the renewal's team
# Editing a renewal: its team and the organisation's admins; other staff read (issue 15). No persona
# is on the world's renewal team, so staff reads only here; renewals/tests/test_rules.py has the team.
TEAM_OR_ADMIN = ADMIN
CURRENT_ADMIN = {**ADMIN, "other_admin": "ok", "platform_admin": "no"}
CLOSED = {"round_id": "closed_round_id"}  # routes that act on a closed round
RECRUITING = {"panel_id": "recruiting_panel_id"}  # a panel still taking volunteers (not yet announced)

# --- community + notifications (issue 9) ---
COMMUNITY_MEMBER = {**PLATFORM, "staff": "ok", "facilitator": "ok"}  # world: both joined the community
COMMUNITY_EDITOR = {**PLATFORM, "staff": "ok"}  # world: staff is the editor and the event's organiser
STAFF_ANYWHERE = {**STAFF, "other_admin": "ok"}  # staff or admin of any organisation
PRACTICE_AUTHOR = {**dict.fromkeys(PERSONAS, "no"), "anonymous": "login", "facilitator": "ok"}
MEMBER_CONTACT = {**COMMUNITY_EDITOR}  # staff writes to the facilitator; not to oneself
OWN_NOTIFICATION = {**dict.fromkeys(PERSONAS, "no"), "anonymous": "login", "staff": "ok"}
DRAFT = {"practice_id": "draft_practice_id"}

# --- commitments, alliances, open data (issue 8): org_admin is the secretariat and the member's admin
SECRETARIAT = MEMBER_ADMIN = ADMIN
MEMBER_STAFF = WORKING_GROUP = STAFF  # a member's admins and staff; the world's group has the org
ANY_ORG_ADMIN = {**PLATFORM, "org_admin": "ok", "other_admin": "ok"}
NOWHERE = dict.fromkeys(PERSONAS, "no")  # feeds of a private renewal

MATRIX: dict[str, tuple[str, dict[str, str]] | tuple[str, dict[str, str], dict[str, str]]] = {
    # name: (method, expectations)
    "home:home": ("get", PUBLIC_ALL),
    "home:dashboard": ("get", SIGNED),
    "home:join": ("get", PUBLIC_ALL),
    "home:join_code": ("get", PUBLIC_ALL),  # the world's conversation's code: a redirect to it
    "accounts:login": ("get", PUBLIC_ALL),
    "accounts:profile": ("get", SIGNED),
    "accounts:password_change": ("get", SIGNED),
    "accounts:participant": ("get", PUBLIC_ALL),
    "accounts:send_email_code": ("post", PUBLIC_ALL),  # without an address: answered with its error
    "accounts:check_email_code": ("post", PUBLIC_ALL),  # without a code asked for: the same
    "accounts:organisations": ("get", PLATFORM),
    "accounts:organisation_create": ("get", PLATFORM),
    "accounts:organisation": ("get", MEMBER),
    "accounts:organisation_edit": ("get", ADMIN),
    "accounts:members": ("get", ADMIN),
    "accounts:member_role": ("post", ADMIN),
    "accounts:member_remove": ("post", ADMIN),
    "accounts:invitation_revoke": ("post", ADMIN),
    "portfolio:services": ("get", CURRENT_MEMBER),
    "portfolio:service_create": ("get", CURRENT_STAFF),
    "portfolio:service": ("get", MEMBER),
    "portfolio:service_edit": ("get", STAFF),
    "portfolio:service_archive": ("post", STAFF),
    "portfolio:service_import": ("get", CURRENT_STAFF),
    "portfolio:ranking": ("get", CURRENT_MEMBER),
    "portfolio:compare": ("get", CURRENT_MEMBER),
    "portfolio:coserve": ("get", MEMBER),
    "portfolio:coserve_start": ("post", MEMBER),
    "portfolio:coserve_autosave": ("post", MEMBER),
    "portfolio:coserve_results": ("get", MEMBER),
    "renewals:renewals": ("get", CURRENT_MEMBER),
    "renewals:renewal_create": ("get", CURRENT_STAFF),
    "renewals:renewal": ("get", MEMBER),
    "renewals:renewal_edit": ("get", TEAM_OR_ADMIN),
    "renewals:renewal_next_cycle": ("post", TEAM_OR_ADMIN),
    "public:public_renewals": ("get", PUBLIC_ALL),
    "readiness:home": ("get", CURRENT_MEMBER),
    "readiness:open_round": ("post", CURRENT_ADMIN),
    "readiness:round": ("get", MEMBER),
    "readiness:close_round": ("post", ADMIN),
    "readiness:answer": ("get", MEMBER),
    "readiness:autosave": ("post", MEMBER),
    "readiness:results": ("get", MEMBER, CLOSED),
    "readiness:report": ("get", MEMBER, CLOSED),
    "readiness:report_pdf": ("get", MEMBER, CLOSED),
    "readiness:answers_csv": ("get", MEMBER, CLOSED),
    "readiness:my_answers_csv": ("get", MEMBER),
    "readiness:add_action": ("post", STAFF, CLOSED),
    "readiness:action_status": ("post", STAFF),
    "readiness:commit_action": ("post", STAFF),
    "readiness:history": ("get", CURRENT_MEMBER),
    "readiness:benchmark": ("get", CURRENT_MEMBER),
    "quality:open": ("post", STAFF_OR_TEAM),
    "quality:assessment": ("get", MEMBER),
    "quality:poster": ("get", MEMBER),
    "quality:answer_organiser": ("get", MEMBER),
    "quality:organiser_autosave": ("post", MEMBER),
    "quality:results": ("get", MEMBER),
    "quality:close": ("post", STAFF_OR_TEAM),
    "quality:publish": ("post", STAFF_OR_TEAM),
    "quality:withdraw": ("post", STAFF_OR_TEAM),
    "quality:add_action": ("post", STAFF_OR_TEAM),
    "quality:close_cycle": ("post", STAFF_OR_TEAM),
    "quality:start_next_cycle": ("post", STAFF_OR_TEAM),
    "quality_public:participate": ("get", PUBLIC_ALL),
    "conversations:create": ("get", STAFF_OR_TEAM),
    "conversations:manage": ("get", STAFF_OR_TEAM),
    "conversations:edit": ("get", STAFF_OR_TEAM),
    "conversations:codes": ("get", STAFF_OR_TEAM),
    "conversations:set_status": ("post", STAFF_OR_TEAM),
    "conversations:add_seed": ("post", STAFF_OR_TEAM),
    "conversations:moderate": ("post", STAFF_OR_TEAM),
    "conversations:finding_commitment": ("post", STAFF_OR_TEAM),
    "conversations_public:participate": ("get", PUBLIC_ALL),
    "conversations_public:results": ("get", RESULTS),
    "conversations_public:results_live": ("get", RESULTS),
    "conversations_public:results_stream": ("get", RESULTS),
    "conversations_public:export": ("get", RESULTS, {"table": "table", "fmt": "fmt"}),
    "journeys:maps": ("get", MEMBER),
    "journeys:persona_create": ("get", STAFF_OR_TEAM),
    "journeys:persona_edit": ("get", STAFF_OR_TEAM),
    "journeys:blocked_words": ("post", STAFF_OR_TEAM),
    "journeys:map": ("get", MEMBER),
    "journeys:map_table": ("get", MEMBER),
    "journeys:map_print": ("get", MEMBER),
    "journeys:add_stage": ("post", STAFF_OR_TEAM),
    "journeys:start_to_be": ("post", STAFF_OR_TEAM),
    "journeys:close_participation": ("post", STAFF_OR_TEAM),
    "journeys:open_participation": ("post", STAFF_OR_TEAM),
    "journeys:poster": ("get", MEMBER),
    "journeys:set_admission": ("post", STAFF_OR_TEAM),
    "journeys:codes": ("get", STAFF_OR_TEAM),
    "journeys:triage": ("get", STAFF_OR_TEAM),
    "journeys:outputs": ("get", MEMBER),
    "journeys:export": ("get", MEMBER),
    "journeys:stage_earlier": ("post", STAFF_OR_TEAM),
    "journeys:stage_later": ("post", STAFF_OR_TEAM),
    "journeys:rename_stage": ("post", STAFF_OR_TEAM),
    "journeys:add_step": ("post", STAFF_OR_TEAM),
    "journeys:delete_stage": ("post", STAFF_OR_TEAM),  # refused: the stage has a step
    "journeys:step_edit": ("get", STAFF_OR_TEAM),
    "journeys:step_up": ("post", STAFF_OR_TEAM),
    "journeys:step_down": ("post", STAFF_OR_TEAM),
    "journeys:duplicate_step": ("post", STAFF_OR_TEAM),
    "journeys:delete_step": ("post", STAFF_OR_TEAM),
    "journeys:restore_step": ("post", STAFF_OR_TEAM),  # right after: the step is back for what follows
    "journeys:answer": ("post", STAFF_OR_TEAM),
    "journeys:idea_commitment": ("post", STAFF_OR_TEAM),
    "journeys:moderate": ("post", STAFF_OR_TEAM),
    "journeys:merge": ("post", STAFF_OR_TEAM),
    "journeys_public:participate": ("get", PUBLIC_ALL),
    "journeys_public:step": ("get", PUBLIC_ALL),  # a step's own page: the same link, the same rules
    "journeys_public:rate": ("post", PUBLIC_ALL),  # nothing chosen: the page with its error
    "journeys_public:contribute": ("post", PUBLIC_ALL),  # no words: the page with the form's error
    "journeys_public:support": ("post", PUBLIC_ALL),
    "journeys_public:unsupport": ("post", PUBLIC_ALL),
    "journeys_public:report": ("post", PUBLIC_ALL),
    "journeys_public:mine": ("get", PUBLIC_ALL),
    "workshops:workshops": ("get", CURRENT_MEMBER),
    "workshops:workshop": ("get", MEMBER),
    "workshops:add_people": ("post", MEMBER),
    "workshops:add_panel": ("post", MEMBER),
    "workshops:presence": ("post", MEMBER),
    "workshops:save_block": ("post", MEMBER),
    "workshops:save_round": ("post", MEMBER),
    "workshops:request_plan": ("post", MEMBER),
    "workshops:advance": ("post", MEMBER),
    "workshops:stop": ("post", MEMBER),
    "workshops:add_note": ("post", MEMBER),
    "workshops:note_to_idea": ("post", MEMBER),
    "workshops:note_commitment": ("post", STAFF_OR_TEAM),
    "workshops:plan": ("get", MEMBER),
    "workshops:print": ("get", MEMBER, {"what": "what"}),
    "workshops:board": ("get", MEMBER),
    "workshops:board_fragment": ("get", MEMBER),
    "workshops:board_stream": ("get", MEMBER),
    "workshops_public:join": ("get", PUBLIC_ALL),
    "workshops_public:live": ("get", PUBLIC_ALL),
    "workshops_public:live_stream": ("get", PUBLIC_ALL),
    "workshops_public:market": ("get", PUBLIC_ALL),
    "workshops_public:add_dot": ("post", PUBLIC_ALL),  # a signed-in persona is no attendee: to join
    "workshops_public:remove_dot": ("post", PUBLIC_ALL),
    "workshops_public:file_report": ("post", PUBLIC_ALL),
    "workshops_public:ics": ("get", PUBLIC_ALL),
    "panels:panels": ("get", CURRENT_STAFF),
    "panels:sample_pool": ("get", SIGNED),
    "panels:panel": ("get", STAFF),
    "panels:pool": ("get", ORGANISERS),
    "panels:set_quotas": ("post", STAFF),
    "panels:import_pool": ("post", STAFF),
    "panels:set_options": ("post", STAFF),
    "panels:selection_status": ("get", STAFF),
    "panels:announce": ("post", STAFF),
    "panels:start_selection": ("post", STAFF),
    "panels:invite": ("post", STAFF),
    "panels:replace": ("post", STAFF),
    "panels:audit": ("get", STAFF),
    "panels:recommendations": ("get", STAFF),
    "panels:add_recommendation": ("post", STAFF),
    "panels:import_recommendations": ("post", STAFF),
    "panels:set_answer_by": ("post", STAFF),
    "panels:answer_recommendation": ("post", STAFF),
    "panels:publish_recommendations": ("post", STAFF),
    "panels:publish_answers": ("post", STAFF),
    "panels_public:report": ("get", REPORT),
    "panels_public:register": ("get", PUBLIC_ALL, RECRUITING),
    "assessments:models": ("get", SIGNED),
    "assessments:model": ("get", SIGNED),
    "assessments:model_download": ("get", SIGNED),
    "assessments:model_import": ("get", PLATFORM),
    "community:home": ("get", PUBLIC_ALL),
    "community:edit_profile": ("get", SIGNED),
    "community:directory": ("get", COMMUNITY_MEMBER),
    "community:profile": ("get", PUBLIC_ALL),
    "community:contact": ("get", MEMBER_CONTACT),
    "community:organisation": ("get", PUBLIC_ALL),
    "community:nominate": ("get", ADMIN),
    "community:dashboard": ("get", STAFF),
    "community:remove_ambassador": ("post", ADMIN),
    "community:practices": ("get", PUBLIC_ALL),
    "community:practice_create": ("get", COMMUNITY_MEMBER),
    "community:review": ("get", COMMUNITY_EDITOR),
    "community:practice": ("get", PUBLIC_ALL),
    "community:practice_edit": ("get", PRACTICE_AUTHOR, DRAFT),
    "community:practice_submit": ("post", PRACTICE_AUTHOR, DRAFT),
    "community:practice_return": ("post", COMMUNITY_EDITOR, {"practice_id": "submitted_practice_id"}),
    "community:practice_publish": ("post", COMMUNITY_EDITOR, {"practice_id": "submitted_practice_id"}),
    "community:methods": ("get", PUBLIC_ALL),
    "community:method": ("get", PUBLIC_ALL),
    "community:events": ("get", PUBLIC_ALL),
    "community:event_create": ("get", STAFF_ANYWHERE),
    "community:event": ("get", PUBLIC_ALL),
    "community:event_ics": ("get", PUBLIC_ALL),
    "community:event_register": ("post", SIGNED),
    "community:event_cancel": ("post", SIGNED),
    "community:attendance": ("get", COMMUNITY_EDITOR),
    "community:paths": ("get", PUBLIC_ALL),
    "community:path": ("get", PUBLIC_ALL),
    "community:step_done": ("post", SIGNED),
    "community:subscribe": ("post", SIGNED),
    "community:newsletter_create": ("get", STAFF_ANYWHERE),
    "community:newsletter": ("get", PUBLIC_ALL),
    "notifications:inbox": ("get", SIGNED),
    "notifications:mark_read": ("post", OWN_NOTIFICATION),
    "notifications:mark_all_read": ("post", SIGNED),
    "notifications:preferences": ("get", SIGNED),
    "notifications:unsubscribe": ("get", PUBLIC_ALL),
    "community:leave": ("post", SIGNED),  # late: it deletes the persona's community profile
    "commitments:mine": ("get", SIGNED),
    "quality:action_to_commitment": ("post", STAFF),
    "commitments:board": ("get", MEMBER),
    "commitments:commitment": ("get", MEMBER),
    "commitments:commitment_create": ("get", STAFF),
    "transparency:renewal_log": ("get", STAFF),
    "commitments:commitment_status": ("post", STAFF),
    "commitments:commitment_progress": ("post", STAFF),
    "commitments:commitment_publish": ("post", STAFF),
    "commitments:public_commitment": ("get", NOWHERE),  # the world's renewal is private
    "transparency:log_publish": ("post", STAFF),
    "transparency:answer": ("post", STAFF),
    "alliances:alliances": ("get", PUBLIC_ALL),
    "alliances:alliance": ("get", PUBLIC_ALL),
    "alliances:alliance_create": ("get", ANY_ORG_ADMIN),
    "alliances:apply": ("get", ANY_ORG_ADMIN),
    "alliances:alliance_manage": ("get", SECRETARIAT),
    "alliances:declaration_create": ("post", SECRETARIAT),
    "alliances:working_group_create": ("post", SECRETARIAT),
    "alliances:meeting_create": ("post", SECRETARIAT),
    "transparency:alliance_log": ("get", SECRETARIAT),
    "alliances:decide": ("post", SECRETARIAT, {"member_id": "application_id"}),
    "alliances:sign": ("post", MEMBER_ADMIN),
    "alliances:pledge_create": ("get", MEMBER_STAFF),
    "alliances:pledge_edit": ("get", MEMBER_STAFF),
    "alliances:pledge_report": ("get", MEMBER_STAFF),
    "alliances:pledge_publish": ("post", MEMBER_STAFF),
    "alliances:meeting": ("get", PUBLIC_ALL),
    "alliances:meeting_ics": ("get", PUBLIC_ALL),
    "alliances:meeting_agenda": ("post", WORKING_GROUP),  # started: refused with its error (400)
    "alliances:meeting_minutes": ("post", WORKING_GROUP),
    "alliances:decision_create": ("post", WORKING_GROUP),
    "commitments:alliance_members": ("get", PUBLIC_ALL),
    "commitments:decision_commitment": ("get", WORKING_GROUP),
    "transparency_public:log_entry": ("get", PUBLIC_ALL, {"entry_id": "public_entry_id"}),
    "transparency_public:my_input": ("get", PUBLIC_ALL),  # each sees only what they gave
    "transparency_public:my_input_link": ("get", PUBLIC_ALL, {"token": "my_input_token"}),
    "open:renewal_feed": ("get", NOWHERE),
    "open:renewal_atom": ("get", NOWHERE),
    "open:renewal_calendar": ("get", NOWHERE),
    "open:alliance_calendar": ("get", PUBLIC_ALL),
    "open:open_data": ("get", PUBLIC_ALL),
    "open:export": ("get", PUBLIC_ALL),
    "open_api:api-root": ("get", PUBLIC_ALL),
    "open_api:openapi-json": ("get", PUBLIC_ALL),
    "open_api:renewals": ("get", PUBLIC_ALL),
    "open_api:commitments": ("get", PUBLIC_ALL),
    "open_api:log_entries": ("get", PUBLIC_ALL),
    "open_api:alliances": ("get", PUBLIC_ALL),
    "open_api:declarations": ("get", PUBLIC_ALL),
    "open_api:members": ("get", PUBLIC_ALL),
    "open_api:pledges": ("get", PUBLIC_ALL),
    "open_api:pledge_reports": ("get", PUBLIC_ALL),
    "alliances:leave": ("post", MEMBER_ADMIN),  # late: it ends the organisation's membership
    "privacy:home": ("get", PUBLIC_ALL),
    "privacy:download": ("get", PUBLIC_ALL),  # a signed-in persona downloads their own data
    "privacy:erase": ("get", PUBLIC_ALL),  # GET only shows the confirmation form
    "privacy:request_code": ("get", PUBLIC_ALL),
    "privacy:notice": ("get", PUBLIC_ALL),
    "privacy:notice_edit": ("get", ADMIN),
    "privacy:processing": ("get", ADMIN),
    "privacy:postal": ("get", ADMIN),
    "panels:purge": ("post", STAFF),  # last: it closes registration and deletes the pool's data
}


@pytest.fixture
def world(
    org: Any,
    other_org: Any,
    org_admin: Any,
    staff: Any,
    facilitator: Any,
    outsider: Any,
    other_admin: Any,
    platform_admin: Any,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    service = ServiceFactory(organisation=org, name=f"Service {MARKER}")
    renewal = RenewalFactory(service=service, title=f"Renewal {MARKER}", closed_at=timezone.now())
    extra = member(org, Role.STAFF, email="extra@lipovec.example")
    invitation = InvitationFactory(organisation=org, email=f"{MARKER.lower()}@example.org")
    open_round = readiness_services.open_round(actor=org_admin, organisation=org, title=f"Open {MARKER}")
    closed = closed_round(org, [org_admin], 1, title=f"Closed {MARKER}")
    action = readiness_services.add_action(
        actor=org_admin,
        round_=closed,
        attribute="LEADERSHIP",
        title=f"Act {MARKER}",
        owner=org_admin,
        deadline=timezone.localdate(),
    )
    quality = quality_services.open_assessment(actor=org_admin, renewal=renewal)
    quality_action = quality_services.add_action(
        actor=org_admin,
        assessment=quality,
        attribute="FEEDBACK",
        title="Tell them",
        owner=org_admin,
        deadline=timezone.localdate(),
    )
    panel = panel_services.create_panel(
        actor=org_admin,
        organisation=org,
        title=f"Jury {MARKER}",
        purpose="p",
        size=4,
        retention_until=timezone.localdate() + timedelta(days=30),
    )
    panel_services.set_quotas(actor=org_admin, panel=panel, text="G: a = 1-3\nG: b = 1-3\n")
    panel_services.import_pool(
        actor=org_admin,
        panel=panel,
        table=[["name", "email", "G"]] + [[f"V{i} {MARKER}", f"v{i}@x.org", "ab"[i % 2]] for i in range(10)],
    )
    panel_services.set_options(actor=org_admin, panel=panel, registration_open=True, is_public=False)
    recruiting_panel = panel_services.create_panel(
        actor=org_admin, organisation=org, title=f"Assembly {MARKER}", purpose="p", size=4,
        retention_until=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    panel_services.set_quotas(actor=org_admin, panel=recruiting_panel, text="G: a = 1-3\nG: b = 1-3\n")
    panel_services.set_options(
        actor=org_admin, panel=recruiting_panel, registration_open=True, is_public=False
    )
    recommendation = panel_services.add_recommendation(
        actor=org_admin, panel=panel, title=f"Advice {MARKER}", text="t"
    )
    panel_services.announce_draw(actor=org_admin, panel=panel, draw_at=timezone.now(), seed_source="matrix")
    with django_capture_on_commit_callbacks(execute=True):
        panel_services.start_selection(actor=org_admin, panel=panel, seed="matrix-seed")
    journey = journey_services.create_map(actor=org_admin, renewal=renewal, title=f"Journey {MARKER}")
    stage = journey_services.add_stage(actor=org_admin, journey=journey, title="Stage")
    step = journey_services.add_step(actor=org_admin, stage=stage, title="Step")
    journey_services.set_participation(actor=org_admin, journey=journey, open_=True)
    persona = journey_services.save_persona(actor=org_admin, renewal=renewal, name=f"Persona {MARKER}")
    contribution = journey_services.contribute(
        step=step, participant=GuestParticipantFactory(), kind="idea", text=f"Idea {MARKER}"
    )
    workshop = workshop_services.create_workshop(
        actor=org_admin,
        organisation=org,
        title=f"Workshop {MARKER}",
        format="world_cafe",
        renewal=renewal,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    attendee = workshop_services.add_people(actor=org_admin, workshop=workshop, text="Ana; users")[0]
    harvest_note = workshop_services.add_note(actor=org_admin, workshop=workshop, text=f"Note {MARKER}")
    session = workshop_services.propose_session(workshop=workshop, convener=attendee, title="Session")
    conversation = conversation_services.create_conversation(
        actor=org_admin, renewal=renewal, topic=f"Talk {MARKER}", is_public=True, seed_statements=["One"]
    )
    # community + notifications (issue 9)
    from cocreate.community import services as community_services
    from cocreate.community.models import GoodPractice, Profile
    from cocreate.community.tests.factories import (
        EventFactory,
        GoodPracticeFactory,
        MethodCardFactory,
        ProfileFactory,
    )
    from cocreate.notifications import services as notification_services

    ProfileFactory(user=staff, community_editor=True)
    public_profile = ProfileFactory(user=facilitator, visibility=Profile.Visibility.PUBLIC, contactable=True)
    community_services.nominate_ambassador(actor=org_admin, organisation=org, user=staff)
    card = MethodCardFactory()
    published = GoodPracticeFactory(author=facilitator, method=card)
    draft = GoodPracticeFactory(
        author=facilitator, title=f"Draft {MARKER}", state=GoodPractice.State.DRAFT, published_at=None
    )
    submitted = GoodPracticeFactory(author=facilitator, state=GoodPractice.State.SUBMITTED, published_at=None)
    event = EventFactory(organiser=staff)
    learning_path = community_services.create_path(
        title="Path", summary="s", steps=[{"title": "Read", "link": "https://example.org/"}]
    )
    newsletter = community_services.send_newsletter(
        actor=staff, organisation=org, subject="News", body="Text"
    )
    notification = notification_services.notify(user=staff, kind="events", text="Hello")

    # commitments, alliances, open data (issue 8)
    from decimal import Decimal

    from cocreate.alliances import services as alliance_services
    from cocreate.commitments import services as commitment_services
    from cocreate.transparency import services as log_services
    from cocreate.transparency.models import PublicComment

    promise = commitment_services.add_commitment(
        actor=org_admin,
        owner=renewal,
        title=f"Promise {MARKER}",
        organisation=org,
        deadline=date(2030, 1, 1),
        responsible=org_admin,
        publish=True,
    )
    entry = log_services.add_log_entry(
        actor=org_admin, owner=renewal, kind="decision", title=f"Log {MARKER}", publish=True
    )
    comment = PublicComment.objects.create(entry=entry, text=f"Q {MARKER}")
    alliance = alliance_services.create_alliance(
        actor=org_admin,
        name="Alliance",
        purpose="p",
        target_amount=Decimal(10),
        target_unit="t",
        target_date=date(2030, 1, 1),
        declaration="We promise.",
    )
    alliance_member = alliance_services.admit(actor=org_admin, alliance=alliance, organisation=org)
    application = alliance_services.apply_to_join(
        actor=other_admin, alliance=alliance, organisation=other_org
    )
    pledge = alliance_services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="P",
        amount=Decimal(5),
        unit="t",
        year=2030,
    )
    public_entry = log_services.add_log_entry(
        actor=org_admin, owner=alliance, kind="method", title="Method", publish=True
    )
    group = alliance_services.add_working_group(actor=org_admin, alliance=alliance, name="G", members=[org])
    meeting = alliance_services.add_meeting(
        actor=org_admin,
        owner=alliance,
        working_group=group,
        title="Meeting",
        starts_at=timezone.now() - timedelta(days=1),
    )
    decision = alliance_services.record_decision(actor=org_admin, meeting=meeting, title="Decided")

    return {
        "users": {
            "org_admin": org_admin,
            "staff": staff,
            "facilitator": facilitator,
            "outsider": outsider,
            "other_admin": other_admin,
            "platform_admin": platform_admin,
        },
        "kwargs": {
            "organisation_id": org.pk,
            "service_id": service.pk,
            "renewal_id": renewal.pk,
            "membership_id": Membership.objects.get(user=extra).pk,
            "invitation_id": invitation.pk,
            "round_id": open_round.pk,
            "closed_round_id": closed.pk,
            "action_id": action.pk,
            "version_id": open_round.collection.version.pk,
            "assessment_id": quality.pk,
            "quality_action_id": quality_action.pk,
            "conversation_id": conversation.pk,
            "statement_id": conversation.statements.get().pk,
            "panel_id": panel.pk,
            "recruiting_panel_id": recruiting_panel.pk,
            "recommendation_id": recommendation.pk,
            "commitment_id": promise.pk,
            "entry_id": entry.pk,
            "public_entry_id": public_entry.pk,
            "comment_id": comment.pk,
            "alliance_id": alliance.pk,
            "member_id": alliance_member.pk,
            "application_id": application.pk,
            "pledge_id": pledge.pk,
            "meeting_id": meeting.pk,
            "decision_id": decision.pk,
            "dataset": "commitments",
            "profile_id": public_profile.pk,
            "ambassador_id": org.ambassadors.get().pk,
            "practice_id": published.pk,
            "draft_practice_id": draft.pk,
            "submitted_practice_id": submitted.pk,
            "method_id": card.pk,
            "event_id": event.pk,
            "path_id": learning_path.pk,
            "path_step_id": learning_path.steps.get().pk,
            "newsletter_id": newsletter.pk,
            "notification_id": notification.pk,
            "token": notification_services.unsubscribe_token(user=staff, kind="events"),
            "workshop_id": workshop.pk,
            "attendee_id": attendee.pk,
            "note_id": harvest_note.pk,
            "session_id": session.pk,
            "what": "run-sheet",
            "map_id": journey.pk,
            "stage_id": stage.pk,
            "step_id": step.pk,
            "persona_id": persona.pk,
            "contribution_id": contribution.pk,
            "table": "comments",
            "fmt": "csv",
            "code": join_codes.code_for(conversation),
            "my_input_token": link_token(contribution.participant),
        },
    }


def url_for(name: str, kwargs: dict[str, Any], overrides: dict[str, str] | None = None) -> str:
    """The route's URL with the world's objects for exactly the arguments it takes."""
    kwargs = {**kwargs, **{k: kwargs[v] for k, v in (overrides or {}).items()}}
    namespace, _, short = name.partition(":")
    pattern = next(p for ns, p in _named_patterns() if ns == namespace and p.name == short)
    return reverse(name, kwargs={k: kwargs[k] for k in pattern.pattern.converters})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona: str, world: dict[str, Any]) -> None:
    failures = []
    for name, (method, expectations, *rest) in MATRIX.items():
        client = Client()
        if persona != "anonymous":
            client.force_login(world["users"][persona])
        url = url_for(name, world["kwargs"], rest[0] if rest else None)
        response = getattr(client, method)(url, {"role": "staff"} if method == "post" else None)
        expected = expectations[persona]
        location = response.get("Location", "")
        if expected == "ok":
            good = response.status_code == 200 or (response.status_code == 302 and "/login/" not in location)
            # A form posted without its fields: let in, and answered with its errors.
            good = good or (method == "post" and response.status_code == 400)
            # A live stream, let in, answers 204 under the test client's WSGI handler (no stream held).
            good = good or (name.endswith("_stream") and response.status_code == 204)
        elif expected == "login":
            good = response.status_code == 302 and "/login/" in location
        else:
            good = response.status_code in (403, 404)
        if (expected != "ok" or persona in ("outsider", "other_admin")) and name not in REACHED_BY_LINK:
            good = good and MARKER.encode() not in response.content
        if not good:
            failures.append(
                f"{name} {method.upper()} {url}: {response.status_code} {location} (expected {expected})"
            )
    assert failures == []


def test_matrix_covers_every_named_route() -> None:
    # Routes deliberately outside the matrix: token-bearing and form-posting flows tested in their apps.
    untested = {
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:accept_invitation",
        "accounts:switch_organisation",
        "home:set_language",
        "public:public_renewal",
        "panels_public:respond",
        "community:practice_attachment",  # needs a stored file: tested in cocreate/community/tests
        ":media",  # uploaded files by their owner's rule: tests/security/test_calendars_accounts_media.py
        "privacy:confirm_code",
        # Public admission flows (a code, an e-mail code): tested in tests/test_participation_integrity.py
        "accounts:join_with_code",
        "accounts:confirm_email",  # needs a code sent by e-mail: tested in cocreate/privacy/tests
    }
    all_names = {f"{ns}:{p.name}" for ns, p in _named_patterns()}
    assert all_names - set(MATRIX) - untested == set()


def _named_patterns() -> list[tuple[str, URLPattern]]:
    out: list[tuple[str, URLPattern]] = []

    def rec(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                rec(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace not in GOVERNED_ELSEWHERE:
                out.append((namespace, p))

    rec(get_resolver().url_patterns, "")
    return out


@pytest.mark.django_db
def test_public_renewal_page_only_when_public(org: Any, outsider: Any) -> None:
    private = RenewalFactory(service__organisation=org, title=f"Private {MARKER}")
    public = RenewalFactory(
        service__organisation=org, title="Open renewal", visibility=Renewal.Visibility.PUBLIC
    )
    for client in (Client(), _logged(outsider)):
        assert client.get(reverse("public:public_renewal", args=[private.pk])).status_code == 404
        assert client.get(reverse("public:public_renewal", args=[public.pk])).status_code == 200
        assert MARKER.encode() not in client.get(reverse("public:public_renewals")).content


def _logged(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unknown_access_rules(routes: list[tuple[str, str, Any]]) -> list[str]:
    """Routes whose access rule is neither `public`, `signed-in` nor a permission django-rules
    knows. A misspelt permission in `@rule(...)` would not fail anywhere: `has_perm` of an unknown
    name is simply False, so the page would turn everyone away, its rightful users too."""
    known = {PUBLIC, SIGNED_IN}
    return [
        f"{route}: {declared!r}"
        for _ns, route, callback in routes
        if (declared := getattr(callback, "access_rule", None)) is not None
        and declared not in known
        and not rules.perm_exists(declared)
    ]


def test_every_access_rule_is_public_signed_in_or_a_known_permission() -> None:
    routes = walk(get_resolver().url_patterns)
    assert any(
        getattr(callback, "access_rule", None) not in (None, PUBLIC, SIGNED_IN) for *_, callback in routes
    )
    assert unknown_access_rules(routes) == []


def test_a_misspelt_permission_is_caught() -> None:
    """The test of the test above: a route set with a misspelt permission does not pass."""

    def page(request: Any) -> Any:
        raise AssertionError("never called")

    routes = [
        ("demo", "open/", access.public(page)),
        ("demo", "mine/", access.signed_in(page)),
        ("demo", "edit/", access.rule("renewals.view_renewal")(page)),
        ("demo", "typo/", access.rule("renewals.view_renewl")(page)),
    ]
    assert rules.perm_exists("renewals.view_renewal")
    assert unknown_access_rules(routes) == ["typo/: 'renewals.view_renewl'"]
