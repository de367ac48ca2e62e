"""Co-Master in the browser: a participant answers on a phone by the QR link, no account; the
organisers see both views side by side and publish."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.quality import services
from cocreate.quality.models import QualityAssessment
from cocreate.quality.tests.test_quality import all_answers
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_answers_on_a_phone_and_staff_compare_views(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, staff: Any
) -> None:
    renewal = RenewalFactory(
        service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC
    )
    log_in(visitor, staff)
    page = visitor.goto(f"/renewals/{renewal.pk}/")
    page.get_by_role("button", name="Start Co-Master for cycle 1").click()
    page.wait_for_selector("h1:has-text('How good was our co-creation?')")
    visitor.after_navigation()
    assessment = QualityAssessment.objects.get()
    link = page.locator("code.break").inner_text()
    assert page.locator(".qr svg").count() == 1

    # A participant, on a phone, with no account.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = Visitor(context.new_page(), live_server.url)
    phone.goto(link.replace(live_server.url, ""))  # the link is built from the request's host
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    groups = phone.page.locator("fieldset")
    assert groups.count() == 19  # the 19 points of the Co-Master model
    for i in range(groups.count()):
        groups.nth(i).get_by_role("radio").first.check()  # "no" everywhere: a poor experience
    phone.page.get_by_role("button", name="Submit my answers").click()
    phone.page.wait_for_selector("h1:has-text('Thank you')")
    phone.after_navigation()
    context.close()

    # The organiser answers the other way.
    page = visitor.goto(f"/quality/{assessment.pk}/organisers/")
    groups = page.locator("fieldset")
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(radios.count() - 2).check()  # "yes"
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("h1:has-text('How good was our co-creation?')")
    visitor.after_navigation()

    page.get_by_role("button", name="Close both questionnaires").click()
    page.wait_for_selector("h2:has-text(\"Organisers' view beside participants' view\")")
    visitor.after_navigation()
    assert page.locator(".tag:has-text('Views differ')").count() > 10
    page.get_by_label("Summary for the public").fill("Participants felt unheard; next cycle we report back.")
    page.get_by_role("button", name="Publish on the public page").click()
    page.wait_for_selector("text=Published on the renewal's public page")
    visitor.after_navigation()
    visitor.goto(f"/public/renewals/{renewal.pk}/")
    assert page.locator("text=Participants felt unheard").count() == 1


def test_the_assessment_closes_the_cycle_and_compares_it_on_a_phone(
    phone_visitor: Visitor, org: Any, staff: Any, guest: Any
) -> None:
    """Evidence beside the assessment, "Close the cycle" and "Start cycle 2" by keyboard at phone
    width, then the comparison of two cycles (chart and table) — every page checked with axe."""
    renewal = RenewalFactory(
        service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC
    )

    def assessed(renewal: Renewal) -> QualityAssessment:
        assessment = services.open_assessment(actor=staff, renewal=renewal)
        services.answer_as_organiser(
            assessment=assessment, user=staff, answers=all_answers(assessment.organisers, 2), submit=True
        )
        services.answer_as_participant(
            assessment=assessment,
            participant=guest,
            answers=all_answers(assessment.participants, 1),
            submit=True,
        )
        return assessment

    first = assessed(renewal)
    services.close_assessment(actor=staff, assessment=first)
    services.add_action(
        actor=staff,
        assessment=first,
        attribute="FEEDBACK",
        title="Answer every idea within two weeks",
        owner=staff,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    log_in(phone_visitor, staff)
    page = phone_visitor.goto(f"/quality/{first.pk}/results/")
    assert page.locator("#evidence").count() == 1
    page.get_by_label("Closing note (optional)").fill("A good first cycle.")
    page.get_by_role("button", name="Close the cycle").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Cycle 1 is closed.")
    phone_visitor.after_navigation()
    page.get_by_role("button", name="Start cycle 2").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Cycle 2 has started.")
    phone_visitor.after_navigation()

    second = assessed(Renewal.objects.get(pk=renewal.pk))
    page = phone_visitor.goto(f"/quality/{second.pk}/results/")
    assert page.locator("#cycles-chart-title").count() == 1
    table = page.get_by_role("table", name="Each cycle compared")
    assert table.get_by_role("columnheader", name="Cycle 2").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
