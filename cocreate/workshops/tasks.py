from __future__ import annotations

from django_tasks import task


@task()
def make_plan(workshop_id: str, actor_id: str | None) -> None:
    """The World Café rotation or the Open Space schedule of one workshop (services.request_planning)."""
    from cocreate.workshops.services import make_plan as run

    run(workshop_id=workshop_id, actor_id=actor_id)
