"""The cache of solved integrals behind ``parts_from_primitive``, deterministic and growing.

Lample & Charton keep a growing cache of integrals already solved and emit a parts problem whenever one of
them fits. A cache filled by whatever ran before would make problem i depend on which problems other
workers drew first, so here slot k of the cache is a pure function of (run seed, level, k): the k-th
solved integral is drawn from its own seeded stream, by one of three methods

* ``random_function``: a random tree H and its derivative h = H' (Lample & Charton's backward method);
* ``product_reversal``: a product-reversal problem and its answer;
* ``classic``: a classic-family integral and its closed form.

Problem i may use slots 0 .. known_integrals + i - 1: the cache grows by one solved integral per problem,
and every worker computes (and memoises) exactly the slots it needs.
"""

from __future__ import annotations

import hashlib
import random
from collections import OrderedDict
from dataclasses import dataclass, replace

import sympy

from pipeline.families.ibp.generator.classic import draw_classic
from pipeline.families.ibp.generator.product_reversal import draw_product_reversal
from pipeline.families.ibp.generator.rules import (
    Degeneracy,
    Rejected,
    check_real_values,
    check_tree_expression,
    require,
)
from pipeline.families.ibp.generator.settings import GeneratorConfig, Level
from pipeline.families.ibp.generator.trees import nesting_depth, sample_tree, to_sympy
from pipeline.families.shared.memo import derivative
from pipeline.families.shared.rewrites import shortest_form

MAX_SLOT_DRAWS = 200
CACHE_SIZE = 20_000
ORIGINS: dict[str, float] = {"random_function": 2, "product_reversal": 2, "classic": 1}
EXTRA_OPERATORS = 1
"""Random primitives H get one operator more than the level's trees: F*G' re-uses a factor of H', so a
small H (sin(x)) would only ever give the same few problems (x*sin(x))."""


@dataclass(frozen=True)
class KnownIntegral:
    """A solved integral: the antiderivative of ``integrand`` is ``primitive``."""

    integrand: sympy.Expr
    primitive: sympy.Expr
    origin: str
    parts_applications: int = 0
    tree_operators: int = 0

    def substituted(self, w: sympy.Expr, x: sympy.Symbol) -> KnownIntegral:
        """The same integral after x -> w = a*x + b: the antiderivative of h(w)*w' is H(w)."""
        if w == x:
            return self
        return replace(
            self,
            integrand=self.integrand.xreplace({x: w}) * derivative(w, x),
            primitive=self.primitive.xreplace({x: w}),
        )


class KnownIntegralError(RuntimeError):
    """No solved integral could be drawn for a slot (a bug in the tables: the rules reject too much)."""


_CACHE: OrderedDict[tuple, KnownIntegral] = OrderedDict()


def known_integral(
    run_seed: int, level: Level, slot: int, config: GeneratorConfig, variable: str = "x"
) -> KnownIntegral:
    """Slot ``slot`` of the cache for this run and level (memoised per process)."""
    key = (run_seed, str(level), slot, variable, config.model_dump_json())
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    entry = _draw_slot(run_seed, level, slot, config, sympy.Symbol(variable))
    _CACHE[key] = entry
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return entry


def slot_seed(run_seed: int, level: str, slot: int) -> int:
    digest = hashlib.sha256(f"known:{run_seed}:{level}:{slot}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _draw_slot(
    run_seed: int, level: Level, slot: int, config: GeneratorConfig, x: sympy.Symbol
) -> KnownIntegral:
    rng = random.Random(slot_seed(run_seed, str(level), slot))
    level_cfg = config.levels[level]
    origins = sorted(ORIGINS)
    for _ in range(MAX_SLOT_DRAWS):
        origin = rng.choices(origins, weights=[ORIGINS[o] for o in origins])[0]
        try:
            if origin == "random_function":
                lo, hi = level_cfg.operators
                tree = sample_tree(rng, rng.randint(lo, hi) + EXTRA_OPERATORS, config.trees, None, x)
                primitive = to_sympy(tree)
                require(primitive.has(x), Degeneracy.CONSTANT_FACTOR, primitive)
                check_tree_expression(primitive, x)
                require(_transcendental(primitive, x), Degeneracy.NO_TRANSCENDENTAL, primitive)
                require(nesting_depth(primitive) <= level_cfg.max_nesting, Degeneracy.TOO_DEEP, primitive)
                integrand = shortest_form(derivative(primitive, x), not config.next_draws)
                require(integrand.has(x), Degeneracy.TRIVIAL_DERIVATIVE, integrand)
                require(not integrand.has(sympy.zoo, sympy.nan), Degeneracy.NOT_FINITE)
                check_real_values(integrand, x)
                return KnownIntegral(integrand, primitive, origin, 0, tree.operators)
            draw = draw_product_reversal if origin == "product_reversal" else draw_classic
            draft = draw(rng, level, level_cfg, config, x)
            check_real_values(draft.integrand, x)
            return KnownIntegral(
                draft.integrand, draft.f, origin, draft.parts_applications, draft.tree_operators
            )
        except Rejected:
            continue
        except Exception:  # SymPy raises many types on odd random expressions: draw this slot again
            continue
    raise KnownIntegralError(f"no solved integral for slot {slot} of level {level} in {MAX_SLOT_DRAWS} draws")


def _transcendental(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether expr holds a transcendental function of x: algebraic integrands rarely need parts."""
    return any(f.has(x) for f in expr.atoms(sympy.Function))
