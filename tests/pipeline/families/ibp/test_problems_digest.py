"""The default config's first problems are pinned: a speed change must not change what a seed gives.

Why: the generator's output is part of a run's fingerprint (``problems_version``), and caches or faster
routes inside it (``pipeline/families/shared/memo.py``, ``exact_diff.py``) are only allowed if they give
the very same problems. This hashes problems 0..29 the way ``benchmarks/problems_digest.py`` does, once
per ``sampler.problems_version`` (``generator/settings.py: ProblemsVersion``). A deliberate change adds a
version and pins its digest here (``benchmarks/problems_digest.py 30 --problems-version V`` prints it);
SymPy's printer may differ between minor versions, so the pin names the one it holds for.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sympy

from pipeline.families import get_family
from pipeline.families.ibp.generator.settings import DEFAULT_PROBLEMS_VERSION, ProblemsVersion
from pipeline.run.loading import load_run

ROOT = Path(__file__).resolve().parents[4]
COUNT = 30
PINNED: dict[tuple[str, str], str] = {
    ("2026-11-28", "1.14"): "9f9f03c83c418169b8e46a11ed738f4402d1f02cd00d2c3355963c715b625bbb",
    ("2026-12-02", "1.14"): "bd0e697ac0d909bae88a07833a35a4dd21335b8a3ffe7d04b270569d5daf6154",
}
"""(sampler.problems_version, SymPy major.minor) -> sha256 of problems 0..COUNT-1 of configs/ibp.yaml."""


@pytest.mark.parametrize("version", [v.value for v in ProblemsVersion])
def test_the_first_problems_of_the_default_config_are_the_pinned_ones(version: str):
    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    family = get_family(cfg.family)
    sampler = cfg.sampler.model_copy(update={"problems_version": ProblemsVersion(version)})
    key = (version, ".".join(sympy.__version__.split(".")[:2]))
    if key[1] not in {k[1] for k in PINNED}:
        pytest.skip(f"no digest pinned for SymPy {sympy.__version__}")
    assert key in PINNED, f"problems_version {key[0]!r} has no pinned digest: pin it (see the docstring)"
    digest = hashlib.sha256()
    for index in range(COUNT):
        digest.update(family.sample(cfg.seed, index, cfg.variable, sampler).model_dump_json().encode())
    assert digest.hexdigest() == PINNED[key]


def test_the_default_config_draws_the_default_version_and_keeps_its_fingerprint_fields():
    """configs/ibp.yaml states the default version; the default is left out of the sampler's dump, so the
    run fingerprint (and the parts_from_primitive cache key) of a config without the field is unchanged."""
    cfg = load_run(str(ROOT / "configs/ibp.yaml")).config
    assert cfg.sampler.problems_version is DEFAULT_PROBLEMS_VERSION
    assert get_family(cfg.family).problems_version == DEFAULT_PROBLEMS_VERSION.value
    assert "problems_version" not in cfg.sampler.model_dump()
    newer = cfg.sampler.model_copy(update={"problems_version": ProblemsVersion.V2026_12_02})
    assert newer.model_dump(mode="json")["problems_version"] == "2026-12-02"
