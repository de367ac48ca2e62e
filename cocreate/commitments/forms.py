from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.commitments.models import (
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_BYTES,
    Commitment,
    LogEntry,
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


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For the organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ApplyForm(OrganisationChoiceForm):
    motivation = forms.CharField(
        label=_("Why we want to join"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PledgeEditForm(forms.Form):
    title = forms.CharField(label=_("What we pledge"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=50)
    year = forms.IntegerField(label=_("By year"), min_value=2000, max_value=2100)


class PledgeForm(OrganisationChoiceForm, PledgeEditForm):
    pass


class PledgeReportForm(forms.Form):
    period_end = _date(_("Up to"))
    amount = forms.DecimalField(
        label=_("Amount reached"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("The total reached by that date, not the increase."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_end"].initial = timezone.localdate()

    def clean_period_end(self) -> Any:
        value = self.cleaned_data["period_end"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Report what has been reached: the date cannot be in the future."))
        return value


class AllianceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    target_amount = forms.DecimalField(label=_("Shared target"), min_value=0, max_digits=14, decimal_places=2)
    target_unit = forms.CharField(label=_("Unit"), max_length=50, help_text=_("For example: tonnes per year"))
    target_date = _date(_("Target date"))
    declaration = forms.CharField(
        label=_("Declaration"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    is_public = forms.BooleanField(label=_("Public page"), required=False, initial=True)


class DeclarationForm(forms.Form):
    text = forms.CharField(
        label=_("New version of the declaration"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class WorkingGroupForm(forms.Form):
    name = forms.CharField(label=_("Working group"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Meeting"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
