"""Every model with personal data is declared; an undeclared one makes this test fail."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from cocreate.accounts.models import GuestParticipant
from cocreate.core.personal_data import SELF, Erase, Holding, NotPersonal
from cocreate.privacy.registry import Registry, registry, subject_model


def test_every_personal_field_is_registered() -> None:
    assert registry.unregistered_personal_fields() == [], (
        "Declare these in the app's privacy.py (see cocreate/core/personal_data.py)"
    )


@isolate_apps("cocreate.privacy")
def test_an_unregistered_personal_field_fails() -> None:
    class Leaky(models.Model):
        participant = models.ForeignKey(GuestParticipant, on_delete=models.CASCADE, related_name="+")
        contact_email = models.EmailField()
        nickname = models.CharField(max_length=50)
        colour = models.CharField(max_length=10)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return "leaky"

    assert registry.unregistered_personal_fields([Leaky]) == [
        "privacy.Leaky.contact_email",
        "privacy.Leaky.nickname",
        "privacy.Leaky.participant",
    ]
    declared = Registry()
    declared.register(
        [
            Holding(
                "privacy.Leaky",
                "l",
                "p",
                subject="participant",
                fields=("contact_email",),
                scrub=("nickname",),
            )
        ]
    )
    assert declared.unregistered_personal_fields([Leaky]) == []
    exempt = Registry()
    exempt.register(
        not_personal=[NotPersonal("privacy.Leaky", ("participant", "contact_email", "nickname"), "t")]
    )
    assert exempt.unregistered_personal_fields([Leaky]) == []


def test_declarations_name_real_fields() -> None:
    assert len(registry.holdings) > 20  # every app's declarations were found (else this proves nothing)
    for h in registry.holdings:
        model = apps.get_model(h.model)
        names = {f.name for f in model._meta.get_fields()}
        for name in (*h.fields, *h.files, *h.scrub, h.stand_in, h.by_email):
            assert not name or name in names or hasattr(model, name), f"{h.model}.{name}"
        if h.subject:
            assert subject_model(model, h.subject) is not None, h.model


def test_unlinked_subjects_can_be_cleared() -> None:
    assert any(h.erase == Erase.UNLINK for h in registry.holdings)  # else this proves nothing
    for h in registry.holdings:
        if h.erase in (Erase.UNLINK, Erase.CONTRIBUTION) and h.subject and h.subject != SELF:
            field = apps.get_model(h.model)._meta.get_field(h.subject)
            assert field.many_to_many or field.null, f"{h.model}.{h.subject} cannot be unlinked"
        if h.erase == Erase.CUSTOM:
            assert h.eraser is not None, h.model
