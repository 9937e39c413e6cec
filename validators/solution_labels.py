"""Label every claim of a worked integration (parts choices, steps, changes of variable) as a reader meets it.

A claim is checked *as stated*, in the variable it is written in:

* a parts choice (u, dv, du, v) claims du = u', v' = dv (in its own variable: t when it is written in t),
  and that u*dv is, up to a constant factor, an integral of the solution (``validators.parts_match``);
* a step claims "the integral of ``integrand`` is ``result``": d/dvar result = integrand, with
  ``Integral(h, v)`` differentiating to h. A step written in t is checked in t; a step that crosses
  variables (integrand in x, result ``Integral(log(t)**3, t)/6``) is rewritten in one variable through
  the substitution the explanations state (``validators.variables``), so d/dx of the pending integral in t
  is h(phi(x))*phi'(x), not 0;
* a stated differential relation (``dt = 6 dx``) is a claim of its own (kind ``substitution``).

Labels are honest: ``incorrect`` only with a counterexample from ``validators.equivalence``; a claim that
cannot be read or decided, or a step in a variable no explanation defines, is ``unverifiable``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from validators.claim_context import ClaimContext, parse_failure, undefined_name, variable_like
from validators.claim_fields import (
    Field,
    as_named_integral,
    left_integral_claims,
    named_left_side,
    read_field,
    read_result,
    unwrap_integral,
)
from validators.equivalence import Reason, check_antiderivative, check_equal
from validators.inverse_branches import label_on_branches
from validators.named_integrals import named_integrals, spellings, unread_integral_names, valued_constants
from validators.part_labels import label_part
from validators.parts_match import (
    CONSTANT_NAMES,
    Candidate,
    candidates_from,
    without_constants,
)
from validators.parts_pairs import PART_NAMES, split_companions
from validators.steps import StepLabel, StepVerdict, from_verdict
from validators.variables import (
    Substitution,
    find_substitutions,
    names_in,
    to_t,
    to_x,
)

__all__ = ["LabelledClaim", "label_solution"]


@dataclass(frozen=True)
class LabelledClaim:
    """One label in reader order: ``kind`` is parts, substitution or solve_step; ``verdict.index`` is the
    position among claims of that kind (a substitution's index is the step that states it)."""

    kind: str
    verdict: StepVerdict


def label_solution(
    integrand: str,
    parts: Sequence[tuple[str, str, str, str]],
    steps: Sequence[tuple[str, str, str]],
    variable: str = "x",
    other_texts: Sequence[str] = (),
) -> list[LabelledClaim]:
    """Labels of every claim: parts choices first (as the answer lists them), then each step, preceded by
    the substitution relations its explanation states. ``steps`` are (explanation, integrand, result).
    ``other_texts``: the answer's other texts (its key insight, prose around it, fields no schema reads):
    names and constants they define are read as the explanations' are (a round-47 adversary's "c = x sin
    x" stood in the prose before the JSON)."""
    x = sympy.Symbol(variable)
    problem = read_field(integrand, variable)
    params = {s.name for s in problem.expr.free_symbols} - {variable} if problem.expr is not None else set()
    step_fields = [(unwrap_integral(read_field(i, variable)), read_result(r, variable)) for _, i, r in steps]
    part_texts = [
        [split_companions(text, name) for text, name in zip(part, PART_NAMES, strict=True)] for part in parts
    ]
    part_fields = [tuple(read_field(head, variable) for head, _ in texts) for texts in part_texts]
    companions = [
        [
            (name, own, read_field(text, variable))
            for (_, pairs), own in zip(texts, PART_NAMES, strict=True)
            for name, text in pairs
        ]
        for texts in part_texts
    ]
    used = set()
    stated = [f for part in part_fields for f in part] + [f for part in companions for _, _, f in part]
    for field in [f for pair in step_fields for f in pair] + stated:
        if field.expr is not None:
            used |= names_in(field.expr) | ({field.differential} if field.differential else set())
    foreign = {
        n for n in used if variable_like(n) and n != variable and n not in params and n not in CONSTANT_NAMES
    }
    subs = find_substitutions([e for e, _, _ in steps], foreign, variable)
    context = ClaimContext(x, params, subs)
    named: dict[str, sympy.Expr] = {}
    unread_integrals: frozenset[str] = frozenset()
    if problem.expr is not None and not problem.expr.has(sympy.I):
        explanations = [e for e, _, _ in steps]
        others = [text for text in other_texts if isinstance(text, str)]
        named = named_integrals(explanations + others, variable)
        unread_integrals = unread_integral_names(explanations, named, others)
        unread = unread_integrals | valued_constants(explanations + others)
        step_fields = [
            (i_field, named_left_side(r_field, result, named, variable))
            for (i_field, r_field), (_, _, result) in zip(step_fields, steps, strict=True)
        ]
        step_fields = [tuple(as_named_integral(f, named, unread) for f in pair) for pair in step_fields]
    step_fields = [(i_field, left_integral_claims(r_field)) for i_field, r_field in step_fields]

    candidates = [Candidate(problem.expr, variable, "problem")] if problem.expr is not None else []
    for j, (i_field, r_field) in enumerate(step_fields):
        for field, role in ((i_field, "integrand"), (r_field, "result")):
            if field.expr is not None:
                candidates.append(Candidate(field.expr, context.variable_of(field), f"step {j} {role}"))
    for k, (u, dv, du, v) in enumerate(part_fields):
        if v.expr is not None and du.expr is not None:
            var = context.variable_of(u, dv, du, v)
            candidates.append(Candidate(without_constants(v.expr, var) * du.expr, var, f"v*du of parts {k}"))
    pool = candidates_from(candidates, subs, variable)

    # a constant given a value ("C_1 = 0 in v") is harmless in a parts field: v' = dv for any value of it
    integral_names = unread_integrals | {spelled for name in named for spelled in spellings(name)}
    labels = [
        LabelledClaim("parts", label_part(k, part, companions[k], context, pool, integral_names))
        for k, part in enumerate(part_fields)
    ]
    for j, (i_field, r_field) in enumerate(step_fields):
        for sub in subs:
            if sub.step == j and (sub.stated_derivative is not None or sub.unread_relation or sub.ambiguous):
                labels.append(LabelledClaim("substitution", _label_substitution(j, sub, x)))
        labels.append(LabelledClaim("solve_step", _label_step(j, i_field, r_field, context.at_step(j))))
    return labels


def _label_step(j: int, integrand: Field, result: Field, context: ClaimContext) -> StepVerdict:
    """Every member of a chain result is a claim about the same integral: the step is correct only when
    each is, incorrect when one is (the first such is named)."""
    in_force = context.foreign(integrand, result) & {n for n, sub in context.subs.items() if sub.ambiguous}
    if len(in_force) == 1 and (readings := context.subs[next(iter(in_force))].readings):
        return _under_every_reading(j, integrand, result, context, readings)
    if in_force:
        return StepVerdict(
            index=j,
            label=StepLabel.UNVERIFIABLE,
            reason="ambiguous_substitution",
            detail=f"the step defines {sorted(in_force)[0]} two different ways: read with neither",
        )
    members = (*result.earlier, result)
    if len(members) > 1 and any(member.ambiguous for member in members):
        # "I = R" with I not pinned down: what R is claimed to integrate is unknown, so R is not checked
        # against the step's integrand either (a round-22 true claim was labelled incorrect that way)
        return _ambiguous_name(j, "a member of the chain")
    labels = [_label_one_step(j, member.integral or integrand, member, context) for member in members]
    for label in labels:
        if label.label is StepLabel.INCORRECT:
            return _as_an_equation(j, members, context) or label
    return next((label for label in labels if label.label is not StepLabel.CORRECT), labels[-1])


def _under_every_reading(
    j: int, integrand: Field, result: Field, context: ClaimContext, readings: tuple[Substitution, ...]
) -> StepVerdict:
    """A step that defines its letter two ways ("t = x^2/2, ..., x^2 = t"): the claim is labelled the
    same way under each definition, or not at all. Correct under every one is correct whichever the
    writer meant (a claim in t alone needs none: ``∫ t e^t dt = t e^t - e^t``); false under every one is
    false whichever; a claim true under one and false under another is unverifiable."""
    labels = [_label_step(j, integrand, result, context.with_sub(reading)) for reading in readings]
    kinds = {label.label for label in labels}
    if len(kinds) == 1 and kinds <= {StepLabel.CORRECT, StepLabel.INCORRECT}:
        how = "each" if kinds == {StepLabel.CORRECT} else "every one"
        name = readings[0].name
        return labels[0].model_copy(
            update={"detail": f"{labels[0].detail} (so under {how} of the step's definitions of {name})"}
        )
    return StepVerdict(
        index=j,
        label=StepLabel.UNVERIFIABLE,
        reason="ambiguous_substitution",
        detail=f"the step defines {readings[0].name} two ways; the claim is not labelled alike under each",
    )


def _as_an_equation(j: int, members: tuple[Field, ...], context: ClaimContext) -> StepVerdict | None:
    """``I + e^x cos x = e^x sin x - I`` (I the integral): no member is the integral, yet the equation is
    true — its sides differ by a constant. Such a step is unverifiable as a claim about the integral, not
    incorrect (a round-27 adversary's true step was). None when it is not such an equation."""
    exprs = [member.expr for member in members]
    if len(exprs) < 2 or any(e is None for e in exprs) or not any(e.has(sympy.Integral) for e in exprs):
        return None
    var = context.variable_of(*members)
    if not all(check_antiderivative(a - b, sympy.Integer(0), var).ok for a, b in itertools.pairwise(exprs)):
        return None
    return StepVerdict(
        index=j,
        label=StepLabel.UNVERIFIABLE,
        reason="equation_not_integral",
        detail="an equation true as written, between expressions of the integral; no member is the integral",
    )


def _label_one_step(j: int, integrand: Field, result: Field, context: ClaimContext) -> StepVerdict:
    for field, name in ((integrand, "integrand"), (result, "result")):
        if field.expr is None:
            return parse_failure(j, field, name)
    claim = _in_one_variable(integrand, result, context)
    if isinstance(claim, StepVerdict):
        return claim.model_copy(update={"index": j})
    result_expr, integrand_expr, var = claim
    verdict = check_antiderivative(result_expr, integrand_expr, var)
    label = from_verdict(j, verdict, "result_not_antiderivative")
    if label.label is StepLabel.INCORRECT and (sub := context.subs.get(var)) and sub.phi is not None:
        label = _on_the_values_of_t(j, label, result_expr, integrand_expr, sub, context.x)
    if label.label is StepLabel.INCORRECT and (inverse := context.inverse_only(integrand, result)):
        # "Let x = w**2" alone: checked again on w = sqrt(x) and w = -sqrt(x)
        def on_branch(sub: Substitution) -> StepVerdict:
            return _label_one_step(j, integrand, result, context.with_sub(sub))

        label = label_on_branches(label, inverse, context.x.name, on_branch)
    if label.label is not StepLabel.UNVERIFIABLE and (undefined := context.undefined(integrand, result)):
        # a name nobody defined (I₁ read as I1) is no constant either: taken as one, "... + I1" passed
        return undefined_name(j, undefined)
    if label.label is not StepLabel.UNVERIFIABLE and (integrand.ambiguous or result.ambiguous):
        # either way: read as the imaginary unit, "e^x sin x - e^x cos x - I" is an antiderivative (I is a
        # constant), so a claim about an integral called I (defined twice, or never) passed as correct
        return _ambiguous_name(j, "the claim")
    return label


def _ambiguous_name(j: int, where: str) -> StepVerdict:
    return StepVerdict(
        index=j,
        label=StepLabel.UNVERIFIABLE,
        reason="ambiguous_I",
        detail=f"{where} uses I (or a J, K, constant) that no explanation pins down to one meaning",
    )


def _on_the_values_of_t(
    j: int, label: StepVerdict, result: sympy.Expr, integrand: sympy.Expr, sub: Substitution, x: sympy.Symbol
) -> StepVerdict:
    """A claim written in t is about the values t = phi(x) takes: ``-2|t| cos t + 2 sin t`` integrates
    2t sin t only for t >= 0, which is every value of t = √x. A counterexample at a t that phi never
    reaches is none, so the claim is checked again in x; a counterexample there stands."""
    in_x = check_antiderivative(
        to_x(result, sub, x), to_x(integrand, sub, x) * sympy.diff(sub.phi, x), x.name
    )
    if in_x.reason is Reason.NOT_EQUIVALENT:
        return label
    return from_verdict(j, in_x, "result_not_antiderivative")


def _in_one_variable(
    integrand: Field, result: Field, context: ClaimContext
) -> tuple[sympy.Expr, sympy.Expr, str] | StepVerdict:
    """(result, integrand, variable) of the claim, rewritten through substitutions when it crosses them."""
    x = context.x
    foreign = context.foreign(integrand, result)
    integrand_var = context.variable_of(integrand)
    if not foreign:
        return result.expr, integrand.expr, x.name
    if len(foreign) == 1 and x.name not in names_in(integrand.expr) | names_in(result.expr):
        (name,) = foreign
        if integrand.differential in (None, name):
            return result.expr, integrand.expr, name
    unknown = sorted(n for n in foreign if n not in context.subs)
    if unknown:
        return StepVerdict(
            index=0,
            label=StepLabel.UNVERIFIABLE,
            reason=f"undefined_variable:{unknown[0]}",
            detail=f"the step uses {unknown[0]}, which no explanation defines",
        )
    subs = [context.subs[n] for n in sorted(foreign)]
    if all(s.phi is not None for s in subs):
        result_x, integrand_x = result.expr, integrand.expr
        for sub in subs:
            result_x = to_x(result_x, sub, x)
            if integrand_var == sub.name:
                integrand_x = to_x(integrand_x, sub, x) * sympy.diff(sub.phi, x)
            else:
                integrand_x = to_x(integrand_x, sub, x)
        return result_x, integrand_x, x.name
    if len(subs) == 1 and subs[0].psi is not None:
        (sub,) = subs
        t = sympy.Symbol(sub.name)
        integrand_t = integrand.expr
        if integrand_var == x.name:
            integrand_t = to_t(integrand.expr, sub, x) * sympy.diff(sub.psi, t)
        return to_t(result.expr, sub, x), integrand_t, sub.name
    return StepVerdict(
        index=0,
        label=StepLabel.UNVERIFIABLE,
        reason="mixed_substitutions",
        detail="the step mixes substitutions that cannot be carried into one variable",
    )


def _label_substitution(j: int, sub: Substitution, x: sympy.Symbol) -> StepVerdict:
    """Every relation the step states (``dt = 2 dx, i.e. dx = dt/2``) against its definition: incorrect
    when one is, correct when all are; a name the step defines two ways has no definition to check with."""
    if sub.ambiguous:
        return StepVerdict(
            index=j,
            label=StepLabel.UNVERIFIABLE,
            reason="ambiguous_substitution",
            detail=f"the step defines {sub.name} two different ways",
        )
    t = sympy.Symbol(sub.name)
    labels = []
    if sub.unread_relation:  # "so dt/dx = x": a relation is stated that the reader could not read
        labels.append(
            StepVerdict(
                index=j,
                label=StepLabel.UNVERIFIABLE,
                reason="relation_not_read",
                detail=f"the step states a relation with d{sub.name} in a form not read",
            )
        )
    stated_ones = (sub.stated_derivative, *sub.also_stated) if sub.stated_derivative is not None else ()
    for stated in stated_ones:
        if sub.inverse:  # dx/dt stated, x = psi(t)
            verdict = check_equal(stated.subs(x, sub.definition), sympy.diff(sub.definition, t), sub.name)
        else:  # dt/dx stated, t = phi(x)
            verdict = check_equal(stated.subs(t, sub.definition), sympy.diff(sub.definition, x), x.name)
        labels.append(from_verdict(j, verdict, "differential_not_derivative"))
    bad = [label for label in labels if label.label is StepLabel.INCORRECT]
    return (bad or [label for label in labels if label.label is not StepLabel.CORRECT] or labels)[0]
