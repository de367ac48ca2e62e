"""Forms of an alliance: founding, applying, signing, pledging and reporting, the secretariat's desk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


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
