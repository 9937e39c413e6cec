"""The default config's first problems are pinned: a speed change must not change what a seed gives.

Why: the generator's output is part of a run's fingerprint (``problems_version``), and caches or faster
routes inside it (``pipeline/families/shared/memo.py``, ``exact_diff.py``) are only allowed if they give
the very same problems. This hashes problems 0..29 the way ``benchmarks/problems_digest.py`` does. A
deliberate change bumps ``problems_version`` and pins the new digest here (``benchmarks/problems_digest.py
30`` prints it); SymPy's printer may differ between minor versions, so the pin names the one it holds for.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sympy

from pipeline.families import get_family
from pipeline.run.loading import load_run

ROOT = Path(__file__).resolve().parents[4]
COUNT = 30
PINNED: dict[tuple[str, str], str] = {
    ("2026-11-28", "1.14"): "9f9f03c83c418169b8e46a11ed738f4402d1f02cd00d2c3355963c715b625bbb",
}
"""(problems_version, SymPy major.minor) -> sha256 of problems 0..COUNT-1 of configs/ibp.yaml."""


def test_the_first_problems_of_the_default_config_are_the_pinned_ones():
    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    family = get_family(cfg.family)
    key = (family.problems_version, ".".join(sympy.__version__.split(".")[:2]))
    if key[1] not in {k[1] for k in PINNED}:
        pytest.skip(f"no digest pinned for SymPy {sympy.__version__}")
    assert key in PINNED, f"problems_version {key[0]!r} has no pinned digest: pin it (see the docstring)"
    digest = hashlib.sha256()
    for index in range(COUNT):
        digest.update(family.sample(cfg.seed, index, cfg.variable, cfg.sampler).model_dump_json().encode())
    assert digest.hexdigest() == PINNED[key]
