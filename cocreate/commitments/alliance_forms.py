"""Forms of an alliance's commitments: a meeting's decision made a commitment of the alliance."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.alliances.models import Alliance


class DecisionCommitmentForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("A member of the alliance that answers for it."),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Someone of the responsible organisation; they get the reminders."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    publish = forms.BooleanField(label=_("Show on the public page"), required=False, initial=True)

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Organisation.objects.filter(
            pk__in=alliance.active_members().values_list("organisation", flat=True)
        ).order_by("name")
        people = User.objects.filter(memberships__organisation__in=members, is_active=True).distinct()
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = people.order_by("full_name")  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=90)
