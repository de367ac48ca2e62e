from django.urls import path

from cocreate.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.service_list, name="services"),
    path("new/", views.service_create, name="service_create"),
    path("<uuid:service_id>/", views.service_detail, name="service"),
    path("<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("<uuid:service_id>/archive/", views.service_archive, name="service_archive"),
]
