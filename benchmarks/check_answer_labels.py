"""Re-check the hand labels of the real-answer corpus by a method independent of revsynth's validators.

Each corpus answer carries, besides its raw text and hand labels, a ``clean`` restatement of every claim in
strict SymPy syntax (written by the same hand). This script reads the clean claims with SymPy's own parser
(the strings are ours, not a model's) and decides each claim by central finite differences of SymPy's
``lambdify`` at 12 random real points where both sides are real (mpmath, 40 digits), never by
``validators``. A label that disagrees is printed for a human to resolve: either the hand label or the
clean transcription is wrong (and fixed in the corpus), or the claim is genuinely ambiguous.

Run: ``.venv/bin/python benchmarks/check_answer_labels.py [CORPUS_DIR]`` (default
``benchmarks/corpus/real_answers``; prints disagreements, exit 1 if any).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import mpmath
import sympy

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "real_answers"
STEP = mpmath.mpf(10) ** -15
x, t = sympy.symbols("x t", real=True)  # real: d/dx Abs(cos(x)) is then sign(cos(x))*(-sin(x))


def read(text: str) -> sympy.Expr:
    names = {"x": x, "t": t, "C": sympy.Symbol("C"), "E": sympy.E, "theta": sympy.Symbol("theta", real=True)}
    names |= {name: sympy.Symbol(name, real=True) for name in ("u", "w", "s")}
    return sympy.sympify(text, locals=names)


def _value(expr: sympy.Expr, variable: sympy.Symbol):
    fn = sympy.lambdify(variable, expr.subs(sympy.Symbol("C"), 0), modules="mpmath")

    def at(point):
        try:
            value = mpmath.mpmathify(fn(point))
        except Exception:
            return None
        return value if mpmath.isfinite(value) else None

    return at


def same_derivative(
    result: sympy.Expr, integrand: sympy.Expr, variable: sympy.Symbol, seed: int
) -> bool | None:
    """d/dvariable result == integrand at real points where both are real; None if too few points."""
    stand_ins = {
        integral: sympy.Function(f"P{i}")(variable) for i, integral in enumerate(result.atoms(sympy.Integral))
    }
    # d/dv P_i(v) = body_i: differentiate symbolically, then replace the derivatives by the bodies.
    replaced = result.xreplace(stand_ins)
    derivative = sympy.diff(replaced, variable)
    for integral, fn in stand_ins.items():
        ((var, *_),) = integral.limits
        body = integral.function
        if var != variable:
            return None  # an integral in another variable inside this claim: not comparable here
        derivative = derivative.subs(sympy.Derivative(fn, variable), body)
    if derivative.has(sympy.Function) and any(
        isinstance(f, sympy.core.function.AppliedUndef) for f in derivative.atoms(sympy.Function)
    ):
        return None
    return _agree(derivative, integrand, variable, seed)


def _agree(a: sympy.Expr, b: sympy.Expr, variable: sympy.Symbol, seed: int) -> bool | None:
    rng = random.Random(seed)
    fa, fb = _value(a, variable), _value(b, variable)
    agree = disagree = 0
    with mpmath.workdps(40):
        for attempt in range(120):
            reach = (0.5, 1, 4)[attempt % 3]  # narrow real domains (asin(x - 1), acos(2*x)) need small x
            point = mpmath.mpf(rng.choice((-1, 1)) * rng.uniform(0.05, reach) + (attempt % 5 == 4))
            va, vb = fa(point), fb(point)
            if va is None or vb is None or abs(mpmath.im(vb)) > 1e-25 or abs(mpmath.im(va)) > 1e-25:
                continue
            if abs(va - vb) <= mpmath.mpf(10) ** -15 * max(1, abs(vb)):
                agree += 1
            else:
                disagree += 1
            if agree + disagree >= 12:
                break
    if agree + disagree < 4:
        return None
    return disagree == 0


def pull_back(expr: sympy.Expr, substitution: str | None) -> sympy.Expr:
    """Rewrite a claim written through t = phi(x) in x: Integral(h(t), t) -> Integral(h(phi)*phi', x)."""
    if not substitution:
        return expr
    name, definition = (side.strip() for side in substitution.split("=", 1))
    phi = read(definition)
    variable = read(name)
    integrals = {
        i: sympy.Integral(i.function.subs(variable, phi) * sympy.diff(phi, x), x)
        for i in expr.atoms(sympy.Integral)
        if i.limits[0][0] == variable
    }
    return expr.xreplace(integrals).subs(variable, phi)


def check_answer(row: dict, integrand: sympy.Expr) -> list[str]:
    """Disagreements between the hand labels and the independent check, as readable lines."""
    out = []
    clean, labels = row["clean"], row["labels"]
    seed = hash(row["id"]) & 0xFFFF
    for i, (part, label) in enumerate(zip(clean["parts"], labels["parts"], strict=True)):
        variable = read(part.get("variable") or "x")
        u, dv, du, v = (read(part[k]) for k in ("u", "dv", "du", "v"))
        du_ok = _agree(sympy.diff(u, variable), du, variable, seed)
        v_ok = _agree(sympy.diff(v, variable), dv, variable, seed)
        verdict = None if None in (du_ok, v_ok) else (du_ok and v_ok)
        if verdict is not None and verdict != label:
            out.append(f"parts {i}: hand {label}, check du={du_ok} v={v_ok}")
    undecided = []
    for j, (step, label) in enumerate(zip(clean["steps"], labels["steps"], strict=True)):
        variable = read(step.get("variable") or "x")
        result, step_integrand = read(step["result"]), read(step["integrand"])
        if variable == x:
            result = pull_back(result, step.get("substitution"))
            step_integrand = pull_back(step_integrand, step.get("substitution"))
        verdict = same_derivative(result, step_integrand, variable, seed + j)
        if verdict is None:
            undecided.append(f"step {j}")
        if verdict is not None and verdict != label:
            out.append(f"step {j}: hand {label}, check {verdict}")
    final = _agree(sympy.diff(read(clean["final"]), x), integrand, x, seed)
    if final is not None and final != labels["final"]:
        out.append(f"final: hand {labels['final']}, check {final}")
    if final is None:
        undecided.append("final")
    if undecided:
        print(f"{row['id']}: not decided by this check (hand labels stand): {', '.join(undecided)}")
    return out


def main() -> int:
    corpus = ROOT / sys.argv[1] if len(sys.argv) > 1 else CORPUS
    problems = {}
    for line in (corpus / "problems.jsonl").read_text().splitlines():
        row = json.loads(line)
        problems[row["id"]] = sympy.diff(read(row["f"]), x)
    disagreements = 0
    for path in sorted(corpus.glob("*.jsonl")):
        if path.name == "problems.jsonl":
            continue
        for line in path.read_text().splitlines():
            row = json.loads(line)
            for message in check_answer(row, problems[row["problem_id"]]):
                disagreements += 1
                print(f"{row['id']}: {message}")
    print(f"{disagreements} disagreement(s)")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
