"""Every view declares who may reach it. Deny by default.

A view is wrapped by exactly one of these decorators; each sets `view.access_rule`, which the
permission-matrix test reads for every URL pattern of the project (a route without it fails).

- `public(view)`: anyone, including anonymous visitors (log-in page, public pages).
- `signed_in(view)`: any signed-in user; the view then reads only through selectors.
- `rule("app.perm", get_object)`: signed-in and the django-rules permission holds for the object
  that `get_object(request, **url_kwargs)` returns. That function must go through a selector, so
  an object outside the user's reach is a 404 before any rule is asked. The view then receives
  the object instead of the URL arguments it used: `def edit_service(request, service)`; any other
  URL arguments follow as keywords.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]
V = TypeVar("V", bound=View)

PUBLIC = "public"
SIGNED_IN = "signed-in"


def public(view: V) -> V:
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: V) -> V:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_rule = SIGNED_IN  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def rule(permission: str, get_object: Callable[..., Any] | None = None) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if get_object is None:
                if not request.user.has_perm(permission):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            wanted = _parameters(get_object)
            obj = get_object(request, **{k: v for k, v in kwargs.items() if k in wanted})
            if not request.user.has_perm(permission, obj):
                raise PermissionDenied
            # URL arguments the getter did not take go on to the view (e.g. which printout).
            return view(request, obj, **{k: v for k, v in kwargs.items() if k not in wanted})

        wrapper.access_rule = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def _parameters(function: Callable[..., Any]) -> set[str]:
    return set(inspect.signature(function).parameters)
