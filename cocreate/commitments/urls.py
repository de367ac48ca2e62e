from django.urls import path

from cocreate.commitments import alliance_views, views

app_name = "commitments"
urlpatterns = [
    path("mine/", views.my_commitments, name="mine"),
    path("renewals/<uuid:renewal_id>/", views.board, name="board"),
    path("renewals/<uuid:renewal_id>/new/", views.commitment_create, name="commitment_create"),
    path("<uuid:commitment_id>/", views.commitment_detail, name="commitment"),
    path("<uuid:commitment_id>/status/", views.commitment_status, name="commitment_status"),
    path("<uuid:commitment_id>/progress/", views.commitment_progress, name="commitment_progress"),
    path("public/<uuid:commitment_id>/", views.public_commitment, name="public_commitment"),
    path("<uuid:commitment_id>/publish/", views.commitment_publish, name="commitment_publish"),
    path("alliances/<uuid:alliance_id>/members/", alliance_views.alliance_members, name="alliance_members"),
    path(
        "decisions/<uuid:decision_id>/commitment/",
        alliance_views.decision_commitment,
        name="decision_commitment",
    ),
]
