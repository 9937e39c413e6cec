"""Checks independent of ``validators/``: plain SymPy and high-precision mpmath, for the tests' own verdicts.

These read the family's own output (never model text), so plain ``sympy.parse_expr`` is fine here.
"""

from __future__ import annotations

import random
import re

import mpmath
import sympy


def own(text: str, variable: str = "x") -> sympy.Expr:
    """Our own output as SymPy."""
    return sympy.parse_expr(text, local_dict={variable: sympy.Symbol(variable)})


def own_antiderivative(text: str, variable: str = "x") -> sympy.Expr:
    """A final answer of ours as SymPy, its trailing + C dropped."""
    return own(re.sub(r"\s*\+\s*C\s*$", "", text), variable)


def derivative_matches_numerically(
    F: str, g: str, variable: str = "x", points: int = 6, seed: int = 0
) -> bool:
    """d/dx F = g at random real points (away from poles), to 30 digits, by mpmath's numerical derivative."""
    x = sympy.Symbol(variable)
    big_f = sympy.lambdify(x, own_antiderivative(F, variable), "mpmath")
    small_g = sympy.lambdify(x, own(g, variable), "mpmath")
    rng = random.Random(seed)
    checked = 0
    with mpmath.workdps(60):
        while checked < points:
            t = mpmath.mpf(rng.uniform(-6, 6))
            try:
                expected = small_g(t)
            except ZeroDivisionError:
                continue
            if abs(expected) > 1e6:  # too close to a pole for a finite difference
                continue
            slope = mpmath.diff(big_f, t)
            if abs(slope - expected) > mpmath.mpf(10) ** -30 * max(1, abs(expected)):
                return False
            checked += 1
    return True


def derivative_matches_symbolically(F: str, g: str, variable: str = "x") -> bool:
    x = sympy.Symbol(variable)
    return sympy.cancel(sympy.diff(own_antiderivative(F, variable), x) - own(g, variable)) == 0
