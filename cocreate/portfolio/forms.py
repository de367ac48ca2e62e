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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name (required), description, users, channels (separated by “;”, e.g. web;phone). "
            "The first row holds the column names."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1250"):  # cp1250: older Slovenian spreadsheet exports
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is not readable text; save it as CSV (UTF-8)."))


class RankingFilterForm(forms.Form):
    LEVELS = [("", _("Any fit")), ("good", _("Good fit")), ("neutral", _("Some fit")), ("bad", _("Poor fit"))]
    SORTS = [("fit", _("Best fit first")), ("name", _("Name")), ("respondents", _("Most answers"))]
    level = forms.ChoiceField(label=_("Fit"), choices=LEVELS, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *Channel.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
