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

from validators.claim_fields import (
    Field,
    as_named_integral,
    left_integral_claims,
    named_left_side,
    read_field,
    read_result,
    unwrap_integral,
)
from validators.equivalence import Reason, Verdict, check_antiderivative, check_equal
from validators.inverse_branches import label_on_branches
from validators.named_integrals import named_integrals, spellings, unread_integral_names, valued_constants
from validators.parts_match import (
    CONSTANT_NAMES,
    Candidate,
    candidates_from,
    match_parts_product,
    without_constants,
)
from validators.parts_pairs import PART_NAMES, split_companions
from validators.steps import StepLabel, StepVerdict, from_verdict
from validators.variables import (
    GREEK_VARIABLES,
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
        n for n in used if _variable_like(n) and n != variable and n not in params and n not in CONSTANT_NAMES
    }
    subs = find_substitutions([e for e, _, _ in steps], foreign, variable)
    context = _Context(x, params, subs)
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
        LabelledClaim("parts", _label_part(k, part, companions[k], context, pool, integral_names))
        for k, part in enumerate(part_fields)
    ]
    for j, (i_field, r_field) in enumerate(step_fields):
        for sub in subs:
            if sub.step == j and (sub.stated_derivative is not None or sub.unread_relation or sub.ambiguous):
                labels.append(LabelledClaim("substitution", _label_substitution(j, sub, x)))
        labels.append(LabelledClaim("solve_step", _label_step(j, i_field, r_field, context.at_step(j))))
    return labels


def _variable_like(name: str) -> bool:
    """A name a claim may be written in: one letter (t, w, s) or a Greek name (theta)."""
    return len(name) == 1 or name in GREEK_VARIABLES


class _Context:
    """The variable, the problem's parameters and the substitutions in force: a letter defined twice
    ("let t = 2x" in one step, "let t = e^(2x)" in a later one) means, in a step, its latest definition at
    or before that step; before its first definition it means nothing yet (a definition stated later, or
    one the reader missed, is no reading of it: a round-22 adversary's true step was checked against a
    later t = x/3). Parts choices are checked in their own variable and need no definition."""

    def __init__(
        self, x: sympy.Symbol, params: set[str], subs: list[Substitution], step: int | None = None
    ) -> None:
        self.x, self.params, self.all_subs = x, params, subs
        self.subs: dict[str, Substitution] = {}
        for sub in sorted(subs, key=lambda sub: sub.step):
            if step is None and sub.name not in self.subs or step is not None and sub.step <= step:
                self.subs[sub.name] = sub

    def at_step(self, step: int) -> _Context:
        return _Context(self.x, self.params, self.all_subs, step)

    def foreign(self, *fields: Field) -> set[str]:
        names: set[str] = set()
        for f in fields:
            if f.expr is not None:
                names |= names_in(f.expr)
            if f.differential:
                names.add(f.differential)
        return {
            n for n in names if _variable_like(n) and n != self.x.name and n not in self.params
        } - CONSTANT_NAMES

    def undefined(self, *fields: Field) -> list[str]:
        """Longer names (``uv``, ``alpha2``) that are neither the variable, a parameter of the problem, a
        constant of integration nor a substitution variable: a counterexample that gives them a value
        of its own choosing is no counterexample to what the writer meant."""
        names: set[str] = set()
        for f in fields:
            if f.expr is not None:
                names |= names_in(f.expr)
        known = {self.x.name} | self.params | set(self.subs) | CONSTANT_NAMES
        return sorted(n for n in names - known if not _variable_like(n))

    def inverse_only(self, *fields: Field) -> Substitution | None:
        """The one substitution the claim crosses when it is known only as x = psi(t)."""
        crossed = [self.subs[n] for n in self.foreign(*fields) if n in self.subs]
        if len(crossed) == 1 and crossed[0].phi is None and crossed[0].psi is not None:
            return crossed[0]
        return None

    def with_sub(self, sub: Substitution) -> _Context:
        changed = _Context(self.x, self.params, self.all_subs)
        changed.subs = {**self.subs, sub.name: sub}
        return changed

    def variable_of(self, *fields: Field) -> str:
        """The variable a claim is written in: x, or the one substitution variable it uses without x."""
        differentials = {f.differential for f in fields if f.differential}
        if len(differentials) == 1:
            return differentials.pop()
        foreign = self.foreign(*fields)
        mentions_x = any(f.expr is not None and self.x.name in names_in(f.expr) for f in fields)
        if len(foreign) == 1 and not mentions_x:
            return foreign.pop()
        return self.x.name


def _parse_failure(index: int, field: Field, name: str) -> StepVerdict:
    err = field.error
    return StepVerdict(
        index=index, label=StepLabel.UNVERIFIABLE, reason=f"parse_error:{err.reason}", detail=f"{name}: {err}"
    )


def _label_step(j: int, integrand: Field, result: Field, context: _Context) -> StepVerdict:
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
    j: int, integrand: Field, result: Field, context: _Context, readings: tuple[Substitution, ...]
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


def _as_an_equation(j: int, members: tuple[Field, ...], context: _Context) -> StepVerdict | None:
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


def _label_one_step(j: int, integrand: Field, result: Field, context: _Context) -> StepVerdict:
    for field, name in ((integrand, "integrand"), (result, "result")):
        if field.expr is None:
            return _parse_failure(j, field, name)
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
        return _undefined_name(j, undefined)
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
    integrand: Field, result: Field, context: _Context
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


def _label_part(
    k: int,
    part: tuple[Field, ...],
    companions: list[tuple[str, str, Field]],
    context: _Context,
    pool: list[Candidate],
    integral_names: frozenset[str] = frozenset(),
) -> StepVerdict:
    """u, dv, du, v and any companion stated beside them (``u = x, du = dx``): every claim checked. A
    field that uses a name the explanations give an integral ("Let K = ∫ cos x dx", then ``v = sin(x) +
    K``) is not read: K would be a constant there (a round-35 adversary's v = 2 sin x passed v' = cos x)."""
    for field, name in zip(part, PART_NAMES, strict=True):
        if field.expr is None:
            return _parse_failure(k, field, name)
    for name, own, field in companions:
        if field.expr is None:
            return _parse_failure(k, field, f"{name} (in the {own} field)")
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
        return _undefined_name(k, undefined)
    if failed:
        detail = "; ".join(f"{name}: {_why(checks[name])}" for name in failed)
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


def _undefined_name(index: int, names: list[str]) -> StepVerdict:
    return StepVerdict(
        index=index,
        label=StepLabel.UNVERIFIABLE,
        reason=f"undefined_name:{names[0]}",
        detail=f"the claim uses {', '.join(names[:3])}, which neither the problem nor an explanation defines",
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


def _why(verdict: Verdict) -> str:
    if not verdict.evidence:
        return verdict.detail
    return ", ".join(f"{key}={value}" for key, value in verdict.evidence.items())
