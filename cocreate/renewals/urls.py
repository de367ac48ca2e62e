from django.urls import path

from cocreate.renewals import views

app_name = "renewals"
urlpatterns = [
    path("", views.renewal_list, name="renewals"),
    path("new/", views.renewal_create, name="renewal_create"),
    path("<uuid:renewal_id>/", views.renewal_detail, name="renewal"),
    path("<uuid:renewal_id>/edit/", views.renewal_edit, name="renewal_edit"),
    path("<uuid:renewal_id>/next-cycle/", views.renewal_next_cycle, name="renewal_next_cycle"),
]
public_urlpatterns = [
    path("", views.public_renewal_list, name="public_renewals"),
    path("<uuid:renewal_id>/", views.public_renewal, name="public_renewal"),
]
