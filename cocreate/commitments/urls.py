from django.urls import path

from cocreate.commitments import views

app_name = "commitments"
urlpatterns = [
    path("mine/", views.my_commitments, name="mine"),
    path("renewals/<uuid:renewal_id>/", views.board, name="board"),
    path("renewals/<uuid:renewal_id>/new/", views.commitment_create, name="commitment_create"),
    path("<uuid:commitment_id>/", views.commitment_detail, name="commitment"),
    path("<uuid:commitment_id>/status/", views.commitment_status, name="commitment_status"),
    path("<uuid:commitment_id>/progress/", views.commitment_progress, name="commitment_progress"),
    path("<uuid:commitment_id>/publish/", views.commitment_publish, name="commitment_publish"),
]
