"""Whole solutions, labelled as a reader meets them, written the ways real models write them.

Every row is a true claim that a one-house-style checker labelled wrong, or a slip that must still be
caught at its step. Labels are read as (kind, index, label).
"""

from __future__ import annotations

import pytest

from validators.solution_labels import label_solution


def labels(integrand, parts, steps):
    return [(c.kind, c.verdict.index, str(c.verdict.label)) for c in label_solution(integrand, parts, steps)]


def only(kind, claims):
    return [label for k, _, label in claims if k == kind]


def test_a_clean_parts_solution_is_correct_everywhere():
    claims = labels(
        "x*exp(x)",
        [("x", "exp(x)", "1", "exp(x)")],
        [("Parts.", "x*exp(x)", "x*exp(x) - Integral(exp(x), x)"), ("Done.", "exp(x)", "exp(x)")],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_differentials_and_plus_c_in_fields_are_read_as_meant():
    claims = labels(
        "x*sin(x)",
        [("x", "sin(x) dx", "dx", "-cos(x) + C")],
        [("Parts.", "x sin(x)", "-x cos(x) + ∫ cos(x) dx"), ("Finish.", "cos(x)", "sin(x) + C")],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_each_failed_parts_condition_is_named():
    claims = label_solution(
        "x*exp(x)", [("x", "exp(x)", "x", "exp(x)"), ("x", "cos(x)", "1", "-sin(x)")], [("", "x*exp(x)", "x")]
    )
    assert [c.verdict.reason for c in claims[:2]] == ["du_not_derivative_of_u", "v_prime_not_dv"]


def test_parts_on_a_constant_multiple_of_a_pending_integral():
    # Tabular style: the pending integral carries 2/3 in front; the next u*dv is x*cos(3*x - 3).
    claims = labels(
        "x**2*sin(3*x - 3)",
        [
            ("x**2", "sin(3*x - 3)", "2*x", "-cos(3*x - 3)/3"),
            ("x", "cos(3*x - 3)", "1", "sin(3*x - 3)/3"),
        ],
        [
            ("Parts.", "x**2*sin(3*x - 3)", "-x**2*cos(3*x - 3)/3 + (2/3)*Integral(x*cos(3*x - 3), x)"),
            ("Parts again.", "x*cos(3*x - 3)", "x*sin(3*x - 3)/3 + cos(3*x - 3)/9"),
        ],
    )
    assert only("parts", claims) == ["correct", "correct"]
    assert only("solve_step", claims) == ["correct", "correct"]


def test_two_parts_merged_into_one_step_still_match_the_integral_left_behind():
    claims = labels(
        "x**2*exp(x)",
        [("x**2", "exp(x)", "2*x", "exp(x)"), ("2*x", "exp(x)", "2", "exp(x)")],
        [("Parts twice.", "x**2*exp(x)", "x**2*exp(x) - 2*x*exp(x) + 2*exp(x)")],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_a_change_of_variable_is_checked_and_the_steps_in_t_in_their_own_variable():
    claims = labels(
        "log(6*x + 2)**2",
        [("log(t)**2", "1", "2*log(t)/t", "t"), ("log(t)", "1", "1/t", "t")],
        [
            ("Let t = 6x + 2, so dt = 6 dx.", "log(6*x + 2)**2", "Integral(log(t)**2, t)/6"),
            ("Parts in t.", "log(t)**2", "t*log(t)**2 - 2*Integral(log(t), t)"),
            ("Parts again.", "log(t)", "t*log(t) - t"),
            ("Back to x.", "log(6*x + 2)**2", "(6*x + 2)*(log(6*x + 2)**2 - 2*log(6*x + 2) + 2)/6"),
        ],
    )
    assert ("substitution", 0, "correct") in claims
    assert {label for *_, label in claims} == {"correct"}


def test_a_lost_factor_of_the_substitution_is_caught_at_its_step():
    claims = labels(
        "log(6*x + 2)**2",
        [("log(t)**2", "1", "2*log(t)/t", "t")],
        [
            ("Let t = 6x + 2, so dt = 6 dx.", "log(6*x + 2)**2", "Integral(log(t)**2, t)"),  # lost 1/6
            ("Parts in t.", "log(t)**2", "t*log(t)**2 - 2*Integral(log(t), t)"),
        ],
    )
    assert only("solve_step", claims) == ["incorrect", "correct"]


def test_a_wrong_differential_relation_is_its_own_incorrect_claim():
    claims = labels(
        "cos(4*x)", [("1", "cos(t)", "0", "sin(t)")], [("Let t = 4x, so dt = 2 dx.", "cos(t)", "sin(t)")]
    )
    assert ("substitution", 0, "incorrect") in claims


def test_a_step_in_an_undefined_variable_is_unverifiable_not_incorrect():
    claims = labels(
        "x*exp(x)", [("x", "exp(x)", "1", "exp(x)")], [("Parts.", "x*exp(x)", "Integral(s*exp(s), s)")]
    )
    assert ("solve_step", 0, "unverifiable") in claims


def test_a_dropped_sign_is_the_first_incorrect_claim():
    claims = labels(
        "x*cos(x)",
        [("x", "cos(x)", "1", "sin(x)")],
        [("Parts.", "x*cos(x)", "x*sin(x) + Integral(sin(x), x)"), ("Finish.", "sin(x)", "-cos(x)")],
    )
    assert claims == [("parts", 0, "correct"), ("solve_step", 0, "incorrect"), ("solve_step", 1, "correct")]


def test_the_integral_an_explanation_calls_I_is_that_integral_not_the_imaginary_unit():
    claims = labels(
        "exp(-x)*cos(x)",
        [("cos x", "e^(−x)", "−sin x", "−e^(−x)"), ("sin x", "e^(−x)", "cos x", "−e^(−x)")],
        [
            ("Let I = ∫ e^(−x)·cos x dx. Parts.", "e^(−x)·cos x", "−e^(−x)·cos x − ∫ e^(−x)·sin x dx"),
            ("Parts again: the original integral I returns.", "e^(−x)·sin x", "−e^(−x)·sin x + I"),
            ("So 2I = e^(−x)(sin x − cos x).", "e^(−x)·cos x", "e^(−x)·(sin x − cos x)/2"),
        ],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_an_undefined_I_is_never_an_incorrect_label():
    claims = labels(
        "exp(x)*sin(x)",
        [("sin(x)", "exp(x)", "cos(x)", "exp(x)")],
        [("Parts.", "exp(x)*sin(x)", "exp(x)*sin(x) - I")],
    )
    assert ("solve_step", 0, "unverifiable") in claims


def test_a_substitution_named_theta_is_checked_in_theta():
    # "Let theta = x/2": the parts choice and the steps in theta are claims in theta, not in x with theta
    # a constant (which once labelled all three true claims incorrect)
    claims = labels(
        "x*sin(x/2)",
        [("theta", "sin(theta)", "1", "-cos(theta)")],
        [
            (
                "Let theta = x/2, x = 2*theta, dx = 2 dtheta.",
                "x*sin(x/2)",
                "4*Integral(theta*sin(theta), theta)",
            ),
            ("Parts in theta.", "theta*sin(theta)", "-theta*cos(theta) + Integral(cos(theta), theta)"),
            ("Back to x.", "x*sin(x/2)", "4*sin(x/2) - 2*x*cos(x/2)"),
        ],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_a_substitution_written_with_the_greek_letter_is_the_same():
    claims = labels(
        "x*sin(x/2)",
        [("θ", "sin θ", "1", "−cos θ")],
        [
            ("Let θ = x/2, so dx = 2 dθ.", "x·sin(x/2)", "4∫ θ·sin θ dθ"),
            ("Parts in θ.", "θ·sin θ", "−θ·cos θ + ∫ cos θ dθ"),
            ("Back to x.", "x·sin(x/2)", "4 sin(x/2) − 2x·cos(x/2)"),
        ],
    )
    assert {label for *_, label in claims} == {"correct"}


def test_a_lost_factor_in_a_theta_substitution_is_still_caught():
    claims = labels(
        "x*sin(x/2)",
        [("theta", "sin(theta)", "1", "-cos(theta)")],
        [("Let theta = x/2.", "x*sin(x/2)", "2*Integral(theta*sin(theta), theta)")],  # 4, not 2
    )
    assert only("solve_step", claims) == ["incorrect"]


def test_a_claim_with_a_name_nobody_defined_is_unverifiable_not_incorrect():
    # "uv" is no parameter of the problem, no constant and no substitution variable: a counterexample
    # that chooses its value is no counterexample to what the writer meant
    claims = labels(
        "x*cos(x)",
        [("x", "cos(x)", "1", "sin(x)")],
        [("Parts.", "x*cos(x)", "x*sin(x) + uv*x - Integral(sin(x), x)")],
    )
    assert only("solve_step", claims) == ["unverifiable"]


def test_a_field_that_states_its_partner_too_has_both_equations_checked():
    """Tutoring style: "u = x, du = dx" in the u field. The second equation is a claim like any other."""
    steps = [("Parts.", "x e^x", "x e^x - ∫e^x dx"), ("Finish.", "e^x", "e^x")]
    clean = ("u = x, du = dx", "dv = e^x dx, so v = e^x", "du = dx", "v = e^x")
    assert {label for *_, label in labels("x*exp(x)", [clean], steps)} == {"correct"}


def test_a_wrong_partner_stated_inside_another_field_makes_the_parts_choice_incorrect():
    steps = [("Parts.", "x e^x", "x e^x - ∫e^x dx")]
    cases = [
        (("u = x, so du = 2 dx", "dv = e^x dx", "du = dx", "v = e^x"), "du_not_derivative_of_u"),
        (("u = x", "dv = e^x dx, v = -e^x", "du = dx", "v = e^x"), "v_prime_not_dv"),
        (("u = x", "dv = e^x dx", "du = dx", "v = e^x, and u = x^2"), "u_stated_twice"),
    ]
    for part, reason in cases:
        claim = label_solution("x*exp(x)", [part], steps)[0]
        assert (str(claim.verdict.label), claim.verdict.reason) == ("incorrect", reason), part


def test_an_unreadable_partner_leaves_the_parts_choice_unverifiable():
    part = ("u = x, du = dx (trust me)", "dv = e^x dx", "du = dx", "v = e^x")
    claim = label_solution("x*exp(x)", [part], [("Parts.", "x e^x", "x e^x - ∫e^x dx")])[0]
    assert str(claim.verdict.label) == "unverifiable"
    assert "du (in the u field)" in claim.verdict.detail


def test_a_product_with_a_differential_is_not_read_as_the_differential_alone():
    """True for t = x^2: "so x^3 dx = 1/2 t dt". Read as "dx = 1/2 t dt", it would be labelled false."""
    claims = label_solution(
        "x**5*cos(x**3)",
        [],
        [("Substitute $t = x^2$, so $x^3\\,dx = \\tfrac{1}{2}t\\,dt$.", "x^3 cos(x^2) * x^2", "x^3")],
    )
    assert not [c for c in claims if c.kind == "substitution" and str(c.verdict.label) == "incorrect"]


def test_a_definition_in_chinese_prose_is_read_whole_with_its_differential():
    from validators.variables import find_substitutions

    (sub,) = find_substitutions(["令 w = x^2 + 9，则 dw = 2x dx。"], {"w"})
    assert (str(sub.definition), str(sub.stated_derivative)) == ("x**2 + 9", "2*x")


def test_a_definition_is_never_cut_short_to_something_else():
    """Trimming words off "x^2 + 9then" must not leave "x^2": that would define another substitution."""
    from validators.variables import find_substitutions

    assert find_substitutions(["Let t = x^2 + 9then"], {"t"}) == []


def test_definitions_in_spanish_and_french_prose_stop_at_their_connectives():
    from validators.variables import find_substitutions

    (es,) = find_substitutions(["Sea w = √x, entonces x = w^2 y dx = 2w dw."], {"w"})
    (fr,) = find_substitutions(["Soit w = x^2, donc dw = 2x dx"], {"w"})
    assert (str(es.definition), str(es.other_way)) == ("sqrt(x)", "w**2")  # not w**2*y
    assert str(fr.stated_derivative) == "2*x"


def test_a_chain_without_a_pending_integral_has_both_members_checked():
    part = [("x", "e^x", "1", "e^x")]
    claims = label_solution("x*exp(x)", part, [("", "x e^x", "x e^x - e^x = x e^x + e^x")])
    assert str(claims[-1].verdict.label) == "incorrect"


@pytest.mark.parametrize(
    "explanation",
    [
        "Sei w = x^2, dann dw = 2x dx und x^3 dx = (w/2) dw.",  # "und" before a second relation
        "w = x² => dw = 2x dx, so the integral becomes",  # "=>" with no "Let" before it
        "Let w = x^2. Then dw = 2x dx.",  # the relation in the next sentence
        "Сделаем замену w = x^2, тогда dw = 2x dx, и интеграл",  # Russian (round 11)
        "Seja w = x^2, então dw = 2x dx",  # Portuguese (round 11)
        "Let w = x^2, toh dw = 2x dx aur x dx = dw/2.",  # Hinglish (round 12)
        "w = x^2 とおくと、dw = 2x dx です。",  # Japanese (round 12)
    ],
)
def test_a_relation_after_und_an_arrow_or_a_full_stop_is_read(explanation):
    from validators.variables import find_substitutions

    (found,) = find_substitutions([explanation], {"w"})
    assert (str(found.definition), str(found.stated_derivative)) == ("x**2", "2*x")


# A step-checker adversary's patterns (round 19): each true claim had been labelled incorrect, or each false
# one correct. The cyclic step "2I = R" and "2∫ g dx = R" claim R is twice an antiderivative.
CYCLIC = [
    ("Let I = ∫ e^x sin x dx. Parts with u = sin x.", "e^x*sin(x)", "e^x*sin(x) - ∫ e^x*cos(x) dx"),
    ("Parts again.", "e^x*sin(x)", "e^x*sin(x) - e^x*cos(x) - ∫ e^x*sin(x) dx"),
]


@pytest.mark.parametrize(
    ("result", "label"),
    [
        ("2I = e^x*(sin(x) - cos(x))", "correct"),
        ("2∫ e^x*sin(x) dx = e^x*(sin(x) - cos(x))", "correct"),
        ("2*Integral(exp(x)*sin(x), x) = e^x*(sin(x) - cos(x))", "correct"),
        ("5I/4 = 5*e^x*(sin(x) - cos(x))/8", "correct"),
        ("2I = e^x*(sin(x) + cos(x))", "incorrect"),
        ("2∫ e^x*sin(x) dx = e^x*(sin(x) - cos(x))/2", "incorrect"),
    ],
)
def test_a_multiple_of_the_integral_on_the_left_divides_the_right_side(result, label):
    claims = labels("exp(x)*sin(x)", [], [*CYCLIC, ("Move I to the left.", "e^x*sin(x)", result)])
    assert only("solve_step", claims) == ["correct", "correct", label]


@pytest.mark.parametrize(
    ("second_definition", "result", "label"),
    [
        ("now let t = e^(2x), dt = 2e^(2x) dx", "t/4", "correct"),
        ("now let t = e^(2x), dt = 2e^(2x) dx", "exp(t)/4", "incorrect"),  # true only for the first t
        ("again with t = 2x", "exp(t)/4", "correct"),  # the same definition stated again
    ],
)
def test_a_letter_defined_again_means_its_latest_definition(second_definition, result, label):
    steps = [
        ("Let t = 2x, dt = 2 dx.", "x*exp(2*x)", "Integral(t*exp(t), t)/4"),
        (second_definition, "exp(2*x)/2", result),
    ]
    assert only("solve_step", labels("x*exp(2*x)", [], steps)) == ["correct", label]


def test_a_function_of_the_new_letter_on_the_left_is_an_inverse_definition():
    # "Put sin t = x" is x = sin(t), not t = x: the steps in t and the relation dx = cos t dt are true.
    steps = [("Put sin t = x, so dx = cos t dt.", "sqrt(1 - x**2)", "∫ cos(t)**2 dt")]
    assert labels("sqrt(1 - x**2)", [], steps) == [
        ("substitution", 0, "correct"),
        ("solve_step", 0, "correct"),
    ]
    false_step = [("Put sin t = x, so dx = cos t dt.", "sqrt(1 - x**2)", "Integral(asin(t), t)")]
    assert only("solve_step", labels("sqrt(1 - x**2)", [], false_step)) == ["incorrect"]


# A second step-checker adversary (round 20): the left integral of "∫ h dx = R" is what R integrates.
@pytest.mark.parametrize(
    ("integrand", "result", "label"),
    [
        ("x*exp(2*x)", "∫ x^2 e^(2x) dx = x e^(2x)/2 - ∫ e^(2x)/2 dx", "incorrect"),  # wrong left integral
        ("-sin(x)", "∫ sin(x) dx = cos(x)", "incorrect"),
        ("x**2*exp(x)", "∫ x e^x dx = x e^x - e^x", "correct"),  # a sub-integral, worked on its own
        ("exp(x)*sin(x)", "2∫ e^x cos(x) dx = e^x*(sin(x) - cos(x))", "incorrect"),
    ],
)
def test_a_step_is_checked_against_the_integral_on_its_left(integrand, result, label):
    assert only("solve_step", labels(integrand, [], [("Parts.", integrand, result)])) == [label]


def test_a_named_integral_j_is_that_integral():
    steps = [
        ("Let I = ∫ e^x sin x dx and J = ∫ e^x cos x dx.", "exp(x)*sin(x)", "e^x*sin(x) - J"),
        ("J by parts.", "exp(x)*cos(x)", "e^x*cos(x) + I"),
    ]
    assert only("solve_step", labels("exp(x)*sin(x)", [], steps)) == ["correct", "correct"]
    wrong = [("Let J = ∫ e^x cos x dx.", "exp(x)*sin(x)", "e^x*sin(x) + J")]
    assert only("solve_step", labels("exp(x)*sin(x)", [], wrong)) == ["incorrect"]


def test_a_claim_in_t_false_only_where_t_never_goes_is_not_incorrect():
    # t = √x >= 0: -2|t| cos t + 2 sin t integrates 2t sin t on every value t takes
    steps = [
        ("Substitute t = √x, so x = t^2 and dx = 2t dt.", "sin(sqrt(x))", "Integral(2*t*sin(t), t)"),
        ("Parts.", "2*t*sin(t)", "-2*Abs(t)*cos(t) + 2*sin(t)"),
        ("Parts, with a slip.", "2*t*sin(t)", "-2*t*cos(t) + 3*sin(t)"),
    ]
    assert only("solve_step", labels("sin(sqrt(x))", [], steps))[1:] == ["unverifiable", "incorrect"]


# A third step-checker adversary (round 22).
def test_an_integral_named_twice_is_read_neither_way():
    steps = [
        ("Let I = ∫ e^x sin x dx. Parts.", "e^x*sin(x)", "e^x*sin(x) - ∫ e^x cos(x) dx"),
        ("Now let I = ∫ e^x cos x dx instead.", "e^x*sin(x)", "e^x*sin(x) - e^x*cos(x) - I"),
    ]
    # read as the imaginary unit the false claim would pass (a constant); read as either integral, it is
    # one of two claims: unverifiable, never correct
    assert only("solve_step", labels("exp(x)*sin(x)", [], steps)) == ["correct", "unverifiable"]


@pytest.mark.parametrize(
    ("result", "label"),
    [
        ("J = e^x*sin(x) - I", "correct"),  # J, the integral on the left, is what the right side integrates
        ("J = e^x*sin(x) - J", "incorrect"),
        ("I = e^x*cos(x) + J", "incorrect"),  # about I = ∫ e^x sin x dx: its derivative is e^x cos x + ...
    ],
)
def test_a_named_integral_on_the_left_is_what_the_step_integrates(result, label):
    steps = [("Let I = ∫ e^x sin x dx and J = ∫ e^x cos x dx.", "exp(x)*sin(x)", result)]
    assert only("solve_step", labels("exp(x)*sin(x)", [], steps)) == [label]


def test_a_letter_means_nothing_before_its_first_definition():
    steps = [
        ("Write t for 3x.", "cos(3*x)", "Integral(cos(t), t)/3"),  # no '=': not read
        ("Later, let t = x/3.", "cos(3*x)", "sin(3*x)/3"),
    ]
    assert only("solve_step", labels("cos(3*x)", [], steps)) == ["unverifiable", "correct"]


@pytest.mark.parametrize(
    "definition", ["Let J := ∫ e^x cos x dx.", "J denotes ∫ e^x cos x dx.", "Let K = ∫ e^x cos x dx."]
)
def test_named_integrals_in_other_spellings_are_read(definition):
    name = "K" if "K" in definition else "J"
    steps = [(definition, "exp(x)*sin(x)", f"${name} = e^x*cos(x) - I$")]  # false: J = e^x sin x - I
    assert only("solve_step", labels("exp(x)*sin(x)", [], steps)) != ["correct"]
    true = [(definition, "exp(x)*sin(x)", f"{name} = e^x*sin(x) - ∫ e^x sin x dx")]
    assert only("solve_step", labels("exp(x)*sin(x)", [], true)) == ["correct"]


def test_a_claim_with_a_name_nobody_defined_is_never_correct():
    steps = [("Parts.", "x*exp(x)", "x*exp(x) - exp(x) + I1")]  # I1: no constant, no definition
    assert only("solve_step", labels("x*exp(x)", [], steps)) == ["unverifiable"]
