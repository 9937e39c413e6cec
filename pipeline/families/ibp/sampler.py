"""Draw problem number ``index`` of a run, deterministically from (run seed, index).

The runner calls ``sample_problem`` inside a time-limited worker. It picks a construction and a difficulty
level from the config's mixes, asks that construction (``generator/``) for a draft, and applies the named
rules of ``generator/rules.py``; a draft that breaks one is redrawn from the same stream, and the rules it
broke are listed in ``Problem.rejected_draws``.

Each problem has its own ``random.Random`` seeded from a hash of (run seed, index), so a problem never
depends on which problems were drawn before it, in what order, or how many ran at once. The cache behind
``parts_from_primitive`` is itself a pure function of the seed (see ``generator/known.py``).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping

import sympy

from pipeline.core.problem import Problem
from pipeline.core.seeds import problem_seed
from pipeline.families.ibp.details import IbpDetails
from pipeline.families.ibp.generator.classic import draw_classic
from pipeline.families.ibp.generator.draft import Draft
from pipeline.families.ibp.generator.from_primitive import draw_parts_from_primitive
from pipeline.families.ibp.generator.known import KnownIntegralError
from pipeline.families.ibp.generator.product_reversal import describe_rabbit, draw_product_reversal
from pipeline.families.ibp.generator.rules import (
    Degeneracy,
    Rejected,
    check_integrand,
    check_reads_back,
    reads_back,
    require,
)
from pipeline.families.ibp.generator.settings import Construction, GeneratorConfig, Level
from pipeline.families.shared.canonical import canonical_form
from pipeline.families.shared.memo import printed
from pipeline.families.shared.splits import assign_split

__all__ = [
    "MAX_DRAWS",
    "Degeneracy",
    "SamplingError",
    "describe_rabbit",
    "draw_problem",
    "reads_back",
    "sample_problem",
]

MAX_DRAWS = 300
"""Redraws allowed before giving up; the rules reject a minority of draws, so this is never reached."""


class SamplingError(RuntimeError):
    """No acceptable problem was found within ``MAX_DRAWS`` draws (a bug in the generator's tables)."""


def sample_problem(
    run_seed: int, index: int, variable: str = "x", config: GeneratorConfig | None = None
) -> Problem:
    """Problem number ``index`` of a run: the same (run_seed, index, config) always gives the same Problem."""
    config = config or GeneratorConfig()
    seed = problem_seed(run_seed, index)
    rng = random.Random(seed)
    construction = Construction(_weighted(rng, config.constructions))
    level = Level(_weighted(rng, config.difficulty))
    return draw_problem(rng, construction, level, config, run_seed, index, seed, variable)


def draw_problem(
    rng: random.Random,
    construction: Construction,
    level: Level,
    config: GeneratorConfig,
    run_seed: int,
    index: int,
    seed: int,
    variable: str = "x",
) -> Problem:
    """Draw with ``construction`` at ``level`` until a draft passes every rule (benchmarks call this)."""
    x = sympy.Symbol(variable)
    level_cfg = config.levels[level]
    rejected: list[str] = []
    for _ in range(MAX_DRAWS):
        try:
            if construction is Construction.PRODUCT_REVERSAL:
                draft = draw_product_reversal(rng, level, level_cfg, config, x)
            elif construction is Construction.CLASSIC:
                draft = draw_classic(rng, level, level_cfg, config, x)
            else:
                draft = draw_parts_from_primitive(rng, level, level_cfg, config, x, run_seed, index)
            return _to_problem(draft, level, config, x, index, seed, rejected)
        except Rejected as rejection:
            rejected.append(str(rejection.rule))
        except KnownIntegralError:
            raise
        except Exception:  # SymPy raises many types on odd random expressions: a named redraw
            rejected.append(str(Degeneracy.SYMPY_ERROR))
    raise SamplingError(
        f"no acceptable {construction} problem at level {level} after {MAX_DRAWS} draws (seed {seed}): "
        f"{dict(Counter(rejected))}"
    )


def _to_problem(
    draft: Draft,
    level: Level,
    config: GeneratorConfig,
    x: sympy.Symbol,
    index: int,
    seed: int,
    rejected: list[str],
) -> Problem:
    integrand = draft.integrand_text or check_integrand(
        draft.integrand, x, config.levels[level].max_integrand_chars
    )
    require(not draft.f.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo), Degeneracy.NOT_FINITE, "f")
    exprs = {"f": draft.f, "integrand": draft.integrand, "u": draft.u, "v": draft.v}
    if draft.known_primitive is not None:
        exprs["known_primitive"] = draft.known_primitive
    check_reads_back(exprs, x)
    canonical = canonical_form(draft.integrand, x)
    details = IbpDetails(
        f=printed(draft.f),
        integrand=integrand,
        u=printed(draft.u),
        v=printed(draft.v),
        variant=draft.variant,
        parts_applications=draft.parts_applications,
        known_primitive="" if draft.known_primitive is None else printed(draft.known_primitive),
        operators=draft.tree_operators,
    )
    return Problem(
        index=index,
        seed=seed,
        family="ibp",
        construction=draft.construction.value,
        variable=x.name,
        rabbit=draft.rabbit,
        difficulty=level.value,
        canonical=canonical,
        split=assign_split(canonical, config.splits),
        rejected_draws=tuple(rejected),
        details=details,
    )


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = sorted(k for k, w in weights.items() if w > 0)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]
