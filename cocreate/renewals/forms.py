from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.portfolio import selectors as portfolio
from cocreate.portfolio.models import Service, ServiceAssessment
from cocreate.renewals.advice import REASON_HEADING, needs_reason
from cocreate.renewals.models import Renewal


class TeamChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
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
    field_order = ["service", "reason_against_advice", "title", "goal", "team", "visibility"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        assessments = ServiceAssessment.objects.filter(service__organisation=organisation)
        self.fields["coserve_assessment"].queryset = assessments  # type: ignore[attr-defined]
        services = organisation.services.filter(archived_at__isnull=True)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        # Co-Serve's word on the chosen service; against an "inform" or "consult" advice the form
        # asks why (the service refuses a renewal without that reason, too).
        self.coserve = self._coserve(services, assessments)
        advice = self.coserve.participation if self.coserve else None
        if needs_reason(advice):
            assert advice is not None
            self.fields["reason_against_advice"] = forms.CharField(
                label=str(REASON_HEADING[advice]).rstrip(":"),
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Published next to Co-Serve's advice on the renewal's public page."),
                error_messages={
                    "required": _("Say why you co-create this service against Co-Serve's advice.")
                },
            )
            self.order_fields(self.field_order)

    def _value(self, name: str) -> Any:
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _coserve(self, services: Any, assessments: Any) -> portfolio.CoServeSummary | None:
        try:
            service = services.filter(pk=self._value("service")).first()
            assessment = assessments.filter(pk=self._value("coserve_assessment"), service=service).first()
        except (ValueError, TypeError, DjangoValidationError):
            return None
        if service is None:
            return None
        if assessment is not None:
            return portfolio.coserve_summary(assessment)
        return portfolio.latest_summary(service)


class EditRenewalForm(RenewalForm):
    # The status follows from the work done in the cycle; closing the renewal is the one choice.
    closed = forms.BooleanField(
        label=_("The renewal is closed"),
        required=False,
        help_text=_("Its status otherwise follows from the work done in the current cycle."),
    )
    field_order = ["title", "goal", "team", "visibility", "closed"]
