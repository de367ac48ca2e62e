from django.urls import URLPattern, URLResolver, path

from cocreate.commitments import api, views

app_name = "commitments"
urlpatterns = [
    path("mine/", views.my_commitments, name="mine"),
    path("from-co-master/<uuid:quality_action_id>/", views.from_quality_action, name="from_quality_action"),
    path("renewals/<uuid:renewal_id>/", views.board, name="board"),
    path("renewals/<uuid:renewal_id>/new/", views.commitment_create, name="commitment_create"),
    path("renewals/<uuid:renewal_id>/log/", views.renewal_log, name="renewal_log"),
    path("<uuid:commitment_id>/", views.commitment_detail, name="commitment"),
    path("<uuid:commitment_id>/status/", views.commitment_status, name="commitment_status"),
    path("<uuid:commitment_id>/progress/", views.commitment_progress, name="commitment_progress"),
    path("<uuid:commitment_id>/publish/", views.commitment_publish, name="commitment_publish"),
    path("log/<uuid:entry_id>/publish/", views.log_publish, name="log_publish"),
    path("questions/<uuid:comment_id>/answer/", views.answer, name="answer"),
    path("alliances/", views.alliances, name="alliances"),
    path("alliances/new/", views.alliance_create, name="alliance_create"),
    path("alliances/<uuid:alliance_id>/", views.alliance_detail, name="alliance"),
    path("alliances/<uuid:alliance_id>/manage/", views.alliance_manage, name="alliance_manage"),
    path("alliances/<uuid:alliance_id>/log/", views.alliance_log, name="alliance_log"),
    path("alliances/<uuid:alliance_id>/apply/", views.apply, name="apply"),
    path("alliances/<uuid:alliance_id>/sign/", views.sign, name="sign"),
    path("alliances/<uuid:alliance_id>/pledge/", views.pledge_create, name="pledge_create"),
    path("members/<uuid:member_id>/decide/", views.decide, name="decide"),
    path("members/<uuid:member_id>/leave/", views.leave, name="leave"),
    path("pledges/<uuid:pledge_id>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<uuid:pledge_id>/report/", views.pledge_report, name="pledge_report"),
]

# Public pages and open data, mounted at open/ under the namespace "open".
public_urlpatterns: list[URLPattern | URLResolver] = [
    path("log/<uuid:entry_id>/", views.log_entry, name="log_entry"),
    path("renewals/<uuid:renewal_id>/feed/", views.renewal_feed, name="renewal_feed"),
    path("renewals/<uuid:renewal_id>/atom/", views.renewal_atom, name="renewal_atom"),
    path("renewals/<uuid:renewal_id>/calendar.ics", views.renewal_calendar, name="renewal_calendar"),
    path("alliances/<uuid:alliance_id>/calendar.ics", views.alliance_calendar, name="alliance_calendar"),
    path("data/", views.open_data, name="open_data"),
    path("data/<slug:dataset>.<slug:fmt>", views.export, name="export"),
]

# The open-data API (django-ninja), mounted at open/api/ on its own; the tuple carries the
# namespace "open_api": path("open/api/", api_urls).
api_urls = api.urlpatterns()
