# ruff: noqa: E501 — long sentences of shipped content read better unbroken
"""Content shipped with the community: method cards, example good practices and a learning path.
Written for this project in plain English; the practices describe kinds of work, not real
organisations or figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.community import services
from cocreate.community.models import Event, GoodPractice, MethodCard, Profile

EDITOR_EMAIL = "community-editor@example.org"

METHODS: list[dict[str, Any]] = [
    {
        "key": "world-cafe",
        "name": "World Café",
        "summary": "Small-table conversations in rounds, so that a large group builds on each other's ideas.",
        "when_to_use": "When 20 to 200 people should share experience on a few open questions, and you want "
        "many voices rather than a decision.",
        "steps": "Agree on two or three questions that matter to the participants.\n"
        "Set up tables of four or five, each with a host and paper to write on.\n"
        "Run rounds of 20 minutes; everyone except the host moves to a new table.\n"
        "Hosts welcome newcomers and summarise what was said before.\n"
        "Harvest: each table names the ideas that came back in every round.",
        "time_needed": "Two to three hours, plus half a day to prepare",
        "roles": "A facilitator who keeps time; one host per table; a harvester who writes up the results.",
        "materials": "Tables, paper tablecloths or flip charts, markers, a bell, a room where people can move.",
        "pitfalls": "Questions that are too narrow; no harvest, so people feel nothing happened; staff "
        "dominating the tables.",
        "tool": "renewals",
    },
    {
        "key": "open-space",
        "name": "Open Space",
        "summary": "Participants set the agenda themselves and join the sessions they care about.",
        "when_to_use": "When the topic is complex, people care about it, and you do not know in advance which "
        "sub-topics matter most.",
        "steps": "Open in a circle and explain the theme and the simple rules.\n"
        "Anyone who cares about an issue writes it down and picks a time and a place.\n"
        "People join the sessions they want and move freely ('law of two feet').\n"
        "Each session writes a short report.\n"
        "Close in a circle; collect the reports and agree on next steps.",
        "time_needed": "Half a day to two days",
        "roles": "A facilitator who holds the space but does not steer the content; session conveners.",
        "materials": "A large wall for the agenda, sticky notes, rooms or corners for sessions, report templates.",
        "pitfalls": "Forcing a fixed agenda; forgetting to act on the reports; too few people who really care.",
        "tool": "renewals",
    },
    {
        "key": "journey-mapping",
        "name": "Journey mapping",
        "summary": "Draw a service step by step as the user lives it, to see where it hurts.",
        "when_to_use": "At the start of a renewal, to understand how people experience a service today.",
        "steps": "Choose one user group and one situation (for example, applying for home care).\n"
        "Interview or observe people who went through it recently.\n"
        "Map the steps, the channels, what people do, think and feel.\n"
        "Mark pain points and moments that matter.\n"
        "Check the map with users and choose where to improve first.",
        "time_needed": "Two to six weeks including research; a one-day workshop to draw the map",
        "roles": "A researcher, a facilitator, staff who run the service, and service users.",
        "materials": "Interview notes, a large wall or board, sticky notes, persona sheets.",
        "pitfalls": "Mapping the process as staff see it instead of the user's journey; no real users involved.",
        "tool": "renewals",
    },
    {
        "key": "design-sprint",
        "name": "Design sprint",
        "summary": "Five focused days from a problem to a tested prototype.",
        "when_to_use": "When a clear problem needs a fast answer and a small team can be freed for a week.",
        "steps": "Day 1: map the problem and pick a target.\n"
        "Day 2: sketch solutions individually.\n"
        "Day 3: decide on the best ideas and storyboard them.\n"
        "Day 4: build a realistic prototype.\n"
        "Day 5: test it with five service users and learn.",
        "time_needed": "Five days, plus preparation",
        "roles": "A decider with authority, a facilitator, four to six team members from different units.",
        "materials": "A room for the whole week, whiteboards, sticky notes, prototyping tools, test users booked.",
        "pitfalls": "The decider is not there; no real users on day 5; treating the prototype as finished.",
        "tool": "renewals",
    },
    {
        "key": "hackathon",
        "name": "Hackathon",
        "summary": "Mixed teams build working ideas around a public challenge in one or two days.",
        "when_to_use": "When open data or a digital service could be improved with outside talent and energy.",
        "steps": "Define challenges with owners inside the organisation.\n"
        "Prepare data, access and mentors.\n"
        "Form mixed teams (citizens, developers, designers, staff).\n"
        "Build, with check-ins from mentors.\n"
        "Present to a jury; agree who follows up on the best ideas.",
        "time_needed": "One to two days, plus six weeks to prepare",
        "roles": "Challenge owners, mentors, a jury, an organiser, a follow-up owner.",
        "materials": "Data sets, a venue with network and power, food, presentation equipment.",
        "pitfalls": "No follow-up after the prizes; challenges nobody inside owns; data not ready.",
        "tool": "renewals",
    },
    {
        "key": "citizens-jury",
        "name": "Citizens' jury",
        "summary": "A small group chosen by lot learns, deliberates and recommends on a public question.",
        "when_to_use": "When a contested choice needs a considered view from ordinary residents.",
        "steps": "Frame the question with the decision-maker and commit to respond.\n"
        "Select 12 to 40 people by lot, with quotas so the group reflects the population.\n"
        "Hear balanced evidence from witnesses.\n"
        "Deliberate in small groups with facilitators.\n"
        "Agree recommendations and publish the decision-maker's response.",
        "time_needed": "Three to six days spread over a few weeks",
        "roles": "An independent organiser, facilitators, witnesses, an advisory group, the decision-maker.",
        "materials": "A selection process, a venue, information packs, support for participants' costs.",
        "pitfalls": "No commitment to respond; one-sided evidence; a question that is already decided.",
        "tool": "panel",
    },
    {
        "key": "polis-conversation",
        "name": "Pol.is-style conversation",
        "summary": "People write short statements and vote on others'; the tool shows where groups agree.",
        "when_to_use": "When many people should take part online and you want to see common ground, not a fight.",
        "steps": "Write a clear, neutral topic and a few seed statements.\n"
        "Open the conversation and share the link widely.\n"
        "Moderate new statements against simple rules.\n"
        "Watch the opinion groups and the statements they all agree on.\n"
        "Publish the results and what you will do with them.",
        "time_needed": "Two to four weeks open, an hour a day to moderate",
        "roles": "A host who writes the topic, moderators, someone who explains the results.",
        "materials": "The conversation tool on the platform, a communication plan.",
        "pitfalls": "Leading seed statements; too few participants to form groups; results nobody acts on.",
        "tool": "conversation",
    },
    {
        "key": "co-ready",
        "name": "Co-Ready self-assessment",
        "summary": "Colleagues assess privately how ready the organisation is for co-creation.",
        "when_to_use": "Before starting a programme of renewals, and once a year to see progress.",
        "steps": "Invite colleagues from several levels and units.\n"
        "Everyone answers privately.\n"
        "Look at the group result and where views differ.\n"
        "Agree two or three actions with owners and deadlines.\n"
        "Repeat after a year and compare.",
        "time_needed": "Twenty minutes per person; a one-hour meeting to discuss",
        "roles": "An organisation admin who opens the round; respondents; someone to follow the actions.",
        "materials": "Co-Ready on the platform.",
        "pitfalls": "Only managers answer; no actions agreed; treating the score as a ranking.",
        "tool": "readiness",
    },
]

PRACTICES: list[dict[str, Any]] = [
    {
        "title": "Rewriting benefit letters with the people who receive them",
        "problem": "Letters about social benefits produced many calls and complaints because people could not "
        "tell what was decided and what they had to do next.",
        "context": "A municipal social services department sending a few standard letters every month.",
        "method": "journey-mapping",
        "result": "The new letters put the decision and the next step first. Staff reported fewer calls asking "
        "what a letter meant.",
        "lessons": "Test every draft with real recipients, read aloud. Legal wording can go in an annex.",
        "country": "SI",
        "sector": "social",
        "tags": "plain language, letters",
    },
    {
        "title": "A World Café on the future of the town library",
        "problem": "Visits to the library were falling and the council did not know what residents wanted from it.",
        "context": "A small town with one central library and two mobile services.",
        "method": "world-cafe",
        "result": "Residents asked for longer opening hours, quiet study space and a repair café. Two of the "
        "ideas were piloted the next year.",
        "lessons": "Invite young people through schools, not posters. Publish the harvest within a week.",
        "country": "AT",
        "sector": "culture",
        "tags": "library, participation",
    },
    {
        "title": "Open Space with home-care workers and families",
        "problem": "Families and home-care staff disagreed about visit times and who to call when plans changed.",
        "context": "A regional home-care service working with several municipalities.",
        "method": "open-space",
        "result": "Families and staff agreed on one contact number and a simple weekly plan shared on paper "
        "and by text message.",
        "lessons": "Hold it in the evening so that working relatives can come. Pay staff for the time.",
        "country": "HR",
        "sector": "social",
        "tags": "home care, families",
    },
    {
        "title": "A design sprint for an online building-permit check",
        "problem": "Many permit applications were returned because documents were missing.",
        "context": "The planning office of a medium-sized city.",
        "method": "design-sprint",
        "result": "A prototype checklist that tells applicants which documents they need was tested with "
        "architects and residents and then built.",
        "lessons": "Bring the person who signs off permits into the sprint; test with first-time applicants.",
        "country": "SI",
        "sector": "administration",
        "tags": "permits, digital",
    },
    {
        "title": "A hackathon on open bus data",
        "problem": "Real-time bus data existed but residents could not easily use it.",
        "context": "A regional transport authority with open timetable data.",
        "method": "hackathon",
        "result": "Teams built a stop display for the main square and an accessible trip planner. The "
        "authority adopted the display.",
        "lessons": "Name a follow-up owner before the event. Check data quality weeks ahead.",
        "country": "IT",
        "sector": "mobility",
        "tags": "open data, transport",
    },
    {
        "title": "A citizens' jury on a new cycling route",
        "problem": "A proposed cycling route divided the neighbourhood between shop owners and families.",
        "context": "A city district with one main shopping street.",
        "method": "citizens-jury",
        "result": "The jury recommended a route on a parallel street with loading zones kept. The council "
        "accepted most recommendations and explained why it changed one.",
        "lessons": "Commit in public to respond. Include shop owners among the witnesses, not only experts.",
        "country": "BE",
        "sector": "mobility",
        "tags": "cycling, deliberation",
    },
    {
        "title": "An online conversation on park opening hours",
        "problem": "Complaints about noise in a park at night competed with requests to keep it open later.",
        "context": "A municipality with a large park next to housing.",
        "method": "polis-conversation",
        "result": "Most participants agreed on later opening in summer with quiet hours and more bins. "
        "The opinion groups showed that residents and young people shared more than expected.",
        "lessons": "Seed statements from both sides; moderate daily; show results before the decision.",
        "country": "SI",
        "sector": "environment",
        "tags": "parks, online participation",
    },
    {
        "title": "Starting with a readiness check before a renewal programme",
        "problem": "A ministry wanted to renew several services with users but units had very different "
        "experience of co-creation.",
        "context": "A national ministry with regional offices.",
        "method": "co-ready",
        "result": "The self-assessment showed that leadership support was strong but staff lacked time and "
        "skills. Training and protected time were planned first.",
        "lessons": "Ask staff at all levels, not only managers; discuss the differences openly.",
        "country": "SK",
        "sector": "administration",
        "tags": "readiness, capacity",
    },
    {
        "title": "Mapping the journey of parents enrolling a child in kindergarten",
        "problem": "Parents had to visit several offices and fill in the same data more than once.",
        "context": "A municipal education department and its kindergartens.",
        "method": "journey-mapping",
        "result": "The map showed four places where the same data was asked. The enrolment form was merged "
        "into one and offered online and on paper.",
        "lessons": "Interview parents who gave up or enrolled late, not only those who managed.",
        "country": "CZ",
        "sector": "education",
        "tags": "enrolment, once-only",
    },
    {
        "title": "Co-designing a heat-wave plan with older residents",
        "problem": "During heat waves older people living alone did not know where to find cool places or help.",
        "context": "A coastal municipality with many older residents.",
        "method": "world-cafe",
        "result": "Residents and volunteers chose cool rooms in public buildings, a phone chain and a simple "
        "leaflet. The plan is reviewed each spring.",
        "lessons": "Meet where older people already go; keep the leaflet to one page with large print.",
        "country": "HR",
        "sector": "health",
        "tags": "climate, older people",
    },
]

LEARNING_PATH: dict[str, Any] = {
    "title": "Getting started with co-creation",
    "summary": "From your organisation's readiness to your first session with service users.",
    "steps": [
        ("Read: what co-creation of public services is", "https://en.wikipedia.org/wiki/Co-creation"),
        ("Run a Co-Ready self-assessment with colleagues", ""),
        ("Training: facilitating a World Café", "event"),
        ("Map one service journey with its users", ""),
    ],
}

TRAINING: dict[str, Any] = {
    "kind": Event.Kind.TRAINING,
    "title": "Facilitating a World Café",
    "description": "A practical morning: prepare questions, host a table, harvest the results.",
    "location": "Online",
    "capacity": 25,
}


def load() -> str:
    """Load the catalogue through the community's services; safe to run again: method cards and
    the learning path are updated in place, practices and the training event made once. Returns
    what it did, in a line."""
    for card in METHODS:
        services.save_method(**card)
    editor = _editor()
    created = 0
    for item in PRACTICES:
        if GoodPractice.objects.filter(title=item["title"]).exists():
            continue
        practice = services.create_practice(
            actor=editor, **{**item, "method": MethodCard.objects.get(key=item["method"])}
        )
        services.submit_practice(actor=editor, practice=practice)
        services.publish_practice(actor=editor, practice=practice)
        created += 1
    training = Event.objects.filter(title=TRAINING["title"]).first()
    if training is None:
        start = (timezone.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
        training = services.create_event(
            actor=editor, **TRAINING, starts_at=start, ends_at=start + timedelta(hours=4)
        )
    steps = [
        {
            "title": title,
            "event": training if link == "event" else None,
            "link": "" if link == "event" else link,
        }
        for title, link in LEARNING_PATH["steps"]
    ]
    services.create_path(title=LEARNING_PATH["title"], summary=LEARNING_PATH["summary"], steps=steps)
    return f"{len(METHODS)} method cards, {created} new good practices, 1 learning path."


def _editor() -> User:
    """The account the shipped practices are published under. The catalogue is loaded in
    production too, so the account cannot log in (no password)."""
    editor = User.objects.filter(email=EDITOR_EMAIL).first() or User.objects.create_user(
        EDITOR_EMAIL, None, full_name="Community Editor"
    )
    profile = Profile.objects.filter(user=editor).first() or services.join(
        user=editor, role_title="Community editor", visibility=Profile.Visibility.PUBLIC
    )
    if not profile.community_editor:
        services.set_editor(actor=None, profile=profile, editor=True)
    return editor
