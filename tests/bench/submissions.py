"""Varied submissions for the benchmarks: the seeds' official layouts and our templates, with
figures, names and defects drawn at random (seeded, so runs compare)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.helpers import official
from tests.helpers.seeds import T2_003
from workbooks.build import build_template
from workbooks.spec import get_spec


def _official(rng: random.Random, i: int) -> dict:
    kind = i % 5
    unit = f"第{i}单位"
    if kind == 0:
        budget = round(rng.uniform(100, 5000), 2)
        done = round(budget * rng.uniform(0.7, 1.0), 2)
        return {"自评表": official.seed_003_t2(B2=unit, C4=budget, D4=budget, E4=done, C5=budget, D5=budget,
                                              H22=rng.choice([99.5, 98, 90]))}
    if kind == 1:
        return {"附件2-2": official.seed_001_t2(B3=unit, B27=rng.choice([None, "优", "良"]))}
    if kind == 2:
        return {"附件2-1": official.seed_001_t1(A3=f"填报单位：{unit}", B5=rng.randint(10, 40), C5=rng.randint(8, 42))}
    if kind == 3:
        return {"Sheet1": official.seed_002_project(B2=f"项目{i}", B16=rng.choice([23, 22.5]))}
    return {"附件2": official.seed_004_tree("T4", A3=f"评价单位（盖章）： {unit}", G5=rng.choice([0, 0.5, 1]))}


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` workbooks in ``directory``: four official layouts to one of our templates."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"{i:04d}.xlsx"
        if i % 6 == 5:
            values = dict(T2_003, unit=f"第{i}单位", general_executed=round(rng.uniform(1000, 1387.53), 2))
            build_template(get_spec("T2"), path, values)
        else:
            official.write(path, _official(rng, i))
        paths.append(path)
    return paths
