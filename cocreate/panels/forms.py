from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation, User
from cocreate.core import uploads
from cocreate.panels.models import Panel, Recommendation

EXAMPLE_QUOTAS = """Gender: woman = 51%
Gender: man = 49%
Age: 16-34 = 28%
Age: 35-64 = 50%
Age: 65+ = 22%
Education: primary = 20%
Education: secondary = 50%
Education: higher = 30%"""


class PanelForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    size = forms.IntegerField(label=_("Panel size"), min_value=2, max_value=500, initial=24)
    one_per_household = forms.BooleanField(
        label=_("At most one person per household"), required=False, initial=True
    )
    retention_until = forms.DateField(
        label=_("Delete personal data on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After this date only aggregate figures are kept."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention_until"].initial = timezone.localdate() + timedelta(days=365)


class QuotaForm(forms.Form):
    text = forms.CharField(
        label=_("Features and quotas"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=EXAMPLE_QUOTAS,
        help_text=_(
            "One line per value: “Feature: value = 20%” (a share of the population; quotas are set "
            "around it) or “Feature: value = 5-8” (at least 5, at most 8)."
        ),
    )


class PoolUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Volunteers (CSV or XLSX)"),
        help_text=_("Columns: name, email, phone, household (optional), and one column per feature."),
    )

    def clean_file(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        return upload.name, uploads.read_upload(upload, limit=uploads.MAX_TABLE_BYTES)


class AnnounceForm(forms.Form):
    draw_at = forms.DateTimeField(
        label=_("Time of the draw"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Published now; the draw cannot start earlier."),
    )
    seed_source = forms.CharField(
        label=_("Where the public seed comes from"),
        max_length=300,
        help_text=_("E.g. “the numbers of the national lottery drawn on Friday evening”."),
    )
    committed_seed = forms.CharField(
        label=_("Or fix the seed now"),
        max_length=200,
        required=False,
        help_text=_("Only its SHA-256 fingerprint is published now; the seed itself at the draw."),
    )


class SelectionForm(forms.Form):
    seed = forms.CharField(
        label=_("Public seed"),
        max_length=200,
        help_text=_("Announce it before the draw, e.g. the numbers of a national lottery draw on a date."),
    )


class OptionsForm(forms.Form):
    registration_open = forms.BooleanField(label=_("Public registration form is open"), required=False)
    is_public = forms.BooleanField(label=_("Transparency report is public"), required=False)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    household = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_("Only used so that at most one person per household is drawn; stored as a fingerprint."),
    )
    consent = forms.BooleanField(label=_("I agree"))

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feature_names = []
        for feature in panel.features.prefetch_related("values"):
            key = f"feature_{feature.pk}"
            self.feature_names.append((key, feature.name))
            self.fields[key] = forms.ChoiceField(
                label=feature.name,
                choices=[(v.value, v.value) for v in feature.values.all()],
                widget=forms.RadioSelect,
            )
        self.fields["consent"].help_text = panel.consent_text
        self.order_fields(
            ["name", "email", "phone", "household", *[k for k, _n in self.feature_names], "consent"]
        )

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[key] for key, name in self.feature_names}


# --- Recommendations and answers ---------------------------------------------------------------------


def _votes(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10000, required=False)


class RecommendationForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=9999,
        required=False,
        help_text=_("The panel's own number; left empty, the next one."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("The recommendation as the panel wrote it"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    votes_for = _votes(_("Panel members for"))
    votes_against = _votes(_("Against"))
    votes_abstain = _votes(_("Abstained"))


class RecommendationImportForm(forms.Form):
    text = forms.CharField(
        label=_("The panel's recommendations"),
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Paste the list as the panel wrote it. Each recommendation starts on a numbered line "
            "(“1.” or “1)”) with its title; the lines below it are its text."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import_%s")  # the page's other form has a "text" field too
        super().__init__(*args, **kwargs)


class AnswerByForm(forms.Form):
    answer_by = forms.DateField(
        label=_("We will answer every recommendation by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Published with the recommendations; answers not published by then are marked overdue."),
    )


class AnswerForm(forms.Form):
    """The organisation's answer to one recommendation; accepted becomes a commitment."""

    status = forms.ChoiceField(
        label=_("Our answer"),
        choices=[
            (s.value, s.label)
            for s in (
                Recommendation.Status.ACCEPTED,
                Recommendation.Status.PARTLY,
                Recommendation.Status.REJECTED,
            )
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when partly accepted or rejected: what we will not do, and why."),
    )
    commitment_title = forms.CharField(
        label=_("The commitment: what will be done"),
        max_length=200,
        required=False,
        help_text=_("When accepted. Left empty, the recommendation's title."),
    )
    deadline = forms.DateField(
        label=_("Commitment deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When accepted or partly accepted."),
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=180)
