"""Numeric evidence that lhs - rhs vanishes (or d/dx lhs - rhs), designed so near-misses cannot pass.

The decision rule (reasons in ``validators.equivalence``, the points in ``validators.sample_points``):

* Every planned point is evaluated (a check never accepts on part of its plan: out of time is undecided).
* A point is a **counterexample** when both sides are finite there, differ by more than the tolerance at
  two precisions, and the point is one where the claim must hold: a real x where the reference side
  (``rhs``: the integrand, the true value) is real, or any point at all when both trees are single-valued
  (no branch cuts, so their values off the real line are the same functions' values).
* A difference elsewhere — a complex point of a multivalued tree, or a real x where the reference is not
  real — can be a branch artifact (sqrt(x - 1)*sqrt(x + 1) and sqrt(x**2 - 1) differ for Re x < 0). It is
  excused only if bisecting towards a point where the sides agree finds a *jump* (a branch cut: the
  difference falls from visible to zero at once); a difference that fades continuously is not a cut,
  and leaves the check undecided.
* Equal means: no counterexample, every other difference excused, and enough points agreed.
"""

from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass, field

import mpmath
import sympy

from validators.branch_cover import single_step, untaken_piece, unvisited_side
from validators.derivative import derivatives_with_magnitude
from validators.hidden_switches import hidden_switches
from validators.inner_terms import InnerSums
from validators.numeric import (
    EvaluationError,
    NoBranchError,
    UnsupportedError,
    evaluate_with_magnitude,
    has_non_holomorphic,
)
from validators.sample_points import PlannedPoint, large_digits, ordinary_stream, special_points, tiny_digits

__all__ = ["NumericCheck", "Outcome", "is_single_valued"]

LOW_DPS = 30
BASE_TOLERANCE_DIGITS = 20  # zero = below 1e-20 of the largest term (plus the digits of tiny constants)
STABLE = mpmath.mpf(10) ** -10  # a difference that agrees to 10 digits at two precisions is real
PRECISION_STEPS = 3
MAX_EXTRA_DIGITS = 600  # a point that needs more digits than LOW_DPS + this to be judged is skipped
FEATURE_EXTRA_DIGITS = 5000  # ... except at a feature, where a bump may sit on terms of size 1e4000
BISECTION_STEPS = 40
JUMP = mpmath.mpf(10) ** 6
MIN_ZERO_POINTS = 10
TOP_UP_POINTS = 16
ORDINARY_GROUPS = frozenset({"unit", "wide", "parameter"})  # random points, not placed at a feature
UNDEFINED_REACH = 60  # |x| up to which an answer without a value where g is real is caught (any |x|
# when no piece of a Piecewise holds there: that is no value by construction, not lost precision)
MIN_FIRM_ZERO_POINTS = 2  # of them, points where a difference would have been a counterexample
VISIBLE_DIGITS = 10  # every term must be this many digits above the tolerance at one agreeing point
MAX_FEATURE_EXTRA_DIGITS = 400  # features are located with up to this many more digits (tiny constants)
MAX_UNSEEN_DIGITS = 400  # ... or the tolerance tightens by up to this many digits until it is

_SINGLE_VALUED = frozenset(
    {
        sympy.exp, sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc,
        sympy.sinh, sympy.cosh, sympy.tanh, sympy.coth, sympy.sech, sympy.csch, sympy.sinc,
        sympy.erf, sympy.erfc, sympy.erfi, sympy.Si, sympy.Shi, sympy.fresnels, sympy.fresnelc,
        sympy.gamma, sympy.airyai, sympy.airybi,
    }
)  # fmt: skip


def is_single_valued(expr: sympy.Basic) -> bool:
    """True if every function in ``expr`` is entire or meromorphic (no log, roots, inverse trig ...)."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            if not (node.exp.is_Integer or (node.base.is_number and node.base.is_positive)):
                return False
        elif isinstance(node, sympy.Function) and node.func not in _SINGLE_VALUED:
            return False
    return True


@dataclass
class Point:
    """What was found at one point."""

    status: str  # zero | nonzero (confirmed) | unconfirmed | invalid
    planned: PlannedPoint | None = None
    evidence: dict[str, str] | None = None
    size: mpmath.mpf | None = None  # |difference| / tolerance, when nonzero
    firm: bool = False  # a difference here would be a counterexample
    undefined: bool = False  # the reference side is real here, the other side has no value
    outside: bool = False  # invalid, nothing to check here (not refused): the reference is not real, or
    # every term is exactly 0 — such a point still takes its Piecewise pieces (``branch_cover``)
    seen: list | None = None  # per term, log10(|term| / tolerance) at a zero point (None: term is 0)


@dataclass
class Outcome:
    status: str  # equal | different | undecided
    detail: str
    evidence: dict[str, str] | None = None
    coverage: dict[str, int | str] = field(default_factory=dict)


class NumericCheck:
    """Evaluate lhs - rhs (or d/dx lhs - rhs) over the whole plan of points and decide."""

    def __init__(
        self,
        lhs: sympy.Expr,
        rhs: sympy.Expr,
        x: sympy.Symbol,
        seed: int,
        deadline: float,
        *,
        differentiate_lhs: bool = False,
    ) -> None:
        self.lhs_terms = list(sympy.Add.make_args(lhs))
        self.rhs_terms = list(sympy.Add.make_args(rhs))
        symbols = lhs.free_symbols | rhs.free_symbols
        self.xs = sorted((s for s in symbols if s.name == x.name), key=sympy.default_sort_key) or [x]
        self.parameters = sorted((s for s in symbols if s.name != x.name), key=lambda s: s.name)
        self.real_mode = has_non_holomorphic(lhs, x) or has_non_holomorphic(rhs, x) or x.is_real is True
        self.single_valued = not self.real_mode and is_single_valued(lhs) and is_single_valued(rhs)
        self.differentiate_lhs = differentiate_lhs
        self.seed = seed
        self.deadline = deadline
        self.exprs = [lhs, rhs]
        self._ordinary = ordinary_stream(self.exprs, self.xs, self.parameters, random.Random(seed))
        self.plan = [next(self._ordinary)]  # the rest when ``run`` needs them (a probe may end the check)
        self._loose = False  # the probe's first look, at the settings of ordinary constants (``probe``)
        self.decided_loosely = False
        self.planned_specials = False  # features and complex points are worked out when run needs them
        self.first: Point | None = None
        self.unseen = 0  # digits the tolerance was tightened by so that every term is seen (``_seen``)
        self.switches: list = []  # real places where a Piecewise condition switches (``_unexamined_side``)
        self.unplanned: list[str] = []  # a parameter switch whose values did not fit the plan
        self.refused: list[Point] = []  # real points that could not be evaluated, inside the claim's domain
        self.outside: list[Point] = []  # real points with nothing to check (``Point.outside``)
        self.names = {s.name for s in self.xs}

    # Worked out when first needed: a wrong answer is refuted at the probe, before any of them.
    @functools.cached_property
    def tiny(self) -> int | None:
        return tiny_digits(self.exprs, self.xs, self.plan[0].env)

    @functools.cached_property
    def planned(self) -> list[sympy.Expr]:
        return self.exprs + hidden_switches(self.exprs)  # planned as switches, never evaluated

    @functools.cached_property
    def inner(self) -> InnerSums:
        return InnerSums(self.lhs_terms, self.rhs_terms, self.names, slopes=self.differentiate_lhs)

    @property
    def tolerance_digits(self) -> int:
        return BASE_TOLERANCE_DIGITS + (0 if self._loose else self.tiny or 0) + self.unseen

    @property
    def base_dps(self) -> int:
        return LOW_DPS + (0 if self._loose else self.tiny or 0) + self.unseen

    def probe(self) -> Point:
        """The first point of the plan, kept for ``run``: a cheap early look at the sides.

        Looked at first with the tolerance and digits of ordinary constants, before the trees are read
        for tiny ones (a fifth of a wrong answer's check): a difference confirmed there (the same at
        twice the digits) is one at any tighter tolerance too. Anything else is looked at again with the
        tiny constants' digits, unless there are none (then the first look was that look)."""
        self._loose = True
        first = self._check_point(self.plan[0], record=False)
        self.decided_loosely = first.status == "nonzero" and first.firm  # its coverage says so
        self._loose = self.decided_loosely
        if not self.decided_loosely and self.tiny != 0:
            first = self._check_point(self.plan[0])
        elif first.status == "zero":
            self.inner.record(*self.last_trace)
        self.first = first
        return self.first

    def run(self) -> Outcome:
        self._loose = False
        self.plan += self._ordinary  # the ordinary points after the first, drawn from the same rng
        self._ordinary = iter(())
        if self.tiny is None:
            return Outcome(
                "undecided",
                "a constant too small to judge (below 1e-750), or equal to an integer to 230 digits "
                "without being shown to be one",
            )
        if not self.planned_specials:
            rng = random.Random(self.seed + 1)
            self.plan += special_points(
                self.planned, self.xs, self.parameters, rng, real_only=self.real_mode, switches=self.switches,
                unplanned=self.unplanned,
                extra_digits=min(
                    max(self.tiny, large_digits(self.exprs, self.xs, self.plan[0].env)),
                    MAX_FEATURE_EXTRA_DIGITS,
                ),
            )  # fmt: skip
            self.planned_specials = True
        zeros: list[Point] = []
        ambiguous: list[Point] = []
        for i, planned in enumerate(self.plan):
            if time.perf_counter() > self.deadline:
                return self._outcome_undecided("over time budget", zeros)
            point = self.first if i == 0 and self.first is not None else self._check_point(planned)
            if point.status == "zero":
                zeros.append(point)
            elif point.status == "nonzero" and point.firm:
                return Outcome("different", "sides differ", point.evidence, self._coverage(zeros))
            elif point.status in ("nonzero", "unconfirmed"):
                ambiguous.append(point)
            elif point.status == "invalid" and not point.outside and not point.planned.is_complex:
                self.refused.append(point)
            elif point.outside and not point.planned.is_complex:
                self.outside.append(point)
            if point.undefined:
                return Outcome(
                    "undecided",
                    "the answer has no value where the reference is real (defined on part of the domain)",
                    {"point": _point_text(point.planned.env)},
                    self._coverage(zeros),
                )
        zeros += self._top_up(zeros, ambiguous)
        if any(p.status == "nonzero" and p.firm for p in zeros):
            found = next(p for p in zeros if p.status == "nonzero" and p.firm)
            return Outcome("different", "sides differ", found.evidence, self._coverage(zeros))
        zeros = [p for p in zeros if p.status == "zero"]
        for point in ambiguous:
            if point.status != "nonzero" or not self._is_jump(point, zeros):
                detail = "differs at a point where a branch cut could explain it, and no cut was found"
                if point.status == "unconfirmed":
                    detail = "a difference that does not settle with precision"
                return Outcome("undecided", detail, point.evidence, self._coverage(zeros))
        firm = sum(1 for p in zeros if p.firm)
        if len(zeros) < MIN_ZERO_POINTS or firm < MIN_FIRM_ZERO_POINTS:
            return self._outcome_undecided("too few points where both sides are defined", zeros)
        if self.unplanned:
            return self._outcome_undecided(
                f"the parameter switches of {self.unplanned[0]} were not all examined (more values than "
                "the plan takes)",
                zeros,
            )
        side = self._unexamined_side(zeros)
        if side is not None:
            return self._outcome_undecided(
                f"no point beyond the switch at x = {side} could be evaluated (values past what is computed)",
                zeros,
            )
        visited = [p.planned.env for p in zeros + self.outside]
        piece = untaken_piece(self.exprs, visited, self.seed)
        if piece is not None:
            return self._outcome_undecided(
                f"no agreeing point takes the Piecewise piece where {piece} (its region was not examined)",
                zeros,
            )
        one_sided = unvisited_side(self.planned, visited, self.names, self.seed)
        if one_sided is not None:
            return self._outcome_undecided(
                f"the switch argument {one_sided} was seen of one sign only (its other side not examined)",
                zeros,
            )
        flat = single_step(self.exprs, visited, self.names, self.seed)
        if flat is not None:
            return self._outcome_undecided(
                f"{flat} was seen at one value only (where it steps not examined)", zeros
            )
        unseen = self._unseen_digits(zeros)
        if unseen:
            if self.unseen or unseen > MAX_UNSEEN_DIGITS:
                return self._outcome_undecided(
                    "a term of the sides is never seen: below the tolerance, or within "
                    f"{VISIBLE_DIGITS} digits of it, at every agreeing point (a bump or step the points "
                    "miss, or a term too small to judge)",
                    zeros,
                )
            return self._recheck(zeros, unseen)
        coverage = self._coverage(zeros)
        detail = (
            f"agree at {len(zeros)} points ({coverage['real']} real, {coverage['complex']} complex, "
            f"{coverage['feature']} at features), {coverage['digits']} digits, relative tolerance "
            f"{coverage['tolerance']}"
        )
        if ambiguous:
            detail += f"; {len(ambiguous)} differences across branch cuts"
        return Outcome("equal", detail, None, coverage)

    def _unexamined_side(self, zeros: list[Point]) -> str | None:
        """A Piecewise switch with no agreeing point on one side, where points were refused (not outside
        the domain): ``Piecewise((sin(exp(x)), x < 240), (0, True))`` is wrong beyond 240, where every
        point needs sin of a number past 1e100 and is refused. The side was never examined."""
        if not self.switches or not self.refused:
            return None
        x = self.xs[0]

        def at(point: Point):
            value = point.planned.env.get(x)
            return None if value is None or isinstance(value, mpmath.mpc) else value

        agreeing = [v for p in zeros if (v := at(p)) is not None]
        refused = [v for p in self.refused if (v := at(p)) is not None]
        for place in self.switches:
            for side in (1, -1):
                refused_there = any(side * (v - place) > 0 for v in refused)
                if refused_there and not any(side * (v - place) > 0 for v in agreeing):
                    return mpmath.nstr(place, 8)
        return None

    def _unseen_digits(self, zeros: list[Point]) -> int:
        """Digits the tolerance must tighten by so that every term of the sides is seen somewhere.

        Agreement says nothing about a term that is below the tolerance at every point: an added bump
        ``exp(-10**130*(x - 1)**2)`` the points miss, a step ``tanh(log(1 + x**2) - 80)`` whose
        derivative is 1e-50 wherever the points are, a term ``1/(x**2 + 10)**30`` that is small
        everywhere. So each term that is nonzero somewhere must stand ``VISIBLE_DIGITS`` above the
        tolerance at one agreeing point at least; if one does not, the points are judged again with the
        tolerance tightened until it does (a true small term, in both sides, still cancels there, and a
        wrong one shows at its largest). A term that is exactly 0 everywhere (the derivative of a
        constant) has nothing to show.
        """
        best: dict[int, float] = {}
        for point in zeros:
            for i, size in enumerate(point.seen or ()):
                if size is not None:
                    best[i] = max(best.get(i, size), size)
        terms = self.lhs_terms + self.rhs_terms
        for i, term in enumerate(terms):
            unseen = (
                best[i] < VISIBLE_DIGITS
                if i in best
                else not self._may_vanish(term, from_lhs=i < len(self.lhs_terms))
            )
            if unseen and _zero_by_algebra(term):
                best.pop(i, None)  # exp(-10**30*(x - 1)**2)*(sin(x)**2 + cos(x)**2 - 1): 0, shown
            elif i not in best and unseen:
                return MAX_UNSEEN_DIGITS + 1  # 0 at every point, though it changes with x: never seen
        inner = self.inner.missing_digits(self.tolerance_digits, VISIBLE_DIGITS)
        if not best:
            return inner
        worst = min(best.values())
        return max(inner, 0 if worst >= VISIBLE_DIGITS else int(VISIBLE_DIGITS - worst) + 1)

    def _may_vanish(self, term: sympy.Expr, *, from_lhs: bool) -> bool:
        """May this term (its derivative, for the lhs of an antiderivative check) be 0 at every point?

        Yes for a term without x, and for a differentiated term that is piecewise constant by its form
        (``pi*sign(x)/2``, ``floor(x)``: its derivative is 0 wherever it exists). A term that changes
        with x and still gave exactly 0 wherever the points were is a ramp ``(u + Abs(u))/2`` or a window
        that lives elsewhere: the points never saw it, so they cannot vouch for it.
        """
        if not any(s.name in self.names for s in term.free_symbols):
            return True
        return self.differentiate_lhs and from_lhs and _piecewise_constant(term, self.names)

    def _recheck(self, zeros: list[Point], unseen: int) -> Outcome:
        """``run`` again with the tolerance tightened by ``unseen`` digits (see ``_unseen_digits``)."""
        self.unseen = unseen
        self.plan = [p.planned for p in zeros]
        self.first = None
        return self.run()

    def _top_up(self, zeros: list[Point], ambiguous: list[Point]) -> list[Point]:
        """More points near the agreeing ones when too few agreed (a claim defined on half the line).

        Returns the new zero points and, if one turns up, a confirmed counterexample among them."""
        found: list[Point] = []
        rng = random.Random(self.seed + 1)
        for _ in range(TOP_UP_POINTS):
            if len(zeros) + len(found) >= MIN_ZERO_POINTS or not zeros or time.perf_counter() > self.deadline:
                break
            model = rng.choice(zeros).planned
            env = dict(model.env)
            env.update({s: model.env[s] * mpmath.mpf(rng.uniform(0.6, 1.6)) for s in self.xs})
            point = self._check_point(PlannedPoint(model.group, env))
            if point.status == "zero" or (point.status == "nonzero" and point.firm):
                found.append(point)
                if point.status == "nonzero":
                    break
            elif point.status in ("nonzero", "unconfirmed"):
                ambiguous.append(point)
        return found

    def _outcome_undecided(self, detail: str, zeros: list[Point]) -> Outcome:
        return Outcome("undecided", detail, None, self._coverage(zeros))

    def _coverage(self, zeros: list[Point]) -> dict[str, int | str]:
        return {
            "points": len(zeros),
            "real": sum(1 for p in zeros if not p.planned.is_complex),
            "complex": sum(1 for p in zeros if p.planned.is_complex),
            "feature": sum(1 for p in zeros if p.planned.group == "feature"),
            "planned": len(self.plan),
            "digits": self.base_dps,
            "tolerance": f"1e-{self.tolerance_digits}",
        }

    # --- one point ------------------------------------------------------------------------------------

    def _sides(self, env: dict, dps: int) -> tuple:
        """(lhs, rhs, largest term, largest intermediate value, term values) at ``env``, ``dps`` digits."""
        trace: list = []
        with mpmath.workdps(dps):
            if self.differentiate_lhs:
                values, magnitude = derivatives_with_magnitude(self.lhs_terms, env, self.xs, self.seed, trace)
                more, rhs_magnitude = evaluate_with_magnitude(self.rhs_terms, env, self.seed, trace)
                values, magnitude = values + more, max(magnitude, rhs_magnitude)
            else:
                terms = self.lhs_terms + self.rhs_terms
                values, magnitude = evaluate_with_magnitude(terms, env, self.seed, trace)
                trace.append(trace[0])
            n = len(self.lhs_terms)
            lhs, rhs = mpmath.fsum(values[:n]), mpmath.fsum(values[n:])
            scale = max(abs(v) for v in values)
        self.last_trace = trace  # the evaluators of this evaluation, for ``InnerSums.record``
        return lhs, rhs, scale, max(magnitude, scale), values

    def _check_point(self, planned: PlannedPoint, *, confirm: bool = True, record: bool = True) -> Point:
        """Is lhs - rhs zero here? Decided at a precision fitted to the size of the terms.

        The tolerance is relative to the largest term when the terms are small and absolute when they
        are large (off by 1 next to terms of 1e40 is wrong, not "relatively zero"). Rounding noise is
        relative to the largest value met on the way (1 - tanh(x)**2 at x = 2800 is 0 at 30 digits), so
        the working precision is raised until that noise is far below the tolerance, or the point is
        skipped. A difference above the tolerance is re-evaluated at twice the digits: the same value
        twice is a confirmed difference; one that keeps shrinking was cancellation noise.
        """
        env = planned.env
        try:
            dps = self.base_dps
            lhs, rhs, scale, magnitude, values = self._sides(env, dps)
            if scale == 0 and magnitude == 0:
                if record:
                    self.inner.record(*self.last_trace)
                return Point("zero", planned, firm=self._firm(planned, rhs, scale), seen=[None] * len(values))
            tolerance = mpmath.mpf(10) ** -self.tolerance_digits * min(scale, 1)
            needed = int(mpmath.log10(magnitude / tolerance)) + 3 if tolerance > 0 else dps + 10**6
            allowed = FEATURE_EXTRA_DIGITS if planned.group == "feature" else MAX_EXTRA_DIGITS
            if needed > self.base_dps + allowed:
                # every term exactly 0 (Max(0, x) for x < 0) says nothing either way, but the point was
                # evaluated: it is not a refused one (``_unexamined_side``)
                return Point("invalid", planned, outside=scale == 0)
            if needed > dps:
                dps = needed
                lhs, rhs, scale, _, values = self._sides(env, dps)
            past_domain = not planned.is_complex and not _is_real(rhs, scale)
            if self.real_mode and past_domain:
                return Point("invalid", planned, outside=True)  # outside the real domain of the claim
            firm = self._firm(planned, rhs, scale)
            previous = None
            for _ in range(PRECISION_STEPS):
                difference = lhs - rhs
                if abs(difference) <= tolerance:
                    if record:
                        self.inner.record(*self.last_trace)
                    return Point("zero", planned, firm=firm, seen=_seen(values, tolerance))
                if past_domain:
                    # a real point where the reference is not real agrees, or is outside the claim: past
                    # the end of asin's domain the answer may take any branch, and a difference there
                    # is no counterexample (agreement is still evidence, as at a complex point)
                    return Point("invalid", planned, outside=True)
                if not confirm:
                    return Point("unconfirmed", planned, firm=firm)
                if previous is not None and abs(difference - previous) <= STABLE * abs(difference):
                    evidence = _evidence(env, planned.group, lhs, rhs, difference)
                    return Point("nonzero", planned, evidence, abs(difference) / tolerance, firm)
                previous = difference
                dps = 2 * dps + 20  # doubling: a cancellation that ate every digit at dps shows here
                lhs, rhs, _, _, values = self._sides(env, dps)
        except EvaluationError as err:
            structural = isinstance(err, NoBranchError)  # no value at any precision
            return Point("invalid", planned, undefined=self._only_lhs_undefined(planned, structural))
        return Point("unconfirmed", planned, firm=False)  # unstable at every precision: trust neither way

    def _only_lhs_undefined(self, planned: PlannedPoint, structural: bool = False) -> bool:
        """Is the reference side real and finite at this ordinary real point, where the other has no
        value? ``Piecewise((acosh(x), x > 1))`` for 1/sqrt(x**2 - 1) has none at x = -2, nor
        ``2*x**2/(x + Abs(x))`` for 1 at x < 0: an answer defined on part of the domain only. (Features
        are left out: a zero of a denominator is sampled on purpose, and F may be 0/0 exactly there.)"""
        if planned.is_complex:
            return False
        if not (structural or planned.group in ORDINARY_GROUPS):
            return self._undefined_around(planned)
        far = any(abs(planned.env[s]) > UNDEFINED_REACH for s in self.xs if s in planned.env)
        if far and not structural:
            return False  # far out, "no value" is often lost precision (asin(tanh(x)) at x = 10**4)
        try:
            with mpmath.workdps(self.base_dps):
                values, _ = evaluate_with_magnitude(self.rhs_terms, planned.env, self.seed)
                rhs = mpmath.fsum(values)
        except (EvaluationError, UnsupportedError):
            return False
        if not _is_real(rhs, abs(rhs)):
            return False
        try:  # the other side again, with digits to spare: no value even then is no value
            self._sides(planned.env, 3 * self.base_dps + 40)
        except (EvaluationError, UnsupportedError):
            return True
        return False

    def _undefined_around(self, planned: PlannedPoint) -> bool:
        """At a feature point (placed at a switch or a zero on purpose, where F may be 0/0 exactly), "no
        value" counts only when it holds a relative 1e-9 either side too and the reference is real at
        all three: a window between two close roots (``log(1 + sign((x - 2)*(1000000*x - 2000001)))`` is
        log 0 on (2, 2.000001)) has no value across it, a removable 0/0 has one beside it."""
        x = next((s for s in self.xs if s in planned.env), None)
        if x is None or abs(planned.env[x]) > UNDEFINED_REACH:
            return False
        here = planned.env[x]
        step = mpmath.mpf("1e-9") * max(1, abs(here))
        for shift in (0, -step, step):
            env = {**planned.env, x: here + shift}
            try:
                with mpmath.workdps(self.base_dps):
                    values, _ = evaluate_with_magnitude(self.rhs_terms, env, self.seed)
                    rhs = mpmath.fsum(values)
            except (EvaluationError, UnsupportedError):
                return False
            if not _is_real(rhs, abs(rhs)):
                return False
            try:
                self._sides(env, 3 * self.base_dps + 40)
            except (EvaluationError, UnsupportedError):
                continue
            return False
        return True

    def _firm(self, planned: PlannedPoint, rhs, scale) -> bool:
        """Would a difference at this point be a counterexample (see the module docstring)?"""
        if self.single_valued:
            return True
        return not planned.is_complex and _is_real(rhs, scale)

    # --- branch cuts ----------------------------------------------------------------------------------

    def _is_jump(self, failure: Point, zeros: list[Point]) -> bool:
        """Does the difference at ``failure`` end at a branch cut on the way to an agreeing point?

        Bisect the segment from the failing point to agreeing points (parameters fixed): across a cut
        the difference drops from a visible size straight to zero; a decaying difference (a bump, a
        dropped exp(-50*x)) fades through the tolerance instead.
        """
        targets = sorted(zeros, key=lambda z: not z.firm)[:3]
        for target in targets:
            start = dict(target.planned.env)
            start.update({s: failure.planned.env[s] for s in self.xs})
            end = target.planned.env
            last = self._check_point(PlannedPoint("segment", self._along(start, end, 0.0)))
            if last.status != "nonzero":
                continue
            lo, hi = 0.0, 1.0
            for _ in range(BISECTION_STEPS):
                mid = (lo + hi) / 2
                point = self._check_point(PlannedPoint("segment", self._along(start, end, mid)))
                if point.status == "invalid":
                    break
                if point.status == "zero":
                    hi = mid
                else:
                    lo, last = mid, point
            else:
                if last.size is not None and last.size > JUMP:
                    return True
        return False

    def _along(self, start: dict, end: dict, t: float) -> dict:
        env = dict(end)
        env.update({s: start[s] + t * (end[s] - start[s]) for s in self.xs})
        return env


_STEPS = (sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling, sympy.frac)
ZERO_BY_ALGEBRA_MAX_NODES = 80


@functools.lru_cache(maxsize=256)  # asked again when a tightened check is judged a second time
def _zero_by_algebra(term: sympy.Expr) -> bool:
    """Is a term the points never saw 0 by algebra (SymEngine's expand, else SymPy's simplify on a small
    tree)? Then there is nothing to see: a term that is 0 only to rounding is not a hidden one."""
    from validators.symbolic import exact_zero  # lazy: symbolic is the exact path, used rarely here

    if exact_zero(term) is not None:
        return True
    if sum(1 for _ in sympy.preorder_traversal(term)) > ZERO_BY_ALGEBRA_MAX_NODES:
        return False
    try:
        return sympy.simplify(term) == 0
    except Exception:  # SymPy raises many types; a failed rewrite shows nothing
        return False


def _piecewise_constant(term: sympy.Expr, names: set[str]) -> bool:
    """Does ``term`` depend on x only through steps (sign, Heaviside, floor ..., Piecewise with
    x-free pieces)? Then its derivative is 0 wherever it has one."""

    def mentions(expr: sympy.Basic) -> bool:
        return any(s.name in names for s in expr.free_symbols)

    def constant_steps(expr: sympy.Basic) -> sympy.Basic:
        if isinstance(expr, _STEPS):
            return sympy.Dummy()
        if isinstance(expr, sympy.Piecewise):
            pieces = [constant_steps(piece) for piece, _ in expr.args]
            return sympy.Dummy() if not any(mentions(p) for p in pieces) else expr
        if not expr.args or isinstance(expr, sympy.Symbol):
            return expr
        return expr.func(*(constant_steps(a) for a in expr.args))

    try:
        return not mentions(constant_steps(term))
    except (TypeError, ValueError):
        return False


def _seen(values: list, tolerance) -> list:
    """log10(|value| / tolerance) per term (None for an exact 0), as floats: only the order matters."""
    if tolerance <= 0:
        return [None] * len(values)
    return [None if v == 0 else float(mpmath.log10(abs(v) / tolerance)) for v in values]


def _evidence(env: dict, group: str, lhs, rhs, difference) -> dict[str, str]:
    return {
        "region": group,
        "point": _point_text(env),
        "lhs": _shown(lhs, 15),
        "rhs": _shown(rhs, 15),
        "difference": _shown(difference, 15),
    }


def _point_text(env: dict) -> str:
    return ", ".join(f"{s}={_shown(v, 12)}" for s, v in env.items())


def _shown(value, digits: int) -> str:
    """``value`` with ``digits`` digits; its order of magnitude when Python refuses to print the integer
    behind it (str of an int beyond 4300 digits raises ValueError)."""
    try:
        return mpmath.nstr(value, digits)
    except ValueError:
        size = abs(value)
        return f"~1e{int(mpmath.log10(size))}" if size != 0 else "0"


def _is_real(value, scale) -> bool:
    """Real up to rounding, relative to the value itself (a value of size 1e-88 with an imaginary part
    of 1e-88 is not real, however small both are)."""
    if not isinstance(value, mpmath.mpc):
        return True
    return abs(value.imag) <= mpmath.mpf(10) ** -15 * abs(value.real) or value.imag == 0
