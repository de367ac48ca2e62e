from django.urls import path

from cocreate.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("language/", views.set_language, name="set_language"),
]
