"""Writes of the assessment engine: model versions, collections, answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, User
from cocreate.assessments import results
from cocreate.assessments.models import DONT_KNOW, Collection, ModelFamily, ModelVersion, Question, Response
from cocreate.assessments.shipped import ShippedModel
from cocreate.core import audit
from cocreate.engines import dex


def parse_model(dxi_text: str) -> dex.Model:
    """Parse and validate a .dxi; a broken file becomes a ValidationError naming the attribute."""
    try:
        model = dex.parse_dxi(dxi_text)
        dex.CompiledModel(model)
    except dex.DexModelError as error:
        where = error.attribute_path or _("the model")
        raise ValidationError(
            _("%(where)s: %(problem)s") % {"where": where, "problem": error.message}
        ) from None
    return model


@transaction.atomic
def import_version(
    *,
    actor: User | None,
    family_key: str,
    dxi_text: str,
    texts: Mapping[str, Any] | None = None,
    family_name: Mapping[str, str] | None = None,
    note: str = "",
) -> ModelVersion:
    """Store a new version of a model family with its questionnaire.

    Questions come from `texts["questions"]` where given; any leaf without one is asked with its
    name and its scale values. Earlier versions, and everything answered under them, stay as they were.
    """
    model = parse_model(dxi_text)
    texts = dict(texts or {})
    family, _created = ModelFamily.objects.get_or_create(
        key=family_key, defaults={"name": dict(family_name or {})}
    )
    number = (family.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ModelVersion.objects.create(
        family=family,
        number=number,
        dxi=dex.to_dxi(model),
        texts={k: v for k, v in texts.items() if k in ("attributes", "values")},
        note=note,
    )
    compiled = version.compiled
    questionnaires = {"": texts.get("questions", [])}
    for key, questions in texts.items():  # e.g. "questions_participants" -> audience "participants"
        if key.startswith("questions_"):
            questionnaires[key.removeprefix("questions_")] = questions
    if not questionnaires[""] and len(questionnaires) > 1:
        del questionnaires[""]
    for audience, questions in questionnaires.items():
        _create_questions(version, compiled, audience, {q["attribute"]: q for q in questions})
    audit.record(
        actor=actor, action="assessment_model.import", target=version, params={"version": str(version)}
    )
    return version


def _create_questions(
    version: ModelVersion, compiled: dex.CompiledModel, audience: str, given: dict[str, Any]
) -> None:
    for order, att_id in enumerate(_question_order(compiled, list(given))):
        scale = compiled.index.by_id[att_id].attribute.scale
        spec = given.get(att_id, {})
        options = spec.get("options") or [{"value": v.name, "label": {}} for v in scale.values]
        unknown = {str(o["value"]) for o in options} - set(scale.names)
        if unknown:
            raise ValidationError(
                _("%(attribute)s: the answer options %(values)s are not values of its scale.")
                % {"attribute": att_id, "values": ", ".join(sorted(unknown))}
            )
        Question.objects.create(
            version=version,
            audience=audience,
            attribute=att_id,
            order=order,
            text=spec.get("text") or {"en": compiled.index.by_id[att_id].attribute.name},
            help=spec.get("help") or {},
            options=options,
            allow_dont_know=spec.get("dont_know", True),
        )


SHIPPED_NOTE = "Shipped model"


@transaction.atomic
def shipped_version(model: ShippedModel) -> ModelVersion:
    """The newest version of a shipped model's family; the model's file is imported the first time
    it is needed, so a fresh installation runs Co-Ready, Co-Serve and Co-Master with no set-up.

    When a release ships a changed model, it is imported as a *new* version the next time it is
    needed — earlier versions and everything answered under them stay as they were (versions are
    immutable). A version an administrator imported by hand is never replaced by a shipped one.
    """
    dxi_text = model.dxi_text()
    family = ModelFamily.objects.filter(key=model.family_key).first()
    version = family.current_version() if family else None
    if version is not None:
        if not version.note.startswith(SHIPPED_NOTE) or version.dxi == dxi_text:
            return version
        if version.dxi == dex.to_dxi(parse_model(dxi_text)):  # same model, other formatting
            return version
    return import_version(
        actor=None,
        family_key=model.family_key,
        dxi_text=dxi_text,
        texts=model.content,
        family_name=model.family_name,
        note=SHIPPED_NOTE if version is None else f"{SHIPPED_NOTE} (updated)",
    )


def _question_order(compiled: dex.CompiledModel, preferred: list[str]) -> list[str]:
    inputs = list(compiled.input_ids)
    first = [a for a in preferred if a in inputs]
    return first + [a for a in inputs if a not in first]


@transaction.atomic
def open_collection(*, version: ModelVersion, audience: str = "") -> Collection:
    if not version.questions.filter(audience=audience).exists():
        raise ValidationError(
            _("This model has no questionnaire for “%(audience)s”.") % {"audience": audience}
        )
    return Collection.objects.create(version=version, audience=audience)


@transaction.atomic
def close_collection(*, actor: User, collection: Collection) -> Collection:
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if not collection.is_open:
        return collection
    collection.status = Collection.Status.CLOSED
    collection.closed_at = timezone.now()
    collection.result = results.snapshot(results.collection_result(collection))
    collection.save(update_fields=["status", "closed_at", "result", "updated_at"])
    return collection


def clean_answers(collection: Collection, answers: Mapping[str, Any]) -> dict[str, str]:
    """Keep only answers to this questionnaire's questions, with values it offers."""
    cleaned: dict[str, str] = {}
    for question in collection.questions():
        value = answers.get(question.attribute)
        if value in (None, ""):
            continue
        value = str(value)
        allowed = {str(o["value"]) for o in question.options} | (
            {DONT_KNOW} if question.allow_dont_know else set()
        )
        if value not in allowed:
            raise ValidationError(
                {question.attribute: _("Choose one of the answers offered.")},
            )
        cleaned[question.attribute] = value
    return cleaned


def _response_for(
    collection: Collection, respondent: User | None, participant: GuestParticipant | None
) -> Response:
    lookup: dict[str, Any] = {"collection": collection}
    if respondent is not None:
        lookup["respondent"] = respondent
    else:
        lookup["participant"] = participant
    try:
        with transaction.atomic():
            response, _created = Response.objects.get_or_create(**lookup)
    except IntegrityError:  # a parallel first save: the row now exists
        response = Response.objects.get(**lookup)
    return response


@transaction.atomic
def save_answers(
    *,
    collection: Collection,
    answers: Mapping[str, Any],
    respondent: User | None = None,
    participant: GuestParticipant | None = None,
    submit: bool = False,
) -> Response:
    """Save (autosave or submit) one person's answers. Answers merge into what was saved before,
    so a lost request never erases earlier answers; a double submit is harmless."""
    if (respondent is None) == (participant is None):
        raise ValueError("exactly one of respondent or participant")
    if not collection.is_open:
        raise ValidationError(_("This questionnaire is closed; answers can no longer be changed."))
    cleaned = clean_answers(collection, answers)
    response = _response_for(collection, respondent, participant)
    response = Response.objects.select_for_update().get(pk=response.pk)
    response.answers = {**response.answers, **cleaned}
    if submit and response.submitted_at is None:
        response.submitted_at = timezone.now()
    response.save(update_fields=["answers", "submitted_at", "updated_at"])
    return response
