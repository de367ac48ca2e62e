"""The registry of personal data: what every app declared in its `privacy.py` (see
`cocreate/core/personal_data.py`).

Export, erasure, retention and the record of processing activities are all built from it, so a
model that is not declared would be forgotten by all four; `unregistered_personal_fields` finds
such models and the registry test fails on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from cocreate.core.hooks import hook_modules
from cocreate.core.personal_data import SELF, Holding, Mentions, NotPersonal

if TYPE_CHECKING:
    from cocreate.accounts.models import GuestParticipant, User

# A field whose name is one of these, or contains one of the fragments, is presumed personal.
PERSONAL_NAMES = {
    "name",
    "full_name",
    "first_name",
    "last_name",
    "nickname",
    "phone",
    "address",
    "birth_date",
    "date_of_birth",
    "photo",
    "avatar",
    "picture",
}
PERSONAL_FRAGMENTS = ("email", "e_mail", "phone", "nickname", "encrypted", "fingerprint", "ip_address")


@dataclass
class Subject:
    """Whose data: a signed-in user, the guest identities they hold, and e-mails they proved."""

    user: User | None = None
    participants: list[GuestParticipant] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.user is not None or bool(self.participants) or bool(self.emails)

    @property
    def identifying_strings(self) -> set[str]:
        """What could name the person in free text (scanned for and scrubbed on erasure)."""
        found = {e for e in self.emails}
        if self.user is not None:
            found |= {self.user.email, self.user.full_name}
        for p in self.participants:
            found |= {p.email, p.nickname}
        # Short strings ("Al") would scrub unrelated words; names that short are left alone.
        return {s.strip() for s in found if s and len(s.strip()) >= 4}


class Registry:
    def __init__(self) -> None:
        self.holdings: list[Holding] = []
        self.not_personal: list[NotPersonal] = []
        self.mentions: list[Mentions] = []

    def register(
        self,
        holdings: Iterable[Holding] = (),
        not_personal: Iterable[NotPersonal] = (),
        mentions: Iterable[Mentions] = (),
    ) -> None:
        self.holdings += list(holdings)
        self.not_personal += list(not_personal)
        self.mentions += list(mentions)

    def discover(self) -> None:
        """Import `<app>.privacy` of every installed app and register its three lists."""
        for module in hook_modules("privacy"):
            self.register(
                getattr(module, "HOLDINGS", ()),
                getattr(module, "NOT_PERSONAL", ()),
                getattr(module, "MENTIONS", ()),
            )

    # --- review -------------------------------------------------------------------------------

    def covered_fields(self, label: str) -> set[str]:
        covered: set[str] = set()
        for h in self.holdings:
            if h.model != label:
                continue
            if h.subject and h.subject != SELF:
                covered.add(h.subject.split("__")[0])
            covered |= {h.by_email, h.stand_in, *h.fields, *h.files, *h.scrub}
        for n in self.not_personal:
            if n.model == label:
                covered |= set(n.fields)
        for m in self.mentions:
            if m.model == label:
                covered |= set(m.fields)
        covered.discard("")
        return covered

    def unregistered_personal_fields(
        self, candidates: Iterable[type[models.Model]] | None = None
    ) -> list[str]:
        """Fields that look personal and that no holding, exemption or mention declares."""
        if candidates is None:
            candidates = [m for m in apps.get_models() if m.__module__.startswith("cocreate.")]
        missing = []
        for model in candidates:
            label = model._meta.label
            covered = self.covered_fields(label)
            missing += [f"{label}.{name}" for name in personal_candidates(model) if name not in covered]
        return sorted(missing)

    # --- reads --------------------------------------------------------------------------------

    def rows_for(self, holding: Holding, subject: Subject) -> QuerySet[Any]:
        model = apps.get_model(holding.model)
        if holding.finder is not None:
            return holding.finder(subject)  # type: ignore[no-any-return]
        query = Q(pk__in=[])
        if holding.subject:
            target = subject_model(model, holding.subject)
            if target is user_model():
                if subject.user is not None:
                    query |= (
                        Q(pk=subject.user.pk)
                        if holding.subject == SELF
                        else Q(**{holding.subject: subject.user})
                    )
            elif subject.participants:
                ids = [p.pk for p in subject.participants]
                query |= Q(pk__in=ids) if holding.subject == SELF else Q(**{f"{holding.subject}__in": ids})
        if holding.by_email and subject.emails:
            for email in subject.emails:
                query |= Q(**{f"{holding.by_email}__iexact": email})
        rows: QuerySet[Any] = model._default_manager.filter(query).distinct()
        return rows

    def holdings_about(self, target: type[models.Model]) -> list[Holding]:
        """Holdings whose subject lookup leads to `target` (User or GuestParticipant)."""
        return [
            h
            for h in self.holdings
            if h.subject and subject_model(apps.get_model(h.model), h.subject) is target
        ]


def user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def participant_model() -> type[models.Model]:
    return apps.get_model("accounts", "GuestParticipant")


def subject_model(model: type[models.Model], lookup: str) -> type[models.Model] | None:
    """The model a lookup such as "attendee__participant" leads to ("self": the model itself)."""
    if lookup == SELF:
        return model
    current: Any = model
    for part in lookup.split("__"):
        current = current._meta.get_field(part).related_model
    return current  # type: ignore[no-any-return]


def personal_candidates(model: type[models.Model]) -> list[str]:
    """The fields of a model that look like personal data, by type and by name."""
    people = {user_model(), participant_model()}
    found = []
    for f in model._meta.get_fields():
        if f.auto_created and not f.concrete:
            continue  # reverse relations are reviewed on the model that holds the key
        name = f.name
        if (
            (f.is_relation and f.related_model in people)
            or isinstance(f, (models.EmailField, models.FileField, models.GenericIPAddressField))
            or name in PERSONAL_NAMES
            or any(fragment in name for fragment in PERSONAL_FRAGMENTS)
        ):
            found.append(name)
    return found


registry = Registry()
