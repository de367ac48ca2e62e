"""Forms of an alliance: founding, applying, signing, pledging and reporting, the secretariat's desk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocreate.accounts.models import Organisation
from cocreate.alliances.models import Alliance, WorkingGroup


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
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("What this pledge adds toward the alliance's shared target."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=50)
    year = forms.IntegerField(label=_("By year"), min_value=2000, max_value=2100)


class PledgeForm(OrganisationChoiceForm, PledgeEditForm):
    publish = forms.BooleanField(
        label=_("Show on the public page"),
        required=False,
        initial=True,
        help_text=_("Leave it unticked to keep a draft that only your organisation and the secretariat see."),
    )


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


def _moment(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Meeting"), max_length=200)
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("The whole alliance"),
    )
    starts_at = _moment(_("Starts"))
    ends_at = _moment(_("Ends"), required=False)
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For those who join online."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=pgettext_lazy("record of a meeting", "Minutes"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a meeting that has already taken place."),
    )

    def __init__(self, *args: Any, alliance: Alliance | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = alliance.working_groups.all() if alliance is not None else WorkingGroup.objects.none()
        self.fields["working_group"].queryset = groups  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class AgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item a line, in the order they will be discussed."),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("record of a meeting", "Minutes"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("What was decided"), max_length=200)
    details = forms.CharField(
        label=_("Details"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
