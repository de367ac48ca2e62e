"""Your data in the browser: a guest gives feedback with e-mail consent, later reaches their data
from another device with a code sent to that e-mail, downloads it, erases it — and is gone."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core import mail

from cocreate.accounts.models import GuestParticipant
from cocreate.journeys.models import JourneyMap, Stage, Step
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import PHONE, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "mira.feedback@example.net"
PAIN = "The form asks for documents I do not have."


def _code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def _prove_email(device: Visitor) -> Any:
    page = device.goto("/privacy/")
    page.get_by_label("Your e-mail address").fill(EMAIL)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_selector("h1:has-text('Type the code')")
    device.after_navigation()
    page.get_by_label("Code from the e-mail").fill(_code())
    page.get_by_role("button", name="Show my data").click()
    page.wait_for_selector("h1:has-text('Your data')")
    device.after_navigation()
    return page


def test_guest_takes_and_erases_their_data(browser: Any, live_server: Any, org: Any) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = JourneyMap.objects.create(renewal=renewal, title="Getting home care", participation_open=True)
    Step.objects.create(
        stage=Stage.objects.create(journey=journey, title="Applying"), title="Fills in the form"
    )

    # On their phone: feedback, then an e-mail with consent.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = Visitor(context.new_page(), live_server.url)
    page = phone.goto(f"/j/{journey.pk}/")
    assert page.locator(f"footer a[href='/privacy/o/{org.pk}/']").count() == 1
    page.locator("summary:has-text('Add a pain point')").click()
    page.get_by_label("Your words").fill(PAIN)
    page.get_by_role("button", name="It was a problem").click()
    page.wait_for_selector("text=The organisation will answer")
    phone.after_navigation()
    page = phone.goto("/accounts/participant/")
    page.get_by_label("Nickname (optional)").fill("Mira")
    page.get_by_label("E-mail (optional)").fill(EMAIL)
    page.get_by_label("I agree that Cocreate e-mails me").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Saved")
    context.close()
    assert GuestParticipant.objects.filter(email=EMAIL).exists()

    # Later, on a computer: a code to the e-mail, the summary, the download, the erasure.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = Visitor(context.new_page(), live_server.url)
    page = _prove_email(desk)
    assert page.locator(f"text={PAIN}").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    data = archive.read("data.json").decode()
    assert PAIN in data and "Mira" in data
    page.get_by_role("link", name="Erase my data").click()
    page.wait_for_selector("h1:has-text('Erase my data')")
    desk.after_navigation()
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase my data now").click()
    page.wait_for_selector("text=Your data has been erased.")
    desk.after_navigation()
    assert not GuestParticipant.objects.filter(email=EMAIL).exists()

    # The same e-mail finds nothing any more.
    page = _prove_email(desk)
    assert page.locator(f"text={PAIN}").count() == 0
    assert page.locator("h3:has-text('Your guest identity')").count() == 0
    assert page.locator("h3:has-text('Your pain points')").count() == 0
    context.close()
