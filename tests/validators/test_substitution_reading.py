"""Substitution definitions written the ways real answers write them, read as the writer meant.

A misread definition makes true steps in its letter incorrect, the worst label the dataset can carry. Every
row is an explanation from a held-out answer (round 10) or its minimal form, with the definition that must
be read (name, t = phi(x) or x = psi(t), the other way if stated, the stated derivative).
"""

from __future__ import annotations

import pytest
import sympy

from validators.solution_labels import label_solution
from validators.variables import find_substitutions


def read(explanation, name):
    return [
        (s.name, str(s.phi), str(s.psi), str(s.stated_derivative))
        for s in find_substitutions([explanation], {name})
    ]


@pytest.mark.parametrize(
    ("explanation", "name", "phi", "psi", "stated"),
    [
        # a code comment ends the definition; the relation inside it is read as usual
        ("w = sp.sqrt(x)  # x = w**2, dx = 2*w*dw", "w", "sqrt(x)", "w**2", "1/(2*w)"),
        # the expression first: x is not the whole left side of "√ x = t", which is t = √x
        ("Put √ x = t , so x = t ^ 2 and d x = 2 t d t .", "t", "sqrt(x)", "t**2", "2*t"),  # dx/dt
        ("Put x ^ 2 = t , so 2 x d x = d t and x ^ 3 d x = 1 / 2 t d t .", "t", "x**2", "None", "2*x"),
        ("Put 1 + 4 x ^ 2 = t , so 8 x d x = d t", "t", "4*x**2 + 1", "None", "8*x"),
        # a trailing word of prose is not a factor of the definition
        ("Putting t = √ x back ,", "t", "sqrt(x)", "None", "None"),
        ("Putting t = x ^ 2 back and multiplying by 1 / 2 ,", "t", "x**2", "None", "None"),
        ("Substituting t = x^2 back.", "t", "x**2", "None", "None"),
        # Italian connectives: "quindi", and "e" before another relation
        ("Poniamo t = √x, quindi x = t^2 e dx = 2t dt.", "t", "sqrt(x)", "t**2", "1/(2*t)"),
        ("Poniamo t = x^2, quindi dt = 2x dx e x^3 dx = x^2·x dx = (t/2) dt.", "t", "x**2", "None", "2*x"),
        # a bracket holding the other way round ends the definition; sen is sin, arcsen asin
        ("poniamo x = sen t (t = arcsen x), dx = cos t dt", "t", "asin(x)", "sin(t)", "cos(t)"),
    ],
)
def test_a_definition_is_read_as_the_writer_meant(explanation, name, phi, psi, stated):
    assert read(explanation, name) == [(name, phi, psi, stated)]


@pytest.mark.parametrize(
    ("explanation", "result", "label"),
    [
        # x = w**2 alone says nothing of the sign of w: true on w = sqrt(x), the branch meant
        ("Let x = w**2, dx = 2*w*dw.", "Integral(2*w*log(w + 1), w)", "correct"),
        # true only on w = -sqrt(x): which branch was meant is not said
        ("Let x = w**2, dx = 2*w*dw.", "Integral(2*w*log(1 - w), w)", "unverifiable"),
        # a lost factor of 2 fails on every branch: still incorrect
        ("Let x = w**2, dx = 2*w*dw.", "Integral(w*log(w + 1), w)", "incorrect"),
        ("w = sp.sqrt(x)  # x = w**2, dx = 2*w*dw", "Integral(2*w*sp.log(w + 1), w)", "correct"),
        ("Put √ x = t , so x = t ^ 2 and d x = 2 t d t .", "∫ 2 t ln ( 1 + t ) d t", "correct"),
        ("Put √ x = t , so x = t ^ 2 and d x = 2 t d t .", "∫ t ln ( 1 + t ) d t", "incorrect"),
    ],
)
def test_a_step_through_a_square_root_substitution_is_checked_on_the_branch_meant(explanation, result, label):
    claims = label_solution("log(1 + sqrt(x))", [], [(explanation, "ln(1 + sqrt(x))", result)])
    assert [str(c.verdict.label) for c in claims if c.kind == "solve_step"] == [label]


def test_a_step_back_to_x_after_putting_t_back_is_checked_against_the_definition():
    steps = [
        ("Put x ^ 2 = t , so 2 x d x = d t .", "x ^ 3 e ^ { 3 x ^ 2 }", "1 / 2 ∫ t e ^ { 3 t } d t"),
        ("Parts in t .", "t e ^ { 3 t }", "t e ^ { 3 t } / 3 - e ^ { 3 t } / 9"),
        (
            "Putting t = x ^ 2 back ,",
            "x ^ 3 e ^ { 3 x ^ 2 }",
            "x ^ 2 e ^ { 3 x ^ 2 } / 6 - e ^ { 3 x ^ 2 } / 18",
        ),
    ]
    claims = label_solution("x**3*exp(3*x**2)", [], steps)
    assert {str(c.verdict.label) for c in claims} == {"correct"}


# A fifth step-checker adversary (round 27): a letter defined twice in one step, relations stated twice.
@pytest.mark.parametrize(
    "explanation",
    [
        "Rather than t = x^2, put t = 1 + x^2.",
        "Rather than t = e^x, put e^t = x.",  # t = e^x and x = e^t do not undo each other
        "Instead of t = 2x, use x = t^2.",  # agree at t = 1/2 only
    ],
)
def test_a_letter_defined_two_ways_in_one_step_is_ambiguous(explanation):
    (sub,) = find_substitutions([explanation], {"t"})
    assert sub.ambiguous


# A round-29 writer's slip: t = x^2/2 stated with x^2 = t (not 2t), so "x^3 dx = t dt".
SLIPPED_SUBSTITUTION = "Substitution t = x^2/2, dt = x dx, x^2 = t, so x^3 dx = x^2 x dx = t dt."


def test_a_claim_false_under_each_of_a_letters_two_definitions_is_incorrect():
    steps = [(SLIPPED_SUBSTITUTION, "x^3 e^(x^2/2)", "∫ t e^t dt")]  # false for t = x^2/2 and t = x^2
    claims = label_solution("x**3*exp(x**2/2)", [], steps)
    assert [str(c.verdict.label) for c in claims if c.kind == "solve_step"] == ["incorrect"]


def test_a_claim_in_the_letter_alone_needs_neither_definition():
    steps = [
        (SLIPPED_SUBSTITUTION, "x^3 e^(x^2/2)", "∫ t e^t dt"),
        ("Parts: u = t, dv = e^t dt.", "t e^t", "t e^t - ∫ e^t dt"),  # true whatever t stands for
    ]
    claims = label_solution("x**3*exp(x**2/2)", [], steps)
    assert [str(c.verdict.label) for c in claims if c.kind == "solve_step"] == ["incorrect", "correct"]


def test_a_claim_true_under_one_definition_only_is_unverifiable():
    steps = [("Rather than t = x^2, put t = 1 + x^2.", "x e^(x^2)", "1/2 ∫ e^t dt")]  # true for t = x^2 only
    claims = label_solution("x*exp(x**2)", [], steps)
    assert [str(c.verdict.label) for c in claims if c.kind == "solve_step"] == ["unverifiable"]


def test_the_other_way_round_completes_a_definition():
    (sub,) = find_substitutions(["Let t = log(x), so x = e^t."], {"t"})
    assert not sub.ambiguous and str(sub.psi) == "exp(t)"


@pytest.mark.parametrize(
    ("explanation", "relations"),
    [
        ("Let t = 2*x, so dt = 2 dx, i.e. dx = 2 dt:", ["2", "1/2"]),  # the second is false
        ("Let $t = 1 + x^2$, and hence $x\\,dx = 2\\,dt$", ["x/2"]),  # a product on the left
        ("Let t = 1 - x^2, so dt = -2x dx and x dx = -dt/2", ["-2*x"]),  # the same relation twice: once
        ("Let t = x^2, so dt = 3x dx (differentiating both sides)", ["3*x"]),  # the aside is no part of it
        ("Let t = x^2, so that x dx = dt/2", ["2*x"]),  # "that" is a word, not a factor
        (
            "Substitution: t = √x, dvs. x = t^2 och dx = 2t dt.",
            ["1/(2*t)"],
        ),  # prose before dx (dt/dx = 1/(2t))
        ("Substitute `t = sqrt(x)`, so `x = t**2`, `dx = 2*t dt`.", ["1/(2*t)"]),  # Markdown code spans
        # every member of a chain is a relation; a factor follows the last '='; x⁵ is a power, not a word
        ("Let t = atan(x), so dx = dt/cos(t)**2 = (1 + tan(t)**2) dt.", ["cos(t)**2", "1/(tan(t)**2 + 1)"]),
        ("Let t = x³, then dt = 3x² dx, and x⁵ dx = x³·x² dx = (1/3)t dt.", ["3*x**2", "3*x**5/t"]),
        (
            "Let \\( t = x^2 \\) so \\( dt = 2x\\,dx \\) and \\( x^3\\,dx = \\frac{1}{2}t\\,dt \\):",
            ["2*x", "2*x**3/t"],
        ),
    ],
)
def test_every_relation_a_step_states_is_read(explanation, relations):
    (sub,) = find_substitutions([explanation], {"t"})
    assert [str(r) for r in (sub.stated_derivative, *sub.also_stated)] == relations


def test_one_false_relation_among_true_ones_is_incorrect():
    steps = [("Let t = 2*x, so dt = 2 dx, i.e. dx = 2 dt:", "exp(2*x)", "Integral(exp(t), t)/2")]
    claims = label_solution("exp(2*x)", [], steps)
    assert [str(c.verdict.label) for c in claims if c.kind == "substitution"] == ["incorrect"]


@pytest.mark.parametrize(
    "explanation",
    [
        "Let t = x^2, so dt/dx = x.",
        "Let t = x^2; then dt is x dx.",
        "Let t = x^2, so $\\dfrac{dt}{3} = x\\,dx$.",
    ],
)
def test_a_relation_stated_in_a_form_not_read_is_flagged(explanation):
    (sub,) = find_substitutions([explanation], {"t"})
    assert sub.unread_relation
    claims = label_solution("x*exp(x**2)", [], [(explanation, "x*exp(x**2)", "Integral(exp(t), t)/2")])
    assert [str(c.verdict.label) for c in claims if c.kind == "substitution"] == ["unverifiable"]


def test_an_integral_in_t_in_an_explanation_is_no_relation():
    (sub,) = find_substitutions(["Let t = x^2, so dt = 2x dx and the integral is ∫ e^t dt/2."], {"t"})
    assert not sub.unread_relation


def test_a_restatement_carrying_a_relation_keeps_it_to_be_checked():
    steps = [
        ("Let t = x^2, so dt = 2x dx.", "x*exp(x**2)", "Integral(exp(t), t)/2"),
        ("(recall t = x^2, so dt = x dx)", "x*exp(x**2)", "exp(x**2)/2"),
    ]
    claims = label_solution("x*exp(x**2)", [], steps)
    assert [str(c.verdict.label) for c in claims if c.kind == "substitution"] == ["correct", "incorrect"]


# A seventh step-checker adversary (round 31): relations and redefinitions in later steps.
@pytest.mark.parametrize(
    ("later", "label"),
    [
        ("Since dt = x dx, this is", "incorrect"),  # checked against t = x^2 from step 0
        ("Since dt = 2x dx, this is", "correct"),
        ("The integral becomes ∫ e^t dt/2 since dt is x dx:", "unverifiable"),  # a relation not read
        ("Now take t to be x^2 + 1 instead:", "unverifiable"),  # a redefinition not read: no reading
        ("This time t is x^2 + 1, with the same leftover:", "unverifiable"),
        ("Here t stands for x^2 + 1 instead:", "unverifiable"),
        ("Since the derivative of t is x, the leftover becomes:", "unverifiable"),  # a relation in words
        ("As t' = x, the leftover becomes:", "unverifiable"),
        # round 35: a typographic prime, ∂t/∂x, the differential in words, "t being"
        ("As t’ = x, the leftover becomes:", "unverifiable"),
        ("As ∂t/∂x = x, the leftover becomes:", "unverifiable"),
        ("Since the differential of t is x dx, the leftover becomes:", "unverifiable"),
        ("With t being x^2 + 1 this time, the leftover is unchanged:", "unverifiable"),
        # round 39: "Redefine t as", an operator d/dx on t
        ("Redefine t as x^2 + 1; the leftover is still:", "unverifiable"),
        ("As d/dx(t) = x, the leftover becomes:", "unverifiable"),
        (r"As $\frac{d}{dx} t = x$, the leftover becomes:", "unverifiable"),
        ("As d(t) = x dx, the leftover becomes:", "unverifiable"),  # round 41
        ("Since dt = x dx (up to a constant factor), the leftover becomes:", "unverifiable"),
    ],
)
def test_a_later_step_speaking_of_t_is_read_against_the_definition_in_force(later, label):
    steps = [
        ("Let t = x^2.", "x*exp(x**2)", "Integral(x*exp(x**2), x)"),
        (later, "x*exp(x**2)", "Integral(exp(t), t)/2"),
    ]
    claims = label_solution("x*exp(x**2)", [], steps)
    step_1 = [str(c.verdict.label) for c in claims if c.verdict.index == 1 and c.kind != "parts"]
    assert label in step_1 and (label == "correct") == all(lab == "correct" for lab in step_1)


def test_parts_written_in_t_are_no_relation():
    steps = [
        ("Let t = x^2, so dt = 2x dx.", "x*exp(x**2)", "Integral(exp(t), t)/2"),
        ("Set u = t and dv = e^t dt, then du = dt.", "exp(t)/2", "exp(t)/2"),
    ]
    (first, *rest) = find_substitutions([e for e, _, _ in steps], {"t"})
    assert not any(sub.unread_relation for sub in (first, *rest))


def test_a_decimal_comma_in_a_relation_is_a_decimal():
    (sub,) = find_substitutions(["Setze t = x^2, also 0,5 dt = x dx:"], {"t"})
    assert str(sub.stated_derivative) in ("2*x", "2.0*x")


def test_a_definition_with_colon_equals_is_read():
    (sub,) = find_substitutions(["Put t := x^2 + 1."], {"t"})
    assert sub.phi == sympy.Symbol("x") ** 2 + 1


def test_a_relation_with_an_upright_latex_d_is_read():
    explanation = (
        r"Changement de variable $t = \sqrt{x}$, soit $x = t^2$ et $\mathrm{d}x = 2t\,\mathrm{d}t$ :"
    )
    (sub,) = find_substitutions([explanation], {"t"})
    assert sub.stated_derivative == 1 / (2 * sympy.Symbol("t")) and not sub.unread_relation


@pytest.mark.parametrize(
    "explanation",
    [
        "Put t = x^2 plus one.",  # a word that acts on the definition: no reading, not t = x^2
        "Put t = x times two.",
        "Pon t = x^2 más uno.",  # the same words in Spanish
    ],
)
def test_a_definition_followed_by_a_word_that_acts_on_it_is_not_read(explanation):
    assert find_substitutions([explanation], {"t"}) == []


def test_a_relation_after_a_number_word_is_not_read_as_a_whole_left_side():
    (sub,) = find_substitutions(["Put t = 2x, so half dt = 2 dx."], {"t"})
    assert sub.unread_relation  # "half dt = 2 dx" is dt = 4 dx, not dt = 2 dx


def test_a_relation_after_number_words_in_another_language_is_not_read_as_a_whole_left_side():
    (sub,) = find_substitutions(["Pon t = 2x, así que la mitad de dt = 2 dx."], {"t"})
    assert sub.unread_relation


def test_a_relation_with_an_upright_rm_d_is_read():
    (sub,) = find_substitutions([r"Put $t = x^2$, so ${\rm d}t = 2x\,{\rm d}x$."], {"t"})
    assert sub.stated_derivative == 2 * sympy.Symbol("x") and not sub.unread_relation
