"""Who may do what with organisations. Other apps compose their rules from these predicates.

A predicate receives (user, obj) where obj is an Organisation or anything with an
`organisation` attribute. Deny by default: an anonymous user, an inactive user or a missing
object never passes.
"""

from __future__ import annotations

from typing import Any

import rules

from cocreate.accounts.models import Membership, Organisation, Role


def organisation_of(obj: Any) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None)


def role_in(user: Any, obj: Any) -> str | None:
    """The user's role in the object's organisation, cached on the user for the request."""
    org = organisation_of(obj)
    if org is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache: dict[Any, str | None] = user.__dict__.setdefault("_role_cache", {})
    if org.pk not in cache:
        cache[org.pk] = (
            Membership.objects.filter(user=user, organisation=org).values_list("role", flat=True).first()
        )
    return cache[org.pk]


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


@rules.predicate
def is_org_admin(user: Any, obj: Any) -> bool:
    return role_in(user, obj) == Role.ADMIN


@rules.predicate
def is_org_staff(user: Any, obj: Any) -> bool:
    """Admins and staff: the people who run the organisation's work."""
    return role_in(user, obj) in {Role.ADMIN, Role.STAFF}


@rules.predicate
def is_org_member(user: Any, obj: Any) -> bool:
    """Any role, facilitators included."""
    return role_in(user, obj) is not None


rules.add_perm("accounts.view_organisation", is_org_member | is_platform_admin)
rules.add_perm("accounts.list_organisations", is_platform_admin)
rules.add_perm("accounts.add_organisation", is_platform_admin)
rules.add_perm("accounts.manage_members", is_org_admin | is_platform_admin)
