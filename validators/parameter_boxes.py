"""A point where an argument of several symbols has the other sign, found by interval bounds on boxes.

Why: a climb along the axes and Newton ascents both follow the argument's values, and a round-60
adversary built windows those values do not lead to: a Gaussian disc exp(-(a - 20)**2 - (b + 20)**2) - 1/2,
whose bump is below the working precision wherever the ascents start (the values are -1/2 to 40 digits),
and a quartic whose ascents stop at a false maximum near the origin while its window is at (800, 800).
Interval bounds see a whole box at once: a box whose upper bound of ``direction * q`` is <= 0 holds no
point of the other sign and is dropped; the box with the largest upper bound is split first. Evidence, not
proof: the search stops after MAX_BOXES boxes.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping, Sequence

import mpmath
import sympy

from validators.interval_bounds import bounds, interval_precision
from validators.numeric import real_value
from validators.parameter_certified import middle

__all__ = ["box_search"]

MAX_BOXES = 400
REACH = mpmath.mpf(10) ** 300
NEAR_ZERO = 1 / REACH
DPS = 40


def box_search(
    argument: sympy.Expr, symbols: Sequence[sympy.Symbol], fixed: Mapping, direction: int
) -> tuple[dict | None, bool]:
    """(a point, ``fixed`` with ``symbols`` moved, where ``direction * argument`` > 0, or None; whether
    the bounds proved there is none within |symbol| <= REACH -- every box dropped before the budget ran
    out)."""
    f = direction * argument
    others = {s: fixed[s] for s in f.free_symbols if s not in symbols}
    if any(isinstance(v, mpmath.mpc) for v in others.values()):
        return None, False
    counter = itertools.count()
    with interval_precision(DPS), mpmath.workdps(DPS):
        fixed_box = {s: mpmath.iv.mpf(v) for s, v in others.items()}
        heap: list = []
        # |s| <= NEAR_ZERO apart from the rest: a box touching 0 has no bounds where q takes log|s|, and
        # peeling it 30 decades a split in every coordinate at once was a breadth-first search (round 62)
        halves = [(0, NEAR_ZERO), (NEAR_ZERO, REACH)]
        for sides in itertools.product([(s, h) for s in (1, -1) for h in halves], repeat=len(symbols)):
            box = [tuple(sorted((s * lo, s * hi))) for s, (lo, hi) in sides]
            _push(heap, f, symbols, fixed_box, box, counter)
        for _ in range(MAX_BOXES):
            if not heap:
                return None, True
            _priority, _n, box = heapq.heappop(heap)
            point = {**fixed, **{s: middle(lo, hi) for s, (lo, hi) in zip(symbols, box, strict=True)}}
            value = real_value(f, point)
            if value is not None and value > 0:
                return point, False
            k = max(range(len(box)), key=lambda i: _width(*box[i]))
            lo, hi = box[k]
            cut = middle(lo, hi)
            for half in ((lo, cut), (cut, hi)):
                _push(heap, f, symbols, fixed_box, [*box[:k], half, *box[k + 1 :]], counter)
    return None, False


def _push(heap, f, symbols, fixed_box, box, counter) -> None:
    """Queue a box unless its bounds show no point of it can have f > 0; boxes with no bounds wait
    behind those whose upper bound is positive."""
    moved = {s: mpmath.iv.mpf([lo, hi]) for s, (lo, hi) in zip(symbols, box, strict=True)}
    interval_box = {**fixed_box, **moved}
    bound = bounds(f, interval_box)
    if bound is not None and bound.b <= 0:
        return
    upper = mpmath.mpf(bound.b) if bound is not None else mpmath.mpf(0)
    heapq.heappush(heap, (-upper, next(counter), box))


def _width(lo, hi):
    """How much room an interval has, in decades where it spans many, else relative to its size."""
    if lo == 0 or hi == 0:
        return mpmath.mpf(10) ** 6 if abs(hi - lo) > 1 else abs(hi - lo)
    if lo * hi > 0 and max(abs(lo), abs(hi)) > 2 * min(abs(lo), abs(hi)):
        return mpmath.log10(max(abs(lo), abs(hi)) / min(abs(lo), abs(hi)))
    return (hi - lo) / max(abs(lo), abs(hi))
