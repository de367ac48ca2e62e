"""The Co-Master model: how good was the co-creation in one renewal cycle?

Adapted from the COGOV project's model for assessing co-creation (Co-Gov toolkit, University of
Ljubljana, 2022): its three phases and 19 basic attributes, with our own wording, decision tables
and bilingual questions. At the end of each cycle, organisers (staff and facilitators) and
participants (service users and stakeholders) answer 19 short questions, one per leaf; the model
combines the answers, bottom-up, into six aspects, three phases and one overall quality. The
criteria follow the three phases of a co-creation process and draw on the IAP2 core values for
public participation and the OECD evaluation guidelines for representative deliberative processes:

* MOBILISATION — (1) identifying and mobilising stakeholders:
    - SETUP, the process is set up openly: FRAMING (clear, neutral framing of the purpose and
      remit), TRANSPARENCY (process, roles and decision rights published in advance),
      STAKEHOLDER_MAP (relevant stakeholders identified and invited);
    - REACH, the right people took part: REPRESENTATIVENESS (participants reflect the community),
      INCLUSION (hard-to-reach groups reached, barriers removed), OUTREACH (enough notice,
      accessible channels);
* COCREATION — (2) the act of co-creation:
    - DIALOGUE, a fair and safe conversation: EQUAL_VOICE (everyone could speak and was heard),
      RESPECT (respectful, safe atmosphere), FACILITATION (skilled, neutral facilitation);
    - DELIBERATION, informed weighing of options: INFORMATION (balanced, accessible information),
      TIME (enough time to learn, deliberate and decide), DIVERSE_VIEWS (different views
      explored, disagreements recorded);
* EFFECTS — (3) its effects:
    - IMPACT, the input made a difference: INFLUENCE (input visibly influenced decisions),
      FEEDBACK (participants were told what happened to their input), IMPLEMENTATION
      (commitments are implemented), SATISFACTION (users are satisfied with the renewed service);
    - CONTINUITY, the cycle prepares the next one: LEARNING (the organisation learned and will
      change how it works), TRUST (trust between the organisation and participants grew), RETURN
      (participants would take part again).

Every leaf is "no", "partly" or "yes" (bad, neutral, good); every inner attribute is "low",
"medium" or "high". Each phase is split into two aspects of three leaves (four for IMPACT) so
that every decision table stays readable (27 or 81 rules for an aspect, 9 for a phase, 27 for the
root).

Decision tables are made by :func:`weighted_table`: each answer counts as 0, ½ or 1, the weighted
mean is cut into low / medium / high, and knock-out rules ("caps") limit a node when one element
is entirely missing. Every table is therefore monotone: a better answer never lowers a result.
The weights and caps, with the reason for each, are in :func:`build`. The key rules:

* no INFLUENCE makes IMPACT low, which caps EFFECTS at medium — participation without influence
  is tokenism, however well it was run;
* the overall QUALITY weighs the effects half as much again as each other phase and is high only
  when EFFECTS is high (and the other two are at least one high, one medium);
* no phase is high while an aspect of it is low.

Regenerate the shipped file with ``python -m cocreate.quality.model.build``; a test checks that
``quality.dxi`` equals what this script writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cocreate.engines.dex import Attribute, Model, Scale, build_model, leaf, scale, weighted_node
from cocreate.engines.dex.dxi import write_dxi

DXI_PATH = Path(__file__).with_name("quality.dxi")

LEVEL = scale(
    "low",
    "medium",
    "high",
    descriptions=[
        "serious weaknesses to fix before the next cycle",
        "a sound process with clear room for improvement",
        "good practice to keep and share",
    ],
)
ANSWER = scale("no", "partly", "yes")

LOW = 0  # rank of "low" on LEVEL
MEDIUM = 1  # rank of "medium" on LEVEL, the usual cap of a knock-out rule

# Leaves: id -> English description (the id is the attribute's name in the .dxi; texts for people,
# in English and Slovenian, are in content.json). Listed in the order of the tree.
LEAVES: dict[str, str] = {
    "FRAMING": "Clear, neutral framing of the purpose and remit of the process",
    "TRANSPARENCY": "The process, roles and decision rights were published in advance",
    "STAKEHOLDER_MAP": "Relevant stakeholders were identified and invited",
    "REPRESENTATIVENESS": "Participants reflect the community the service concerns",
    "INCLUSION": "Hard-to-reach groups were reached and barriers to taking part removed",
    "OUTREACH": "Enough notice and accessible channels to take part",
    "EQUAL_VOICE": "Everyone could speak and was heard",
    "RESPECT": "A respectful, safe atmosphere",
    "FACILITATION": "Skilled, neutral facilitation",
    "INFORMATION": "Balanced, accessible information",
    "TIME": "Enough time to learn, deliberate and decide",
    "DIVERSE_VIEWS": "Different views were explored and disagreements recorded",
    "INFLUENCE": "Participants' input visibly influenced decisions",
    "FEEDBACK": "Participants were told what happened to their input",
    "IMPLEMENTATION": "The commitments made are being implemented",
    "SATISFACTION": "Service users are satisfied with the renewed service",
    "LEARNING": "The organisation learned and will change how it works",
    "TRUST": "Trust between the organisation and participants grew",
    "RETURN": "Participants would take part again",
}


def _leaf(att_id: str) -> Attribute:
    return leaf(att_id, ANSWER, LEAVES[att_id])


def _leaves(*ids: str) -> list[Attribute]:
    return [_leaf(i) for i in ids]


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


def build() -> Model:
    # Aspects of three leaves use the default thresholds (0.25, 0.75): a weighted mean of answers
    # below ¼ is low, from ¾ on high. Phases of two aspects use (0.5, 0.75): both medium is
    # medium, one high makes up for one low, high needs one high and the other at least medium.

    # --- (1) identifying and mobilising stakeholders -------------------------------------------
    setup = _node(
        "SETUP",
        "The process is set up openly: a clear remit, published rules, the stakeholders identified",
        _leaves("FRAMING", "TRANSPARENCY", "STAKEHOLDER_MAP"),
        # The framing and the published decision rights are the promise made to participants
        # (IAP2: the public's contribution will influence the decision), so they count double; the
        # stakeholder map is a means whose gaps show again under REACH.
        weights=[2, 2, 1],
        # People cannot contribute well to a question that is unclear or loaded, nor trust a
        # process whose decision rights are hidden: either missing caps SETUP at medium.
        caps={"FRAMING": MEDIUM, "TRANSPARENCY": MEDIUM},
    )
    reach = _node(
        "REACH",
        "The right people took part: representative, inclusive, properly invited",
        _leaves("REPRESENTATIVENESS", "INCLUSION", "OUTREACH"),
        # Who took part is what counts (OECD: representativeness and inclusiveness); notice and
        # channels are the means, so outreach counts half.
        weights=[2, 2, 1],
        # Without the hard-to-reach groups the process hears only the usual voices: at most
        # medium, however many people came.
        caps={"INCLUSION": MEDIUM},
    )
    mobilisation = _node(
        "MOBILISATION",
        "(1) Identifying and mobilising stakeholders",
        [setup, reach],
        weights=[1, 1],
        thresholds=[0.5, 0.75],
    )

    # --- (2) the act of co-creation ------------------------------------------------------------
    dialogue = _node(
        "DIALOGUE",
        "A fair and safe conversation: equal voice, respect, good facilitation",
        _leaves("EQUAL_VOICE", "RESPECT", "FACILITATION"),
        # Equal voice and respect are what participants experience; facilitation is the means
        # to them (and self-organised formats such as Open Space can do without much of it).
        weights=[2, 2, 1],
        # When a few voices dominated, or people did not feel safe to speak, the result reflects
        # the loudest, not the group: either caps DIALOGUE at medium.
        caps={"EQUAL_VOICE": MEDIUM, "RESPECT": MEDIUM},
    )
    deliberation = _node(
        "DELIBERATION",
        "Informed weighing of options: balanced information, enough time, diverse views",
        _leaves("INFORMATION", "TIME", "DIVERSE_VIEWS"),
        # Balanced information and the exploration of different views are the substance of
        # deliberation (OECD: evidence, deliberation); time is a condition, so it counts half.
        weights=[2, 1, 2],
        # Deliberation on one-sided or unreadable information is not informed: at most medium.
        caps={"INFORMATION": MEDIUM},
    )
    cocreation = _node(
        "COCREATION",
        "(2) The act of co-creation",
        [dialogue, deliberation],
        weights=[1, 1],
        thresholds=[0.5, 0.75],
    )

    # --- (3) its effects -------------------------------------------------------------------------
    impact = _node(
        "IMPACT",
        "The input made a difference: it influenced decisions, people were told, commitments are kept",
        _leaves("INFLUENCE", "FEEDBACK", "IMPLEMENTATION", "SATISFACTION"),
        # Influence on decisions and their implementation are the impact; feedback closes the
        # loop (IAP2: tell participants how their input affected the decision). Users' satisfaction
        # with the renewed service is the end the process serves, but it often shows only after
        # the cycle, so it counts a little less (1.5). The cut for high (0.8) keeps IMPACT below
        # high when users are not satisfied at all, whatever else went well.
        weights=[2, 1, 2, 1.5],
        thresholds=[0.25, 0.8],
        # No influence: the input changed nothing, so the impact is low whatever else happened —
        # participation without influence is tokenism (this caps EFFECTS at medium). Without
        # feedback, participants cannot see the impact there was: at most medium.
        caps={"INFLUENCE": LOW, "FEEDBACK": MEDIUM},
    )
    continuity = _node(
        "CONTINUITY",
        "The cycle prepares the next one: the organisation learned, trust grew, people would return",
        _leaves("LEARNING", "TRUST", "RETURN"),
        # Co-creation is continuous: each of the three carries the next cycle and none makes up
        # for another, so they weigh the same (any "no" keeps CONTINUITY below high).
        weights=[1, 1, 1],
    )
    effects = _node(
        "EFFECTS",
        "(3) The effects of co-creation",
        [impact, continuity],
        # Equal weights: low IMPACT (e.g. no influence) leaves EFFECTS at most medium.
        weights=[1, 1],
        thresholds=[0.5, 0.75],
    )

    # --- overall -------------------------------------------------------------------------------
    phases = [mobilisation, cocreation, effects]
    quality = _node(
        "QUALITY",
        "Overall quality of the co-creation process in this renewal cycle",
        phases,
        # Effects weigh half as much again as each other phase (2:2:3): co-creation exists to
        # change services. Thresholds 0.5 / 0.8 (of 14 points, with low/medium/high = 0/1/2 times
        # the weight): medium needs 7, e.g. all three medium; high needs 12, i.e. high EFFECTS
        # with the other two one high and one at least medium. So a low phase always keeps the
        # quality at medium or below, and medium effects keep it at medium.
        weights=[2, 2, 3],
        thresholds=[0.5, 0.8],
    )
    return build_model(
        "Co-Master",
        quality,
        description=(
            "Quality of a co-creation process in one renewal cycle. Adapted from the COGOV project's"
            " models (Co-Gov toolkit, University of Ljubljana, 2022) for Cocreate."
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
