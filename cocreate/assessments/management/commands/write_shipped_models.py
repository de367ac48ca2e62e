"""Rewrite the .dxi file of every shipped DEX model from its declaration (after changing a spec)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.assessments.shipped import shipped_models


class Command(BaseCommand):
    help = "Write each shipped DEX model's .dxi file from its declaration (model/<name>.toml)."

    def handle(self, *args: Any, **options: Any) -> None:
        for model in shipped_models():
            model.write_dxi()
            self.stdout.write(f"wrote {model.dxi_path}")
