import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocreate.assessments.models import ModelVersion
from cocreate.readiness import services as readiness_services

pytestmark = pytest.mark.django_db


def test_download_and_reimport_the_readiness_model_unchanged(as_user, platform_admin):
    version = readiness_services.current_version()
    client = as_user(platform_admin)
    dxi = client.get(reverse("assessments:model_download", args=[version.pk])).content
    page = client.get(reverse("assessments:model", args=[version.pk])).content.decode()
    assert "Decision tables" in page and "rules" in page
    upload = SimpleUploadedFile("readiness.dxi", dxi, content_type="application/xml")
    response = client.post(
        reverse("assessments:model_import", args=[version.pk]), {"dxi": upload, "note": "same"}
    )
    assert response.status_code == 302
    new = ModelVersion.objects.get(family=version.family, number=2)
    assert new.dxi == version.dxi  # the same model, a new version number
    assert new.questions.count() == version.questions.count()
    assert new.questions.order_by("order").first().text == version.questions.order_by("order").first().text


def test_a_broken_upload_names_the_problem_and_adds_no_version(as_user, platform_admin):
    version = readiness_services.current_version()
    client = as_user(platform_admin)
    broken = version.dxi.replace("<LOW>", "<LOW>9", 1)  # a value outside the scale in the first table
    upload = SimpleUploadedFile("bad.dxi", broken.encode(), content_type="application/xml")
    response = client.post(reverse("assessments:model_import", args=[version.pk]), {"dxi": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert ModelVersion.objects.filter(family=version.family).count() == 1


def test_only_platform_admins_import(as_user, org_admin):
    version = readiness_services.current_version()
    assert as_user(org_admin).get(reverse("assessments:model_import", args=[version.pk])).status_code == 403
