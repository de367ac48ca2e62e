from django.urls import path

from cocreate.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.model_list, name="models"),
    path("<uuid:version_id>/", views.model_detail, name="model"),
    path("<uuid:version_id>/model.dxi", views.model_download, name="model_download"),
    path("<uuid:version_id>/import/", views.model_import, name="model_import"),
]
