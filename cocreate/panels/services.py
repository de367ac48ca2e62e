"""Every write of panels: set-up, quotas, the pool, the lottery and draw, invitations, purge."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments import services as commitment_services
from cocreate.core import audit, crypto, links
from cocreate.core.tasks import send_email
from cocreate.engines import sortition
from cocreate.panels.draw import instance_of
from cocreate.panels.models import Feature, FeatureValue, Panel, Recommendation, Selection, Volunteer
from cocreate.panels.pool_import import parse_pool
from cocreate.panels.quotas import parse_quotas
from cocreate.panels.recommendation_list import parse_recommendations
from cocreate.panels.tasks import run_selection
from cocreate.renewals.models import Renewal


@transaction.atomic
def create_panel(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    purpose: str,
    size: int,
    retention_until: date,
    one_per_household: bool = True,
    renewal: Renewal | None = None,
    timeline: str = "",
) -> Panel:
    if renewal is not None and renewal.organisation_id != organisation.pk:
        raise ValidationError(_("The renewal belongs to another organisation."))
    if retention_until <= timezone.localdate():
        raise ValidationError({"retention_until": _("Choose a date in the future.")})
    panel = Panel(
        organisation=organisation,
        renewal=renewal,
        title=title.strip(),
        purpose=purpose.strip(),
        size=size,
        one_per_household=one_per_household,
        retention_until=retention_until,
        timeline=timeline.strip(),
    )
    panel.full_clean()
    panel.save()
    audit.record(
        actor=actor,
        action="panel.create",
        target=panel,
        organisation=organisation,
        params={"t": panel.title},
    )
    return panel


@transaction.atomic
def set_quotas(*, actor: User, panel: Panel, text: str) -> list[Feature]:
    """Replace the features and quotas. Not once volunteers are in the pool: their answers follow
    the features they were asked."""
    if panel.volunteers.exists():
        raise ValidationError(_("The pool has volunteers already; quotas can change, features cannot."))
    specs, errors = parse_quotas(text, panel.size)
    if errors:
        raise ValidationError(errors)
    panel.features.all().delete()
    features: dict[str, Feature] = {}
    for order, spec in enumerate(specs):
        if spec.feature not in features:
            features[spec.feature] = Feature.objects.create(
                panel=panel, name=spec.feature, order=len(features)
            )
        FeatureValue.objects.create(
            feature=features[spec.feature],
            value=spec.value,
            minimum=spec.minimum,
            maximum=spec.maximum,
            census_share=spec.share,
            order=order,
        )
    audit.record(
        actor=actor,
        action="panel.quotas",
        target=panel,
        organisation=panel.organisation,
        params={"n": len(features)},
    )
    return list(features.values())


def allowed_values(panel: Panel) -> dict[str, list[str]]:
    return {f.name: [v.value for v in f.values.all()] for f in panel.features.prefetch_related("values")}


def _volunteer(
    panel: Panel, contact: Mapping[str, str], household: str, answers: Mapping[str, str], source: str
) -> Volunteer:
    email = contact.get("email", "").strip().lower()
    return Volunteer(
        panel=panel,
        contact_encrypted=crypto.encrypt(dict(contact)),
        answers_encrypted=crypto.encrypt(dict(answers)),
        email_fingerprint=crypto.keyed_hash(email, purpose=f"panel-email:{panel.pk}") if email else "",
        household_fingerprint=crypto.keyed_hash(household, purpose=f"panel-household:{panel.pk}")
        if household
        else "",
        source=source,
    )


@transaction.atomic
def import_pool(*, actor: User, panel: Panel, table: list[list[str]]) -> int:
    """All rows or none; every bad row is named with its problem."""
    if not panel.features.exists():
        raise ValidationError(_("Set the features and quotas first: the file's columns follow them."))
    if panel.status not in POOL_OPEN:
        raise ValidationError(_("The pool is closed: the draw has been announced."))
    known: set[str] = (
        set()
    )  # e-mails are stored only as fingerprints, so duplicates are checked by fingerprint
    parsed = parse_pool(table, allowed_values(panel), known)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    existing = set(panel.volunteers.exclude(email_fingerprint="").values_list("email_fingerprint", flat=True))
    volunteers = [
        _volunteer(panel, r["contact"], r["household"], r["answers"], Volunteer.Source.IMPORT)
        for r in parsed.rows
    ]
    clashes = [
        n
        for n, v in enumerate(volunteers, start=2)
        if v.email_fingerprint and v.email_fingerprint in existing
    ]
    if clashes:
        raise ValidationError(
            [_("Row %(n)s: this e-mail is already in the pool.") % {"n": n} for n in clashes]
        )
    Volunteer.objects.bulk_create(volunteers)
    if panel.status == Panel.Status.DRAFT:
        panel.status = Panel.Status.RECRUITING
        panel.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="panel.import",
        target=panel,
        organisation=panel.organisation,
        params={"n": len(volunteers)},
    )
    return len(volunteers)


def register(
    *, panel: Panel, contact: Mapping[str, str], household: str, answers: Mapping[str, str]
) -> Volunteer:
    """Public registration form. A second registration with the same e-mail changes nothing."""
    if not panel.registration_open or panel.status not in POOL_OPEN:
        raise ValidationError(_("Registration for this panel is closed."))
    allowed = allowed_values(panel)
    for feature, values in allowed.items():
        if answers.get(feature) not in values:
            raise ValidationError({feature: _("Choose one of the answers.")})
    volunteer = _volunteer(panel, contact, household, answers, Volunteer.Source.REGISTRATION)
    try:
        with transaction.atomic():
            volunteer.save()
            audit.record(
                actor=None,
                action="panel.register",
                target=panel,
                organisation=panel.organisation,
                params={"t": panel.title},
            )  # staff are told through it (panels/notify.py)
    except IntegrityError:
        raise ValidationError(_("You are already registered for this panel. Thank you!")) from None
    return volunteer


def feasibility(panel: Panel) -> sortition.FeasibilityReport:
    return sortition.check_feasibility(instance_of(panel))


POOL_OPEN = (Panel.Status.DRAFT, Panel.Status.RECRUITING)
ON_PANEL = (Volunteer.Status.SELECTED, Volunteer.Status.CONFIRMED, Volunteer.Status.REPLACEMENT)


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.strip().encode()).hexdigest()


# The form offers the minute the page was drawn as the time of the draw. A page left open for a
# while must not turn its own default into an error, so a time up to this far back is taken as
# "now": the draw still cannot start before it was announced.
ANNOUNCEMENT_GRACE = timedelta(minutes=15)


@transaction.atomic
def announce_draw(
    *, actor: User, panel: Panel, draw_at: datetime, seed_source: str, committed_seed: str = ""
) -> Panel:
    """Announce the draw before it happens: its time, where the public seed comes from, and
    optionally the SHA-256 of a seed fixed now. The pool closes, so nobody can change the inputs
    after seeing the seed, and nobody can try seeds until one pleases them."""
    seed_source, committed_seed = seed_source.strip(), committed_seed.strip()
    if not seed_source:
        raise ValidationError({"seed_source": _("Say where the seed will come from, e.g. a lottery draw.")})
    if committed_seed and len(committed_seed) < 6:
        raise ValidationError({"committed_seed": _("A seed fixed now needs at least 6 characters.")})
    now = timezone.now()
    if draw_at < now - ANNOUNCEMENT_GRACE:
        raise ValidationError(
            {"draw_at": _("The draw must be announced before it happens: choose a later time.")}
        )
    draw_at = max(draw_at, now)
    if not instance_of(panel).people:
        raise ValidationError(_("The pool is empty: import or register volunteers first."))
    pool = panel.volunteers.exclude(status=Volunteer.Status.DECLINED).count()
    announced = Panel.objects.filter(pk=panel.pk, status__in=POOL_OPEN).update(
        status=Panel.Status.ANNOUNCED,
        registration_open=False,
        draw_announced_at=now,
        draw_at=draw_at,
        seed_source=seed_source[:300],
        seed_commitment=seed_hash(committed_seed) if committed_seed else "",
        pool_size_at_announcement=pool,
        updated_at=timezone.now(),
    )
    if not announced:
        raise ValidationError(_("The draw is announced already."))
    panel.refresh_from_db()
    params = {"when": draw_at.isoformat(), "source": seed_source, "hash": panel.seed_commitment[:16]}
    audit.record(
        actor=actor, action="panel.announce", target=panel, organisation=panel.organisation,
        params=params, public=True,
    )  # fmt: skip
    return panel


class AlreadyDrawn(ValidationError):
    """A second draw request: the panel is being drawn or is drawn; the existing draw stands."""


@transaction.atomic
def start_selection(*, actor: User, panel: Panel, seed: str) -> Selection:
    """Start the one draw of this panel. The status moves announced → selecting in one conditional
    update, and the database allows one live or finished selection per panel: ten parallel requests
    give one draw, the others hear that it is under way (decision 0011)."""
    seed = seed.strip()
    if len(seed) < 6:
        raise ValidationError(
            {"seed": _("Use a public seed of at least 6 characters, e.g. tonight's lottery numbers.")}
        )
    claimed = Panel.objects.filter(
        pk=panel.pk, status=Panel.Status.ANNOUNCED, draw_at__lte=timezone.now()
    ).update(status=Panel.Status.SELECTING, updated_at=timezone.now())
    if not claimed:
        raise _why_no_draw(Panel.objects.get(pk=panel.pk))
    panel.refresh_from_db()
    if panel.seed_commitment and not hmac.compare_digest(panel.seed_commitment, seed_hash(seed)):
        raise ValidationError(
            {"seed": _("This is not the seed announced: its SHA-256 differs from the one published.")}
        )
    try:
        with transaction.atomic():
            selection = Selection.objects.create(
                panel=panel, seed=seed, started_by=actor, progress=_("Waiting to start")
            )
    except IntegrityError:
        raise AlreadyDrawn(_("The panel is being drawn or is drawn already.")) from None
    audit.record(
        actor=actor,
        action="panel.select",
        target=panel,
        organisation=panel.organisation,
        params={"s": seed},
        public=True,
    )
    selection_id = str(selection.pk)
    transaction.on_commit(lambda: run_selection.enqueue(selection_id))
    return selection


def _why_no_draw(panel: Panel) -> ValidationError:
    if panel.status in (Panel.Status.SELECTING, Panel.Status.SELECTED, Panel.Status.CLOSED):
        return AlreadyDrawn(_("The panel is being drawn or is drawn already."))
    if panel.status == Panel.Status.ANNOUNCED and panel.draw_at is not None:
        return ValidationError(
            _("The draw was announced for %(when)s; it cannot start earlier.")
            % {"when": timezone.localtime(panel.draw_at).strftime("%Y-%m-%d %H:%M")}
        )
    return ValidationError(_("Announce the draw first: its time and where the seed comes from."))


def _token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(24)
    return raw, hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def invite_selected(*, actor: User, panel: Panel) -> int:
    """E-mail everyone selected (and not yet asked) a link to confirm or decline."""
    invited = 0
    for volunteer in panel.volunteers.filter(
        status__in=[Volunteer.Status.SELECTED, Volunteer.Status.REPLACEMENT], response_token=""
    ):
        email = volunteer.contact.get("email")
        if not email:
            continue
        raw, digest = _token()
        volunteer.response_token = digest
        volunteer.save(update_fields=["response_token", "updated_at"])
        link = links.site_url(reverse("panels_public:respond", args=[raw]))
        body = render_to_string("panels/emails/invitation.txt", {"panel": panel, "link": link})
        subject = _("You have been drawn for: %(t)s") % {"t": panel.title}
        transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=email))
        invited += 1
    audit.record(
        actor=actor,
        action="panel.invite",
        target=panel,
        organisation=panel.organisation,
        params={"n": invited},
    )
    return invited


def volunteer_by_token(raw: str) -> Volunteer | None:
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return Volunteer.objects.select_related("panel").filter(response_token=digest).first()


@transaction.atomic
def respond(*, volunteer: Volunteer, accept: bool) -> Volunteer:
    if volunteer.status not in (
        Volunteer.Status.SELECTED,
        Volunteer.Status.REPLACEMENT,
        Volunteer.Status.CONFIRMED,
        Volunteer.Status.DECLINED,
    ):
        raise ValidationError(_("This invitation is no longer open."))
    volunteer.status = Volunteer.Status.CONFIRMED if accept else Volunteer.Status.DECLINED
    volunteer.save(update_fields=["status", "updated_at"])
    return volunteer


@transaction.atomic
def replace_declined(*, actor: User, panel: Panel) -> list[Volunteer]:
    """Draw replacements for those who declined, keeping the quotas as well as the pool allows.

    Once per decliner: the decliners are claimed by a conditional update under the panel's row lock,
    so parallel requests draw one set. The seed is the announced draw's seed and the round number,
    so nobody chooses it."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    selection = panel.selections.filter(state=Selection.State.DONE).first()
    if selection is None:
        raise ValidationError(_("Draw the panel first."))
    earlier = set(
        panel.volunteers.filter(status=Volunteer.Status.DECLINED, replaced_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    declined = list(
        panel.volunteers.filter(status=Volunteer.Status.DECLINED, replaced_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not declined:
        raise AlreadyDrawn(_("Nobody is waiting for a replacement: every seat of a decliner is redrawn."))
    claimed = panel.volunteers.filter(pk__in=declined, replaced_at__isnull=True).update(
        replaced_at=timezone.now()
    )
    if claimed != len(declined):
        raise AlreadyDrawn(_("Replacements are being drawn already."))
    panel.replacement_rounds += 1
    panel.save(update_fields=["replacement_rounds", "updated_at"])
    seed = f"{selection.seed}/replacements-{panel.replacement_rounds}"
    on_panel = [
        str(v.pk)
        for v in panel.volunteers.filter(
            status__in=[Volunteer.Status.SELECTED, Volunteer.Status.CONFIRMED, Volunteer.Status.REPLACEMENT]
        )
    ]
    instance = sortition.Instance(
        people=tuple(
            sortition.Person(id=str(v.pk), features=v.answers, household=v.household_fingerprint or None)
            for v in panel.volunteers.exclude(pk__in=earlier).order_by("created_at", "pk")
        ),
        quotas=instance_of(panel).quotas,
        panel_size=panel.size,
        one_per_household=panel.one_per_household,
    )
    decliners = [str(pk) for pk in declined]
    result = sortition.replace_dropouts(instance, on_panel + decliners, decliners, seed)
    added = list(panel.volunteers.filter(pk__in=result.added))
    for volunteer in added:
        volunteer.status = Volunteer.Status.REPLACEMENT
    Volunteer.objects.bulk_update(added, ["status"])
    audit.record(
        actor=actor,
        action="panel.replace",
        target=panel,
        organisation=panel.organisation,
        public=True,
        params={"n": len(added), "r": panel.replacement_rounds, "s": seed},
    )
    return added


@transaction.atomic
def purge(*, actor: User | None, panel: Panel) -> int:
    """Delete the personal data of the pool; aggregates and the audit record stay."""
    count = panel.volunteers.update(
        contact_encrypted="",
        answers_encrypted="",
        email_fingerprint="",
        household_fingerprint="",
        response_token="",
    )
    panel.purged_at = timezone.now()
    panel.registration_open = False
    panel.save(update_fields=["purged_at", "registration_open", "updated_at"])
    audit.record(
        actor=actor,
        action="panel.purge",
        target=panel,
        organisation=panel.organisation,
        public=True,
        params={"n": count},
    )
    return count


@transaction.atomic
def set_options(*, actor: User, panel: Panel, registration_open: bool, is_public: bool) -> Panel:
    if registration_open and panel.status not in POOL_OPEN:
        raise ValidationError(_("The pool is closed: the draw has been announced."))
    panel.registration_open, panel.is_public = registration_open, is_public
    panel.save(update_fields=["registration_open", "is_public", "updated_at"])
    audit.record(
        actor=actor,
        action="panel.options",
        target=panel,
        organisation=panel.organisation,
        params={},
    )
    return panel


def due_for_purge() -> list[Panel]:
    return list(Panel.objects.filter(purged_at__isnull=True, retention_until__lte=timezone.localdate()))


# --- The panel's recommendations and the organisation's answers -----------------------------------


def _recommendations_public(panel: Panel) -> bool:
    return panel.is_public and (panel.renewal is None or panel.renewal.is_public)


@transaction.atomic
def add_recommendation(
    *,
    actor: User,
    panel: Panel,
    title: str,
    text: str,
    number: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Recommendation:
    """Record one recommendation as the panel wrote it. The panel's row is locked while the next
    number is chosen; the same title twice (a double tap) returns the first one."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    title, text = title.strip(), text.strip()
    if number is None:
        last = panel.recommendations.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    recommendation = Recommendation(
        panel=panel, number=number, title=title, text=text or title, created_by=actor,
        votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
    )  # fmt: skip
    recommendation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError:
        existing = panel.recommendations.filter(title=title).first()
        if existing is not None and existing.text == recommendation.text:
            return existing  # the same recommendation twice: the first one stands
        if existing is not None:
            raise ValidationError(
                {"title": _("A recommendation with this title is recorded already.")}
            ) from None
        raise ValidationError({"number": _("This number is taken by another recommendation.")}) from None
    audit.record(
        actor=actor,
        action="panel.recommendation_add",
        target=panel,
        organisation=panel.organisation,
        params={"n": recommendation.number, "t": recommendation.title},
    )
    return recommendation


@transaction.atomic
def import_recommendations(*, actor: User, panel: Panel, text: str) -> int:
    """A pasted list, split at its numbered lines: all or none. A recommendation already recorded
    with the same number and title is skipped, so pasting the same list twice adds nothing."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    items, errors = parse_recommendations(text)
    if errors:
        raise ValidationError(errors)
    have = {r.number: r for r in panel.recommendations.all()}
    titles = {r.title.casefold(): r.number for r in have.values()}
    new = []
    for item in items:
        same = have.get(item.number)
        if same is not None and same.title == item.title:
            continue
        if same is not None:
            errors.append(
                _("Recommendation %(n)s is recorded already with another title: “%(t)s”.")
                % {"n": item.number, "t": same.title}
            )
        elif item.title.casefold() in titles:
            errors.append(
                _("“%(t)s” is recorded already as recommendation %(n)s.")
                % {"t": item.title, "n": titles[item.title.casefold()]}
            )
        new.append(
            Recommendation(
                panel=panel, number=item.number, title=item.title, text=item.text, created_by=actor
            )
        )
    if errors:
        raise ValidationError(errors)
    Recommendation.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            action="panel.recommendation_import",
            target=panel,
            organisation=panel.organisation,
            params={"n": len(new)},
        )
    return len(new)


@transaction.atomic
def set_answer_by(*, actor: User, panel: Panel, answer_by: date) -> Panel:
    """The date by which the organisation promises to answer every recommendation in public."""
    before = panel.answer_by
    if answer_by < timezone.localdate() and answer_by != before:
        raise ValidationError({"answer_by": _("Choose a date that has not passed.")})
    panel.answer_by = answer_by
    panel.save(update_fields=["answer_by", "updated_at"])
    audit.record(
        actor=actor,
        action="panel.answer_by",
        target=panel,
        organisation=panel.organisation,
        params={"d": answer_by.isoformat()},
        changes=audit.changed_fields({"answer_by": before}, {"answer_by": answer_by}),
        public=panel.recommendations_published_at is not None and _recommendations_public(panel),
    )
    return panel


@transaction.atomic
def answer_recommendation(
    *,
    actor: User,
    recommendation: Recommendation,
    status: str,
    reason: str = "",
    deadline: date | None = None,
    responsible: User | None = None,
    commitment_title: str = "",
) -> Recommendation:
    """The organisation's answer to one recommendation. Accepted or partly accepted, it becomes a
    commitment of the panel's renewal in the same transaction (one per recommendation: the
    commitments' constraint, so a double tap finds the first); partly accepted or rejected, it
    says why. Until published an answer may be revised — but not away from a commitment made."""
    rec = Recommendation.objects.select_for_update(of=("self",)).select_related(
        "panel__renewal", "panel__organisation"
    )
    recommendation = rec.get(pk=recommendation.pk)
    panel = recommendation.panel
    reason = reason.strip()
    if status not in Recommendation.Status.values or status == Recommendation.Status.PENDING:
        raise ValidationError({"status": _("Choose accepted, partly accepted or rejected.")})
    if status in Recommendation.NEED_REASON and not reason:
        raise ValidationError({"reason": _("Say why: the panel and the public are owed the reason.")})
    if recommendation.answer_published_at is not None:
        if recommendation.status == status and recommendation.reason == reason:
            return recommendation  # the same answer again: it stands
        raise ValidationError(_("This answer is published; it stands as published."))
    made = commitment_selectors.commitment_for_source(recommendation)
    if made is not None and status not in Recommendation.ADOPTED:
        raise ValidationError(
            {
                "status": _(
                    "This answer became a commitment already; drop the commitment with its reason instead."
                )
            }
        )
    if status in Recommendation.ADOPTED and made is None:
        if panel.renewal is None:
            raise ValidationError(
                _("An accepted recommendation becomes a commitment of a renewal; this panel belongs to none.")
            )
        if deadline is None:
            raise ValidationError({"deadline": _("Give the commitment's deadline.")})
    before = recommendation.status
    recommendation.status, recommendation.reason = status, reason
    recommendation.answered_at, recommendation.answered_by = timezone.now(), actor
    recommendation.save(update_fields=["status", "reason", "answered_at", "answered_by", "updated_at"])
    if status in Recommendation.ADOPTED and made is None:
        assert panel.renewal is not None and deadline is not None
        commitment_services.add_commitment(
            actor=actor,
            owner=panel.renewal,
            title=(commitment_title.strip() or recommendation.title)[:200],
            organisation=panel.organisation,
            deadline=deadline,
            responsible=responsible,
            why=_("Recommendation %(n)s of the panel “%(p)s”: %(t)s")
            % {"n": recommendation.number, "p": panel.title, "t": recommendation.title}
            + ("\n\n" + reason if reason else ""),
            source=recommendation,
            publish=False,  # published with the answer (publish_answers)
        )
    audit.record(
        actor=actor,
        action="panel.recommendation_answer",
        target=panel,
        organisation=panel.organisation,
        params={"n": recommendation.number, "t": recommendation.title, "s": status},
        changes={"status": [before, status]} if before != status else {},
    )
    return recommendation


@transaction.atomic
def publish_recommendations(*, actor: User, panel: Panel) -> Panel:
    """Publish the recommendations as the panel wrote them, with the date of the promised answers.
    Once: a conditional update, so a double tap records nothing more."""
    if not panel.recommendations.exists():
        raise ValidationError(_("Record the panel's recommendations first."))
    now = timezone.now()
    claimed = Panel.objects.filter(pk=panel.pk, recommendations_published_at__isnull=True).update(
        recommendations_published_at=now, updated_at=now
    )
    panel.refresh_from_db()
    if claimed:
        audit.record(
            actor=actor,
            action="panel.recommendations_publish",
            target=panel,
            organisation=panel.organisation,
            params={"n": panel.recommendations.count()},
            public=_recommendations_public(panel),
        )
    return panel


@transaction.atomic
def publish_answers(*, actor: User, panel: Panel) -> int:
    """Publish every answer given and not yet published, with the commitments they made, and tell
    the panel's members (those drawn who have an e-mail) what was answered. Each answer is claimed
    by a conditional update under the panel's row lock, so a double tap or a parallel request
    publishes — and e-mails — each answer once."""
    panel = (
        Panel.objects.select_for_update(of=("self",))
        .select_related("renewal", "organisation")
        .get(pk=panel.pk)
    )
    if panel.recommendations_published_at is None:
        raise ValidationError(_("Publish the recommendations first."))
    waiting = list(
        panel.recommendations.filter(answer_published_at__isnull=True)
        .exclude(status=Recommendation.Status.PENDING)
        .values_list("pk", flat=True)
    )
    if not waiting:
        return 0
    now = timezone.now()
    claimed = Recommendation.objects.filter(pk__in=waiting, answer_published_at__isnull=True).update(
        answer_published_at=now, updated_at=now
    )
    if claimed != len(waiting):  # a parallel request got there first: it publishes and tells
        raise ValidationError(_("The answers are being published already."))
    answered = list(panel.recommendations.filter(pk__in=waiting).order_by("number"))
    made = commitment_selectors.by_source(answered)
    for commitment in made.values():
        commitment_services.publish_commitment(actor=actor, commitment=commitment)
    audit.record(
        actor=actor,
        action="panel.answers_publish",
        target=panel,
        organisation=panel.organisation,
        params={"n": len(answered)},
        public=_recommendations_public(panel),
    )
    _tell_members(panel, answered)
    return len(answered)


def _tell_members(panel: Panel, answered: list[Recommendation]) -> None:
    """One e-mail to each member of the panel with an address: the answers themselves (so the
    e-mail says it all, public page or not) and the link to the public page when there is one."""
    link = (
        links.site_url(reverse("panels_public:report", args=[panel.pk]) + "#recommendations")
        if _recommendations_public(panel)
        else ""
    )
    subject = _("The answers to your recommendations: %(t)s") % {"t": panel.title}
    body = render_to_string("panels/emails/answers.txt", {"panel": panel, "answered": answered, "link": link})
    for volunteer in panel.volunteers.filter(status__in=ON_PANEL):
        email = volunteer.contact.get("email")
        if email:
            transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=email))
