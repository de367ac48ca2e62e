"""One person, one voice — without accounts (decision 0012).

Who may take part in a conversation, a journey's feedback or a workshop is the organiser's choice
(`Admission`). Whatever the choice, every voice has a `Verification` level, and results count
voices per level. Four things keep a phone from becoming a crowd:

- new guest identities per client address are limited per time window, exactly, by a counter row
  that the database locks (`issue_guest`); a refused burst is flagged in the organisation's log;
- an e-mail address, once confirmed with a code, is one identity: a second browser that confirms
  it becomes that identity again (a unique index on the confirmed address);
- an invitation code is one voice in its scope (a unique index on scope × participant);
- an account has one participant identity (a one-to-one link).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.accounts.models import (
    CODE_ALPHABET,
    Admission,
    EmailConfirmation,
    GuestIssuance,
    GuestParticipant,
    InvitationCode,
    Organisation,
    User,
    Verification,
)
from cocreate.accounts.throttle import client_address
from cocreate.core import audit

CODE_LENGTH = 8
EMAIL_CODE_VALID = timedelta(minutes=15)
EMAIL_CODE_ATTEMPTS = 5
SESSION_CONFIRMATION = "email_confirmation"


class AdmissionRefused(ValidationError):
    """The participant may not take part (yet); `admission` says what would let them in."""

    def __init__(self, message: str, *, admission: str = Admission.OPEN) -> None:
        super().__init__(message)
        self.admission = admission


def scope_of(obj: models.Model) -> str:
    """The scope key of a participatory thing: codes and verification levels are per scope."""
    return f"{obj._meta.label_lower}:{obj.pk}"


# ---------------------------------------------------------------------------------------------
# identities


def _attach(request: HttpRequest, participant: GuestParticipant) -> GuestParticipant:
    """Make `participant` this browser's identity; the middleware writes the cookie."""
    request.participant = participant  # type: ignore[attr-defined]
    request.participant_is_new = True  # type: ignore[attr-defined]
    return participant


def _client_key(request: HttpRequest) -> str:
    # A keyed hash: the counter never stores anybody's address.
    message = f"guest-issuance:{client_address(request)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _bump(column: str, client_key: str, window: int) -> int:
    """Add one to `column` of the (client, window) row in a single upsert; returns the new value.
    The row lock this takes serialises parallel issuers, so the limit is exact."""
    table = GuestIssuance._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client_key, window_start, issued, refused) "  # noqa: S608 (constants)
            f"VALUES (%s, %s, %s, %s) ON CONFLICT (client_key, window_start) "
            f"DO UPDATE SET {column} = {table}.{column} + 1 RETURNING {column}",
            [client_key, window, int(column == "issued"), int(column == "refused")],
        )
        row = cursor.fetchone()
    return int(row[0])


def issue_guest(request: HttpRequest, *, within: Any = None) -> GuestParticipant:
    """A new guest identity for this browser, unless this client address has had its share.

    At most GUEST_IDENTITY_LIMIT identities in any window of GUEST_IDENTITY_WINDOW_SECONDS: the
    count of this fixed window plus the previous one must stay within the limit, which bounds every
    sliding window of that length. Refused bursts are flagged once per window to the organisation of
    `within` (the conversation, journey … being joined)."""
    seconds = max(1, settings.GUEST_IDENTITY_WINDOW_SECONDS)
    window = int(timezone.now().timestamp()) // seconds * seconds
    key = _client_key(request)
    claim = getattr(request, "participant_claim", None)  # the id a page handed this browser
    try:
        with transaction.atomic():
            issued = _bump("issued", key, window)
            previous = (
                GuestIssuance.objects.filter(client_key=key, window_start=window - seconds)
                .values_list("issued", flat=True)
                .first()
            ) or 0
            if issued + previous > settings.GUEST_IDENTITY_LIMIT:
                raise _OverLimit
            participant = GuestParticipant.objects.create(
                **({"pk": claim} if claim else {}), language=translation.get_language() or "en"
            )
    except IntegrityError:
        if claim is None:
            raise
        return GuestParticipant.objects.get(pk=claim)  # a parallel first write of this browser made it
    except _OverLimit:
        _flag_burst(key, window, within)
        raise AdmissionRefused(
            _(
                "Too many new participants joined from this network in the last minute. Please wait a "
                "minute and try again, or ask the organisers for an invitation code."
            )
        ) from None
    GuestIssuance.objects.filter(window_start__lt=window - 86400).delete()  # keep the table small
    return participant


class _OverLimit(Exception):
    pass


def _flag_burst(key: str, window: int, within: Any) -> None:
    refused = _bump("refused", key, window)
    organisation = getattr(within, "organisation", None)
    if refused == 1 and isinstance(organisation, Organisation):
        audit.record(
            actor=None,
            action="participation.burst",
            target=within,
            organisation=organisation,
            params={},
        )


def participant_for(request: HttpRequest, *, within: Any = None) -> GuestParticipant:
    """This browser's participant identity, created when needed: a signed-in person's own (one per
    account, adopting the browser's guest identity if it has no account yet), otherwise the cookie's,
    otherwise a new guest — within the limit for new guests."""
    current: GuestParticipant | None = getattr(request, "participant", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if current is not None and current.user_id == user.pk:
            return current
        return _attach(request, _account_identity(user, current))
    if current is not None:
        return current
    return _attach(request, issue_guest(request, within=within))


def _account_identity(user: User, browser: GuestParticipant | None) -> GuestParticipant:
    own = GuestParticipant.objects.filter(user=user).first()
    if own is not None:
        return own
    # The guest who took part before signing in is the same person: link, never duplicate.
    linked = browser is not None and browser.user_id is None
    if linked and GuestParticipant.objects.filter(pk=browser.pk, user__isnull=True).update(user=user):  # type: ignore[union-attr]
        browser.user = user  # type: ignore[union-attr]
        return browser  # type: ignore[return-value]
    try:
        with transaction.atomic():
            return GuestParticipant.objects.create(user=user, language=user.language or "en")
    except IntegrityError:  # a parallel request linked one first
        return GuestParticipant.objects.get(user=user)


def participant_for_xid(request: HttpRequest, *, organisation: Organisation, xid: str) -> GuestParticipant:
    """Polis's `xid`: an identity handed in by the site that embeds the conversation. The same xid is
    always the same voice within the organisation; a new one counts against the guest limit."""
    xid = xid.strip()[:200]
    if not xid:
        raise ValidationError(_("The identity from the embedding site is empty."))
    existing = GuestParticipant.objects.filter(external_organisation=organisation, external_id=xid).first()
    if existing is None:
        fresh = issue_guest(request)
        try:
            with transaction.atomic():
                updated = GuestParticipant.objects.filter(pk=fresh.pk).update(
                    external_organisation=organisation, external_id=xid
                )
            existing = fresh if updated else None
        except IntegrityError:
            fresh.delete()
        if existing is None:
            existing = GuestParticipant.objects.get(external_organisation=organisation, external_id=xid)
    return _attach(request, existing)


# ---------------------------------------------------------------------------------------------
# levels


def admits(participant: GuestParticipant, *, scope: str, admission: str) -> bool:
    """Does this admission let the participant in? (Asked per admission, not from the strongest
    level: an account that redeemed a code is in where codes are asked for.)"""
    if admission == Admission.OPEN:
        return True
    if admission == Admission.EMAIL:
        return participant.user_id is not None or participant.email_confirmed_at is not None
    if admission == Admission.CODE:
        return InvitationCode.objects.filter(scope=scope, participant=participant).exists()
    if admission == Admission.ACCOUNT:
        return participant.user_id is not None
    return False


def admit(request: HttpRequest, *, target: Any, admission: str) -> GuestParticipant:
    """The participant who may act on `target` now, or AdmissionRefused. Where the admission is not
    open, nobody gets a fresh guest identity just by trying: they verify first."""
    user = getattr(request, "user", None)
    if admission == Admission.OPEN or (user is not None and user.is_authenticated):
        participant = participant_for(request, within=target)
    else:
        current: GuestParticipant | None = getattr(request, "participant", None)
        if current is None:
            raise AdmissionRefused(REFUSALS[admission](), admission=admission)
        participant = current
    # Only whether it is in: its level (a query) is asked where it is shown, not on every write.
    if not admits(participant, scope=scope_of(target), admission=admission):
        raise AdmissionRefused(REFUSALS[admission](), admission=admission)
    return participant


def may_take_part(request: HttpRequest, *, target: Any, admission: str) -> bool:
    """For pages: would `admit` let this browser in right now (without creating anything)?"""
    user = getattr(request, "user", None)
    if admission == Admission.OPEN:
        return True
    current: GuestParticipant | None = getattr(request, "participant", None)
    if user is not None and user.is_authenticated:
        current = GuestParticipant.objects.filter(user=user).first()
        if current is None:
            return admission in (Admission.EMAIL, Admission.ACCOUNT)
    if current is None:
        return False
    return admits(current, scope=scope_of(target), admission=admission)


REFUSALS: dict[str, Any] = {
    Admission.OPEN: lambda: _("You cannot take part here."),
    Admission.EMAIL: lambda: _("To take part, confirm your e-mail address with the code we send you."),
    Admission.CODE: lambda: _("To take part, type the invitation code from your card."),
    Admission.ACCOUNT: lambda: _("To take part, sign in."),
}


def voices_by_level(participants: QuerySet[GuestParticipant], scope: str) -> dict[str, int]:
    """How many of these participants stand at each verification level (every level listed)."""
    rows = (
        participants.annotate(
            has_code=Exists(InvitationCode.objects.filter(scope=scope, participant=OuterRef("pk")))
        )
        .annotate(
            level=Case(
                When(user__isnull=False, then=Value(Verification.ACCOUNT.value)),
                When(has_code=True, then=Value(Verification.CODE.value)),
                When(email_confirmed_at__isnull=False, then=Value(Verification.EMAIL.value)),
                When(~Q(external_id=""), then=Value(Verification.XID.value)),
                default=Value(Verification.GUEST.value),
                output_field=models.CharField(),
            )
        )
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
    )
    counts = {level: 0 for level in Verification.values}
    for row in rows:
        counts[row["level"]] = row["n"]
    return counts


def levels_table(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) per level, strongest first, for templates."""
    return [(str(label), counts.get(value, 0)) for value, label in reversed(Verification.choices)]


# ---------------------------------------------------------------------------------------------
# invitation codes


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


@transaction.atomic
def generate_codes(*, actor: User, organisation: Organisation, target: models.Model, count: int) -> int:
    if not 1 <= count <= 2000:
        raise ValidationError({"count": _("Make between 1 and 2,000 codes at a time.")})
    scope = scope_of(target)
    made = 0
    while made < count:
        batch = [
            InvitationCode(
                organisation=organisation,
                scope=scope,
                code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            )
            for _ in range(count - made)
        ]
        # A clash of random codes is astronomically rare; ignore_conflicts just skips it and we top up.
        InvitationCode.objects.bulk_create(batch, ignore_conflicts=True)
        made = InvitationCode.objects.filter(scope=scope, code__in=[c.code for c in batch]).count() + made
    audit.record(
        actor=actor,
        action="admission.codes",
        target=target,
        organisation=organisation,
        params={"n": count},
    )
    return count


def codes_for(target: models.Model) -> QuerySet[InvitationCode]:
    return InvitationCode.objects.filter(scope=scope_of(target)).order_by("created_at", "code")


def redeem_code(request: HttpRequest, *, scope: str, raw: str) -> GuestParticipant:
    """Join with a code: the first browser becomes the code's voice; the same code later (another
    phone, a cleared cookie) is that same voice again. A code never gives a second voice."""
    code = InvitationCode.objects.filter(scope=scope, code=normalise_code(raw)).first()
    if code is None:
        raise ValidationError(
            {"code": _("This code does not open this page. Check the letters and numbers on your card.")}
        )
    if code.participant_id is not None:
        return _attach(request, code.participant)  # type: ignore[arg-type]
    current: GuestParticipant | None = getattr(request, "participant", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        current = participant_for(request)  # a signed-in person's code goes with their account
    holds_one = (
        current is not None and InvitationCode.objects.filter(scope=scope, participant=current).exists()
    )
    if holds_one and current is not None and current.user_id is not None:
        raise ValidationError({"code": _("You have joined here with a code already.")})
    if current is None or holds_one:
        # A new voice for a new card (a shared phone passes from hand to hand). Code-gated, so no
        # guest limit applies: a room of people on one network joins with their cards.
        current = GuestParticipant.objects.create(language=translation.get_language() or "en")
    try:
        with transaction.atomic():
            taken = InvitationCode.objects.filter(pk=code.pk, participant__isnull=True).update(
                participant=current, redeemed_at=timezone.now()
            )
    except IntegrityError:
        taken = 0
    if not taken:  # another phone redeemed it a moment earlier: that is the voice
        winner = InvitationCode.objects.values_list("participant_id", flat=True).get(pk=code.pk)
        return _attach(request, GuestParticipant.objects.get(pk=winner))
    return _attach(request, current)


# ---------------------------------------------------------------------------------------------
# e-mail confirmation


def request_email_code(request: HttpRequest, *, email: str) -> EmailConfirmation:
    email = email.strip().lower()
    validate = EmailConfirmation._meta.get_field("email")
    try:
        validate.clean(email, None)
    except ValidationError:
        raise ValidationError({"email": _("Enter an e-mail address like name@example.org.")}) from None
    recent = EmailConfirmation.objects.filter(
        email=email, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= 5:
        raise ValidationError({"email": _("We sent several codes to this address already; try again later.")})
    code = f"{secrets.randbelow(10**6):06d}"
    confirmation = EmailConfirmation.objects.create(
        email=email, code_hash=EmailConfirmation.hash(code), expires_at=timezone.now() + EMAIL_CODE_VALID
    )
    body = _("Your Cocreate code is %(code)s. It is valid for 15 minutes.") % {"code": code}
    subject = _("Your code for taking part")
    # Sent at once, not through the task queue: task arguments are stored, and this is a secret.
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    request.session[SESSION_CONFIRMATION] = str(confirmation.pk)
    return confirmation


def pending_confirmation(request: HttpRequest) -> EmailConfirmation | None:
    pk = request.session.get(SESSION_CONFIRMATION)
    if not pk:
        return None
    return EmailConfirmation.objects.filter(pk=pk, confirmed_at__isnull=True).first()


def confirm_email(request: HttpRequest, *, code: str) -> GuestParticipant:
    """The code proves the address; the address is one identity from now on, in every browser."""
    confirmation = pending_confirmation(request)
    if confirmation is None:
        raise ValidationError({"code": _("Ask for a new code first.")})
    counted = EmailConfirmation.objects.filter(
        pk=confirmation.pk, attempts__lt=EMAIL_CODE_ATTEMPTS, confirmed_at__isnull=True
    ).update(attempts=models.F("attempts") + 1)
    if not counted:
        raise ValidationError({"code": _("Too many wrong codes. Ask for a new code.")})
    if confirmation.expires_at < timezone.now():
        raise ValidationError({"code": _("This code has expired. Ask for a new code.")})
    if not hmac.compare_digest(confirmation.code_hash, EmailConfirmation.hash(code.strip())):
        raise ValidationError({"code": _("This code is not right. Check the e-mail and try again.")})
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=timezone.now())
    request.session.pop(SESSION_CONFIRMATION, None)
    return _attach(request, _identity_for_email(request, confirmation.email))


def _identity_for_email(request: HttpRequest, email: str) -> GuestParticipant:
    confirmed = GuestParticipant.objects.filter(email__iexact=email, email_confirmed_at__isnull=False)
    existing = confirmed.first()
    if existing is not None:
        return existing
    current: GuestParticipant | None = getattr(request, "participant", None)
    if current is None or current.email_confirmed_at is not None:
        current = GuestParticipant.objects.create(language=translation.get_language() or "en")
    try:
        with transaction.atomic():
            GuestParticipant.objects.filter(pk=current.pk).update(
                email=email, email_confirmed_at=timezone.now()
            )
    except IntegrityError:  # the same address confirmed in parallel elsewhere
        return confirmed.get()
    current.refresh_from_db()
    return current
