from django.urls import path

from cocreate.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="workshops"),
    path("<uuid:workshop_id>/", views.workshop_detail, name="workshop"),
    path("<uuid:workshop_id>/manage/", views.manage, name="manage"),
    path("<uuid:workshop_id>/plan/", views.plan, name="plan"),
    path("<uuid:workshop_id>/print/<str:what>/", views.printable, name="print"),
    path("<uuid:workshop_id>/board/", views.board, name="board"),
]
public_urlpatterns = [
    path("<uuid:workshop_id>/", views.join, name="join"),
    path("<uuid:workshop_id>/live/", views.live, name="live"),
    path("<uuid:workshop_id>/market/", views.market, name="market"),
    path("<uuid:workshop_id>/workshop.ics", views.calendar, name="ics"),
]
