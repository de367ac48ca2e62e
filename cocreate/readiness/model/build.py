"""The Co-Ready model: is the organisation ready to renew public services together with their users?

Adapted from the COGOV project's organisational readiness model (Co-Gov toolkit, University of
Ljubljana, 2022): the same three categories and 26 basic attributes, with our own wording, decision
tables and bilingual questions. Colleagues answer 26 short questions (the leaves); the model
combines their answers, bottom-up, into eight topics, three categories and one overall level of
readiness:

* (A) CAPACITY — what the organisation itself brings: resources (a senior sponsor, a mandate in
  the strategy, budget and staff time), skills (facilitation, experience, digital tools),
  engagement with users (two-way communication, mobilisation, user insight) and learning
  (evaluation, open data, collaboration across departments);
* (B) INTERNAL — drivers and barriers among the organisation's own staff, the internal
  co-creators: their attitudes (users as partners, sharing power, tolerating risk, knowing what
  co-creation is) and their
  working conditions (incentives, time, backing from middle managers);
* (C) CONTEXT — drivers and barriers outside the organisation: politics and law (political
  backing, legal room, administrative tradition) and society (citizens' trust, civil society,
  users' digital skills, partner networks).

Every leaf is a three-step answer, worst first: "no", "partly", "yes" — except TRADITION, which
is a barrier, so its worst value comes first: "strong", "moderate", "weak" (a strong hierarchical,
legalistic tradition). Every inner attribute is "low", "medium" or "high".

Decision tables are made by :func:`weighted_table`: each child's answer counts as 0, ½ or 1, the
weighted mean is cut into low / medium / high, and a few knock-out rules ("floor_by") cap a topic
at *medium* when one element is entirely missing. Every table is therefore monotone: a better
answer never lowers a result. The weights and caps, with the reason for each, are in
:func:`build`. In short, the overall readiness weighs capacity twice as much as each of the other
two categories, and is *high* only when no category is *low*. Two knock-outs reach the root: with
no senior sponsor, or no budget and staff time, RESOURCES is *low*, which makes CAPACITY *low*,
which keeps READINESS at *medium* at best, however good everything else is.

Regenerate the shipped file with ``python -m cocreate.readiness.model.build``; a test checks that
``readiness.dxi`` equals what this script writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cocreate.engines.dex import Attribute, Model, Scale, build_model, leaf, scale, weighted_node
from cocreate.engines.dex.dxi import write_dxi

DXI_PATH = Path(__file__).with_name("readiness.dxi")

LEVEL = scale(
    "low",
    "medium",
    "high",
    descriptions=[
        "important conditions for co-creation are missing",
        "co-creation is possible, with gaps to close",
        "the conditions for co-creation are in place",
    ],
)
ANSWER = scale("no", "partly", "yes")
# A barrier: the worst value comes first, so "strong" is bad and "weak" is good.
TRADITION_SCALE = scale("strong", "moderate", "weak")

LOW = 0  # rank of "low" on LEVEL
MEDIUM = 1  # rank of "medium" on LEVEL, the usual cap of a knock-out rule

# Leaves: id -> English description (the id is the attribute's name in the .dxi; texts for people,
# in English and Slovenian, are in content.json).
LEAVES: dict[str, str] = {
    "LEADERSHIP": "A senior leader sponsors co-creation",
    "STRATEGY": "Co-creation is part of the organisation's strategy or mandate",
    "BUDGET": "Budget and staff time are set aside for co-creation",
    "FACILITATION": "Staff have facilitation and service-design skills",
    "EXPERIENCE": "The organisation has prior co-creation experience",
    "DIGITAL_TOOLS": "The organisation uses digital participation tools",
    "COMMUNICATION": "Two-way communication with the public that welcomes criticism",
    "MOBILISATION": "A plan to mobilise stakeholders, including hard-to-reach groups",
    "USER_INSIGHT": "The organisation regularly gathers service users' feedback",
    "EVALUATION": "Earlier co-creation is evaluated and the lessons are used",
    "OPEN_DATA": "Open data about the organisation's services",
    "COLLABORATION": "Collaboration across departments",
    "USERS_AS_PARTNERS": "Staff see service users as partners",
    "POWER_SHARING": "Staff are willing to share power over decisions",
    "RISK_TOLERANCE": "Tolerance of risk and experiment",
    "AWARENESS": "Staff know what co-creation is and what it can bring",
    "INCENTIVES": "Incentives and recognition for staff who co-create",
    "TIME": "Staff have time to take part in co-creation",
    "MIDDLE_MANAGERS": "Middle managers back staff who co-create",
    "POLITICAL_BACKING": "Political backing for co-creation across parties",
    "LEGAL_ROOM": "The legal framework leaves room for participation",
    "TRADITION": "Administrative tradition of hierarchy and legalism (a barrier)",
    "CITIZEN_TRUST": "Citizens' trust in the organisation",
    "CIVIL_SOCIETY": "Capacity of civil society to take part",
    "DIGITAL_SKILLS": "Service users' digital skills",
    "PARTNER_NETWORKS": "Existing partnerships with NGOs, universities and businesses",
}


def _leaf(att_id: str) -> Attribute:
    return leaf(att_id, TRADITION_SCALE if att_id == "TRADITION" else ANSWER, LEAVES[att_id])


def _node(
    att_id: str,
    description: str,
    children: Sequence[Attribute],
    weights: Sequence[float],
    thresholds: Sequence[float] = (0.25, 0.75),
    caps: Mapping[str, int] | None = None,
) -> Attribute:
    """An inner attribute on LEVEL; ``caps`` maps a child's id to the highest rank it allows when
    that child is at its worst value."""
    return weighted_node(att_id, LEVEL, children, description, weights, thresholds, caps)


def _leaves(*ids: str) -> list[Attribute]:
    return [_leaf(i) for i in ids]


def build() -> Model:
    # Default thresholds (0.25, 0.75): a weighted mean of answers below ¼ is low, from ¾ on high —
    # i.e. high needs mostly "yes" answers, low means mostly "no".

    # --- (A) capacity ------------------------------------------------------------------------
    resources = _node(
        "RESOURCES",
        "Resources for co-creation: sponsorship, mandate, money and staff time",
        _leaves("LEADERSHIP", "STRATEGY", "BUDGET"),
        # A sponsor and real money / time count double a line in the strategy: a mandate on
        # paper without either changes little, while a sponsor with a budget can act now.
        weights=[2, 1, 2],
        # Without a senior sponsor co-creation stays a side project that nobody protects, and
        # without any budget or staff time it cannot be run at all: either makes resources low
        # (and, through CAPACITY, keeps the overall readiness below high).
        caps={"LEADERSHIP": LOW, "BUDGET": LOW},
    )
    skills = _node(
        "SKILLS",
        "Skills and experience to run co-creative processes",
        _leaves("FACILITATION", "EXPERIENCE", "DIGITAL_TOOLS"),
        # Facilitation and experience make a process work; digital tools help but many good
        # processes run face to face, so they count half as much.
        weights=[2, 2, 1],
        # Without anyone who can facilitate, a process is not open and fair however much
        # experience or software there is: at most medium (outside facilitators can bridge it).
        caps={"FACILITATION": MEDIUM},
    )
    engagement = _node(
        "ENGAGEMENT",
        "Ability to engage service users and other stakeholders",
        _leaves("COMMUNICATION", "MOBILISATION", "USER_INSIGHT"),
        # Two-way communication is the basis of any engagement, so it counts double. The higher
        # cut for high (0.8) asks for more than communication alone: with "yes" there, a missing
        # mobilisation plan or no user feedback at all keeps engagement at medium.
        weights=[2, 1, 1],
        thresholds=[0.25, 0.8],
        # An organisation that only broadcasts and rejects criticism loses participants after the
        # first round, whatever its mobilisation plan: at most medium.
        caps={"COMMUNICATION": MEDIUM},
    )
    learning = _node(
        "LEARNING",
        "Ability to learn from co-creation and share knowledge",
        _leaves("EVALUATION", "OPEN_DATA", "COLLABORATION"),
        # Evaluation and cross-department collaboration carry learning; open data supports it.
        # No knock-out: learning builds up gradually and each element can make up for another.
        weights=[2, 1, 2],
    )
    capacity_parts = [resources, skills, engagement, learning]
    capacity = _node(
        "CAPACITY",
        "(A) The organisation's capacity for co-creation",
        capacity_parts,
        # Resources come first: without them nothing starts. Skills and engagement carry the
        # process; learning matters over several rounds, so it weighs least.
        weights=[3, 2, 2, 1],
        # Low resources (no sponsor, or no budget and staff time) make capacity low: skills and
        # engagement cannot make up for a process nobody backs or pays for. This is the channel
        # by which those two knock-outs reach READINESS, whose low-category cap then holds it at
        # medium.
        caps={"RESOURCES": LOW},
    )

    # --- (B) internal co-creators --------------------------------------------------------------
    attitudes = _node(
        "ATTITUDES",
        "Staff attitudes towards co-creation",
        _leaves("USERS_AS_PARTNERS", "POWER_SHARING", "RISK_TOLERANCE", "AWARENESS"),
        # Equal weights; with four answers the cut for high is 0.8, so that (as with three) one
        # "no" keeps attitudes below high.
        weights=[1, 1, 1, 1],
        thresholds=[0.25, 0.8],
        # Without any willingness to share power, co-creation becomes consultation for show
        # (tokenism): at most medium.
        caps={"POWER_SHARING": MEDIUM},
    )
    conditions = _node(
        "CONDITIONS",
        "Working conditions that let staff co-create",
        _leaves("INCENTIVES", "TIME", "MIDDLE_MANAGERS"),
        # Time and a backing line manager decide whether staff can take part at all; incentives
        # and recognition encourage them, so they count half as much.
        weights=[1, 2, 2],
        # Staff with no time cannot take part, however strong the incentives: at most medium.
        caps={"TIME": MEDIUM},
    )
    internal = _node(
        "INTERNAL",
        "(B) Drivers and barriers among internal co-creators, the organisation's own staff",
        [attitudes, conditions],
        # Attitudes are harder to change than conditions, so they weigh more (3:2). Thresholds
        # 0.3 / 0.75 give: high needs high attitudes and at least medium conditions; medium
        # attitudes with any conditions are medium; low attitudes are medium only with high
        # conditions.
        weights=[3, 2],
        thresholds=[0.3, 0.75],
    )

    # --- (C) context -----------------------------------------------------------------------------
    politics_law = _node(
        "POLITICS_LAW",
        "Political and legal context",
        _leaves("POLITICAL_BACKING", "LEGAL_ROOM", "TRADITION"),
        # Backing and legal room open the door; a hierarchical, legalistic tradition slows
        # co-creation down but can be worked around, so it counts a little less (1.5 against 2)
        # — still enough that a strong tradition keeps this topic below high.
        weights=[2, 2, 1.5],
        # When the law leaves no room for participation, results of co-creation cannot be
        # adopted as they are: at most medium. (No political backing is a serious risk but not
        # a block: co-creation is often started by the administration and wins support later.)
        caps={"LEGAL_ROOM": MEDIUM},
    )
    society = _node(
        "SOCIETY",
        "Social context: trust, civil society, skills and partners",
        _leaves("CITIZEN_TRUST", "CIVIL_SOCIETY", "DIGITAL_SKILLS", "PARTNER_NETWORKS"),
        # Trust decides whether people come at all, so it counts double; civil society and
        # partners bring people and know-how; users' digital skills matter least since
        # participation can always be offered offline too.
        weights=[2, 1.5, 1, 1.5],
        # Citizens who do not trust the organisation do not take part, or take part to oppose:
        # at most medium.
        caps={"CITIZEN_TRUST": MEDIUM},
    )
    context = _node(
        "CONTEXT",
        "(C) Drivers and barriers of the context",
        [politics_law, society],
        # Equal weights; thresholds 0.5 / 0.75: both at least medium is medium, one high and the
        # other at least medium is high, one low is medium only when the other is high.
        weights=[1, 1],
        thresholds=[0.5, 0.75],
    )

    # --- overall -------------------------------------------------------------------------------
    categories = [capacity, internal, context]
    readiness = _node(
        "READINESS",
        "Overall readiness of the organisation to co-create public services with their users",
        categories,
        # Capacity is what the organisation controls directly and it weighs most (2:1:1).
        # Thresholds 0.375 / 0.75: medium needs at least medium capacity with one other category
        # medium, or one category high to offset a low one; high needs high capacity and the
        # others at least medium, or medium capacity with both others high.
        weights=[2, 1, 1],
        thresholds=[0.375, 0.75],
        # Readiness is high only if no category is low: any low category caps it at medium.
        caps={"CAPACITY": MEDIUM, "INTERNAL": MEDIUM, "CONTEXT": MEDIUM},
    )
    return build_model(
        "Co-Ready",
        readiness,
        description=(
            "Organisational readiness to co-create public services with their users. Adapted from the"
            " COGOV project's models (Co-Gov toolkit, University of Ljubljana, 2022) for Cocreate."
        ),
    )


def leaf_ids() -> list[str]:
    return list(LEAVES)


def scales() -> dict[str, Scale]:
    """The scale of every attribute, by id."""
    return {i.id: i.attribute.scale for i in build().index()}


def main() -> None:
    write_dxi(build(), DXI_PATH)
    print(f"wrote {DXI_PATH}")


if __name__ == "__main__":
    main()
