"""Realistic synthetic pools for tests and benchmarks (no real person is in them).

A census population is drawn with correlated features (age–education, region–urbanity,
urbanity–background); volunteering is skewed (the educated and the old answer more, the young and
minorities less); some volunteers share a household; quotas come from the census shares.
"""

from __future__ import annotations

import math

import numpy as np

from .model import Instance, Person, Quota

CENSUS: dict[str, dict[str, float]] = {
    "gender": {"female": 0.505, "male": 0.485, "other": 0.01},
    "age": {"16-29": 0.2, "30-44": 0.24, "45-64": 0.33, "65+": 0.23},
    "education": {"low": 0.28, "middle": 0.46, "high": 0.26},
    "region": {"central": 0.3, "east": 0.22, "west": 0.2, "north": 0.16, "south": 0.12},
    "urbanity": {"urban": 0.45, "suburban": 0.3, "rural": 0.25},
    "background": {"majority": 0.82, "second": 0.1, "third": 0.05, "fourth": 0.03},
    "employment": {"employed": 0.52, "unemployed": 0.06, "retired": 0.24, "student": 0.08, "other": 0.1},
    "housing": {"owner": 0.64, "tenant": 0.31, "other": 0.05},
}
VOLUNTEERING: dict[str, dict[str, float]] = {
    "age": {"16-29": 0.55, "30-44": 0.85, "45-64": 1.2, "65+": 1.5},
    "education": {"low": 0.45, "middle": 1.0, "high": 2.4},
    "background": {"majority": 1.0, "second": 0.6, "third": 0.55, "fourth": 0.5},
    "gender": {"female": 1.05, "male": 0.95, "other": 1.2},
    "employment": {"employed": 1.0, "unemployed": 0.6, "retired": 1.2, "student": 0.9, "other": 0.8},
}


def _pick(rng: np.random.Generator, shares: dict[str, float], tilt: dict[str, float] | None = None) -> str:
    keys = list(shares)
    w = np.array([shares[k] * (tilt or {}).get(k, 1.0) for k in keys])
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


def _citizen(rng: np.random.Generator, categories: tuple[str, ...]) -> dict[str, str]:
    f: dict[str, str] = {}
    f["gender"] = _pick(rng, CENSUS["gender"])
    f["age"] = _pick(rng, CENSUS["age"])
    # older people less often have higher education
    edu_tilt = {"16-29": {"high": 1.2, "low": 0.8}, "65+": {"high": 0.6, "low": 1.6}}.get(f["age"], {})
    f["education"] = _pick(rng, CENSUS["education"], edu_tilt)
    f["region"] = _pick(rng, CENSUS["region"])
    urb_tilt = {"central": {"urban": 1.8, "rural": 0.4}, "north": {"rural": 2.0, "urban": 0.5}}.get(
        f["region"], {}
    )
    f["urbanity"] = _pick(rng, CENSUS["urbanity"], urb_tilt)
    bg_tilt = {
        "urban": {"second": 1.6, "third": 1.6, "fourth": 1.5},
        "rural": {"second": 0.4, "third": 0.3},
    }.get(f["urbanity"], {})
    f["background"] = _pick(rng, CENSUS["background"], bg_tilt)
    # The two extra features are drawn only when asked for, so that 6-feature pools keep their
    # random stream (and the instances other tests and benchmarks were built on).
    if "employment" in categories:
        emp_tilt = {
            "16-29": {"student": 5.0, "retired": 0.02, "employed": 0.6},
            "65+": {"retired": 3.8, "employed": 0.15, "student": 0.01, "unemployed": 0.2},
        }.get(f["age"], {"retired": 0.1})
        if f["education"] == "low":
            emp_tilt = {**emp_tilt, "unemployed": emp_tilt.get("unemployed", 1.0) * 1.8}
        f["employment"] = _pick(rng, CENSUS["employment"], emp_tilt)
    if "housing" in categories:
        own_tilt = {"urban": {"tenant": 1.7, "owner": 0.7}, "rural": {"owner": 1.3, "tenant": 0.4}}.get(
            f["urbanity"], {}
        )
        if f["age"] == "16-29":
            own_tilt = {**own_tilt, "tenant": own_tilt.get("tenant", 1.0) * 1.8, "other": 2.5}
        f["housing"] = _pick(rng, CENSUS["housing"], own_tilt)
    return {c: f[c] for c in categories}


def synthetic_instance(
    n: int,
    k: int,
    *,
    seed: int = 0,
    n_features: int = 6,
    household_share: float = 0.1,
    slack: float = 0.1,
) -> Instance:
    """A pool of ``n`` volunteers and quotas for a panel of ``k``; ``slack`` widens each quota by that
    fraction of its target (at least floor/ceil of the target); ``household_share`` of the volunteers
    come in pairs sharing a household."""
    rng = np.random.default_rng(seed)
    categories = tuple(list(CENSUS)[:n_features])
    people: list[Person] = []
    while len(people) < n:
        f = _citizen(rng, categories)
        propensity = math.prod(VOLUNTEERING.get(c, {}).get(v, 1.0) for c, v in f.items())
        if rng.random() < propensity / 4.0:
            household = None
            if rng.random() < household_share / 2 and len(people) + 1 < n:
                household = f"h{len(people)}"
                partner = dict(f)
                if "gender" in partner:
                    partner["gender"] = "male" if f["gender"] == "female" else "female"
                if "age" in partner and rng.random() < 0.3:
                    partner["age"] = _pick(rng, CENSUS["age"])
                people.append(Person(f"p{len(people)}", f, household))
                people.append(Person(f"p{len(people)}", partner, household))
                continue
            people.append(Person(f"p{len(people)}", f, household))
    quotas = []
    for c in categories:
        for v, share in CENSUS[c].items():
            target = share * k
            lo = max(0, math.floor(target * (1 - slack)))
            hi = min(k, math.ceil(target * (1 + slack)))
            quotas.append(Quota(c, v, lo, hi))
    return Instance(tuple(people[:n]), tuple(quotas), k)
