"""Forms of the process log (staff) and of the public challenge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.commitments.models import EVIDENCE_EXTENSIONS, MAX_EVIDENCE_BYTES, evidence_validators
from cocreate.core import uploads
from cocreate.transparency.models import LogEntry


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LogEntry.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=evidence_validators,
        help_text=_("Up to 5 MB: %(types)s.") % {"types": ", ".join(EVIDENCE_EXTENSIONS)},
    )
    participation = forms.CharField(
        label=_("Who took part (counts only)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One stakeholder group a line with its number, for example “Service users: 14”. No names."
        ),
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def clean_participation(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.cleaned_data.get("participation", "").splitlines():
            if not line.strip():
                continue
            group, _sep, number = line.rpartition(":")
            if not group.strip() or not number.strip().isdigit():
                raise forms.ValidationError(
                    _("Write each line as “group: number”, for example “Service users: 14”.")
                )
            counts[group.strip()] = int(number.strip())
        return counts

    def clean_file(self) -> Any:
        """A random name; photos re-encoded without EXIF or GPS; content must match the type."""
        file = self.cleaned_data.get("file")
        if not file:
            return None
        return uploads.clean_document(file, extensions=EVIDENCE_EXTENSIONS, limit=MAX_EVIDENCE_BYTES)


class CommentForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=50,
        required=False,
        help_text=_("Shown with your comment. Leave empty to stay anonymous."),
    )
    text = forms.CharField(
        label=_("Your question or comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
