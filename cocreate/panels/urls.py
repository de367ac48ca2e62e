from django.urls import path

from cocreate.panels import views

app_name = "panels"
urlpatterns = [
    path("", views.panel_list, name="panels"),
    path("sample_pool.csv", views.sample_pool, name="sample_pool"),
    path("<uuid:panel_id>/", views.panel_detail, name="panel"),
    path("<uuid:panel_id>/quotas/", views.set_quotas, name="set_quotas"),
    path("<uuid:panel_id>/pool/", views.pool, name="pool"),
    path("<uuid:panel_id>/pool/import/", views.import_pool, name="import_pool"),
    path("<uuid:panel_id>/options/", views.set_options, name="set_options"),
    path("<uuid:panel_id>/announce/", views.announce, name="announce"),
    path("<uuid:panel_id>/select/", views.start_selection, name="start_selection"),
    path("<uuid:panel_id>/select/status/", views.selection_status, name="selection_status"),
    path("<uuid:panel_id>/invite/", views.invite, name="invite"),
    path("<uuid:panel_id>/replace/", views.replace, name="replace"),
    path("<uuid:panel_id>/purge/", views.purge, name="purge"),
    path("<uuid:panel_id>/audit.json", views.audit_json, name="audit"),
    path("<uuid:panel_id>/recommendations/", views.recommendations, name="recommendations"),
    path("<uuid:panel_id>/recommendations/add/", views.add_recommendation, name="add_recommendation"),
    path(
        "<uuid:panel_id>/recommendations/import/", views.import_recommendations, name="import_recommendations"
    ),
    path("<uuid:panel_id>/recommendations/answer-by/", views.set_answer_by, name="set_answer_by"),
    path(
        "<uuid:panel_id>/recommendations/publish/",
        views.publish_recommendations,
        name="publish_recommendations",
    ),
    path("<uuid:panel_id>/recommendations/publish-answers/", views.publish_answers, name="publish_answers"),
    path(
        "recommendations/<uuid:recommendation_id>/answer/",
        views.answer_recommendation,
        name="answer_recommendation",
    ),
]
public_urlpatterns = [
    path("<uuid:panel_id>/report/", views.report, name="report"),
    path("<uuid:panel_id>/register/", views.register, name="register"),
    path("respond/<str:token>/", views.respond, name="respond"),
]
