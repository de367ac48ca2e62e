from django.urls import path

from cocreate.portfolio import coserve_views, views

app_name = "portfolio"
urlpatterns = [
    path("", views.service_list, name="services"),
    path("new/", views.service_create, name="service_create"),
    path("import/", coserve_views.service_import, name="service_import"),
    path("ranking/", coserve_views.ranking, name="ranking"),
    path("compare/", coserve_views.compare, name="compare"),
    path("<uuid:service_id>/coserve/", coserve_views.coserve_answer, name="coserve"),
    path("<uuid:service_id>/coserve/start/", coserve_views.coserve_start, name="coserve_start"),
    path("<uuid:service_id>/coserve/autosave/", coserve_views.coserve_autosave, name="coserve_autosave"),
    path("<uuid:service_id>/coserve/results/", coserve_views.coserve_results, name="coserve_results"),
    path("<uuid:service_id>/", views.service_detail, name="service"),
    path("<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("<uuid:service_id>/archive/", views.service_archive, name="service_archive"),
]
