"""The symbolic teacher for partial fractions: two solution paths, and named flaws planted on ask.

Paths (same decomposition, same answer, different written work):

* ``cover_up``: coefficients by the Heaviside cover-up; then one step per piece — the polynomial part, each
  linear term (log or power), and a quadratic term in two steps (split off c/2 * Q'/Q as a log, then the
  rest by completing the square into an atan);
* ``linear_system``: coefficients by equating coefficients; a first step splits the integral into the
  polynomial part (done) and one unfinished ``Integral`` per term, then each term in one step (the
  substitution u = x + p/2 does a quadratic's log and atan at once).

Flaws are carried through honestly (the final answer is wrong because of them), so the first incorrect
label is where each was planted:

* ``wrong_coefficient``: one coefficient off by one — the decomposition;
* ``wrong_factor``: a factor's sign slips when the terms are written out, x + r for x - r — the
  decomposition;
* ``log_sign``: log(x + r) written for log(x - r) — that term's step;
* ``log_coefficient``: a log term's coefficient lost — that term's step;
* ``combine_sign``: a term subtracted when the pieces are added — the last step.

The sampler guarantees each has a term to land on (five flaws and two paths: every pairing occurs in a
run). ``TARGETED_FLAWS`` (``atan_scale``: the atan's 1/m lost; ``dropped_polynomial_part``: the long
division forgotten) exist only on some problems, so they are not in the family's rotation; asked for where
they cannot land they raise ``TeacherError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from pipeline.core.problem import Problem
from pipeline.families.partial_fractions.answers import PartialFractionsSolveAnswer
from pipeline.families.partial_fractions.derive import write_derive_answer
from pipeline.families.partial_fractions.methods import coefficients_text
from pipeline.families.partial_fractions.sampler import details_of, rabbit, sign_flippable
from pipeline.families.partial_fractions.steps import plan_steps
from pipeline.families.partial_fractions.terms import Decomposition, LinearFactor, polynomial_part, terms_of
from pipeline.families.shared.answers import DeriveAnswer
from pipeline.families.shared.teaching import TeacherError, text
from validators.parse import ParseError, parse_math

PATHS: tuple[str, ...] = ("cover_up", "linear_system")
FLAWS: tuple[str, ...] = ("wrong_coefficient", "wrong_factor", "log_sign", "log_coefficient", "combine_sign")
TARGETED_FLAWS: tuple[str, ...] = ("atan_scale", "dropped_polynomial_part")
DECOMPOSITION_FLAWS = frozenset({"wrong_coefficient", "wrong_factor", "dropped_polynomial_part"})


@dataclass(frozen=True)
class Written:
    """A solution and where its planted flaw is: (label kind, index), or None for a correct one."""

    answer: PartialFractionsSolveAnswer
    planted: tuple[str, int] | None


def teach_derive(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> DeriveAnswer:
    return write_derive_answer(problem)


def teach_solve(
    problem: Problem, inputs: Mapping[str, str], path: str | None, flaw: str | None
) -> PartialFractionsSolveAnswer:
    return write_solution(problem, path or PATHS[0], flaw).answer


def bump_coefficient(decomposition: Decomposition, seed: int) -> Decomposition:
    """One simple linear factor's coefficient off by one (which one: by the problem's seed)."""
    simple = [i for i, f in enumerate(decomposition.linear) if len(f.coefficients) == 1]
    i = simple[seed % len(simple)]
    old = decomposition.linear[i]
    a = old.coefficients[0]
    linear = list(decomposition.linear)
    linear[i] = LinearFactor(root=old.root, coefficients=(a + 1 if a != -1 else a - 1,))
    return decomposition.model_copy(update={"linear": tuple(linear)})


def flip_factor(decomposition: Decomposition, seed: int) -> Decomposition:
    """One simple factor x - r written x + r (which one: by the problem's seed), its coefficient kept."""
    candidates = sign_flippable(decomposition)
    i = candidates[seed % len(candidates)]
    linear = list(decomposition.linear)
    linear[i] = linear[i].model_copy(update={"root": -linear[i].root})
    return decomposition.model_copy(update={"linear": tuple(linear)})


def write_solution(problem: Problem, path: str = PATHS[0], flaw: str | None = None) -> Written:
    """Solve along ``path``; with ``flaw``, plant that named mistake and carry it to the answer."""
    if path not in PATHS:
        raise TeacherError("unknown_path", f"{path!r} is not one of {list(PATHS)}")
    if flaw is not None and flaw not in FLAWS + TARGETED_FLAWS:
        raise TeacherError("unknown_flaw", f"{flaw!r} is not one of {list(FLAWS + TARGETED_FLAWS)}")
    details = details_of(problem)
    x = sympy.Symbol(problem.variable)
    try:
        g = parse_math(details.integrand, problem.variable)
    except ParseError as err:
        raise TeacherError("unreadable_problem", str(err)) from err
    decomposition = details.decomposition
    if flaw == "wrong_coefficient":
        decomposition = bump_coefficient(decomposition, problem.seed)
    elif flaw == "wrong_factor":
        decomposition = flip_factor(decomposition, problem.seed)
    elif flaw == "dropped_polynomial_part":
        if not decomposition.polynomial:
            raise TeacherError("flaw_not_applicable", "g is proper: there is no polynomial part to drop")
        decomposition = decomposition.model_copy(update={"polynomial": ()})
    plan = plan_steps(path, decomposition, g, x, flaw)
    terms = terms_of(decomposition, x)
    planted = ("decomposition", 0) if flaw in DECOMPOSITION_FLAWS else None
    if plan.flawed_step is not None:
        planted = ("solve_step", plan.flawed_step)
    # The factor's sign slips only where the terms are written out: the factorisation and the coefficients
    # are found right. Other flaws are slips in finding the decomposition, so its text shows them.
    worked = details.decomposition if flaw == "wrong_factor" else decomposition
    answer = PartialFractionsSolveAnswer(
        rabbit=rabbit(worked, x),
        coefficients=coefficients_text(path, worked, g, x),
        polynomial_part=text(polynomial_part(decomposition, x)),
        terms=[text(t.expr) for t in terms],
        steps=plan.steps,
        antiderivative=f"{text(plan.total)} + C",
    )
    return Written(answer, planted)
