"""Form rendering shared by every app: GOV.UK-style accessible fields and error summary."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors where the field exists,
    the rest at the top. The form keeps everything that was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
