from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the public"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What went well, what did not, and what you will change in the next cycle."),
    )


class QualityActionForm(forms.Form):
    attribute = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Improvement"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), empty_label=None)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=90)

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class CloseCycleForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What this cycle leaves to the next one, beside the planned improvements."),
    )
