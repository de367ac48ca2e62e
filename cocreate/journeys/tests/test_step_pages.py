"""The participation page stays the same size however many contributions a map collects: each step
shows a few (the most supported first, then the newest, and always the participant's own) and links
to its own page, where every contribution is listed a page at a time with the same buttons."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.journeys import selectors, services
from cocreate.journeys.models import Contribution, JourneyMap, Step, Support
from cocreate.journeys.public_views import STEP_PAGE_SIZE
from cocreate.journeys.tests.test_journeys import steps
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
LIMIT = selectors.PREVIEW_PER_STEP


def url(name: str, journey: JourneyMap, *more: Any) -> str:
    return reverse(f"journeys_public:{name}", args=[journey.pk, *more])


@pytest.fixture
def journey(org: Any, staff: Any) -> JourneyMap:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = services.add_stage(actor=staff, journey=journey, title="Finding out")
    for title in ("Hears about home care", "Calls the municipality"):
        services.add_step(actor=staff, stage=stage, title=title)
    services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


@pytest.fixture
def step(journey: JourneyMap) -> Step:
    return steps(journey)[0]


def many_ideas(step: Step, n: int, *, supported: int = 0) -> list[Contribution]:
    """`n` ideas, the oldest first; the first `supported` get 1…`supported` supports."""
    people = GuestParticipant.objects.bulk_create([GuestParticipant() for _ in range(max(supported, 1))])
    ideas = Contribution.objects.bulk_create(
        [Contribution(step=step, kind="idea", text=f"Idea {i:04d}", participant=people[0]) for i in range(n)]
    )
    now = timezone.now()
    for i, idea in enumerate(ideas):
        Contribution.objects.filter(pk=idea.pk).update(created_at=now - timedelta(minutes=n - i))
    Support.objects.bulk_create(
        [Support(contribution=ideas[i], participant=p) for i in range(supported) for p in people[: i + 1]]
    )
    return ideas


def shown_in(content: str) -> list[str]:
    """The ideas listed on a page, in their order."""
    return re.findall(r'class="tag">[^<]*</span> (Idea \d{4})', content)


def test_each_step_shows_a_few_most_supported_then_newest(journey: JourneyMap, step: Step) -> None:
    many_ideas(step, 30, supported=2)  # "Idea 0001" has 2 supports, "Idea 0000" 1
    content = Client().get(url("participate", journey)).content.decode()
    shown = shown_in(content)
    assert len(shown) == LIMIT
    assert shown == ["Idea 0001", "Idea 0000", "Idea 0029", "Idea 0028", "Idea 0027"][:LIMIT]
    link = url("step", journey, step.pk)
    assert f'href="{link}"' in content
    assert "Show all 30 contributions to this step" in content
    # The other step has nothing: no link.
    assert f'href="{url("step", journey, steps(journey)[1].pk)}"' not in content


def test_no_link_when_everything_is_shown(journey: JourneyMap, step: Step) -> None:
    many_ideas(step, LIMIT)
    content = Client().get(url("participate", journey)).content.decode()
    assert len(shown_in(content)) == LIMIT
    assert f'href="{url("step", journey, step.pk)}"' not in content and "Show all" not in content


def test_the_link_counts_only_what_is_public(journey: JourneyMap, step: Step) -> None:
    ideas = many_ideas(step, LIMIT + 3)
    Contribution.objects.filter(pk=ideas[0].pk).update(visibility=Contribution.Visibility.HIDDEN)
    Contribution.objects.filter(pk=ideas[1].pk).update(visibility=Contribution.Visibility.HELD)
    content = Client().get(url("participate", journey)).content.decode()
    assert f"Show all {LIMIT + 1} contributions to this step" in content
    assert Client().get(url("step", journey, step.pk)).context["page"].paginator.count == LIMIT + 1


def test_a_participants_own_contribution_is_always_shown_to_them(journey: JourneyMap, step: Step) -> None:
    client = Client()
    client.post(url("contribute", journey, step.pk), {"kind": "idea", "text": "My own idea"})
    many_ideas(step, 40, supported=LIMIT)  # newer and more supported than mine
    content = client.get(url("participate", journey)).content.decode()
    assert "My own idea" in content and "(yours)" in content
    assert len(shown_in(content)) == LIMIT
    assert "My own idea" not in Client().get(url("participate", journey)).content.decode()


def test_the_step_page_pages_everything(journey: JourneyMap, step: Step) -> None:
    many_ideas(step, 60)
    client = Client()
    first = client.get(url("step", journey, step.pk))
    assert first.status_code == 200
    content = first.content.decode()
    assert len(shown_in(content)) == STEP_PAGE_SIZE and "Idea 0059" in content
    assert 'aria-label="Pages"' in content
    assert '<a href="?page=1" aria-current="page">1</a>' in content
    assert 'href="?page=2"' in content
    last = client.get(url("step", journey, step.pk) + "?page=3").content.decode()
    assert len(shown_in(last)) == 60 - 2 * STEP_PAGE_SIZE and "Idea 0000" in last
    assert '<a href="?page=3" aria-current="page">3</a>' in last
    seen = set()
    for number in (1, 2, 3):
        seen |= set(shown_in(client.get(url("step", journey, step.pk) + f"?page={number}").content.decode()))
    assert len(seen) == 60
    assert "<h1>Hears about home care</h1>" in content


@pytest.mark.parametrize(("asked", "number"), [("999", 3), ("abc", 1), ("-1", 3), ("0", 3), ("", 1)])
def test_a_bad_page_number_answers_a_real_page(
    journey: JourneyMap, step: Step, asked: str, number: int
) -> None:
    many_ideas(step, 60)
    response = Client().get(url("step", journey, step.pk), {"page": asked})
    assert response.status_code == 200 and response.context["page"].number == number


def test_the_step_page_follows_the_participation_pages_rules(
    journey: JourneyMap, step: Step, staff: Any
) -> None:
    other = services.create_map(actor=staff, renewal=journey.renewal, title="Another")
    services.set_participation(actor=staff, journey=other, open_=True)
    assert Client().get(url("step", other, step.pk)).status_code == 404  # not this map's step
    services.delete_step(actor=staff, step=steps(journey)[1])
    deleted = Step.objects.get(title="Calls the municipality")
    assert Client().get(url("step", journey, deleted.pk)).status_code == 404
    services.set_participation(actor=staff, journey=journey, open_=False)
    closed = Client().get(url("step", journey, step.pk))
    participate = Client().get(url("participate", journey))
    assert closed.status_code == participate.status_code == 410
    assert next(t.name for t in closed.templates) == "journeys/participate_closed.html"


def test_supporting_on_the_step_page_comes_back_there(journey: JourneyMap, step: Step) -> None:
    ideas = many_ideas(step, 60)
    idea = ideas[5]  # on the third page
    client = Client()
    page = url("step", journey, step.pk) + "?page=3"
    assert 'name="step_page" value="3"' in client.get(page).content.decode()
    response = client.post(url("support", journey, idea.pk), {"step_page": "3"})
    assert response.status_code == 302 and response["Location"] == f"{page}#c-{idea.pk}"
    assert Support.objects.filter(contribution=idea).count() == 1
    response = client.post(url("unsupport", journey, idea.pk), {"step_page": "1"})
    assert response["Location"] == url("step", journey, step.pk) + f"#c-{idea.pk}"
    assert not Support.objects.filter(contribution=idea).exists()


@pytest.mark.parametrize("sent", ["https://evil.example/j/", "//evil.example/", "-1", "2<script>", ""])
def test_only_a_page_number_leads_back_to_the_step_page(journey: JourneyMap, step: Step, sent: str) -> None:
    idea = many_ideas(step, 1)[0]
    response = Client().post(url("support", journey, idea.pk), {"step_page": sent})
    assert response["Location"] == url("participate", journey) + f"#step-{step.pk}"


def _queries(client: Client, path: str) -> int:
    client.get(path)  # warm: session, participant, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["guest", "participant"])
def test_queries_do_not_grow_with_the_contributions(journey: JourneyMap, step: Step, who: str) -> None:
    other = steps(journey)[1]
    client = Client()
    if who == "participant":
        client.post(url("contribute", journey, step.pk), {"kind": "idea", "text": "Mine"})
    counted = []
    for n in (50, 500):
        many_ideas(step, n // 2, supported=10)
        many_ideas(other, n // 2, supported=10)
        Support.objects.create(
            contribution=Contribution.objects.filter(step=step).first(), participant=GuestParticipantFactory()
        )
        counted.append(
            (_queries(client, url("participate", journey)), _queries(client, url("step", journey, step.pk)))
        )
    assert counted[0] == counted[1]
    content = client.get(url("participate", journey)).content.decode()
    assert len(shown_in(content)) == 2 * LIMIT


# --- The page a newcomer sees is rendered once and shared for a few seconds (core/page_cache.py),
# but never a token, a submission key, or anything of someone's own. ---------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture
def shared(settings: Any) -> None:
    settings.SHARED_PAGE_SECONDS = 5
    cache.clear()


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    return page, len(queries)


def test_newcomers_share_one_render_each_with_a_token_and_key_of_their_own(
    journey: JourneyMap, step: Step, shared: None
) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, rendered = _get(first, url("participate", journey))
    page_two, shared = _get(second, url("participate", journey))
    assert shared < rendered  # the second newcomer did not render the page again
    assert TOKEN.search(page_one).group(1) != TOKEN.search(page_two).group(1)
    assert KEY.search(page_one).group(1) != KEY.search(page_two).group(1)
    for client, page, text in ((first, page_one, "One idea"), (second, page_two, "Another idea")):
        form = {"kind": "idea", "text": text, "submission_key": KEY.search(page).group(1)}
        form["csrfmiddlewaretoken"] = TOKEN.search(page).group(1)
        assert client.post(url("contribute", journey, step.pk), form).status_code == 302
    assert set(Contribution.objects.values_list("text", flat=True)) == {"One idea", "Another idea"}
    # A guest who now has an identity sees their own at once, not the shared page.
    own, _queries = _get(first, url("participate", journey))
    assert "One idea" in own


def test_every_form_on_a_shared_page_carries_the_visitors_own_token(
    journey: JourneyMap, step: Step, shared: None
) -> None:
    """Tokens sit in the page and inside its holes (a support button a newcomer sees): every one is
    this visitor's, and the button works."""
    ideas = many_ideas(step, 2)
    Client().get(url("participate", journey))  # rendered and shared
    guest = Client(enforce_csrf_checks=True)
    guest.get(url("participate", journey))  # an identity handed over
    for visit in range(2):  # a newcomer, then the guest who supports (their own button, holes filled)
        page = guest.get(url("participate", journey)).content.decode()
        assert "shared-" not in page
        assert len(TOKEN.findall(page)) > 2  # the feelings form and the buttons
        support = url("support", journey, ideas[visit].pk)
        button = re.search(
            rf'action="{support}"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
        )
        assert button is not None
        assert guest.post(support, {"csrfmiddlewaretoken": button.group(1)}).status_code == 302
    assert Support.objects.filter(contribution__in=ideas).count() == 2


def test_what_is_someones_own_is_never_shared(
    journey: JourneyMap, staff: Any, as_user: Any, shared: None
) -> None:
    newcomer, rendered = _get(Client(), url("participate", journey))  # now shared for 5 s
    signed_in = as_user(staff).get(url("participate", journey)).content.decode()
    assert "Log out" in signed_in and "Log out" not in newcomer  # rendered for them, not the shared copy
    _page, with_query = _get(Client(), url("participate", journey) + "?x=1")
    assert with_query == rendered  # rendered afresh, never stored under a key someone can vary


def test_sharing_off_every_visit_renders(journey: JourneyMap, settings: Any) -> None:
    settings.SHARED_PAGE_SECONDS = 0
    _page, first = _get(Client(), url("participate", journey))
    _page, second = _get(Client(), url("participate", journey))
    assert second == first


def test_a_guests_own_beyond_the_previews_are_ranked_as_everyone_s_with_their_counts(
    journey: JourneyMap, step: Step
) -> None:
    """`own_on_map` reads a guest's own by a fixed statement: the same order, counts and author as
    the ORM's ranking (most supported, then newest, then by id)."""
    mine = many_ideas(step, 4, supported=2)  # the two oldest supported once and twice
    me = mine[0].participant
    with CaptureQueriesContext(connection) as queries:
        written, extra = selectors.own_on_map(me, steps={step.pk}, shown={mine[0].pk})
    assert len(queries) == 2  # their newest contributions, then the rows shown with their counts
    assert written == {mine[0].pk}
    ranked = selectors._shown_by_step({c.pk for c in mine[1:]})[step.pk]
    assert [c.pk for c in extra[step.pk]] == [c.pk for c in ranked] == [mine[1].pk, mine[3].pk, mine[2].pk]
    assert [c.support_count for c in extra[step.pk]] == [2, 0, 0]
    assert all(c.participant == me for c in extra[step.pk])


# --- A guest with an identity shares the same render: what is theirs is filled into its holes. ----


def test_a_guest_shares_the_page_with_only_their_own_filled_in(
    journey: JourneyMap, step: Step, shared: None
) -> None:
    other_step = steps(journey)[1]
    me, someone = Client(), Client()
    me.post(url("contribute", journey, step.pk), {"kind": "idea", "text": "My own idea"})
    ideas = many_ideas(step, 20, supported=LIMIT)  # newer and more supported: mine is not previewed
    mine_shown = many_ideas(other_step, 1)[0]
    Contribution.objects.filter(pk=mine_shown.pk).update(
        participant=GuestParticipant.objects.get(contributions__text="My own idea")
    )
    me.post(url("rate", journey), {f"feeling-{step.pk}": "2"})
    me.post(url("support", journey, ideas[1].pk))
    someone.post(url("rate", journey), {f"feeling-{other_step.pk}": "-1"})

    newcomer = Client().get(url("participate", journey)).content.decode()  # shared from now on
    response = me.get(url("participate", journey))
    mine = response.content.decode()
    rendered = {t.name for t in response.templates}
    assert "journeys/participate.html" not in rendered  # the shared render, not one of their own
    assert "journeys/partials/participate_own.html" in rendered
    theirs = someone.get(url("participate", journey)).content.decode()

    for page in (newcomer, mine, theirs):
        assert "<!--hole" not in page and "<!--open" not in page and "<!--close" not in page
    checked = re.compile(r'name="feeling-([0-9a-f-]+)" value="(-?\d)"[^>]*? checked>')
    assert checked.findall(mine) == [(str(step.pk), "2")]
    assert checked.findall(theirs) == [(str(other_step.pk), "-1")]
    assert checked.findall(newcomer) == []
    withdraw = f'action="{url("unsupport", journey, ideas[1].pk)}"'
    assert withdraw in mine and withdraw not in theirs and withdraw not in newcomer
    assert f'action="{url("support", journey, ideas[1].pk)}"' in theirs
    assert mine.count("(yours)") == 2  # the one previewed for everyone, and the one beyond
    assert "What you said" in mine and "My own idea" in mine
    for page in (theirs, newcomer):
        assert "(yours)" not in page and "My own idea" not in page and "What you said" not in page
    assert "my-input-note__link" in mine and "my-input-note__link" not in newcomer

    # A support given while the shared copy is still fresh: the guest sees it counted at once (their
    # item's support part is filled afresh); everyone else sees the shared copy for a few seconds.
    def item(page: str, idea: Contribution) -> str:
        return re.search(rf'<li id="c-{idea.pk}">(.*?)</li>', page, re.S).group(1)  # type: ignore[union-attr]

    assert "3 supports" in item(newcomer, ideas[2])
    me.post(url("support", journey, ideas[2].pk))
    mine = me.get(url("participate", journey)).content.decode()
    assert "4 supports" in item(mine, ideas[2]) and "Withdraw my support" in item(mine, ideas[2])
    assert "3 supports" in item(Client().get(url("participate", journey)).content.decode(), ideas[2])


def test_a_message_is_filled_in_for_its_visitor_only(journey: JourneyMap, step: Step, shared: None) -> None:
    idea = many_ideas(step, 1)[0]
    _get(Client(), url("participate", journey))  # shared from now on
    me = Client()
    me.post(url("support", journey, idea.pk))
    with_message, _queries = _get(me, url("participate", journey))
    assert 'class="messages"' in with_message
    again, _queries = _get(me, url("participate", journey))
    assert 'class="messages"' not in again  # shown once, as any message
    assert 'class="messages"' not in Client().get(url("participate", journey)).content.decode()


def test_a_page_with_nothing_of_a_guests_is_shared_with_guests_too(
    journey: JourneyMap, step: Step, shared: None
) -> None:
    page = reverse("public:public_renewal", args=[journey.renewal.pk])
    guest = Client()
    guest.post(url("contribute", journey, step.pk), {"kind": "idea", "text": "Mine"})
    assert GuestParticipant.objects.filter(contributions__text="Mine").exists()
    first = Client().get(page)
    assert "renewals/public_detail.html" in {t.name for t in first.templates}
    again = guest.get(page)  # with their identity, and their "thank you" waiting
    assert again.status_code == 200
    assert "renewals/public_detail.html" not in {t.name for t in again.templates}  # the shared render
    assert 'class="messages"' in again.content.decode() and 'class="messages"' not in first.content.decode()


def test_words_that_look_like_a_hole_stay_words(journey: JourneyMap, step: Step, shared: None) -> None:
    """Holes are HTML comments; a contribution's text is escaped, so it can never open one."""
    text = "<!--open:item:x-->secret<!--close:item:x--> <!--hole:messages:-->"
    writer = Client()
    writer.post(url("contribute", journey, step.pk), {"kind": "idea", "text": text})
    for client in (Client(), writer):
        page = client.get(url("participate", journey)).content.decode()
        assert "&lt;!--open:item:x--&gt;secret&lt;!--close:item:x--&gt; &lt;!--hole:messages:--&gt;" in page


def test_an_expired_page_is_rendered_once_while_the_others_get_the_last_copy(
    journey: JourneyMap, step: Step, shared: None, monkeypatch: Any
) -> None:
    from cocreate.core import page_cache

    def templates(client: Client) -> set[str]:
        return {t.name for t in client.get(url("participate", journey)).templates}

    assert "journeys/participate.html" in templates(Client())  # rendered and shared
    many_ideas(step, 1)
    later = page_cache.time.time() + 6  # past SHARED_PAGE_SECONDS
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    renewing = f"shared-page:{page_cache.PAGE_FORMAT}:journey:{journey.pk}:1:en:renewing"
    cache.add(renewing, 1, 30)  # someone is renewing it
    waiting = Client().get(url("participate", journey))
    assert "journeys/participate.html" not in {t.name for t in waiting.templates}
    assert not shown_in(waiting.content.decode())  # the last copy, without the new idea
    cache.delete(renewing)
    assert "journeys/participate.html" in templates(Client())  # this one renews it
    assert shown_in(Client().get(url("participate", journey)).content.decode()) == ["Idea 0000"]


def test_one_pages_key_keeps_each_steps_form_apart(journey: JourneyMap, step: Step) -> None:
    """All the steps' forms on one page carry the page's key: the same form sent twice is one idea,
    another step's form from the same page (back button, a second idea) is another idea."""
    client = Client()
    key = KEY.search(client.get(url("participate", journey)).content.decode()).group(1)
    other = steps(journey)[1]
    for target, text in ((step, "First"), (step, "First"), (other, "Second")):
        form = {"kind": "idea", "text": text, "submission_key": key}
        assert client.post(url("contribute", journey, target.pk), form).status_code == 302
    assert sorted(Contribution.objects.values_list("text", flat=True)) == ["First", "Second"]


def test_a_reader_costs_no_identity_look_up_until_they_take_part(journey: JourneyMap, step: Step) -> None:
    """The page hands a new browser an id (no row); the cookie says so, so a reader who never writes
    is not looked up on every page. Their first write makes the guest, and from then on they are."""
    reader = Client()
    reader.get(url("participate", journey))
    assert not GuestParticipant.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        again = reader.get(url("participate", journey))
    assert again.status_code == 200
    assert not any("accounts_guestparticipant" in q["sql"] for q in queries)
    reader.post(url("rate", journey), {f"feeling-{step.pk}": "1"})
    guest = GuestParticipant.objects.get()
    page = reader.get(url("participate", journey))
    assert page.wsgi_request.participant == guest  # type: ignore[attr-defined]
    assert re.search(rf'name="feeling-{step.pk}" value="1"[^>]*? checked>', page.content.decode())
