"""How the teacher says it found the coefficients: two genuinely different methods, written out.

* cover-up (Heaviside): each coefficient is a value of g with its factor covered up — at the root for a
  simple factor, a derivative there for the lower powers of a repeated one, the value at a complex root for
  an irreducible quadratic (c*z + d is that value, so c and d are its imaginary and real parts);
* linear system: multiply through by the denominator, equate the coefficients of each power of x, solve.

Both describe the same coefficients (the ones in the decomposition they are given, which for a flawed path
holds the planted wrong coefficient: the slip is in the arithmetic, the method is right). The text is not a
checked claim; the decomposition it produces is.
"""

from __future__ import annotations

import math

import sympy

from pipeline.families.partial_fractions.terms import Decomposition, denominator_factored, polynomial_part
from pipeline.families.shared.teaching import text

LETTERS = "ABCDEFGHJKLMNPRST"  # no I (the imaginary unit), O or Q


def unknown_names(decomposition: Decomposition) -> list[str]:
    """One letter per coefficient, in reading order (a quadratic has two: its c and its d)."""
    count = sum(len(f.coefficients) for f in decomposition.linear) + 2 * len(decomposition.quadratic)
    return [LETTERS[i] if i < len(LETTERS) else f"A{i}" for i in range(count)]


def long_division(g: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """(quotient, remainder, denominator) of g's numerator by its denominator."""
    numerator, denominator = sympy.fraction(sympy.cancel(g))
    quotient, remainder = sympy.div(sympy.expand(numerator), sympy.expand(denominator), x)
    return quotient, remainder, sympy.expand(denominator)


def division_sentence(g: sympy.Expr, x: sympy.Symbol) -> str:
    quotient, remainder, denominator = long_division(g, x)
    return (
        f"Long division: g = {text(quotient)} + ({text(remainder)})/({text(denominator)}), "
        f"so the polynomial part is {text(quotient)}. "
    )


def cover_up(decomposition: Decomposition, x: sympy.Symbol) -> str:
    """The Heaviside cover-up, coefficient by coefficient (a repeated factor's highest power first)."""
    names = iter(unknown_names(decomposition))
    found = []
    for factor in decomposition.linear:
        k, r = len(factor.coefficients), factor.root
        covered = text((x - r) ** k)
        own = [next(names) for _ in range(k)]  # by rising power, as the terms are listed
        for power in range(k, 0, -1):
            name, value, j = own[power - 1], factor.coefficients[power - 1], k - power
            if j == 0:
                found.append(f"{name} = {value} (cover up {covered} in g and put {x} = {r})")
            else:
                scale = f", divided by {math.factorial(j)}" if j > 1 else ""
                found.append(
                    f"{name} = {value} (the derivative of order {j} of the covered-up g at {x} = {r}{scale})"
                )
    for factor in decomposition.quadratic:
        c_name, d_name = next(names), next(names)
        root = sympy.Rational(-factor.p, 2) + sympy.I * sympy.sqrt(4 * factor.q - factor.p**2) / 2
        value = sympy.expand(factor.c * root + factor.d)
        found.append(
            f"{c_name}*{x} + {d_name} = {text(value)} at the complex root {x} = {text(root)} of "
            f"{text(x**2 + factor.p * x + factor.q)} (cover that factor up), so {c_name} = {factor.c} and "
            f"{d_name} = {factor.d}"
        )
    intro = "Cover-up on g: "
    if decomposition.polynomial:
        intro = "Cover-up on g (its polynomial part has no pole, so it does not interfere): "
    return intro + "; ".join(found) + "."


def linear_system(decomposition: Decomposition, g: sympy.Expr, x: sympy.Symbol) -> str:
    """Equate coefficients: the system the unknowns satisfy, and its solution."""
    _, remainder, denominator = long_division(g, x)
    names = unknown_names(decomposition)
    symbols = [sympy.Symbol(name) for name in names]
    values = [*(a for f in decomposition.linear for a in f.coefficients)]
    values += [v for f in decomposition.quadratic for v in (f.c, f.d)]
    factored = denominator_factored(decomposition, x)  # dividing it by a factor's power just lowers the power
    multipliers = []
    for factor in decomposition.linear:
        for power in range(1, len(factor.coefficients) + 1):
            multipliers.append(factored / (x - factor.root) ** power)
    for factor in decomposition.quadratic:
        rest = factored / (x**2 + factor.p * x + factor.q)
        multipliers += [x * rest, rest]
    identity = sympy.Add(*(s * m for s, m in zip(symbols, multipliers, strict=True)))
    combined = sympy.Poly(sympy.expand(identity), x)
    target = sympy.Poly(remainder, x)
    degree = sympy.degree(denominator, x)
    equations = [
        f"{text(combined.coeff_monomial(x**j))} = {text(target.coeff_monomial(x**j))}"
        for j in range(degree - 1, -1, -1)
    ]
    solution = ", ".join(f"{n} = {v}" for n, v in zip(names, values, strict=True))
    return (
        f"Multiply by {text(factored)}: {text(remainder)} = {text(identity)}. "
        f"Equate the coefficients of {x}**{degree - 1} down to {x}**0: " + "; ".join(equations) + ". "
        f"Solving: {solution}."
    )


def coefficients_text(path: str, decomposition: Decomposition, g: sympy.Expr, x: sympy.Symbol) -> str:
    """The long division (if any), then the path's way to the coefficients."""
    division = division_sentence(g, x) if polynomial_part(decomposition, x) != 0 else ""
    if path == "cover_up":
        return division + cover_up(decomposition, x)
    return division + linear_system(decomposition, g, x)
