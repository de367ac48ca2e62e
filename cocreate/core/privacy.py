"""Personal data the core holds (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, Mentions

HOLDINGS = [
    Holding(
        model="core.AuditEntry",
        label=_("Changes you made (audit log)"),
        purpose=_("Accountability: who changed what, and when"),
        subject="actor",
        fields=("created_at", "action", "summary"),
        erase=Erase.UNLINK,
        retention=_("As long as the organisation's records are kept; the person is unlinked on erasure"),
        legal_basis=_("Legal obligation and public task (accountability of public bodies)"),
    ),
]
# Summaries and recorded changes may quote a name or an e-mail; erasure replaces them.
MENTIONS = [
    Mentions("core.AuditEntry", ("summary", "params", "changes")),
    Mentions("admin.LogEntry", ("object_repr", "change_message")),
    # Queued e-mails keep their recipient in the task's arguments until the result is pruned.
    Mentions("django_tasks_db.DBTaskResult", ("args_kwargs",)),
]
