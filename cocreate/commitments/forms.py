"""Forms of commitments: adding one, its status and its progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.commitments.models import (
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_BYTES,
    Commitment,
    evidence_validators,
)
from cocreate.core import uploads


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    why = forms.CharField(
        label=_("Why"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = forms.CharField(
        label=_("Findings it answers"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Links or references, one a line."),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )
    deadline = _date(_("Deadline"))
    publish = forms.BooleanField(label=_("Show on the public page"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=90)


class FromSourceForm(forms.Form):
    """“Make it a commitment” of an idea, a finding or an outcome: the title comes prefilled from
    its words; the deadline and the person responsible (a member of the organisation) are asked."""

    title = forms.CharField(label=_("What will be done"), max_length=200)
    deadline = _date(_("Deadline"))
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=User.objects.none())
    publish = forms.BooleanField(label=_("Show on the public page"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, title: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation, is_active=True)
        self.fields["responsible"].queryset = members.order_by("full_name")  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=90)
        self.fields["title"].initial = prefilled_title(title)


def prefilled_title(text: str) -> str:
    """The first 200 characters of the words, cut at a word where possible."""
    text = " ".join(text.split())
    if len(text) <= 200:
        return text
    cut = text[:199].rsplit(" ", 1)[0]
    return cut + "…"


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    drop_reason = forms.CharField(
        label=_("Why it was dropped"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the status is “Dropped”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Commitment.Status.DROPPED and not data.get("drop_reason", "").strip():
            self.add_error("drop_reason", _("Say why the commitment was dropped."))
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.URLField(label=_("Link to evidence"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        validators=evidence_validators,
        help_text=_("Up to 5 MB: %(types)s.") % {"types": ", ".join(EVIDENCE_EXTENSIONS)},
    )

    def clean_file(self) -> Any:
        """A random name; photos re-encoded without EXIF or GPS; content must match the type."""
        file = self.cleaned_data.get("file")
        if not file:
            return None
        return uploads.clean_document(file, extensions=EVIDENCE_EXTENSIONS, limit=MAX_EVIDENCE_BYTES)
