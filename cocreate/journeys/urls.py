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
    path("maps/<uuid:map_id>/to-be/", views.start_to_be, name="start_to_be"),
    path("maps/<uuid:map_id>/open/", views.open_participation, name="open_participation"),
    path("maps/<uuid:map_id>/close/", views.close_participation, name="close_participation"),
    path("maps/<uuid:map_id>/poster/", views.poster, name="poster"),
    path("maps/<uuid:map_id>/admission/", views.set_admission, name="set_admission"),
    path("maps/<uuid:map_id>/codes/", views.codes, name="codes"),
    path("maps/<uuid:map_id>/triage/", views.triage, name="triage"),
    path("maps/<uuid:map_id>/outputs/", views.outputs, name="outputs"),
    path("maps/<uuid:map_id>/export/", views.export, name="export"),
    path("stages/<uuid:stage_id>/earlier/", views.stage_earlier, name="stage_earlier"),
    path("stages/<uuid:stage_id>/later/", views.stage_later, name="stage_later"),
    path("stages/<uuid:stage_id>/rename/", views.rename_stage, name="rename_stage"),
    path("stages/<uuid:stage_id>/delete/", views.delete_stage, name="delete_stage"),
    path("stages/<uuid:stage_id>/steps/", views.add_step, name="add_step"),
    path("steps/<uuid:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<uuid:step_id>/up/", views.step_up, name="step_up"),
    path("steps/<uuid:step_id>/down/", views.step_down, name="step_down"),
    path("steps/<uuid:step_id>/duplicate/", views.duplicate_step, name="duplicate_step"),
    path("steps/<uuid:step_id>/delete/", views.delete_step, name="delete_step"),
    path("steps/<uuid:step_id>/restore/", views.restore_step, name="restore_step"),
    path("contributions/<uuid:contribution_id>/answer/", views.answer, name="answer"),
    path("contributions/<uuid:contribution_id>/commitment/", views.idea_commitment, name="idea_commitment"),
    path("contributions/<uuid:contribution_id>/moderate/", views.moderate, name="moderate"),
    path("contributions/<uuid:contribution_id>/merge/", views.merge, name="merge"),
]
public_urlpatterns = [
    path("mine/", public_views.mine, name="mine"),
    path("<uuid:map_id>/", public_views.participate, name="participate"),
    path("<uuid:map_id>/rate/", public_views.rate, name="rate"),
    path("<uuid:map_id>/steps/<uuid:step_id>/", public_views.step_page, name="step"),
    path("<uuid:map_id>/steps/<uuid:step_id>/contribute/", public_views.contribute, name="contribute"),
    path("<uuid:map_id>/contributions/<uuid:contribution_id>/support/", public_views.support, name="support"),
    path(
        "<uuid:map_id>/contributions/<uuid:contribution_id>/unsupport/",
        public_views.unsupport,
        name="unsupport",
    ),
    path("<uuid:map_id>/contributions/<uuid:contribution_id>/report/", public_views.report, name="report"),
]
