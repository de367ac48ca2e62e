"""The Co-Serve model: which public service should the organisation renew together with its users?

After the service-selection tool of the COGOV project's Co-Gov toolkit. For each candidate service
the organisation answers the 13 published yes/no criteria (the leaves), in two groups:

* USERS — the service-user perspective, C11 … C16: many users (C11), identifiable user profiles
  (C12), personal needs (C13), many complaints (C14), digital users (C15), an expert matter (C16);
* ORGANISATION — the organisation's perspective, C21 … C27: open performance data (C21),
  strategic importance (C22), heavy regulation (C23), a solution already known (C24), sole
  authority (C25), enough money and people (C26), the service can run during renewal (C27).

Every leaf lists the answer that does *not* favour co-creation first and the favourable one last:
"no", "yes" — except the three reversed criteria C16, C23 and C24, which read "yes", "no" (there
"yes" is the unfavourable answer). Groups and the root are "low", "medium" or "high".

Decision tables (all monotone, made by :func:`weighted_table`; the same rules as the first
version of this model in ``cocreate/engines/dex/models/coserve.py``):

* USERS and ORGANISATION count the favourable answers (equal weights) and cut the share at 0.51
  and 0.81: USERS is low with 0–3 of 6 favourable, medium with 4, high with 5–6; ORGANISATION is
  low with 0–3 of 7, medium with 4–5, high with 6–7;
* C24 is a knock-out for ORGANISATION: when the organisation already has a clear idea of the
  solution, that perspective is at most medium — a simple problem with a known solution does not
  need extensive participation (informing or consulting users is enough; see "advice" in
  content.json);
* COSERVE weighs the two perspectives equally and is high only when both are high, medium when
  both are at least medium or one high makes up for one low, and low otherwise.

Regenerate the shipped file with ``python -m cocreate.portfolio.model.build``; a test checks that
``coserve.dxi`` equals what this script writes.
"""

from __future__ import annotations

from pathlib import Path

from cocreate.engines.dex import Attribute, Model, Scale, build_model, leaf, node, scale, weighted_table
from cocreate.engines.dex.dxi import write_dxi

DXI_PATH = Path(__file__).with_name("coserve.dxi")

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
MEDIUM = 1  # rank of "medium" on LEVEL
GROUP_THRESHOLDS = (0.51, 0.81)  # share of favourable answers a group needs for medium / high

# Leaves: id -> (English description, does "yes" favour co-creation?). The id is the attribute's
# name in the .dxi; texts for people, in English and Slovenian, are in content.json.
USER_CRITERIA: dict[str, tuple[str, bool]] = {
    "C11": ("Many users compared with the organisation's other services", True),
    "C12": ("Users' demographic profile(s) clearly identifiable", True),
    "C13": ("The service regularly addresses users' personal needs", True),
    "C14": ("Relatively many complaints compared with other services", True),
    "C15": ("Users make high use of digital technology", True),
    "C16": ("Seen as a highly expert matter, better served by experts than lay input (reversed)", False),
}
ORGANISATION_CRITERIA: dict[str, tuple[str, bool]] = {
    "C21": ("Public, understandable data on the service's performance and reach", True),
    "C22": ("Renewal is strategically important to the organisation", True),
    "C23": ("The service is heavily regulated (reversed)", False),
    "C24": ("The organisation already has a clear idea of the solution (reversed)", False),
    "C25": ("Renewal is under the organisation's sole authority", True),
    "C26": ("Enough money and people for a co-creative renewal", True),
    "C27": ("The service can run without disruption during renewal", True),
}
REVERSED = tuple(
    i for i, (_, yes_favours) in {**USER_CRITERIA, **ORGANISATION_CRITERIA}.items() if not yes_favours
)


def _criterion(att_id: str, description: str, yes_favours: bool) -> Attribute:
    answers = scale("no", "yes") if yes_favours else scale("yes", "no")
    return leaf(att_id, answers, description)


def build() -> Model:
    users = [_criterion(i, d, f) for i, (d, f) in USER_CRITERIA.items()]
    organisation = [_criterion(i, d, f) for i, (d, f) in ORGANISATION_CRITERIA.items()]
    user_group = node(
        "USERS",
        LEVEL,
        users,
        # Equal weights: 0–3 of 6 favourable is low, 4 medium, 5–6 high.
        weighted_table(users, LEVEL, thresholds=GROUP_THRESHOLDS),
        "(1) Service-user perspective: how much the service's users stand to gain from, and can take "
        "part in, co-creation",
    )
    known_solution = list(ORGANISATION_CRITERIA).index("C24")
    organisation_group = node(
        "ORGANISATION",
        LEVEL,
        organisation,
        # Equal weights: 0–3 of 7 favourable is low, 4–5 medium, 6–7 high; a solution already
        # known (C24 "yes") caps it at medium.
        weighted_table(organisation, LEVEL, thresholds=GROUP_THRESHOLDS, floor_by={known_solution: MEDIUM}),
        "(2) Organisation perspective: whether the organisation is in a position to renew the service "
        "with its users",
    )
    groups = [user_group, organisation_group]
    root = node(
        "COSERVE",
        LEVEL,
        groups,
        # Equal weights, thresholds 0.5 / 1.0: both high is high; both medium, or one high and
        # one low, is medium; otherwise low.
        weighted_table(groups, LEVEL, thresholds=(0.5, 1.0)),
        "How suitable the service is for renewal through co-creation with its users",
    )
    return build_model(
        "Co-Serve",
        root,
        description="Which public service to renew together with its users (Cocreate)",
    )


def leaf_ids() -> list[str]:
    return [*USER_CRITERIA, *ORGANISATION_CRITERIA]


def scales() -> dict[str, Scale]:
    """The scale of every attribute, by id."""
    return {i.id: i.attribute.scale for i in build().index()}


def main() -> None:
    write_dxi(build(), DXI_PATH)
    print(f"wrote {DXI_PATH}")


if __name__ == "__main__":
    main()
