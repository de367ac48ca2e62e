from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Admission
from cocreate.conversations.models import STATEMENT_MAX_LENGTH, Conversation, Statement
from cocreate.journeys.models import Step
from cocreate.renewals.models import Renewal


class ConversationForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("What we ask"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    participants_may_add = forms.BooleanField(
        label=_("Participants may add statements"), required=False, initial=True
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"), choices=Conversation.Moderation.choices, widget=forms.RadioSelect,
        initial=Conversation.Moderation.AFTER,
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("Results are public (when the renewal is public)"), required=False, initial=True
    )
    admission = forms.ChoiceField(
        label=_("Who may take part"), choices=Admission.choices, widget=forms.RadioSelect,
        initial=Admission.OPEN,
        help_text=_("Results count the voices at each level of verification."),
    )  # fmt: skip


class NewConversationForm(ConversationForm):
    step = forms.ModelChoiceField(
        label=_("About one step of the journey"), queryset=Step.objects.none(), required=False
    )

    def __init__(self, *args: Any, renewal: Renewal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if renewal is not None:
            steps = Step.objects.filter(
                stage__journey__renewal=renewal, deleted_at__isnull=True
            ).select_related("stage")
            self.fields["step"].queryset = steps  # type: ignore[attr-defined]

    seed_statements = forms.CharField(
        label=_("Seed statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One statement per line. Short, one idea each, that people can agree or disagree with."),
    )

    def clean_seed_statements(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["seed_statements"].splitlines()]
        lines = [line for line in lines if line]
        too_long = [n for n, line in enumerate(lines, start=1) if len(line) > STATEMENT_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Line %(lines)s is longer than %(n)s characters.")
                % {"lines": ", ".join(map(str, too_long)), "n": STATEMENT_MAX_LENGTH}
            )
        return list(dict.fromkeys(lines))


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One idea, in a sentence others can agree or disagree with."),
    )


class ModerationForm(forms.Form):
    state = forms.ChoiceField(choices=Statement.State.choices)
    reason = forms.CharField(max_length=300, required=False)
