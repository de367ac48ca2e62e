import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import GuestParticipant, Invitation, Membership, Role
from cocreate.accounts.tests.factories import DEFAULT_PASSWORD, InvitationFactory

pytestmark = pytest.mark.django_db


def test_login_is_throttled_after_ten_failures_from_one_address(staff):
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = reverse("accounts:login")
    for n in range(10):  # ten different addresses typed: the address of the network is what counts
        response = client.post(url, {"username": f"guess{n}@example.org", "password": "wrong"})
        assert "Enter a correct e-mail address and password." in response.content.decode()
    # Even the right password is now refused from this address…
    response = client.post(url, {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    # …but not from another one.
    other = Client(REMOTE_ADDR="198.51.100.1")
    assert other.post(url, {"username": staff.email, "password": DEFAULT_PASSWORD}).status_code == 302


def test_login_does_not_reveal_whether_an_account_exists(staff):
    client = Client()
    url = reverse("accounts:login")
    unknown = client.post(url, {"username": "nobody@example.org", "password": "x"}).content.decode()
    wrong = client.post(url, {"username": staff.email, "password": "x"}).content.decode()
    message = "Enter a correct e-mail address and password."
    assert message in unknown and message in wrong


def test_password_reset_does_not_reveal_accounts(staff):
    client = Client()
    for email in (staff.email, "nobody@example.org"):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1


def test_login_switches_to_the_users_language(staff):
    staff.language = "sl"
    staff.save()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert response.cookies["cocreate_language"].value == "sl"


def test_sign_up_by_invitation_keeps_input_on_error_then_works(org):
    invitation = InvitationFactory(organisation=org, token="tok-1", role=Role.STAFF)
    client = Client()
    url = reverse("accounts:accept_invitation", args=["tok-1"])
    response = client.post(
        url, {"full_name": "Nina Novak", "password1": "short", "password2": "short", "language": "en"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and 'value="Nina Novak"' in body
    response = client.post(
        url,
        {
            "full_name": "Nina Novak",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=org, user__email=invitation.email).exists()
    # Single use: the same link now explains it cannot be used.
    assert Client().get(url).status_code == 410


def test_unknown_invitation_token_is_404(db):
    assert Client().get(reverse("accounts:accept_invitation", args=["nope"])).status_code == 404


def test_switching_to_an_organisation_one_does_not_belong_to_is_404(as_user, staff, other_org):
    client = as_user(staff)
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": str(other_org.pk)})
    assert response.status_code == 404


def test_guest_identity_is_signed_and_tamper_proof(db):
    client = Client()
    response = client.post(reverse("accounts:participant"), {"nickname": "Mo", "email": "", "consent": ""})
    assert response.status_code == 302
    participant = GuestParticipant.objects.get()
    assert participant.nickname == "Mo"
    cookie = client.cookies["cocreate_participant"].value
    again = Client()
    again.cookies["cocreate_participant"] = cookie
    again.post(reverse("accounts:participant"), {"nickname": "Mo B", "email": "", "consent": ""})
    participant.refresh_from_db()
    assert participant.nickname == "Mo B"  # the same browser keeps its identity
    forged = Client()
    forged.cookies["cocreate_participant"] = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    forged.post(reverse("accounts:participant"), {"nickname": "Eve", "email": "", "consent": ""})
    participant.refresh_from_db()
    assert participant.nickname == "Mo B"  # the forged cookie did not reach Mo's identity
    assert GuestParticipant.objects.count() == 2


def test_invite_form_sends_and_shows_link(as_user, org, org_admin, django_capture_on_commit_callbacks):
    client = as_user(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:members", args=[org.pk]), {"email": "new@example.org", "role": "staff"}
        )
    assert response.status_code == 200
    assert "data-invitation-link" in response.content.decode()
    assert len(mail.outbox) == 1


def test_platform_admin_sets_up_an_organisation_with_its_first_admin(
    as_user, platform_admin, django_capture_on_commit_callbacks
):
    client = as_user(platform_admin)
    data = {
        "name": "City of Kranj",
        "country": "SI",
        "kind": "municipality",
        "size_band": "large",
        "admin_email": "boss@kranj.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:organisation_create"), data)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="boss@kranj.example")
    assert invitation.role == Role.ADMIN and invitation.organisation.name == "City of Kranj"
    assert len(mail.outbox) == 1


def test_e_mail_confirmation_two_steps_each_its_own_action(django_capture_on_commit_callbacks):
    client = Client()
    page, send, check = (
        reverse(f"accounts:{name}") for name in ("confirm_email", "send_email_code", "check_email_code")
    )
    assert f'action="{send}"' in client.get(page).content.decode()
    assert client.post(page, {"email": "ana@example.org"}).status_code == 405  # the page only reads
    refused = client.post(send, {"email": "not-an-address", "next": "/j/"})
    assert refused.status_code == 400
    assert "Enter an e-mail address like name@example.org." in refused.content.decode()
    assert 'value="not-an-address"' in refused.content.decode() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(send, {"email": "Ana@Example.org", "next": "/j/"})
    assert sent.status_code == 302 and sent["Location"] == page + "?next=/j/"
    code = mail.outbox[-1].body.split("code is ")[1][:6]
    assert f'action="{check}"' in client.get(sent["Location"]).content.decode()
    wrong = client.post(check, {"code": "000000" if code != "000000" else "111111", "next": "/j/"})
    assert wrong.status_code == 400 and "This code is not right." in wrong.content.decode()
    confirmed = client.post(check, {"code": code, "next": "/j/"})
    assert confirmed.status_code == 302 and confirmed["Location"] == "/j/"
    assert GuestParticipant.objects.get(email="ana@example.org").email_confirmed_at is not None
