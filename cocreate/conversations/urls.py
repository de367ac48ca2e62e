from django.urls import path

from cocreate.conversations import views

app_name = "conversations"
urlpatterns = [
    path("renewals/<uuid:renewal_id>/new/", views.create, name="create"),
    path("<uuid:conversation_id>/", views.manage, name="manage"),
    path("<uuid:conversation_id>/edit/", views.edit, name="edit"),
    path("<uuid:conversation_id>/codes/", views.codes, name="codes"),
    path("<uuid:conversation_id>/status/", views.set_status, name="set_status"),
    path("<uuid:conversation_id>/statements/", views.add_seed, name="add_seed"),
    path("<uuid:conversation_id>/statements/<uuid:statement_id>/moderate/", views.moderate, name="moderate"),
    path(
        "<uuid:conversation_id>/statements/<uuid:statement_id>/commitment/",
        views.finding_commitment,
        name="finding_commitment",
    ),
]
public_urlpatterns = [
    path("<uuid:conversation_id>/", views.participate, name="participate"),
    path("<uuid:conversation_id>/results/", views.results, name="results"),
    path("<uuid:conversation_id>/results/live/", views.results_live, name="results_live"),
    path("<uuid:conversation_id>/results/stream/", views.results_stream, name="results_stream"),
    path("<uuid:conversation_id>/export/<str:table>.<str:fmt>", views.export_table, name="export"),
]
