"""The Co-Serve model: which public service to renew together with its users.

Thirteen yes/no criteria in two groups (after the COGOV project's Co-Gov toolkit). Each criterion's
scale lists the answer that does *not* favour co-creation first and the favourable one last, so
that three criteria — 1.6, 2.3 and 2.4 — read "yes, no": for them "no" favours co-creation.

Decision tables (all monotone, made by :func:`weighted_table`):

* each group counts its favourable answers (equal weights): at most half of them favourable is
  *low*, up to four fifths *medium*, more *high*;
* 2.4 is a knock-out for the organisation perspective: when the organisation already has a clear
  idea of the solution, that perspective is at most *medium* (a simple problem with a known
  solution does not need extensive participation);
* overall: the two perspectives weigh the same; both high is *high*, both at least medium (or one
  high and one low) is *medium*, otherwise *low*.

Regenerate the shipped file with ``python -m cocreate.engines.dex.models.coserve``.
"""

from __future__ import annotations

from pathlib import Path

from cocreate.engines.dex.builder import build_model, leaf, node, scale, weighted_table
from cocreate.engines.dex.dxi import write_dxi
from cocreate.engines.dex.model import Attribute, Model

DXI_PATH = Path(__file__).with_name("coserve.dxi")

USER_CRITERIA: list[tuple[str, str, bool]] = [
    ("1.1 Many users", "Many users compared with the organisation's other services", True),
    ("1.2 Identifiable users", "Users' demographic profile(s) clearly identifiable", True),
    ("1.3 Personal needs", "The service regularly addresses users' personal needs", True),
    ("1.4 Many complaints", "Relatively many complaints compared with other services", True),
    ("1.5 Digital users", "Users make high use of digital technology", True),
    ("1.6 Expert matter", "Seen as a highly expert matter, better served by experts than lay input", False),
]
ORGANISATION_CRITERIA: list[tuple[str, str, bool]] = [
    ("2.1 Open performance data", "Public, understandable data on the service's performance and reach", True),
    ("2.2 Strategic importance", "Renewal is strategically important to the organisation", True),
    ("2.3 Heavily regulated", "The service is heavily regulated", False),
    ("2.4 Solution already known", "The organisation already has a clear idea of the solution", False),
    ("2.5 Sole authority", "Renewal is under the organisation's sole authority", True),
    ("2.6 Enough resources", "Enough money and people for a co-creative renewal", True),
    ("2.7 Runs during renewal", "The service can run without disruption during renewal", True),
]

LEVEL = scale(
    "low",
    "medium",
    "high",
    descriptions=[
        "little to gain from co-creating this service now",
        "co-creation is worth considering",
        "a strong candidate for co-creative renewal",
    ],
)
GROUP_THRESHOLDS = [0.51, 0.81]  # share of favourable answers needed for medium / high


def _criterion(name: str, description: str, yes_favours: bool) -> Attribute:
    answers = scale("no", "yes") if yes_favours else scale("yes", "no")
    return leaf(name, answers, description)


def coserve_model() -> Model:
    users = [_criterion(*c) for c in USER_CRITERIA]
    organisation = [_criterion(*c) for c in ORGANISATION_CRITERIA]
    user_group = node(
        "1 Service-user perspective",
        LEVEL,
        users,
        weighted_table(users, LEVEL, thresholds=GROUP_THRESHOLDS),
        "How much the service's users stand to gain from, and can take part in, co-creation",
    )
    known_solution = [c[0] for c in ORGANISATION_CRITERIA].index("2.4 Solution already known")
    organisation_group = node(
        "2 Organisation perspective",
        LEVEL,
        organisation,
        weighted_table(organisation, LEVEL, thresholds=GROUP_THRESHOLDS, floor_by={known_solution: 1}),
        "Whether the organisation is in a position to renew the service with its users",
    )
    groups = [user_group, organisation_group]
    root = node(
        "Co-creation potential",
        LEVEL,
        groups,
        weighted_table(groups, LEVEL, thresholds=[0.5, 1.0]),
        "How suitable the service is for co-creative renewal",
    )
    return build_model("Co-Serve", root, description="Which public service to renew together with its users")


def main() -> None:
    write_dxi(coserve_model(), DXI_PATH)
    print(f"wrote {DXI_PATH}")


if __name__ == "__main__":
    main()
