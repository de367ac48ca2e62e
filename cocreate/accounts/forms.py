from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cocreate.accounts import throttle
from cocreate.accounts.models import Organisation, Role


class LoginForm(AuthenticationForm):
    """E-mail and password. One message for every failure, so it never tells whether an address
    has an account; refuses outright once the address is throttled."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("Enter a correct e-mail address and password."),
        "inactive": _("Enter a correct e-mail address and password."),
        "throttled": _(
            "Too many failed log-ins from your network or for this e-mail address. "
            "Wait a few minutes and try again."
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        # Per address and per typed e-mail address, whether or not it has an account.
        account = str(self.data.get("username", "")) or None
        if self.request is not None and throttle.is_locked_out(self.request, account):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if self.request is not None:
                throttle.record_failure(self.request, account)
            raise


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean_full_name(self) -> str:
        name: str = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name", "country", "kind", "size_band"]


NOTIFY_CONSENT_WORDING = _(
    "I agree that Cocreate e-mails me about my contributions. I can withdraw this at any time."
)


class ParticipantForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=50,
        required=False,
        help_text=_("Shown beside what you write. Leave empty to stay anonymous."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Only to tell you what happened to your contributions. Never shown to anyone."),
    )
    consent = forms.BooleanField(label=NOTIFY_CONSENT_WORDING, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("email") and not data.get("consent"):
            self.add_error("consent", _("Tick the box to agree to e-mails, or leave the e-mail empty."))
        return data


class NewOrganisationForm(OrganisationForm):
    """A platform admin creates an organisation and invites its first admin."""

    admin_email = forms.EmailField(
        label=_("E-mail of its first admin"),
        help_text=_("We send this person an invitation to join as organisation admin."),
    )
