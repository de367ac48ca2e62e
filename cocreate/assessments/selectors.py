from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from cocreate.assessments.models import ModelFamily, ModelVersion


def get_version(version_id: UUID) -> ModelVersion:
    return get_object_or_404(ModelVersion.objects.select_related("family"), pk=version_id)


def families() -> list[ModelFamily]:
    return list(ModelFamily.objects.prefetch_related("versions"))
