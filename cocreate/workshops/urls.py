from django.urls import path

from cocreate.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="workshops"),
    path("<uuid:workshop_id>/", views.workshop_detail, name="workshop"),
    path("<uuid:workshop_id>/plan/", views.plan, name="plan"),
    path("<uuid:workshop_id>/plan/request/", views.request_plan, name="request_plan"),
    path("<uuid:workshop_id>/people/", views.add_people, name="add_people"),
    path("<uuid:workshop_id>/people/panel/", views.add_panel, name="add_panel"),
    path("<uuid:workshop_id>/people/<uuid:attendee_id>/presence/", views.presence, name="presence"),
    path("<uuid:workshop_id>/script/", views.save_block, name="save_block"),
    path("<uuid:workshop_id>/rounds/", views.save_round, name="save_round"),
    path("<uuid:workshop_id>/live/advance/", views.advance, name="advance"),
    path("<uuid:workshop_id>/live/stop/", views.stop, name="stop"),
    path("<uuid:workshop_id>/notes/", views.add_note, name="add_note"),
    path("<uuid:workshop_id>/notes/<uuid:note_id>/idea/", views.note_to_idea, name="note_to_idea"),
    path(
        "<uuid:workshop_id>/notes/<uuid:note_id>/commitment/", views.note_commitment, name="note_commitment"
    ),
    path("<uuid:workshop_id>/print/<str:what>/", views.printable, name="print"),
    path("<uuid:workshop_id>/board/", views.board, name="board"),
    path("<uuid:workshop_id>/board/fragment/", views.board_fragment, name="board_fragment"),
    path("<uuid:workshop_id>/board/stream/", views.board_stream, name="board_stream"),
]
public_urlpatterns = [
    path("<uuid:workshop_id>/", views.join, name="join"),
    path("<uuid:workshop_id>/live/", views.live_fragment, name="live"),
    path("<uuid:workshop_id>/live/stream/", views.live_stream, name="live_stream"),
    path("<uuid:workshop_id>/market/", views.market, name="market"),
    path("<uuid:workshop_id>/sessions/<uuid:session_id>/dot/", views.add_dot, name="add_dot"),
    path("<uuid:workshop_id>/sessions/<uuid:session_id>/undot/", views.remove_dot, name="remove_dot"),
    path("<uuid:workshop_id>/sessions/<uuid:session_id>/report/", views.file_report, name="file_report"),
    path("<uuid:workshop_id>/workshop.ics", views.calendar, name="ics"),
]
