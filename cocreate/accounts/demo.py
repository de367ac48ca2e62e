"""The demo's cast (`manage.py seed_demo`, cocreate/home/demo.py): the people and their
organisations, which every other room's `demo.py` builds on.

There is no service that makes an account out of nothing (people arrive by invitation, and the
invitation e-mails would flood `make demo`'s output), so accounts and the members below the first
admin are made with the model's own constructors; organisations go through the service, which also
makes their first admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from cocreate.accounts import services as account_services
from cocreate.accounts.models import GuestParticipant, Membership, Organisation, Role, User

StrOrPromise = str | Promise

DEMO_PASSWORD = "cocreate-demo"  # noqa: S105 — the demo's published password, printed on start

PLATFORM = "platform@demo.cocreate.eu"
ADMIN = "admin@demo.cocreate.eu"
STAFF = "staff@demo.cocreate.eu"
FACILITATOR = "facilitator@demo.cocreate.eu"
MINISTRY = "ministry@demo.cocreate.eu"

# The log-ins `seed_demo` prints (and the README lists): e-mail, name, what they are.
LOGINS: list[tuple[str, str, StrOrPromise]] = [
    (PLATFORM, "Petra Platform", "Platform admin"),
    (ADMIN, "Ana Novak", Role.ADMIN.label),
    (STAFF, "Marko Kranjc", Role.STAFF.label),
    (FACILITATOR, "Eva Zupan", Role.FACILITATOR.label),
    (MINISTRY, "Tina Horvat", "Organisation admin (the other organisation)"),
]


@dataclass(frozen=True)
class Cast:
    platform: User  # a platform administrator, also the Django admin
    admin: User  # the municipality's admin
    staff: User
    facilitator: User
    municipality: Organisation
    ministry_admin: User
    ministry: Organisation  # the other organisation, which sees nothing of the municipality

    @property
    def colleagues(self) -> list[User]:
        """The municipality's members, admin first."""
        return [self.admin, self.staff, self.facilitator]


def person(email: str, full_name: str, *, password: str | None = None) -> User:
    """An account; without a password it cannot log in (the peers only lend their answers)."""
    return User.objects.create_user(email, password, full_name=full_name)


def add_member(user: User, organisation: Organisation, role: str) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership


def guest() -> GuestParticipant:
    """A service user taking part without an account, as a browser would be given one."""
    return GuestParticipant.objects.create()


def build() -> Cast:
    names = {email: name for email, name, _what in LOGINS}
    platform = User.objects.create_superuser(PLATFORM, DEMO_PASSWORD, full_name=names[PLATFORM])
    admin, staff, facilitator, ministry_admin = (
        person(email, names[email], password=DEMO_PASSWORD) for email in (ADMIN, STAFF, FACILITATOR, MINISTRY)
    )
    municipality = account_services.create_organisation(
        actor=platform,
        name="Municipality of Lipovec",
        country="SI",
        kind=Organisation.Kind.MUNICIPALITY,
        size_band=Organisation.SizeBand.MEDIUM,
        admin=admin,
    )
    add_member(staff, municipality, Role.STAFF)
    add_member(facilitator, municipality, Role.FACILITATOR)
    ministry = account_services.create_organisation(
        actor=platform,
        name="Ministry of Public Administration (demo)",
        country="SI",
        kind=Organisation.Kind.MINISTRY,
        size_band=Organisation.SizeBand.LARGE,
        admin=ministry_admin,
    )
    return Cast(platform, admin, staff, facilitator, municipality, ministry_admin, ministry)
