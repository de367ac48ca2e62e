from __future__ import annotations

from uuid import UUID

from django.http import Http404

from cocreate.assessments.models import ModelFamily, ModelVersion


def get_version(version_id: UUID) -> ModelVersion:
    try:
        return ModelVersion.objects.select_related("family").get(pk=version_id)
    except ModelVersion.DoesNotExist:
        raise Http404 from None


def families() -> list[ModelFamily]:
    return list(ModelFamily.objects.prefetch_related("versions"))
