"""`manage.py seed_community`: method cards, example good practices, a training event and a learning
path. Safe to run again: method cards are updated in place, practices and events created once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.accounts.tests.factories import UserFactory
from cocreate.community import seed, services
from cocreate.community.models import Event, GoodPractice, MethodCard, Profile
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, ProfileFactory


class Command(BaseCommand):
    help = "Load the community's method cards, example good practices and a learning path (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        for card in seed.METHODS:
            services.save_method(**card)
        editor = User.objects.filter(email="community-editor@example.org").first()
        if editor is None:
            # The seed may run in production (to load the method cards): the account cannot log in.
            editor = cast(
                User, UserFactory(email="community-editor@example.org", full_name="Community Editor")
            )
            editor.set_unusable_password()
            editor.save(update_fields=["password"])
        profile = cast(
            Profile, ProfileFactory(user=editor, role_title="Community editor", visibility="public")
        )
        if not profile.community_editor:
            profile.community_editor = True
            profile.save(update_fields=["community_editor"])
        created = 0
        for item in seed.PRACTICES:
            if GoodPractice.objects.filter(title=item["title"]).exists():
                continue
            GoodPracticeFactory(
                **{**item, "method": MethodCard.objects.get(key=item["method"])},
                author=editor,
                contact=editor,
            )
            created += 1
        training = Event.objects.filter(title="Facilitating a World Café").first()
        if training is None:
            start = (timezone.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
            training = cast(
                Event,
                EventFactory(
                    kind=Event.Kind.TRAINING,
                    title="Facilitating a World Café",
                    description="A practical morning: prepare questions, host a table, harvest the results.",
                    starts_at=start,
                    ends_at=start + timedelta(hours=4),
                    location="Online",
                    capacity=25,
                    organiser=editor,
                ),
            )
        path = seed.LEARNING_PATH
        steps = [
            {
                "title": title,
                "event": training if link == "event" else None,
                "link": "" if link == "event" else link,
            }
            for title, link in path["steps"]
        ]
        services.create_path(title=str(path["title"]), summary=str(path["summary"]), steps=steps)
        self.stdout.write(f"{len(seed.METHODS)} method cards, {created} new good practices, 1 learning path.")
