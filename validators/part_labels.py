"""Label a parts choice (u, dv, du, v, and any companion stated beside them) as a reader meets it.

Why a module of its own: a parts choice is four claims at once — du = u', v' = dv, each companion what its
name says, and u*dv, up to a constant factor, an integral of the solution (``validators.parts_match``) —
checked in the choice's own variable, apart from the steps.
"""

from __future__ import annotations

import sympy

from validators.claim_context import ClaimContext, parse_failure, undefined_name
from validators.claim_fields import Field
from validators.equivalence import Reason, Verdict, check_antiderivative, check_equal
from validators.parts_match import Candidate, match_parts_product
from validators.parts_pairs import PART_NAMES
from validators.steps import StepLabel, StepVerdict, verdict_text
from validators.variables import names_in

__all__ = ["label_part"]


def label_part(
    k: int,
    part: tuple[Field, ...],
    companions: list[tuple[str, str, Field]],
    context: ClaimContext,
    pool: list[Candidate],
    integral_names: frozenset[str] = frozenset(),
) -> StepVerdict:
    """u, dv, du, v and any companion stated beside them (``u = x, du = dx``): every claim checked. A
    field that uses a name the explanations give an integral ("Let K = ∫ cos x dx", then ``v = sin(x) +
    K``) is not read: K would be a constant there (a round-35 adversary's v = 2 sin x passed v' = cos x)."""
    for field, name in zip(part, PART_NAMES, strict=True):
        if field.expr is None:
            return parse_failure(k, field, name)
    for name, own, field in companions:
        if field.expr is None:
            return parse_failure(k, field, f"{name} (in the {own} field)")
    u, dv, du, v = part
    stated = [field for _, _, field in companions]
    fields = (u, dv, du, v, *stated)
    used = set().union(*(names_in(f.expr) for f in fields))
    if any(f.expr.has(sympy.I) for f in fields):
        used.add("I")
    if named := sorted(used & integral_names):
        return StepVerdict(
            index=k,
            label=StepLabel.UNVERIFIABLE,
            reason="named_integral_in_parts",
            detail=f"{', '.join(named)}: a name the explanations give an integral, in a parts field",
        )
    var = context.variable_of(u, dv, du, v, *stated)
    foreign = context.foreign(u, dv, du, v, *stated) - {var}
    if foreign or (var != context.x.name and context.x.name in names_in(u.expr) | names_in(v.expr)):
        return StepVerdict(
            index=k,
            label=StepLabel.UNVERIFIABLE,
            reason="mixed_variables",
            detail=f"u, dv, du, v mix {var} with {sorted(foreign) or [context.x.name]}",
        )
    checks = {
        "du_not_derivative_of_u": check_antiderivative(u.expr, du.expr, var),
        "v_prime_not_dv": check_antiderivative(v.expr, dv.expr, var),
    }
    for name, own, field in companions:
        checks[f"{_COMPANION_CLAIM[name]} ({name} in the {own} field)"] = _check_companion(
            name, field, part, var
        )
    failed = [name for name, verdict in checks.items() if verdict.reason is Reason.NOT_EQUIVALENT]
    if undefined := context.undefined(u, dv, du, v, *stated):
        return undefined_name(k, undefined)
    if failed:
        detail = "; ".join(f"{name}: {verdict_text(checks[name])}" for name in failed)
        reason = ",".join(dict.fromkeys(name.split(" (")[0] for name in failed))
        return StepVerdict(index=k, label=StepLabel.INCORRECT, reason=reason, detail=detail)
    undecided = [name for name, verdict in checks.items() if not verdict.ok]
    if undecided:
        detail = "; ".join(f"{name}: {checks[name].reason} {checks[name].detail}" for name in undecided)
        return StepVerdict(index=k, label=StepLabel.UNVERIFIABLE, reason="undecided", detail=detail[:300])
    match = match_parts_product(u.expr * dv.expr, var, pool)
    if match.verdict is None:
        return StepVerdict(
            index=k,
            label=StepLabel.UNVERIFIABLE,
            reason="u_dv_matches_no_integral",
            detail=f"u*dv = {u.expr * dv.expr} is no integral of the solution, even up to a constant factor",
        )
    return StepVerdict(
        index=k, label=StepLabel.CORRECT, reason="verified", detail=f"u*dv is {match.candidate.origin}"
    )


_COMPANION_CLAIM = {
    "u": "u_stated_twice",
    "dv": "dv_stated_twice",
    "du": "du_not_derivative_of_u",
    "v": "v_prime_not_dv",
}


def _check_companion(name: str, field: Field, part: tuple[Field, ...], var: str) -> Verdict:
    """A companion claims what its name says: du = u', v' = dv, or the same u / dv as the field of that
    name (two different values for one name cannot both hold)."""
    u, dv, _, _ = part
    if name == "du":
        return check_antiderivative(u.expr, field.expr, var)
    if name == "v":
        return check_antiderivative(field.expr, dv.expr, var)
    return check_equal(field.expr, (u if name == "u" else dv).expr, var)
