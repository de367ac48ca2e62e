from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.privacy.models import PrivacyNotice
from cocreate.privacy.services import Contributions

CONTRIBUTION_CHOICES = [
    (Contributions.ANONYMISE, _("Keep them, anonymised: they are shown as written by “a participant”")),
    (Contributions.DELETE, _("Delete them")),
]


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The address you gave when you took part. We send a code to it."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=6,
        min_length=6,
        help_text=_("Six digits. The code works for 30 minutes."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class EraseForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("What you wrote (ideas, comments, statements)"),
        choices=CONTRIBUTION_CHOICES,
        initial=Contributions.ANONYMISE,
        widget=forms.RadioSelect,
        help_text=_(
            "Where an organisation's policy decides this for its own processes, its policy applies. "
            "Your votes and ratings stay counted without any link to you, so published results do not change."
        ),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))


class NoticeForm(forms.ModelForm[PrivacyNotice]):
    class Meta:
        model = PrivacyNotice
        fields = ["controller", "dpo_contact", "purposes", "retention", "contributions_on_erasure"]
        widgets = {
            "controller": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 5}),
            "retention": forms.Textarea(attrs={"rows": 5}),
            "contributions_on_erasure": forms.RadioSelect,
        }


class PostalRequestForm(forms.Form):
    class Action:
        EXPORT = "export"
        ERASE = "erase"

    email = forms.EmailField(label=_("The person's e-mail address"))
    reference = forms.CharField(
        label=_("Reference of the letter"), max_length=40, help_text=_("Your file number; no personal data.")
    )
    action = forms.ChoiceField(
        label=_("What the person asks for"),
        choices=[(Action.EXPORT, _("A copy of their data")), (Action.ERASE, _("Erasure of their data"))],
        widget=forms.RadioSelect,
    )
    contributions = forms.ChoiceField(
        label=_("Their contributions, if erasing"),
        choices=CONTRIBUTION_CHOICES,
        initial=Contributions.ANONYMISE,
        widget=forms.RadioSelect,
    )
    identity_checked = forms.BooleanField(label=_("I checked that the letter comes from this person."))
