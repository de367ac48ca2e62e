"""The staff's side is mounted at commitments/ and the public entry page at open/ (the paths the
process log has had since it lived in the commitments app)."""

from django.urls import URLPattern, URLResolver, path

from cocreate.transparency import views

app_name = "transparency"
urlpatterns = [
    path("renewals/<uuid:renewal_id>/log/", views.renewal_log, name="renewal_log"),
    path("alliances/<uuid:alliance_id>/log/", views.alliance_log, name="alliance_log"),
    path("log/<uuid:entry_id>/publish/", views.log_publish, name="log_publish"),
    path("questions/<uuid:comment_id>/answer/", views.answer, name="answer"),
]

# Mounted at open/ under the namespace "transparency_public".
public_urlpatterns: list[URLPattern | URLResolver] = [
    path("log/<uuid:entry_id>/", views.log_entry, name="log_entry"),
    path("my-input/", views.my_input, name="my_input"),
    path("my-input/<str:token>/", views.my_input_link, name="my_input_link"),
]
