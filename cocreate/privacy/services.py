"""Every write of the privacy app: notices, consent records, access codes, erasure, retention."""

from __future__ import annotations

import re
import secrets
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.core import audit, crypto
from cocreate.core.personal_data import SELF, Erase, Holding
from cocreate.privacy.models import AccessCode, ConsentRecord, PrivacyNotice, StandIn, wording_version
from cocreate.privacy.registry import Registry, Subject, registry, subject_model

ACCESS_CODE_MINUTES = 30
ACCESS_CODES_PER_HOUR = 3
ERASED = "[erased]"


class Contributions:
    """What the person chose for their contributions (the organisation's policy may decide instead)."""

    ANONYMISE = "anonymise"
    DELETE = "delete"
    CHOICES = (ANONYMISE, DELETE)


# --- transparency -------------------------------------------------------------------------------


@transaction.atomic
def save_notice(
    *,
    actor: User,
    organisation: Organisation,
    controller: str,
    dpo_contact: str,
    purposes: str,
    retention: str,
    contributions_on_erasure: str,
) -> PrivacyNotice:
    notice = PrivacyNotice.objects.filter(organisation=organisation).first() or PrivacyNotice(
        organisation=organisation
    )
    notice.controller = controller.strip()
    notice.dpo_contact = dpo_contact.strip()
    notice.purposes = purposes.strip()
    notice.retention = retention.strip()
    notice.contributions_on_erasure = contributions_on_erasure
    notice.full_clean()
    notice.save()
    audit.record(
        actor=actor,
        action="privacy.notice",
        target=notice,
        organisation=organisation,
        public=True,
        params={},
    )
    return notice


@transaction.atomic
def consent_heard(
    *, participant: GuestParticipant, purpose: str, wording: str, given: bool, **_: object
) -> None:
    """Receiver of accounts' `consent_changed`: the record of consents follows every change."""
    record_consent(purpose=purpose, wording=wording, given=given, participant=participant)


def record_consent(
    *,
    purpose: str,
    wording: str,
    given: bool,
    participant: GuestParticipant | None = None,
    user: User | None = None,
) -> ConsentRecord | None:
    """Record a consent given, or withdraw the open ones for this purpose.

    Call it where the person ticks (or unticks) the box, with the exact wording they saw.
    """
    if participant is None and user is None:
        raise ValueError("A consent belongs to a participant or a user.")
    owner = Q(participant=participant) if participant is not None else Q(user=user)
    open_records = ConsentRecord.objects.filter(owner, purpose=purpose, withdrawn_at__isnull=True)
    version = wording_version(str(wording))
    if not given:
        open_records.update(withdrawn_at=timezone.now())
        return None
    current = open_records.filter(wording_version=version).first()
    if current is not None:
        return current  # the same consent again: nothing new to record
    open_records.update(withdrawn_at=timezone.now())  # superseded by a new wording
    return ConsentRecord.objects.create(
        participant=participant, user=user, purpose=purpose, wording=str(wording), wording_version=version
    )


# --- proving an e-mail address --------------------------------------------------------------------


@transaction.atomic
def send_access_code(*, email: str) -> AccessCode | None:
    """Mail a one-time code to the address. The same answer whether or not we hold anything for
    it, so nobody learns whether an address took part. None when too many codes were asked for."""
    email = email.strip().lower()
    recent = AccessCode.objects.filter(email=email, created_at__gte=timezone.now() - timedelta(hours=1))
    if recent.count() >= ACCESS_CODES_PER_HOUR:
        return None
    code = f"{secrets.randbelow(10**6):06d}"
    access = AccessCode.objects.create(
        email=email,
        code_hash=_hash(code),
        expires_at=timezone.now() + timedelta(minutes=ACCESS_CODE_MINUTES),
    )
    body = render_to_string("privacy/emails/access_code.txt", {"code": code, "minutes": ACCESS_CODE_MINUTES})
    subject = _("Your code to see your data on Cocreate")
    # Sent directly, not through a task: task arguments are stored, and the code is a secret.
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return access


def confirm_access_code(*, access: AccessCode, code: str) -> bool:
    with transaction.atomic():
        access = AccessCode.objects.select_for_update().get(pk=access.pk)
        if not access.is_usable:
            return False
        if secrets.compare_digest(access.code_hash, _hash(code.strip())):
            access.confirmed_at = timezone.now()
            access.save(update_fields=["confirmed_at", "updated_at"])
            return True
        access.attempts += 1
        access.save(update_fields=["attempts", "updated_at"])
        return False


def _hash(code: str) -> str:
    return crypto.keyed_hash(code, purpose="privacy-access-code")


# --- erasure --------------------------------------------------------------------------------------


class _Erasure:
    """One erasure: the stand-ins it created and what it did, per holding."""

    def __init__(self, subject: Subject, choice: str) -> None:
        self.subject = subject
        self.choice = choice
        self.stand_ins: dict[Any, GuestParticipant] = {}
        self.counts: Counter[str] = Counter()
        self.policies: dict[Any, str] = {}

    def stand_in_for(self, who: models.Model) -> GuestParticipant:
        if who.pk not in self.stand_ins:
            participant = GuestParticipant.objects.create(language=settings.LANGUAGE_CODE)
            StandIn.objects.create(participant=participant)
            self.stand_ins[who.pk] = participant
        return self.stand_ins[who.pk]

    def policy_for(self, row: models.Model) -> str:
        """Delete or anonymise one contribution: the organisation's policy, else the person's choice."""
        try:
            organisation = getattr(row, "organisation", None)
        except (AttributeError, models.ObjectDoesNotExist):
            organisation = None
        if organisation is None:
            return self.choice
        if organisation.pk not in self.policies:
            notice = PrivacyNotice.objects.filter(organisation=organisation).first()
            rule = notice.contributions_on_erasure if notice else PrivacyNotice.OnErasure.PERSON_CHOOSES
            decided: dict[str, str] = {
                PrivacyNotice.OnErasure.ANONYMISE: Contributions.ANONYMISE,
                PrivacyNotice.OnErasure.DELETE: Contributions.DELETE,
            }
            self.policies[organisation.pk] = decided.get(str(rule), self.choice)
        return self.policies[organisation.pk]


def erase(
    *,
    subject: Subject,
    actor: User | None,
    contributions: str = Contributions.ANONYMISE,
    via: str,
    organisation: Organisation | None = None,
    using: Registry | None = None,
    record: bool = True,
) -> dict[str, int]:
    """Erase everything the registry finds for the person. Returns {holding label: rows}.

    Votes and ratings move to an anonymous stand-in, so published counts do not shift; the audit
    entry says what was done, never to whom.
    """
    if contributions not in Contributions.CHOICES:
        raise ValidationError(_("Choose whether to delete or anonymise your contributions."))
    if not subject:
        return {}
    reg = using or registry
    with transaction.atomic():
        job = _Erasure(subject, contributions)
        names = subject.identifying_strings
        ordered = [h for h in reg.holdings if h.subject != SELF] + [
            h for h in reg.holdings if h.subject == SELF
        ]
        for holding in ordered:
            pks = list(reg.rows_for(holding, subject).values_list("pk", flat=True))
            if pks:
                _erase_holding(holding, pks, job)
                job.counts[str(holding.label)] += len(pks)
        scrubbed = scrub_mentions(names, using=reg)
        if record:
            audit.record(
                actor=actor,
                action="privacy.erase",
                target=None,
                organisation=organisation,
                params={"n": sum(job.counts.values())},
                changes={"via": via, "items": sum(job.counts.values()), "mentions_scrubbed": scrubbed},
            )
    return dict(job.counts)


def _erase_holding(holding: Holding, pks: list[Any], job: _Erasure) -> None:
    model = apps.get_model(holding.model)
    rows = model._default_manager.filter(pk__in=pks)
    how = holding.erase
    if how == Erase.KEEP:
        return
    if how == Erase.CUSTOM and holding.eraser is not None:
        holding.eraser(rows, job)
    elif how == Erase.DELETE:
        _delete(holding, rows)
    elif how == Erase.UNLINK:
        _unlink(holding, rows, job.subject)
    elif how == Erase.COUNT:
        _count(holding, rows, job)
    elif how == Erase.CONTRIBUTION:
        doomed = [row.pk for row in rows if job.policy_for(row) == Contributions.DELETE]
        _delete(holding, model._default_manager.filter(pk__in=doomed))
        _unlink(holding, model._default_manager.filter(pk__in=pks).exclude(pk__in=doomed), job.subject)


def _delete(holding: Holding, rows: models.QuerySet[Any]) -> None:
    for name in holding.files:
        for row in rows.exclude(**{name: ""}):
            getattr(row, name).delete(save=False)
    rows.delete()


def _unlink(holding: Holding, rows: models.QuerySet[Any], subject: Subject) -> None:
    model = rows.model
    updates: dict[str, Any] = dict.fromkeys(holding.scrub, "")
    if holding.subject and holding.subject != SELF and "__" not in holding.subject:
        field = model._meta.get_field(holding.subject)
        if field.many_to_many:
            people: list[Any] = [subject.user] if subject.user is not None else []
            if field.related_model is GuestParticipant:
                people = list(subject.participants)
            for row in rows:
                getattr(row, holding.subject).remove(*people)
        else:
            updates[holding.subject] = None
    if updates:
        rows.update(**updates)


def _count(holding: Holding, rows: models.QuerySet[Any], job: _Erasure) -> None:
    target = subject_model(rows.model, holding.subject)
    people: list[models.Model] = (
        [job.subject.user] if target is User and job.subject.user else list(job.subject.participants)
    )
    for person in people:
        mine = rows.filter(**{holding.subject: person})
        if holding.stand_in:
            mine.update(**{holding.stand_in: job.stand_in_for(person), holding.subject: None})
        else:
            mine.update(**{holding.subject: job.stand_in_for(person)})


def scrub_mentions(names: set[str], *, using: Registry | None = None) -> int:
    """Replace the person's e-mail, name and nickname wherever other records quote them."""
    reg = using or registry
    if not names:
        return 0
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)
    changed = 0
    for mention in reg.mentions:
        try:
            model = apps.get_model(mention.model)
        except LookupError:
            continue  # an optional app that is not installed
        for name in mention.fields:
            text = Cast(name, TextField())
            query = Q()
            for n in names:
                query |= Q(_text__icontains=n)
            for row in model._default_manager.annotate(_text=text).filter(query):
                setattr(row, name, _replace(getattr(row, name), pattern))
                row.save(update_fields=[name])
                changed += 1
    return changed


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in value.items()}
    return value


@transaction.atomic
def erase_by_post(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    reference: str,
    contributions: str,
) -> dict[str, int]:
    """Staff erase the data of a person who asked by post (after checking who they are).

    An organisation's staff reach guest identities only; an account spans organisations and is
    erased by a platform administrator.
    """
    subject = subject_for_email(email, include_account=actor.is_platform_admin)
    if not subject.participants and subject.user is None and not subject.emails:
        raise ValidationError(_("We hold nothing under this e-mail address."))
    counts = erase(
        subject=subject,
        actor=actor,
        contributions=contributions,
        via="post",
        organisation=organisation,
        record=False,
    )
    audit.record(
        actor=actor,
        action="privacy.erase",
        target=None,
        organisation=organisation,
        params={"ref": reference[:40], "n": sum(counts.values())},
        changes={"via": "post", "items": sum(counts.values())},
    )
    return counts


def log_postal_export(*, actor: User, organisation: Organisation, reference: str) -> None:
    audit.record(
        actor=actor,
        action="privacy.export",
        target=None,
        organisation=organisation,
        params={"ref": reference[:40]},
    )


def subject_for_email(email: str, *, include_account: bool = False) -> Subject:
    """The guest identities that consented with this e-mail (and the account, if asked for)."""
    email = email.strip().lower()
    vouched = Q(notify_consent_at__isnull=False)
    if _has_field(GuestParticipant, "email_confirmed_at"):
        vouched |= Q(email_confirmed_at__isnull=False)
    participants = list(
        GuestParticipant.objects.filter(vouched, email__iexact=email).exclude(
            pk__in=StandIn.objects.values("participant")
        )
    )
    user = User.objects.filter(email__iexact=email).first() if include_account else None
    if user is not None:
        participants += [p for p in participants_of_account(user) if p not in participants]
    return Subject(user=user, participants=participants, emails=[email] if email else [])


def participants_of_account(user: User) -> list[GuestParticipant]:
    """The guest identity an account carries, where accounts have one."""
    if not _has_field(GuestParticipant, "user"):
        return []
    return list(GuestParticipant.objects.filter(user=user))


# --- retention ------------------------------------------------------------------------------------


def idle_cutoff(now: datetime | None = None) -> datetime:
    months = getattr(settings, "PRIVACY_GUEST_IDLE_MONTHS", 24)
    return (now or timezone.now()) - timedelta(days=round(months * 365.25 / 12))


def idle_guests(
    now: datetime | None = None, *, using: Registry | None = None
) -> models.QuerySet[GuestParticipant]:
    """Guest identities with no activity since the cutoff: neither seen nor anything written."""
    reg = using or registry
    cutoff = idle_cutoff(now)
    active: set[Any] = set()
    for holding in reg.holdings_about(GuestParticipant):
        if holding.subject == SELF:
            continue
        model = apps.get_model(holding.model)
        stamp = next((f for f in ("updated_at", "created_at") if _has_field(model, f)), None)
        if stamp:
            active |= set(
                model._default_manager.filter(
                    **{f"{stamp}__gte": cutoff, f"{holding.subject}__isnull": False}
                )
                .values_list(holding.subject, flat=True)
                .distinct()
            )
    return (
        GuestParticipant.objects.filter(last_seen_at__lt=cutoff, created_at__lt=cutoff)
        .exclude(pk__in=StandIn.objects.values("participant"))
        .exclude(pk__in=active)
    )


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    """The scheduled retention run: idle guest identities, unconfirmed e-mails, used access codes."""
    now = now or timezone.now()
    done = {"guests": 0, "emails": 0, "codes": 0}
    with translation.override(settings.LANGUAGE_CODE):
        for participant in idle_guests(now):
            erase(
                subject=Subject(participants=[participant]),
                actor=None,
                contributions=Contributions.ANONYMISE,
                via="retention",
                record=False,
            )
            done["guests"] += 1
        with transaction.atomic():
            # An e-mail kept without a consent (or, once confirmation exists, never confirmed) goes.
            unconsented = GuestParticipant.objects.exclude(email="").filter(notify_consent_at__isnull=True)
            done["emails"] = unconsented.update(email="")
            days = getattr(settings, "PRIVACY_UNCONFIRMED_EMAIL_DAYS", 7)
            if days > 0 and _has_field(GuestParticipant, "email_confirmed_at"):
                done["emails"] += (
                    GuestParticipant.objects.exclude(email="")
                    .filter(email_confirmed_at__isnull=True, notify_consent_at__lt=now - timedelta(days=days))
                    .update(email="", notify_consent_at=None)
                )
            spent = Q(confirmed_at__isnull=True, expires_at__lt=now) | Q(
                confirmed_at__lt=now - timedelta(days=1)
            )
            done["codes"] = AccessCode.objects.filter(spent).delete()[0]
            try:
                confirmations = apps.get_model("accounts", "EmailConfirmation")
            except LookupError:
                confirmations = None
            if confirmations is not None:
                done["codes"] += confirmations._default_manager.filter(spent).delete()[0]
            if any(done.values()):
                audit.record(
                    actor=None,
                    action="privacy.retention",
                    target=None,
                    params={"g": done["guests"], "e": done["emails"], "c": done["codes"]},
                    changes=done,
                )
    return done
