from django.urls import path

from cocreate.journeys import public_views, views

app_name = "journeys"
urlpatterns = [
    path("renewals/<uuid:renewal_id>/", views.maps, name="maps"),
    path("renewals/<uuid:renewal_id>/personas/new/", views.persona_create, name="persona_create"),
    path("renewals/<uuid:renewal_id>/blocked-words/", views.blocked_words, name="blocked_words"),
    path("personas/<uuid:persona_id>/", views.persona_edit, name="persona_edit"),
    path("maps/<uuid:map_id>/", views.map_detail, name="map"),
    path("maps/<uuid:map_id>/table/", views.map_table, name="map_table"),
    path("maps/<uuid:map_id>/print/", views.map_print, name="map_print"),
    path("maps/<uuid:map_id>/stages/", views.add_stage, name="add_stage"),
    path("maps/<uuid:map_id>/action/", views.map_action, name="map_action"),
    path("maps/<uuid:map_id>/poster/", views.poster, name="poster"),
    path("maps/<uuid:map_id>/admission/", views.set_admission, name="set_admission"),
    path("maps/<uuid:map_id>/codes/", views.codes, name="codes"),
    path("maps/<uuid:map_id>/triage/", views.triage, name="triage"),
    path("maps/<uuid:map_id>/outputs/", views.outputs, name="outputs"),
    path("maps/<uuid:map_id>/export/", views.export, name="export"),
    path("stages/<uuid:stage_id>/", views.stage_action, name="stage_action"),
    path("steps/<uuid:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<uuid:step_id>/action/", views.step_action, name="step_action"),
    path("contributions/<uuid:contribution_id>/answer/", views.answer, name="answer"),
    path("contributions/<uuid:contribution_id>/moderate/", views.moderate, name="moderate"),
    path("contributions/<uuid:contribution_id>/merge/", views.merge, name="merge"),
]
public_urlpatterns = [
    path("mine/", public_views.mine, name="mine"),
    path("<uuid:map_id>/", public_views.participate, name="participate"),
]
