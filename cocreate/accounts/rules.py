"""Who may do what with organisations. Other apps compose their rules from these predicates.

Each check is a typed function of (user, object); the django-rules predicate of the same meaning
wraps it (`is_org_member = rules.predicate(member_in)`) for `rules.add_perm`. The object is an
Organisation or anything that belongs to one (`InOrganisation`: a service, a renewal, a map, a
panel …). Deny by default: an anonymous user, an inactive user, a missing object or an object of
another kind never passes.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable
from uuid import UUID

import rules
from django.contrib.auth.models import AnonymousUser

from cocreate.accounts import selectors
from cocreate.accounts.models import Organisation, Role, User

Person = User | AnonymousUser


@runtime_checkable
class InOrganisation(Protocol):
    """Anything that belongs to one organisation (a foreign key or a property named so)."""

    @property
    def organisation(self) -> Organisation | None: ...


Owned = Organisation | InOrganisation


def organisation_of(obj: Owned | None) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    return obj.organisation if isinstance(obj, InOrganisation) else None


def role_in(user: Person, obj: Owned | None) -> str | None:
    """The user's role in the object's organisation, cached on the user for the request."""
    org = organisation_of(obj)
    if org is None or not isinstance(user, User) or not user.is_active:
        return None
    cache: dict[UUID, str | None] = user.__dict__.setdefault("_role_cache", {})
    if org.pk not in cache:
        cache[org.pk] = selectors.role_of(user, org)
    return cache[org.pk]


def platform_admin(user: Person) -> bool:
    return isinstance(user, User) and user.is_active and user.is_superuser


def admin_in(user: Person, obj: Owned | None) -> bool:
    return role_in(user, obj) == Role.ADMIN


def staff_in(user: Person, obj: Owned | None) -> bool:
    """Admins and staff: the people who run the organisation's work."""
    return role_in(user, obj) in {Role.ADMIN, Role.STAFF}


def member_in(user: Person, obj: Owned | None) -> bool:
    """Any role, facilitators included."""
    return role_in(user, obj) is not None


is_platform_admin = rules.predicate(platform_admin)
is_org_admin = rules.predicate(admin_in)
is_org_staff = rules.predicate(staff_in)
is_org_member = rules.predicate(member_in)

rules.add_perm("accounts.view_organisation", is_org_member | is_platform_admin)
rules.add_perm("accounts.list_organisations", is_platform_admin)
rules.add_perm("accounts.add_organisation", is_platform_admin)
rules.add_perm("accounts.manage_members", is_org_admin | is_platform_admin)
