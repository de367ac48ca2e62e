"""The questionnaire of a model version as a Django form, shared by Co-Ready, Co-Serve and Co-Master."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.assessments.models import DONT_KNOW, ModelVersion, Question
from cocreate.core.i18n import translated


class QuestionnaireForm(forms.Form):
    """One radio group per question. Nothing is required while saving a draft; on submit every
    question needs an answer ("don't know" counts as one)."""

    def __init__(
        self, *args: Any, version: ModelVersion, audience: str = "", submitting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.submitting = submitting
        self.questions: list[Question] = list(version.questions.filter(audience=audience).order_by("order"))
        for question in self.questions:
            choices = question.choices()
            if question.allow_dont_know:
                choices.append((DONT_KNOW, str(_("Don't know"))))
            self.fields[question.attribute] = forms.ChoiceField(
                label=translated(question.text),
                help_text=translated(question.help),
                choices=choices,
                required=submitting,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer, or “Don't know”.")},
            )

    def answers(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """Questions grouped under the top-level categories of the model (the root's children)."""
        compiled = self.version.compiled
        root = compiled.ids[0]
        groups: dict[str, list[forms.BoundField]] = {}
        for question in self.questions:
            ancestors = compiled.index.ancestors(question.attribute)
            category = next((a for a in ancestors if compiled.index.by_id[a].parent == root), root)
            groups.setdefault(category, []).append(self[question.attribute])
        return [
            (self.version.attribute_name(c), self.version.attribute_description(c), fields)
            for c, fields in groups.items()
        ]
