"""Reading a model (its tree, scales and decision tables, as an expert would check them),
downloading its .dxi, and importing a new version."""

from __future__ import annotations

import itertools
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.access import user_of
from cocreate.assessments import selectors, services
from cocreate.assessments.models import ModelVersion
from cocreate.core import uploads
from cocreate.core.access import rule
from cocreate.core.breadcrumbs import trail
from cocreate.core.forms import add_errors

MAX_DXI_BYTES = 2 * 1024 * 1024

MODELS = trail(gettext_lazy("Assessment models"), "assessments:models")


def _version(request: HttpRequest, version_id: UUID) -> ModelVersion:
    return selectors.get_version(version_id)


@rule("assessments.view_model")
def model_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/model_list.html", {"families": selectors.families()})


@rule("assessments.view_model", _version)
def model_detail(request: HttpRequest, version: ModelVersion) -> HttpResponse:
    compiled = version.compiled
    rows: list[dict[str, Any]] = []
    for info in compiled.index.infos:
        att = info.attribute
        table: list[dict[str, Any]] = []
        if att.table is not None and len(att.table.low) <= 243:
            children = list(att.children)
            for combo, (low, high) in zip(
                itertools.product(*(range(c.scale.size) for c in children)),
                zip(att.table.low, att.table.high, strict=True),
                strict=True,
            ):
                table.append(
                    {
                        "inputs": [
                            version.value_label(compiled.index.children_ids(info.id)[k], v)
                            for k, v in enumerate(combo)
                        ],
                        "output": version.value_label(info.id, low)
                        if low == high
                        else f"{version.value_label(info.id, low)} – {version.value_label(info.id, high)}",
                    }
                )
        rows.append(
            {
                "id": info.id,
                "name": version.attribute_name(info.id),
                "level": info.level,
                "values": [version.value_label(info.id, i) for i in range(att.scale.size)],
                "children": [version.attribute_name(c) for c in compiled.index.children_ids(info.id)],
                "table": table,
                "rules": len(att.table.low) if att.table is not None else 0,
            }
        )
    return render(
        request,
        "assessments/model_detail.html",
        {"version": version, "rows": rows, "breadcrumbs": MODELS.here(str(version))},
    )


@rule("assessments.view_model", _version)
def model_download(request: HttpRequest, version: ModelVersion) -> HttpResponse:
    response = HttpResponse(version.dxi, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.family.key}-v{version.number}.dxi"'
    return response


class ImportForm(forms.Form):
    dxi = forms.FileField(label=gettext_lazy("DEXi file (.dxi)"))
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300, required=False)

    def clean_dxi(self) -> str:
        data = uploads.read_upload(self.cleaned_data["dxi"], limit=MAX_DXI_BYTES)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not a text file in UTF-8; export it from DEXi again.")
            ) from None


@rule("assessments.import_model", _version)
def model_import(request: HttpRequest, version: ModelVersion) -> HttpResponse:
    """A new version of the same family; its questionnaire keeps the current question texts."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        texts: dict[str, Any] = {
            "attributes": version.texts.get("attributes", {}),
            "values": version.texts.get("values", {}),
        }
        for q in version.questions.all():
            key = f"questions_{q.audience}" if q.audience else "questions"
            texts.setdefault(key, []).append(
                {
                    "attribute": q.attribute,
                    "text": q.text,
                    "help": q.help,
                    "options": q.options,
                    "dont_know": q.allow_dont_know,
                }
            )
        try:
            new = services.import_version(
                actor=user_of(request),
                family_key=version.family.key,
                dxi_text=form.cleaned_data["dxi"],
                texts=texts,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Version %(n)s imported. Rounds opened from now on use it.") % {"n": new.number}
            )
            return redirect("assessments:model", new.pk)
    breadcrumbs = MODELS.then(str(version), "assessments:model", version.pk).here(_("Import"))
    return render(
        request,
        "assessments/model_import.html",
        {"version": version, "form": form, "breadcrumbs": breadcrumbs},
    )
