"""Open data pages: the list of downloads, the CSV/JSON exports, the process log feeds (RSS and
Atom) and the calendars of meetings and deadlines. Everything is public and reads only through the
owning apps' public selectors."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cocreate.alliances import selectors as alliances
from cocreate.alliances.models import Alliance
from cocreate.commitments import selectors as commitments
from cocreate.core import exports, ics, links
from cocreate.core.access import public
from cocreate.opendata import datasets
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_public_renewal
from cocreate.transparency import selectors as transparency
from cocreate.transparency.models import LogEntry
from cocreate.workshops.selectors import workshops_of_renewal


@public
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/open_data.html", {"datasets": list(datasets.DATASETS)})


@public
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    if dataset not in datasets.DATASETS or fmt not in ("json", *exports.FORMATS):
        raise Http404
    try:
        records = datasets.rows(dataset, {k: str(v) for k, v in request.GET.items()})
    except datasets.BadFilter as error:
        return HttpResponse(_("The filter %(name)s must be an id.") % {"name": error}, status=400)
    response: HttpResponseBase
    if fmt in exports.FORMATS:
        header, cells = datasets.table(records)
        response = exports.table_response(fmt, header, cells, name=dataset)
    else:
        response = HttpResponse(
            json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class RenewalLogFeed(Feed):  # type: ignore[type-arg]
    """The published process log of a public renewal (RSS 2.0)."""

    def get_object(self, request: HttpRequest, renewal_id: UUID) -> Renewal:  # type: ignore[override]
        return get_public_renewal(renewal_id)

    def title(self, renewal: Renewal) -> str:
        return _("Process log: %(title)s") % {"title": renewal.title}

    def link(self, renewal: Renewal) -> str:
        return reverse("public:public_renewal", args=[renewal.pk])

    def description(self, renewal: Renewal) -> str:
        return renewal.goal

    def items(self, renewal: Renewal) -> QuerySet[LogEntry]:
        return transparency.public_log_of(renewal)[:50]

    def item_title(self, item: LogEntry) -> str:
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item: LogEntry) -> str:
        return item.text

    def item_link(self, item: LogEntry) -> str:
        return reverse("transparency_public:log_entry", args=[item.pk])

    def item_pubdate(self, item: LogEntry) -> datetime | None:
        return item.published_at


class RenewalLogAtomFeed(RenewalLogFeed):
    feed_type = Atom1Feed
    subtitle = RenewalLogFeed.description


_rss = RenewalLogFeed()
_atom = RenewalLogAtomFeed()


@public
def renewal_feed(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    return _rss(request, renewal_id=renewal_id)


@public
def renewal_atom(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    return _atom(request, renewal_id=renewal_id)


def _public_page(owner: Renewal | Alliance) -> str:
    if isinstance(owner, Renewal):
        return reverse("public:public_renewal", args=[owner.pk])
    return reverse("alliances:alliance", args=[owner.pk])


def _calendar_response(name: str, owner: Renewal | Alliance, request: HttpRequest) -> HttpResponse:
    """Meetings, a renewal's workshops and the deadlines of published commitments."""
    site = links.absolute_url(request, "/").rstrip("/")
    host = site.split("//")[-1]
    events = [
        ics.CalendarEvent(
            uid=f"meeting-{m.pk}@{host}",
            summary=m.title,
            start=m.starts_at,
            location=m.location,
            description=m.working_group.name if m.working_group else "",
        )
        for m in alliances.meetings_of(owner)
    ]
    if isinstance(owner, Renewal):  # a renewal's workshops are its meetings too
        events += [
            ics.CalendarEvent(
                uid=f"workshop-{w.pk}@{host}",
                summary=w.title,
                start=w.starts_at,
                location=w.place or w.online_link,
                description=str(w.get_format_display()),
            )
            for w in workshops_of_renewal(owner)
        ]
    events += [
        ics.CalendarEvent(
            uid=f"commitment-{c.pk}@{host}",
            summary=_("Deadline: %(title)s") % {"title": c.title},
            start=c.deadline,
            description=c.get_status_display(),
            url=site + _public_page(owner),
        )
        for c in commitments.public_commitments_of(owner)
    ]
    return ics.calendar_response(name, events, now=timezone.now(), filename="calendar.ics")


@public
def renewal_calendar(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    renewal = get_public_renewal(renewal_id)
    return _calendar_response(renewal.title, renewal, request)


@public
def alliance_calendar(request: HttpRequest, alliance_id: UUID) -> HttpResponse:
    alliance = alliances.get_public_alliance(alliance_id)
    return _calendar_response(alliance.name, alliance, request)
