"""Parts from a known primitive (Lample & Charton's IBP generator): the integral of F*G' whose F'*G is solved.

Take a solved integral h -> H from the cache of known integrals (``known.py``), split h = f*G where f has a
table antiderivative F, and pose the integral of F*G'. Its answer is F*G - H: integrating by parts leaves
the integral of f*G = h, which is known. The cache is deterministic and grows with the run, so problem i
depends only on the seed and i however many workers draw problems.
"""

from __future__ import annotations

import random

import sympy

from pipeline.families.ibp.generator.draft import Draft
from pipeline.families.ibp.generator.known import KnownIntegral, known_integral
from pipeline.families.ibp.generator.parts_chain import kernel_antiderivative, polynomial_antiderivative
from pipeline.families.ibp.generator.rules import Degeneracy, Rejected, check_integrand, require
from pipeline.families.ibp.generator.settings import Construction, GeneratorConfig, Level, LevelConfig
from pipeline.families.shared.memo import derivative, printed
from pipeline.families.shared.rewrites import shortest_form


def draw_parts_from_primitive(
    rng: random.Random,
    level: Level,
    level_cfg: LevelConfig,
    config: GeneratorConfig,
    x: sympy.Symbol,
    run_seed: int,
    index: int,
) -> Draft:
    """The integral of F*G' where the integral of F'*G is a cached known integral."""
    slot = rng.randrange(config.known_integrals + index)  # the cache grows by one solved integral per problem
    known = known_integral(run_seed, level, slot, config, x.name)
    share = NEXT_CHANGE_OF_VARIABLE_SHARE if config.next_draws else CHANGE_OF_VARIABLE_SHARE
    if rng.random() < share:  # a linear change of variable keeps an integral known
        known = known.substituted(rng.choice(_SLOPES) * x + rng.choice(_OFFSETS), x)
    splits = table_factors(known.integrand, x)
    weights = [1 if factor == 1 else 3 for factor, _ in splits]
    factor, big_f = rng.choices(splits, weights=weights)[0]
    big_g = sympy.cancel(known.integrand / factor) if factor.is_Add else known.integrand / factor
    require(big_g.has(x), Degeneracy.CONSTANT_FACTOR, lambda: f"G = {big_g}")
    merge_powers = not config.next_draws
    integrand = shortest_form(big_f * derivative(big_g, x), merge_powers)
    # the integrand rules first: they reject a third of these draws, and the answer's rewrites cost as much
    integrand_text = check_integrand(integrand, x, level_cfg.max_integrand_chars)
    answer = shortest_form(big_f * big_g - known.primitive, merge_powers)
    return Draft(
        construction=Construction.PARTS_FROM_PRIMITIVE,
        variant=known.origin,
        f=answer,
        integrand=integrand,
        u=big_f,
        v=big_g,
        parts_applications=1 + known.parts_applications,
        rabbit=describe_known_rabbit(big_f, big_g, known, x),
        known_primitive=known.primitive,
        tree_operators=known.tree_operators,
        integrand_text=integrand_text,
    )


CHANGE_OF_VARIABLE_SHARE = 0.5
"""Share of parts_from_primitive problems that use their cached integral at a*x + b instead of x: slots are
shared by all later problems, and this keeps two problems on one slot from being the same problem."""
NEXT_CHANGE_OF_VARIABLE_SHARE = 0.75
"""The share under ``problems_version`` 2026-12-02: two problems on one slot without a change of variable
were a third of this construction's duplicate draws (0.25 of pairs at 0.5, 0.0625 at 0.75)."""
_SLOPES = tuple(sympy.Rational(n) for n in (1, 1, 2, 3, -1, -2, "1/2", "1/3"))
_OFFSETS = tuple(sympy.Rational(n) for n in (0, 0, 1, -1, 2, -2, 3))


def table_factors(h: sympy.Expr, x: sympy.Symbol) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """(f, F) for each factor f of h with a table antiderivative F, always including (1, x).

    Table: powers x**k (1/x gives log(x)), exp/sin/cos/sinh/cosh of a linear argument, and polynomials.
    """
    found: list[tuple[sympy.Expr, sympy.Expr]] = [(sympy.S.One, x)]
    for factor in sympy.Mul.make_args(h):
        if not factor.has(x) or factor == h:
            continue
        if factor == 1 / x:
            found.append((factor, sympy.log(x)))
            continue
        table = kernel_antiderivative(factor, x)
        if table is not None:
            found.append((factor, table[0] * table[1]))
        elif factor.is_Add and factor.is_polynomial(x):
            found.append((factor, polynomial_antiderivative(factor, x)))
    return found


def describe_known_rabbit(big_f: sympy.Expr, big_g: sympy.Expr, known: KnownIntegral, x: sympy.Symbol) -> str:
    f = derivative(big_f, x)
    big_f_text, big_g_text, primitive = printed(big_f), printed(big_g), printed(known.primitive)
    return (
        f"The integrand is F*G' with F = {big_f_text} and G = {big_g_text}. Integrating by parts with u = F "
        f"and dv = G' d{x} gives F*G minus the integral of F'*G = {printed(f * big_g)}, and that integral is "
        f"a known one: its antiderivative is {primitive}. So the integral is F*G - ({primitive}) + C."
    )


__all__ = ["Rejected", "describe_known_rabbit", "draw_parts_from_primitive", "table_factors"]
