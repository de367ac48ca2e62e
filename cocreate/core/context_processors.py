from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cocreate.accounts.selectors import organisations_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell (header, switcher) needs on every page."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell_organisations": [], "current_organisation": None}
    org = getattr(request, "organisation", None)
    return {
        "shell_organisations": list(organisations_for(user).filter(memberships__user=user).distinct()[:50]),
        "current_organisation": org if org else None,
    }
