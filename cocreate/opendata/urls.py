"""Public pages and open data, mounted at open/ under the namespace "open"; the API (django-ninja)
is mounted at open/api/ on its own: its tuple carries the namespace "open_api"."""

from django.urls import URLPattern, URLResolver, path

from cocreate.opendata import api, views

public_urlpatterns: list[URLPattern | URLResolver] = [
    path("renewals/<uuid:renewal_id>/feed/", views.renewal_feed, name="renewal_feed"),
    path("renewals/<uuid:renewal_id>/atom/", views.renewal_atom, name="renewal_atom"),
    path("renewals/<uuid:renewal_id>/calendar.ics", views.renewal_calendar, name="renewal_calendar"),
    path("alliances/<uuid:alliance_id>/calendar.ics", views.alliance_calendar, name="alliance_calendar"),
    path("data/", views.open_data, name="open_data"),
    path("data/<slug:dataset>.<slug:fmt>", views.export, name="export"),
]

api_urls = api.urlpatterns()
