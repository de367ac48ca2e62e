from __future__ import annotations

from typing import Any

from django import forms

from cocreate.notifications.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind the person is offered (`selectors.kinds_for`); the default is no e-mail."""

    def __init__(self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in kinds if kinds is not None else Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, widget=forms.RadioSelect, initial=Delivery.OFF
            )

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in self.fields}
