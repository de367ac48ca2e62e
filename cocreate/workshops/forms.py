from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core import uploads
from cocreate.journeys.models import Step
from cocreate.panels.models import Panel
from cocreate.workshops.models import ScriptBlock, Session, Workshop


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Workshop.Format.choices, widget=forms.RadioSelect)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Capacity"), min_value=2, max_value=1000, initial=30)
    registration = forms.ChoiceField(
        label=_("Registration"), choices=Workshop.Registration.choices, initial=Workshop.Registration.OPEN
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Step-free access, hearing loop, interpretation, quiet room …"),
    )
    tables_count = forms.IntegerField(label=_("Tables (World Café)"), min_value=1, max_value=100, initial=6)
    table_size = forms.IntegerField(label=_("Seats per table"), min_value=2, max_value=12, initial=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = (timezone.localtime() + timedelta(days=14)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        self.fields["starts_at"].initial = start.strftime("%Y-%m-%dT%H:%M")
        self.fields["ends_at"].initial = (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")


class PeopleForm(forms.Form):
    text = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: “Name; stakeholder group; host 3” (group and host optional)."),
    )


class PanelForm(forms.Form):
    panel = forms.ModelChoiceField(
        label=_("Or invite the members of a panel"),
        queryset=Panel.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose a panel."), "invalid_choice": _("Choose a panel.")},
    )

    def __init__(self, *args: Any, panels: QuerySet[Panel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["panel"]
        field.queryset = panels  # type: ignore[attr-defined]
        field.label_from_instance = lambda panel: panel.title  # type: ignore[attr-defined]


class BlockForm(forms.Form):
    title = forms.CharField(label=_("Block"), max_length=120)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    role = forms.ChoiceField(label=_("Led by"), choices=ScriptBlock.Role.choices)
    details = forms.CharField(
        label=_("Questions, materials, notes"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoundForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=180, initial=20)


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    group = forms.CharField(
        label=_("You come as"),
        max_length=80,
        required=False,
        help_text=_("For example: service user, family member, staff, NGO."),
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Your session"), max_length=200)
    description = forms.CharField(
        label=_("What it is about"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Notes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    round_number = forms.IntegerField(label=_("Round"), min_value=1, required=False)
    table = forms.IntegerField(label=_("Table"), min_value=1, required=False)
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sessions = workshop.sessions.all()
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        if workshop.format != Workshop.Format.OPEN_SPACE:
            del self.fields["session"]  # notes of a World Café name their round and table

    def clean_photo(self) -> Any:
        """Decoded and re-encoded (JPEG, PNG, WebP), without EXIF or GPS, under a random name."""
        photo = self.cleaned_data.get("photo")
        return uploads.clean_image(photo) if photo else None


class IdeaForm(forms.Form):
    """A harvest note becomes an idea on one step of the renewal's journey."""

    step = forms.ModelChoiceField(
        label=_("Make it an idea for"),
        queryset=Step.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose a step of this workshop's renewal."),
            "invalid_choice": _("Choose a step of this workshop's renewal."),
        },
    )

    def __init__(self, *args: Any, steps: QuerySet[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps  # type: ignore[attr-defined]
