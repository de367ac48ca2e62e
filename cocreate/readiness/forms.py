from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.countries import COUNTRIES
from cocreate.accounts.models import Organisation, User
from cocreate.readiness.models import ImprovementAction
from cocreate.renewals.models import Renewal


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example “Spring 2027”."))


class MemberChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class InviteForm(forms.Form):
    colleagues = MemberChoiceField(
        label=_("Colleagues to invite"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        self.fields["colleagues"].queryset = members  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    attribute = forms.CharField(widget=forms.HiddenInput)
    entry = forms.UUIDField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Action"), max_length=200)
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


class CommitActionForm(forms.Form):
    renewal = forms.ModelChoiceField(label=_("Renewal"), queryset=Renewal.objects.none(), empty_label=None)

    def __init__(self, *args: Any, renewals: list[Renewal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Renewal.objects.filter(pk__in=[r.pk for r in renewals]).order_by("title")
        self.fields["renewal"].queryset = queryset  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementAction.Status.choices)


class BenchmarkFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Any type")), *Organisation.Kind.choices],
    )
    size_band = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("Any size")), *Organisation.SizeBand.choices]
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any country")), *COUNTRIES]
    )
