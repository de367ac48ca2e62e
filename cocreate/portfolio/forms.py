from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.portfolio.models import Channel


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea
    )
    users = forms.CharField(
        label=_("Who uses it"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people this service is for, in a sentence or two."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How people reach the service today. Select all that apply."),
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the name of the service."))
        return name
