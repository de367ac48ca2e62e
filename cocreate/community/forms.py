from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.countries import COUNTRIES
from cocreate.accounts.models import Organisation
from cocreate.community.models import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    Event,
    GoodPractice,
    MethodCard,
    Profile,
)
from cocreate.core import uploads

ANY = [("", _("Any"))]


class ProfileForm(forms.ModelForm[Profile]):
    class Meta:
        model = Profile
        fields = [
            "organisation",
            "institution_text",
            "role_title",
            "country",
            "skills",
            "methods",
            "languages",
            "interests",
            "visibility",
            "contactable",
        ]
        widgets = {"visibility": forms.RadioSelect}
        help_texts = {
            "skills": _("Separate with commas, e.g. facilitation, service design."),
            "methods": _("e.g. World Café, journey mapping."),
            "languages": _("e.g. English, Slovenian."),
            "contactable": _(
                "Your e-mail address is never shown. You choose whether to share it when you reply."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name, skill or interest"), max_length=200, required=False)
    method = forms.CharField(label=_("Method practised"), max_length=100, required=False)
    language = forms.CharField(label=_("Language"), max_length=50, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=ANY + list(COUNTRIES), required=False)


class ContactForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    share_email = forms.BooleanField(
        label=_("Share my e-mail address so that they can reply directly"), required=False
    )


class PracticeForm(forms.ModelForm[GoodPractice]):
    class Meta:
        model = GoodPractice
        fields = [
            "title",
            "problem",
            "context",
            "method",
            "result",
            "lessons",
            "country",
            "sector",
            "tags",
            "attachment",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ["problem", "context", "result", "lessons"]
        }

    def clean_attachment(self) -> Any:
        """A new upload gets a random name (photos re-encoded without EXIF or GPS); a kept file stays."""
        file = self.cleaned_data.get("attachment")
        if not file or not isinstance(file, UploadedFile):
            return file
        return uploads.clean_document(file, extensions=ATTACHMENT_TYPES, limit=MAX_ATTACHMENT_BYTES)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the author change?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PracticeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search good practices"), max_length=200, required=False)
    method = forms.ChoiceField(label=_("Method"), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=ANY + list(COUNTRIES), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=ANY + list(GoodPractice.Sector.choices), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ANY + list(MethodCard.objects.values_list("key", "name"))  # type: ignore[attr-defined]


class EventForm(forms.ModelForm[Event]):
    class Meta:
        model = Event
        fields = ["kind", "title", "description", "starts_at", "ends_at", "location", "capacity"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class AmbassadorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cocreate.accounts.models import User

        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation
        ).order_by("full_name")


class NewsletterForm(forms.Form):
    audience = forms.ChoiceField(label=_("To the subscribers of"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text."),
    )

    def __init__(self, *args: Any, audiences: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences  # type: ignore[attr-defined]
