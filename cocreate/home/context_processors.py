from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.selectors import organisations_for


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool = False


@dataclass(frozen=True)
class NavGroup:
    """One step of the cycle (Ready, Serve, Renew, Commit, Master) or a place (Community, Organisation)."""

    label: str | Promise
    hint: str | Promise
    links: list[NavLink]


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell (header, switcher) needs on every page."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_organisations": [], "current_organisation": None, "nav_groups": []}
    org = getattr(request, "organisation", None)
    return {
        "shell_organisations": list(organisations_for(user).filter(memberships__user=user).distinct()[:50]),
        "current_organisation": org if org else None,
        "nav_groups": navigation(request, user, org if org else None),
    }


def navigation(request: HttpRequest, user: Any, org: Any) -> list[NavGroup]:
    """The staff navigation, in the order of the work: the cycle first, then the places around it."""
    path = request.path

    def link(label: str | Promise, name: str, *args: Any) -> NavLink:
        url = reverse(name, args=args)
        return NavLink(label, url, current=path == url or (url != "/" and path.startswith(url)))

    groups: list[NavGroup] = []
    if org is not None:
        groups += [
            NavGroup(_("Ready"), _("Is the organisation ready?"), [link(_("Readiness"), "readiness:home")]),
            NavGroup(_("Serve"), _("Which service first?"), [link(_("Services"), "portfolio:services")]),
            NavGroup(
                _("Renew"),
                _("Renew it with its users"),
                [
                    link(_("Renewals"), "renewals:renewals"),
                    link(_("Workshops"), "workshops:workshops"),
                    link(_("Panels"), "panels:panels"),
                ],
            ),
        ]
    groups.append(
        NavGroup(
            _("Commit"),
            _("Promise in public"),
            [link(_("My commitments"), "commitments:mine"), link(_("Alliances"), "alliances:alliances")],
        )
    )
    groups.append(
        NavGroup(_("Master"), _("Learn from the cycle"), [link(_("Assessment models"), "assessments:models")])
    )
    groups.append(
        NavGroup(
            _("Community"),
            _("Learn from each other"),
            [link(_("Community"), "community:home"), link(_("Notifications"), "notifications:inbox")],
        )
    )
    places = [link(_("Dashboard"), "home:dashboard")]
    if org is not None:
        places.append(link(_("Organisation"), "accounts:organisation", org.pk))
    if user.is_superuser:
        places.append(link(_("All organisations"), "accounts:organisations"))
    places.append(link(_("Your profile"), "accounts:profile"))
    places.append(link(_("What happened to my input"), "transparency_public:my_input"))
    groups.append(NavGroup(_("Organisation"), _("You and your organisation"), places))
    return groups
