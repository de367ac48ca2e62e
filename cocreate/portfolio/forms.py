from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core import uploads
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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name (required), description, users, channels (separated by “;”, e.g. web;phone). "
            "The first row holds the column names."
        ),
    )

    def clean_file(self) -> str:
        """UTF-8 (with or without BOM), UTF-16 or Windows-1250 (older Slovenian spreadsheet exports)."""
        return uploads.read_text(self.cleaned_data["file"], limit=2 * uploads.MB)


class RankingFilterForm(forms.Form):
    LEVELS = [("", _("Any fit")), ("good", _("Good fit")), ("neutral", _("Some fit")), ("bad", _("Poor fit"))]
    SORTS = [("fit", _("Best fit first")), ("name", _("Name")), ("respondents", _("Most answers"))]
    level = forms.ChoiceField(label=_("Fit"), choices=LEVELS, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *Channel.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
