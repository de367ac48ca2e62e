from django.urls import path

from cocreate.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password/change/", views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisation/switch/", views.switch_organisation, name="switch_organisation"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<uuid:organisation_id>/", views.organisation_detail, name="organisation"),
    path("organisations/<uuid:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<uuid:organisation_id>/members/", views.members, name="members"),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<uuid:organisation_id>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("participant/", views.participant_settings, name="participant"),
    path("participant/code/", views.join_with_code, name="join_with_code"),
    path("participant/confirm-email/", views.confirm_email, name="confirm_email"),
    path("participant/confirm-email/send/", views.send_email_code, name="send_email_code"),
    path("participant/confirm-email/code/", views.check_email_code, name="check_email_code"),
]
