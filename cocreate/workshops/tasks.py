from __future__ import annotations

from django_tasks import task

from cocreate.workshops import planning


@task()
def make_plan(workshop_id: str, actor_id: str | None) -> None:
    """The World Café rotation or the Open Space schedule of one workshop (services.request_planning)."""
    planning.make_plan(workshop_id=workshop_id, actor_id=actor_id)
