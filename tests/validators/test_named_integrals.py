"""Integrals the explanations name (I, J, K, I₁): read when one definition pins the name down; a name the
explanations speak of as an integral but do not pin down is never a constant of integration."""

from __future__ import annotations

import pytest
import sympy

from validators.named_integrals import named_integrals, unread_names
from validators.solution_labels import label_solution

x = sympy.Symbol("x")


def step_labels(integrand, steps):
    return [str(c.verdict.label) for c in label_solution(integrand, [], steps) if c.kind == "solve_step"]


@pytest.mark.parametrize(
    "definition",
    [
        "Let K denote ∫ sin x dx.",
        "Write K for ∫ sin x dx.",
        "Let K = ∫ sin x dx (the original integral).",
        "K stands for ∫ sin x dx.",
        "Let K (our short name for the leftover piece) be ∫ sin x dx:",  # an aside before the verb
        "Let K = ∫ sin x dx, the integral left over:",
        "Let 𝐾 = ∫ sin x dx.",  # mathematical italic K is K
    ],
)
def test_a_named_integral_is_read_in_each_phrasing(definition):
    assert named_integrals([definition]) == {"K": sympy.Integral(sympy.sin(x), x)}


@pytest.mark.parametrize(
    ("explanations", "unread"),
    [
        (["Let J = ∫ e^x cos x dx times two."], {"J"}),  # words that act on the integral
        (["Let K = ∫ x e^x dx, with the sign flipped."], {"K"}),
        (["Let K = ∫ sin x dx.", "Now K = ∫ cos x dx instead."], {"K"}),  # two meanings
        (["∫ sin x dx, call it K."], {"K"}),  # a phrasing not read
        (["Here c = 2."], {"c"}),  # a constant's letter given a value
        (["with c = −2 here"], {"c"}),
        (["Let K = ∫ sin x dx.", "From now on K stands for 2∫ sin x dx."], {"K"}),  # rescaled: two meanings
        (["Let K be ∫ x e^x dx with a factor of 2 in front."], {"K"}),  # words outside the closed list
        (["Let K be ∫ x e^x dx over x."], {"K"}),  # "over x" divides
        (["Careful, K is not a constant here but the integral ∫ cos x dx."], {"K"}),
        (["Call the leftover C_1 = ∫ sin x dx."], {"C_1", "C1"}),  # a constant's letter naming an integral
        (["Let 2K = ∫ x e^x dx."], {"K"}),  # 2K is no name: K is half the integral
        (["Let -K = ∫ cos x dx."], {"K"}),
        (["Writing the leftover ∫ cos x dx as -K:"], {"K"}),  # a sign alone does not make K a constant
        # round 35: a name in words, by \intop, "= -K" with nothing before the sign, a looser redefinition
        (["Let K be the primitive of cos x that remains:"], {"K"}),
        ([r"Let $K = \intop e^{2x}\,dx$."], {"K"}),
        (["Name the leftover: ∫ cos x dx = -K."], {"K"}),
        (["Let K = ∫ x e^x dx.", "K now denotes ∫ e^x dx, so:"], {"K"}),
        (["Let K = ∫ x e^x dx.", "K is now ∫ e^x dx."], {"K"}),
        # round 37: a constant word elsewhere in the clause, a constant's letter written for an integral, a
        # name that is a left side, a coefficient before the name across a space
        (["Let K be the primitive of cos x (constant set to zero):"], {"K"}),
        (["Write C_1 for ∫ e^(2x) dx:"], {"C_1"}),
        ([r"Write $C_1$ for $\int \sin x\,dx$:"], {"C_1"}),
        (["uv - ∫ v du = -x cos x - K, with -K = ∫ cos x dx"], {"K"}),
        (["Let 2 K = ∫ x e^x dx:"], {"K"}),
        ([r"Let $2\,K = \int 2\sin x\,dx$:"], {"K"}),
        # round 39: more verbs, a constant's letter given a function of x, an integral not alone before "="
        (["Let K = ∫ x e^x dx.", "K represents ∫ e^x dx now."], {"K"}),
        (["Let K = ∫ x e^x dx.", "Reuse K for ∫ e^x dx."], {"K"}),
        (["Let c = sin x."], {"c"}),
        (["-x cos x + ∫ cos x dx = -x cos x + K"], {"K"}),
        # round 41: more verbs for a constant's letter, a right side that is no antiderivative,
        # "non-constant", an aside that acts on the definition
        (["Let C_1 stand for sin x."], {"C_1"}),
        (["let c be e^x"], {"c"}),
        (["Naming the leftover by its letter: ∫ x sin x dx = -x cos x + K"], {"K"}),
        (["Call the leftover ∫ cos x dx the non-constant K."], {"K"}),
        (["Let K (with the sign flipped) be ∫ sin x dx."], {"K"}),
        # round 43: "equal", a decimal coefficient, "constant-free", a comma aside before the verb
        (["Let c equal x sin x."], {"c"}),
        (["Let C_1 = 0.25e^(2x)."], {"C_1"}),
        (["Let K be the constant-free value of the leftover, sin x."], {"K"}),
        (["Let K = ∫ x e^x dx.", "K, from here on, is ∫ e^x dx."], {"K"}),
        # round 45: subscripted constants, a superscript value, a value after a comma, a name defined and
        # also called a constant (any mention of a constant's letter that does not say it is one)
        ([r"Let $C_{1} = \sin x$."], {"C_1"}),
        (["Let C₁ = x sin x."], {"C_1"}),
        (["Let c = eˣ here."], {"c"}),
        (["Let c be the uv term, x sin x."], {"c"}),
        (["Let K = ∫ e^(2x)/2 dx.", "K is now the constant of integration."], {"K"}),
        (["K is the constant of integration.", "Let K = ∫ cos x dx."], {"K"}),
        (["So the answer is x sin x + cos x + C."], set()),
        (["Integrating by parts gives x sin x + cos x + C, C ∈ ℝ."], set()),
        (["The constant 3/4 goes into C."], set()),
        (["Combine the constants: C = C_1 + C_2/2."], set()),  # constants made of constants
        (["Back to x; the constant is 2C_1."], set()),
        (["Let C = C_1 + sin x."], {"C"}),
        (["Taking C_1 = 0 in v."], {"C_1"}),  # a number: no constant in a step, harmless in v
        (["On reporte dans l'étape précédente, c'est tout."], set()),
        ([r"$u$, $v$ de classe $\mathcal{C}^1$"], set()),
        (["Integrate: ∫ cos x dx = sin x + K."], set()),  # "+ K": a constant of integration
        (["∫ cos x dx = sin x + K, K a constant."], set()),
        (["K 为任意常数"], set()),
        (["where K is the constant of integration"], set()),
        ([r"where \( C \) is the constant of integration."], set()),  # the math closed first (round 33)
        (["where $C$ is an arbitrary constant"], set()),
        ([r"where \( C \) is not the constant of integration."], {"C"}),
        (["K is arbitrary"], set()),
    ],
)
def test_names_spoken_of_but_not_pinned_down_are_unread(explanations, unread):
    named = named_integrals(explanations)
    assert set(unread_names(explanations, named)) >= unread
    if not unread:
        assert not unread_names(explanations, named)


CASES = [
    # (explanation, result, label): x sin x is the integrand, so the claim is about ∫ x sin x dx
    ("Let K denote ∫ cos x dx.", "-x*cos(x) + K", "correct"),
    ("Let K denote ∫ cos x dx.", "-x*cos(x) - K", "incorrect"),
    ("Let K₁ = ∫ cos x dx.", "-x*cos(x) + K₁", "correct"),  # K₁, K_1 and K1 are one name
    ("Let K1 = ∫ cos x dx.", "-x*cos(x) + K_1", "correct"),
    ("∫ cos x dx, call it K.", "-x*cos(x) + K", "unverifiable"),  # no longer a constant: never correct
    ("Let K = ∫ cos x dx times two.", "-x*cos(x) + K/2", "unverifiable"),
    ("Let C₁ = sin x, the leftover.", "-x*cos(x) + C_1", "unverifiable"),  # round 45: true, never incorrect
    ("Let C₁ = 2 sin x, twice the leftover.", "-x*cos(x) + C_1", "unverifiable"),  # false, never correct
    ("So the integral becomes -x cos x + sin x + C.", "-x*cos(x) + sin(x) + C", "correct"),
]


@pytest.mark.parametrize(("explanation", "result", "label"), CASES)
def test_a_claim_with_a_named_integral_is_read_with_its_meaning(explanation, result, label):
    assert step_labels("x*sin(x)", [(explanation, "x*sin(x)", result)]) == [label]


def test_an_equation_with_the_integral_on_both_sides_is_not_incorrect():
    steps = [("Let I = ∫ e^x sin x dx.", "exp(x)*sin(x)", "I + exp(x)*cos(x) = exp(x)*sin(x) - I")]
    assert step_labels("exp(x)*sin(x)", steps) == ["unverifiable"]  # true as an equation, not the integral
    false = [("Let I = ∫ e^x sin x dx.", "exp(x)*sin(x)", "I + exp(x)*cos(x) = exp(x)*sin(x) + I")]
    assert step_labels("exp(x)*sin(x)", false) == ["incorrect"]


def test_a_parts_field_with_a_named_integral_is_not_read_as_a_constant():
    steps = [("Let K = ∫ cos x dx.", "x*sin(x)", "-x*cos(x) + K")]
    parts = [("x", "cos(x)", "1", "sin(x) + K")]  # v = 2 sin x with K's meaning: a constant would pass
    labels = [c for c in label_solution("x*cos(x)", parts, steps) if c.kind == "parts"]
    assert [str(c.verdict.label) for c in labels] == ["unverifiable"]
    assert labels[0].verdict.reason == "named_integral_in_parts"


@pytest.mark.parametrize(
    ("other_texts", "label"),
    [
        ([], "incorrect"),  # c a constant of integration: c + cos(x) is no antiderivative of x cos x
        (["The key insight: let c = x sin x, the uv term."], "unverifiable"),  # the rabbit gives c a meaning
        (["where: c = x sin x"], "unverifiable"),  # a key the schema does not declare
        (["So the answer is x sin x + cos x + c."], "incorrect"),  # c added on: still a constant
        (['In "x*sin(x) + c", the last letter is the uv term.'], "unverifiable"),  # round 53
        (["∫ g dx = x sin x + cos x + c."], "incorrect"),  # prose restating the solution defines nothing
        (["**Answer:** x sin x + cos x + c, where c is an arbitrary constant."], "incorrect"),
        (["x sin x + cos x + c, the constant of integration"], "incorrect"),
        # a chain in LaTeX: its commands are no words
        (["\\[ x \\sin x + \\cos x + c = \\left(x\\right) \\sin x + \\cos x + c \\]"], "incorrect"),
        # round 55: a definition in any words or language, the name after its value, a possessive, \mathrm
        (["In step 1, the uv term x sin x is abbreviated to c."], "unverifiable"),
        (["In step 1, c (i.e. the uv term, x sin x) is added on."], "unverifiable"),
        (["En el paso 1, sea c el término uv, x sin x."], "unverifiable"),
        (["c amounts to x sin x."], "unverifiable"),
        (["c's value is x sin x."], "unverifiable"),
        (["$\\mathrm{c} = x \\sin x$"], "unverifiable"),
        (["... + cos x + c, the uv term x sin x."], "unverifiable"),  # an appositive after the term
        (["... + cos x + c, which is x sin x."], "unverifiable"),
        # round 57: by description, math among the trailing words, look-alike letters, Markdown emphasis
        (["The result is x sin x + cos x + c. That last letter is the uv term x sin x."], "unverifiable"),
        (["... (x - 1)e^x + cos x + c, with x sin x for the constant"], "unverifiable"),
        (["Here _c_ is x sin x."], "unverifiable"),
        (["На шаге 1 с — это x sin x."], "unverifiable"),  # Cyrillic с
        (["ステップ1の ｃ は x sin x です。"], "unverifiable"),  # full-width ｃ
        (["where the letter c stands for an arbitrary constant"], "incorrect"),  # said to be a constant
        (["`∫ x cos x dx = x sin x + cos x + c`"], "incorrect"),  # code quotes are no value (round 32)
        (["x sin x + cos x + c, a constant of integration"], "incorrect"),
    ],
)
def test_definitions_outside_the_explanations_are_read(other_texts, label):
    claims = label_solution(
        "x*cos(x)",
        [("x", "cos(x)", "1", "sin(x)")],
        [("Finish.", "x*cos(x)", "c + cos(x)")],
        "x",
        other_texts=other_texts,
    )
    assert str(claims[-1].verdict.label) == label
