"""Measure whether an integrand needs integration by parts, the way the issue defines it.

An integrand *needs parts* when SymPy's step-by-step integrator (``manualintegrate.integral_steps``)
either solves it with a parts rule (``PartsRule`` or ``CyclicPartsRule``) somewhere in the solution it
would use, or cannot solve it at all (a ``DontKnowRule`` on that path, an error, or no answer within the
time limit). A solution without any parts rule (substitution, table integrals, special functions) means
the problem does not need parts.

``integral_steps`` is known to hang or be very slow on some inputs, so it only ever runs in a
``CheckPool`` worker with a hard time limit (``measure_with_pool``); this is a measurement for the
benchmarks and ``revsynth stats``, never a per-sample step of a run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields
from enum import StrEnum

import sympy

from validators.limits import CheckPool, LimitError

DEFAULT_TIMEOUT_S = 10.0


class PartsVerdict(StrEnum):
    USES_PARTS = "uses_parts"
    """SymPy's solution applies integration by parts."""
    CANNOT_SOLVE = "cannot_solve"
    """SymPy's solution has a step it does not know (or SymPy raised an error)."""
    TIMEOUT = "timeout"
    """SymPy found nothing within the time limit."""
    WITHOUT_PARTS = "without_parts"
    """SymPy solves it without integration by parts: the problem does not need parts."""
    UNREADABLE = "unreadable"
    """The integrand could not be parsed (not a measurement)."""


NEEDS_PARTS: frozenset[PartsVerdict] = frozenset(
    {PartsVerdict.USES_PARTS, PartsVerdict.CANNOT_SOLVE, PartsVerdict.TIMEOUT}
)


def rule_path(rule: object) -> Iterator[object]:
    """Every rule on the solution SymPy would evaluate (the first alternative of an AlternativeRule)."""
    from sympy.integrals.manualintegrate import AlternativeRule, Rule

    yield rule
    if isinstance(rule, AlternativeRule):
        if rule.alternatives:
            yield from rule_path(rule.alternatives[0])
        return
    for field in fields(rule):  # type: ignore[arg-type]
        value = getattr(rule, field.name)
        for item in value if isinstance(value, (list, tuple)) else (value,):
            for sub in item if isinstance(item, tuple) else (item,):
                if isinstance(sub, Rule):
                    yield from rule_path(sub)


def classify_integrand(integrand: str, variable: str = "x") -> PartsVerdict:
    """The verdict for one integrand. May run for long: call it under a limit (``measure_with_pool``)."""
    from sympy.integrals.manualintegrate import integral_steps

    from validators.parse import ParseError, parse_math

    try:
        g = parse_math(integrand, variable)
    except ParseError:
        return PartsVerdict.UNREADABLE
    try:
        steps = integral_steps(g, sympy.Symbol(variable))
    except Exception:  # SymPy raises many types; failing to integrate is "cannot solve"
        return PartsVerdict.CANNOT_SOLVE
    kinds = {type(rule).__name__ for rule in rule_path(steps)}
    if kinds & {"PartsRule", "CyclicPartsRule"}:
        return PartsVerdict.USES_PARTS
    if "DontKnowRule" in kinds:
        return PartsVerdict.CANNOT_SOLVE
    return PartsVerdict.WITHOUT_PARTS


def measure_with_pool(
    integrands: Sequence[str], pool: CheckPool, variable: str = "x", timeout_s: float = DEFAULT_TIMEOUT_S
) -> list[PartsVerdict]:
    """Verdicts for many integrands, in parallel on the pool's workers, each under ``timeout_s``."""
    futures = [pool.submit(classify_integrand, text, variable, timeout_s=timeout_s) for text in integrands]
    verdicts = []
    for future in futures:
        try:
            verdicts.append(PartsVerdict(future.result()))
        except Exception as error:  # the pool's errors: a timeout, or a worker killed by its memory cap
            kind = getattr(error, "kind", None)
            limit = isinstance(error, LimitError) and kind == "timeout"
            verdicts.append(
                PartsVerdict.TIMEOUT
                if limit or "Timeout" in type(error).__name__
                else PartsVerdict.CANNOT_SOLVE
            )
    return verdicts


def needs_parts_share(verdicts: Sequence[PartsVerdict]) -> float:
    """Share of measured integrands that need parts (unreadable ones are not measurements)."""
    measured = [v for v in verdicts if v is not PartsVerdict.UNREADABLE]
    return sum(v in NEEDS_PARTS for v in measured) / len(measured) if measured else 0.0
