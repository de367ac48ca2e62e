"""The signed-in user of a request, typed as our own User.

Here rather than in `core.access` (which wraps the views) because core imports no app, and the
type of the user is ours.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cocreate.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The user of a request that passed `signed_in` or `rule`."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user  # type: ignore[return-value]
