from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.journeys.models import CONTRIBUTION_MAX_LENGTH, Contribution, Persona, Step
from cocreate.portfolio.models import Channel

FEELINGS = [
    (-2, _("Very bad")),
    (-1, _("Bad")),
    (0, _("Neither good nor bad")),
    (1, _("Good")),
    (2, _("Very good")),
]


class PersonaForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Persona
        fields = [
            "name",
            "situation",
            "goals",
            "needs",
            "frustrations",
            "digital_skills",
            "accessibility_needs",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["situation", "goals", "needs", "frustrations", "accessibility_needs"]
        }


class MapForm(forms.Form):
    title = forms.CharField(label=_("Title of the journey"), max_length=200)
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=Persona.objects.none(), required=False)

    def __init__(self, *args: Any, renewal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = renewal.personas.all()  # type: ignore[attr-defined]


class StageForm(forms.Form):
    title = forms.CharField(label=_("Stage"), max_length=120)


class RenameStageForm(forms.Form):
    title = forms.CharField(label=_("New name of the stage"), max_length=120)


class StepForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    action = forms.CharField(
        label=_("What the user does"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    touchpoint = forms.CharField(label=_("Touchpoint"), max_length=200, required=False)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    front_stage = forms.CharField(label=_("Front-stage actor"), max_length=200, required=False)
    back_stage = forms.CharField(
        label=_("Back-stage process"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=Step.Evidence.choices, initial=Step.Evidence.ASSUMED
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EditStepForm(StepForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your words"), max_length=CONTRIBUTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Contribution.Status.choices)
    reason = forms.CharField(
        label=_("Answer (public)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    to_be_step = forms.ModelChoiceField(
        label=_("Changes this step of the to-be map"), queryset=Step.objects.none(), required=False
    )

    def __init__(self, *args: Any, to_be_steps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if to_be_steps is not None:
            self.fields["to_be_step"].queryset = to_be_steps  # type: ignore[attr-defined]


class BlockedWordsForm(forms.Form):
    words = forms.CharField(
        label=_("Blocked words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. A contribution with one of them waits for a moderator."),
    )
