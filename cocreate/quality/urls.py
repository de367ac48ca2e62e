from django.urls import path

from cocreate.quality import views

app_name = "quality"
urlpatterns = [
    path("renewals/<uuid:renewal_id>/open/", views.open_assessment, name="open"),
    path("<uuid:assessment_id>/", views.assessment_detail, name="assessment"),
    path("<uuid:assessment_id>/poster/", views.poster, name="poster"),
    path("<uuid:assessment_id>/organisers/", views.answer_as_organiser, name="answer_organiser"),
    path("<uuid:assessment_id>/organisers/autosave/", views.organiser_autosave, name="organiser_autosave"),
    path("<uuid:assessment_id>/results/", views.results, name="results"),
    path("<uuid:assessment_id>/close/", views.close, name="close"),
    path("<uuid:assessment_id>/publish/", views.publish, name="publish"),
    path("<uuid:assessment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:assessment_id>/actions/", views.add_action, name="add_action"),
    path("<uuid:assessment_id>/close-cycle/", views.close_cycle, name="close_cycle"),
    path("<uuid:assessment_id>/next-cycle/", views.start_next_cycle, name="start_next_cycle"),
    path(
        "actions/<uuid:quality_action_id>/commitment/",
        views.action_to_commitment,
        name="action_to_commitment",
    ),
]
participant_urlpatterns = [
    path("<uuid:assessment_id>/", views.participate, name="participate"),
]
