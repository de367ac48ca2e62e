"""The platform's evidence of a cycle beside Co-Master's assessment, and the cycles compared.

The rooms that hold the work of a cycle (journeys, conversations, workshops, panels, commitments)
say what it shows in a `cycle_evidence.py` module each: `evidence(renewal, started_at, ended_at)
-> list[EvidenceItem]` (cocreate/core/evidence.py), found by module name as `renewal_status.py` is
— Co-Master cannot import most of them (the layer contract). Co-Master adds its own item: how many
participants answered its questionnaire beside the organisers, and what each side concluded.

Which time a cycle holds is the renewals' rule (`renewals.cycle.spans`): `windows` is the one place
this module asks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.assessments.results import AttributeResult
from cocreate.core.evidence import EvidenceItem
from cocreate.core.hooks import hook_modules
from cocreate.quality import shipped
from cocreate.quality.models import QualityAssessment
from cocreate.quality.selectors import TwoViews, ViewRow, two_views
from cocreate.renewals.cycle import spans
from cocreate.renewals.models import Renewal

# The first cycle also holds what came before it (renewals/cycle.py): counted from here.
BEGINNING = datetime(1970, 1, 1, tzinfo=UTC)

Hook = Callable[[Renewal, datetime, datetime], list[EvidenceItem]]


def hooks() -> list[Hook]:
    """The `evidence` function of every installed app's `cycle_evidence` module."""
    return [m.evidence for m in hook_modules("cycle_evidence")]


@dataclass(frozen=True)
class Window:
    """The time one cycle holds: work created at or after `started_at` and before `ended_at`
    (now, for the current cycle) is its work."""

    number: int
    started_at: datetime
    ended_at: datetime
    closed_at: datetime | None
    is_current: bool

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


def windows(renewal: Renewal) -> list[Window]:
    """Every cycle of the renewal, first to current."""
    now = timezone.now()
    return [
        Window(
            number=span.number,
            started_at=span.since or BEGINNING,
            ended_at=span.until or now,
            closed_at=span.closed_at,
            is_current=span.is_current,
        )
        for span in spans(renewal)
    ]


def window_of(renewal: Renewal, number: int) -> Window | None:
    return next((w for w in windows(renewal) if w.number == number), None)


def _label(result: AttributeResult) -> str:
    if result.score is None:
        return result.label or "—"
    return f"{result.label} ({result.score:.0f})"


def answers_item(assessment: QualityAssessment, views: TwoViews) -> EvidenceItem:
    """The participants' own Co-Master ratings beside the organisers': who answered, and the
    overall level each side gives."""
    root = next(row for row in views.rows if row.id == shipped.ROOT)
    p, o = views.participants.respondents, views.organisers.respondents
    text = _("%(participants)s and %(organisers)s answered Co-Master.") % {
        "participants": ngettext("%(n)s participant", "%(n)s participants", p) % {"n": p},
        "organisers": ngettext("%(n)s organiser", "%(n)s organisers", o) % {"n": o},
    }
    if p or o:
        text += " " + _("Overall: organisers %(o)s, participants %(p)s.") % {
            "o": _label(root.organisers),
            "p": _label(root.participants),
        }
    return EvidenceItem(
        key="quality.answers",
        label=_("Participants' own ratings beside the organisers'"),
        value=p,
        total=None,
        text=text,
        public=True,  # the published result shows both views
        order=90,
    )


def gather(renewal: Renewal, window: Window, *, public: bool = False) -> list[EvidenceItem]:
    """Every room's evidence of the cycle, in a fixed order; with `public`, only what a public
    page may show."""
    items: list[EvidenceItem] = []
    for hook in hooks():
        items += hook(renewal, window.started_at, window.ended_at)
    if public:
        items = [item for item in items if item.public]
    return sorted(items, key=lambda item: (item.order, item.key))


def of_assessment(
    assessment: QualityAssessment, views: TwoViews | None = None, *, public: bool = False
) -> list[EvidenceItem]:
    """The evidence of the assessment's cycle, Co-Master's own answers last (none if the renewal
    has no such cycle)."""
    window = window_of(assessment.renewal, assessment.cycle_number)
    if window is None:
        return []
    items = gather(assessment.renewal, window, public=public)
    return [*items, answers_item(assessment, views or two_views(assessment))]


@dataclass(frozen=True)
class CycleBar:
    """One bar of the comparison chart (core/components/bars.html reads these fields)."""

    name: str
    score: float | None
    quality: str
    label: str


@dataclass(frozen=True)
class TableRow:
    name: str
    cells: list[str]  # one per cycle, first to current


@dataclass(frozen=True)
class Comparison:
    windows: list[Window]
    assessments: list[QualityAssessment | None]  # one per cycle (None: not assessed)
    bars: list[CycleBar]  # overall result per assessed cycle, organisers' then participants'
    results: list[TableRow]  # the overall result and the phases: "organisers / participants"
    evidence: list[TableRow]  # each evidence figure per cycle ("41 / 52")


def _pair(row: ViewRow | None) -> str:
    if row is None:
        return "—"
    o, p = row.organisers.score, row.participants.score
    return f"{'—' if o is None else f'{o:.0f}'} / {'—' if p is None else f'{p:.0f}'}"


def compare(renewal: Renewal) -> Comparison:
    """Each cycle of the renewal: Co-Master's overall and phase results from both views (when the
    cycle was assessed) and the platform's evidence of it."""
    assessments = {
        a.cycle_number: a
        for a in renewal.quality_assessments.select_related("organisers", "participants", "renewal")
    }
    cycles = windows(renewal)
    bars: list[CycleBar] = []
    names: dict[str, str] = {}
    results: list[dict[str, ViewRow]] = []
    labels: dict[str, tuple[int, str]] = {}
    found: list[dict[str, EvidenceItem]] = []
    for window in cycles:
        assessment = assessments.get(window.number)
        items = gather(renewal, window)
        rows: dict[str, ViewRow] = {}
        if assessment is not None:
            views = two_views(assessment)
            rows = {row.id: row for row in views.phase_rows()}
            items.append(answers_item(assessment, views))
            root = rows[shipped.ROOT]
            for side, result in ((_("organisers"), root.organisers), (_("participants"), root.participants)):
                bars.append(
                    CycleBar(
                        name=_("Cycle %(n)s, %(side)s") % {"n": window.number, "side": side},
                        score=result.score,
                        quality=result.quality,
                        label=result.label,
                    )
                )
            for row in rows.values():
                names.setdefault(row.id, row.name)
        results.append(rows)
        found.append({item.key: item for item in items})
        for item in items:
            labels.setdefault(item.key, (item.order, str(item.label)))
    ordered = sorted(labels.items(), key=lambda kv: (kv[1][0], kv[0]))
    return Comparison(
        windows=cycles,
        assessments=[assessments.get(w.number) for w in cycles],
        bars=bars,
        results=[TableRow(name, [_pair(rows.get(att)) for rows in results]) for att, name in names.items()],
        evidence=[
            TableRow(label, [f[key].figure if key in f else "—" for f in found])
            for key, (_order, label) in ordered
        ],
    )
