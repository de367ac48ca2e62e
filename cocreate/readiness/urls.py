from django.urls import path

from cocreate.readiness import views

app_name = "readiness"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.open_round, name="open_round"),
    path("rounds/<uuid:round_id>/", views.round_detail, name="round"),
    path("rounds/<uuid:round_id>/close/", views.close_round, name="close_round"),
    path("rounds/<uuid:round_id>/answer/", views.answer, name="answer"),
    path("rounds/<uuid:round_id>/answer/autosave/", views.autosave, name="autosave"),
    path("rounds/<uuid:round_id>/results/", views.results_view, name="results"),
    path("rounds/<uuid:round_id>/report/", views.report, name="report"),
    path("rounds/<uuid:round_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("rounds/<uuid:round_id>/answers.csv", views.answers_csv, name="answers_csv"),
    path("rounds/<uuid:round_id>/my-answers.csv", views.my_answers_csv, name="my_answers_csv"),
    path("rounds/<uuid:round_id>/actions/", views.add_action, name="add_action"),
    path("actions/<uuid:action_id>/status/", views.action_status, name="action_status"),
    path("actions/<uuid:action_id>/commitment/", views.commit_action, name="commit_action"),
    path("history/", views.history, name="history"),
    path("benchmark/", views.benchmark, name="benchmark"),
]
