from django.urls import path

from cocreate.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("download/", views.download, name="download"),
    path("erase/", views.erase, name="erase"),
    path("request/", views.request_code, name="request_code"),
    path("request/<uuid:access_id>/", views.confirm_code, name="confirm_code"),
    path("o/<uuid:organisation_id>/", views.notice, name="notice"),
    path("o/<uuid:organisation_id>/edit/", views.notice_edit, name="notice_edit"),
    path("o/<uuid:organisation_id>/processing.csv", views.processing, name="processing"),
    path("o/<uuid:organisation_id>/requests/", views.postal, name="postal"),
]
