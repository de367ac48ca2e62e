"""Writes sample_pool.csv: 160 fictional volunteers matching the example quotas of the panel form
(Gender, Age, Education), with the skew real volunteering has (older and more educated people
volunteer more). Run: python -m cocreate.panels.sample.make_sample_pool"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("sample_pool.csv")


def rows(n: int = 160, seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    out = [["name", "email", "household", "Gender", "Age", "Education"]]
    for i in range(1, n + 1):
        age = rng.choices(["16-34", "35-64", "65+"], weights=[18, 52, 30])[0]
        education = rng.choices(["primary", "secondary", "higher"], weights=[12, 43, 45])[0]
        gender = rng.choices(["woman", "man"], weights=[55, 45])[0]
        household = f"Street {rng.randint(1, 140)}" if rng.random() < 0.5 else ""
        out.append([f"Volunteer {i:03d}", f"volunteer{i:03d}@example.org", household, gender, age, education])
    return out


if __name__ == "__main__":
    with OUT.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows())
