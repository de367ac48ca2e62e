from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from cocreate.conversations.urls import public_urlpatterns as conversation_public_urls
from cocreate.core import media
from cocreate.journeys.urls import public_urlpatterns as journey_public_urls
from cocreate.opendata.urls import api_urls as open_api_urls
from cocreate.opendata.urls import public_urlpatterns as open_urls
from cocreate.panels.urls import public_urlpatterns as panel_public_urls
from cocreate.quality.urls import participant_urlpatterns as quality_participant_urls
from cocreate.renewals.urls import public_urlpatterns as public_renewal_urls
from cocreate.transparency.urls import public_urlpatterns as transparency_public_urls
from cocreate.workshops.urls import public_urlpatterns as workshop_public_urls

admin.site.site_header = "Cocreate administration"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("cocreate.home.urls")),
    path("accounts/", include("cocreate.accounts.urls")),
    path("services/", include("cocreate.portfolio.urls")),
    path("renewals/", include("cocreate.renewals.urls")),
    path("readiness/", include("cocreate.readiness.urls")),
    path("assessment-models/", include("cocreate.assessments.urls")),
    path("quality/", include("cocreate.quality.urls")),
    path("q/", include((quality_participant_urls, "quality_public"))),
    path("conversations/", include("cocreate.conversations.urls")),
    path("c/", include((conversation_public_urls, "conversations_public"))),
    path("journeys/", include("cocreate.journeys.urls")),
    path("j/", include((journey_public_urls, "journeys_public"))),
    path("workshops/", include("cocreate.workshops.urls")),
    path("community/", include("cocreate.community.urls")),
    # Commitments, alliances and the process log share the commitments/ paths they have always had.
    path("commitments/", include("cocreate.commitments.urls")),
    path("commitments/", include("cocreate.alliances.urls")),
    path("commitments/", include("cocreate.transparency.urls")),
    path("open/", include((transparency_public_urls, "transparency_public"))),
    path("open/", include((open_urls, "open"))),
    path("open/api/", open_api_urls),
    path("notifications/", include("cocreate.notifications.urls")),
    path("w/", include((workshop_public_urls, "workshops_public"))),
    path("panels/", include("cocreate.panels.urls")),
    path("p/", include((panel_public_urls, "panels_public"))),
    path("public/renewals/", include((public_renewal_urls, "public"))),
    path("privacy/", include("cocreate.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cocreate.home.views.error_400"
handler403 = "cocreate.home.views.error_403"
handler404 = "cocreate.home.views.error_404"
# handler500 stays Django's default: it renders templates/500.html without a context, so it
# cannot fail on what broke the request.

# Uploaded files go through the owning object's rule in every environment (core/media.py); in
# production the web server sends the bytes (MEDIA_ACCEL_REDIRECT, README "Deploy").
urlpatterns.append(path(settings.MEDIA_URL.strip("/") + "/<path:path>", media.serve, name="media"))
