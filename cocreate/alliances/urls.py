"""Mounted at commitments/ (the paths alliances have had since they lived in that app)."""

from django.urls import path

from cocreate.alliances import views

app_name = "alliances"
urlpatterns = [
    path("alliances/", views.alliances, name="alliances"),
    path("alliances/new/", views.alliance_create, name="alliance_create"),
    path("alliances/<uuid:alliance_id>/", views.alliance_detail, name="alliance"),
    path("alliances/<uuid:alliance_id>/manage/", views.alliance_manage, name="alliance_manage"),
    path("alliances/<uuid:alliance_id>/declaration/", views.declaration_create, name="declaration_create"),
    path("alliances/<uuid:alliance_id>/groups/", views.working_group_create, name="working_group_create"),
    path("alliances/<uuid:alliance_id>/meetings/", views.meeting_create, name="meeting_create"),
    path("alliances/<uuid:alliance_id>/apply/", views.apply, name="apply"),
    path("alliances/<uuid:alliance_id>/sign/", views.sign, name="sign"),
    path("alliances/<uuid:alliance_id>/pledge/", views.pledge_create, name="pledge_create"),
    path("members/<uuid:member_id>/decide/", views.decide, name="decide"),
    path("members/<uuid:member_id>/leave/", views.leave, name="leave"),
    path("pledges/<uuid:pledge_id>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<uuid:pledge_id>/report/", views.pledge_report, name="pledge_report"),
    path("pledges/<uuid:pledge_id>/publish/", views.pledge_publish, name="pledge_publish"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<uuid:meeting_id>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<uuid:meeting_id>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<uuid:meeting_id>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<uuid:meeting_id>/decisions/", views.decision_create, name="decision_create"),
]
