from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.portfolio.models import Service, ServiceAssessment
from cocreate.renewals.models import Renewal


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class RenewalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(
        label=_("Goal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should be better for the service's users?"),
    )
    team = TeamChoiceField(
        label=_("Team"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Renewal.Visibility.choices,
        initial=Renewal.Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        self.fields["team"].queryset = members  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title


class NewRenewalForm(RenewalForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    coserve_assessment = forms.ModelChoiceField(
        queryset=ServiceAssessment.objects.none(), required=False, widget=forms.HiddenInput
    )
    field_order = ["service", "title", "goal", "team", "visibility"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        assessments = ServiceAssessment.objects.filter(service__organisation=organisation)
        self.fields["coserve_assessment"].queryset = assessments  # type: ignore[attr-defined]
        services = organisation.services.filter(archived_at__isnull=True)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class EditRenewalForm(RenewalForm):
    status = forms.ChoiceField(label=_("Status"), choices=Renewal.Status.choices)
    field_order = ["title", "goal", "status", "team", "visibility"]
